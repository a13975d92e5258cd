//! The report: its serialised model (the only place that defines output keys), its assembly from
//! the stages' domain results, and one module per output format behind [`Format`].
//!
//! Adding an output format: a module here with a `write(&Report, &mut dyn Write)` function, one arm
//! in [`Format`] (name, file extension) and one in [`write_to`].

mod biomarkers;
pub mod build;
mod json;
mod model;

pub use model::*;

use crate::error::Result;
use std::io::Write;
use std::path::Path;

/// An output format of the per-patient report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Json,
}

impl Format {
    pub const ALL: &'static [Format] = &[Format::Json];

    /// The name used on the command line (`-O json`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
        }
    }

    /// File extension of a report in this format (batch output: `<patient>.<ext>`).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.iter().copied().find(|f| f.name().eq_ignore_ascii_case(s))
    }
}

/// Write `report` in `format` to `out`.
pub fn write_to(format: Format, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    match format {
        Format::Json => json::write(report, out),
    }
}

/// Write `report` in `format` to `path` (`-` for standard output), atomically (see [`crate::output`]).
pub fn write(format: Format, path: &Path, report: &Report) -> Result<()> {
    crate::output::write_atomic_with(path, |w| write_to(format, report, w))
}
