//! `oncoprofile render`: re-render an existing JSON report as HTML, TSV or JSON. The report is
//! read through the 1 GiB cap; another schema major version is refused (exit 2).

use super::common::{parse_format, RenderArgs};
use super::Global;
use oncoprofile::batch::cohort::read_report;
use oncoprofile::error::{exit, Error};
use oncoprofile::report::{self, Format};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A JSON report written by `oncoprofile report` or `batch`.
    pub report: PathBuf,
    /// Output file [default: standard output].
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Output format: html, tsv or json.
    #[arg(long, short = 'O', value_name = "FORMAT", default_value = "html", value_parser = parse_format)]
    pub output_format: Format,
    #[command(flatten)]
    pub render: RenderArgs,
}

pub fn run(a: Args, _: &Global) -> Result<i32, Error> {
    let ro = a.render.options()?;
    let r = read_report(&a.report).map_err(|e| Error::input_from(&a.report, e))?;
    match a.out {
        Some(path) if path.as_os_str() != "-" => {
            report::write_with(a.output_format, &path, &r, &ro)?;
            Ok(exit::OK)
        }
        _ => super::to_stdout(|w| report::write_to_with(a.output_format, &r, &ro, w)),
    }
}
