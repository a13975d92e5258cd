//! The `oncoprofile` binary: parse the command line, dispatch to a subcommand ([`commands`]), map
//! errors to exit codes (one line `oncoprofile: error: ...` on stderr).

mod commands;

/// mimalloc: the pipeline allocates many small strings per record; the system allocator spent a
/// quarter of the run time in malloc/free (see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc returns freed memory to the OS only a second after it is freed (its `purge_delay`),
/// and backs its arenas with transparent huge pages, which stay resident while any part is in use
/// (disabled at build time: the `no_thp` feature in Cargo.toml). With both, the peak RSS of a
/// large file was the allocator's, not the data's: 1M-record bench file 137 MB, 72 MB with a
/// 10 ms purge delay and no huge pages (no CPU cost measured). `MIMALLOC_PURGE_DELAY` in the
/// environment still wins.
mod allocator {
    use std::ffi::{c_int, c_long};

    extern "C" {
        fn mi_option_set(option: c_int, value: c_long);
    }

    /// `mi_option_purge_delay` (mimalloc.h; option numbers are stable, retired ones keep theirs).
    const PURGE_DELAY: c_int = 15;

    pub fn tune() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: mi_option_set only stores a value in mimalloc's option table, which is read
            // at each purge decision.
            unsafe { mi_option_set(PURGE_DELAY, 10) };
        }
    }
}

use clap::Parser;
use commands::Cli;
use oncoprofile::error::exit;

fn main() {
    allocator::tune();
    // A panic is a bug; patients are isolated with catch_unwind, so keep the default hook quiet and
    // let the error row / message carry it.
    std::panic::set_hook(Box::new(|info| {
        tracing::debug!("panic: {info}");
    }));
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind;
            let code = match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => exit::OK,
                _ => exit::USAGE,
            };
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = e.print();
            } else {
                // The tool's own error form: `oncoprofile: error: ...`, then clap's usage hint.
                let text = e.render().to_string();
                eprint!(
                    "oncoprofile: {}",
                    text.strip_prefix("error: ")
                        .map_or(text.clone(), |r| format!("error: {r}"))
                );
            }
            std::process::exit(code);
        }
    };
    init_logging(cli.quiet);
    let code = match commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("oncoprofile: error: {e}");
            e.exit_code()
        }
    };
    std::process::exit(code);
}

/// Warnings (errors only with `--quiet`) on stderr; `ONCOPROFILE_LOG` overrides the filter.
fn init_logging(quiet: bool) {
    let level = if quiet { "error" } else { "warn" };
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ONCOPROFILE_LOG").unwrap_or_else(|_| level.into()),
        )
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .without_time()
        .try_init();
}
