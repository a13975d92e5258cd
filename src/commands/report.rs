//! `oncoprofile report`: one patient's VCF/BCF in, one report out.

use super::common::CommonArgs;
use super::Global;
use oncoprofile::error::{exit, Error};
use oncoprofile::pipeline;
use oncoprofile::report::{self, Format};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// VCF, VCF.gz (BGZF or gzip) or BCF; `-` for standard input.
    pub vcf: PathBuf,
    /// Output file [default: standard output].
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Patient identifier [default: the tumour sample name].
    #[arg(long, value_name = "ID")]
    pub patient: Option<String>,
    /// Tumour sample name [default: detected: Mutect2 header, TUMOR column, …].
    #[arg(long, value_name = "NAME")]
    pub sample: Option<String>,
    /// Normal sample name [default: detected].
    #[arg(long, value_name = "NAME")]
    pub normal: Option<String>,
    #[command(flatten)]
    pub common: CommonArgs,
}

pub fn run(a: Args, global: &Global) -> Result<i32, Error> {
    let kb = a.common.kb.load()?;
    let mut o = a.common.options(global)?;
    o.patient = a.patient;
    o.sample = a.sample;
    o.normal = a.normal;
    let pool = a.common.pool()?;
    let report = pool.install(|| pipeline::run_report_isolated(&a.vcf, &o, &kb))?;
    if !global.quiet {
        for w in &report.warnings {
            eprintln!("oncoprofile: warning: {w}");
        }
    }
    let format = Format::Json;
    match a.out {
        Some(path) if path.as_os_str() != "-" => {
            report::write(format, &path, &report)?;
            Ok(exit::OK)
        }
        _ => super::to_stdout(|w| report::write_to(format, &report, w)),
    }
}
