//! The `oncoprofile` binary: parse the command line, dispatch to a subcommand ([`commands`]), map
//! errors to exit codes (one line `oncoprofile: error: ...` on stderr).

mod commands;

/// mimalloc: the pipeline allocates many small strings per record; the system allocator spent a
/// quarter of the run time in malloc/free (see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;
use commands::Cli;
use oncoprofile::error::exit;

fn main() {
    // A panic is a bug; patients are isolated with catch_unwind, so keep the default hook quiet and
    // let the error row / message carry it.
    std::panic::set_hook(Box::new(|info| {
        tracing::debug!("panic: {info}");
    }));
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => exit::OK,
                _ => exit::USAGE,
            };
            let _ = e.print();
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
