//! The subcommands: each module owns its clap arguments and a `run(args, global)` returning the
//! exit code. [`common`] holds the option groups `report` and `batch` share.

pub mod annotate;
pub mod batch;
pub mod cohort;
pub mod common;
pub mod kb;
pub mod plan;
pub mod render;
pub mod report;
pub mod schema;
pub mod signatures;

use clap::{Parser, Subcommand};
use oncoprofile::error::{exit, Error};
use std::io::Write;

/// Exit code when the reader of standard output has gone (`oncoprofile report x.vcf | head`):
/// 128 + SIGPIPE, what a shell reports for bcftools and other tools ended by the signal.
pub const BROKEN_PIPE: i32 = 141;

pub const EXIT_CODES: &str = "Exit codes:
  0  success
  1  usage error (bad option or value)
  2  input error (a VCF/BCF, manifest, BED or FASTA that cannot be read; the message names file, record and field)
  3  knowledge-base error (--annotations DIR invalid; `kb check` found problems)
  4  output error (a report could not be written; batch: another batch holds the output directory)
  5  batch/cohort: some patients failed (their error rows are in cohort.tsv; every other report was written)
  70 internal error (a bug: please report it)
  141 standard output closed early (e.g. `| head`): no message

For research use only. Not for use in diagnostic procedures.";

#[derive(Debug, Parser)]
#[command(
    name = "oncoprofile",
    version,
    propagate_version = true,
    about = "Tumour molecular profiles from somatic VCFs: drivers, TMB, MSI and evidence-linked therapy options (research use only)",
    after_help = EXIT_CODES
)]
pub struct Cli {
    /// Quieter: no progress bars, warnings only in logs.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// Options that apply to every subcommand.
#[derive(Debug, Clone, Copy)]
pub struct Global {
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// One patient's VCF/BCF in, one report out (JSON, HTML or TSV).
    #[command(after_help = EXIT_CODES)]
    Report(report::Args),
    /// Re-render an existing JSON report (HTML by default, or TSV).
    #[command(after_help = EXIT_CODES)]
    Render(render::Args),
    /// Many patients in parallel: one report each plus cohort.tsv / cohort.json.
    #[command(after_help = EXIT_CODES)]
    Batch(batch::Args),
    /// A MAF in, the same MAF out with oncoprofile's columns appended (oncogenicity, driver,
    /// hotspot, tiers, therapies, resistance, reason).
    #[command(after_help = EXIT_CODES)]
    Annotate(annotate::Args),
    /// Build cohort.tsv / cohort.json from existing per-patient reports.
    Cohort(cohort::Args),
    /// Print the JSON Schema of the report.
    Schema(schema::Args),
    /// Refit a SigProfiler SBS96 matrix (one column per sample) to a reference signature set.
    #[command(after_help = EXIT_CODES)]
    Signatures(signatures::Args),
    /// Inspect, validate and extend the knowledge base.
    #[command(subcommand)]
    Kb(kb::Command),
}

/// Run the parsed command line; the exit code, or the error that decides it.
pub fn run(cli: Cli) -> Result<i32, Error> {
    let global = Global { quiet: cli.quiet };
    match cli.command {
        Command::Report(a) => report::run(a, &global),
        Command::Render(a) => render::run(a, &global),
        Command::Batch(a) => batch::run(a, &global),
        Command::Annotate(a) => annotate::run(a, &global),
        Command::Cohort(a) => cohort::run(a, &global),
        Command::Schema(a) => schema::run(a, &global),
        Command::Signatures(a) => signatures::run(a, &global),
        Command::Kb(c) => kb::run(c, &global),
    }
}

/// Write to standard output: exit 0, or [`BROKEN_PIPE`] (quietly) when the reader has gone.
pub fn to_stdout(fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<i32, Error> {
    match oncoprofile::output::write_stdout(fill) {
        Ok(()) => Ok(exit::OK),
        Err(e) if oncoprofile::output::is_broken_pipe(&e) => Ok(BROKEN_PIPE),
        Err(e) => Err(Error::output("-", e)),
    }
}

/// Print `text` to standard output (see [`to_stdout`]).
pub fn print(text: &str) -> Result<i32, Error> {
    to_stdout(|w| w.write_all(text.as_bytes()))
}
