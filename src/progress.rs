//! A byte progress bar for one input, shown only when stderr is a terminal.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub(crate) struct Progress {
    bar: indicatif::ProgressBar,
    counter: Arc<AtomicU64>,
}

impl Progress {
    /// A bar over `size` bytes fed by `counter`; None when disabled, the size is unknown or stderr
    /// is not a terminal.
    pub fn new(enabled: bool, size: Option<u64>, counter: Arc<AtomicU64>) -> Option<Progress> {
        use std::io::IsTerminal;
        if !enabled || !std::io::stderr().is_terminal() {
            return None;
        }
        let bar = indicatif::ProgressBar::new(size?);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{spinner} reading {bytes}/{total_bytes} [{bar:30}] {eta}")
        {
            bar.set_style(style);
        }
        Some(Progress { bar, counter })
    }

    pub(crate) fn tick_bytes(&self) {
        self.bar.set_position(self.counter.load(Ordering::Relaxed));
    }

    pub fn finish(self) {
        self.tick_bytes();
        self.bar.finish_and_clear();
    }
}
