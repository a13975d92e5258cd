//! `oncoprofile report`: one patient's VCF/BCF in, one report out (JSON, HTML or TSV), and a
//! one-line summary on stderr (unless `-q`).

use super::common::{parse_format, CommonArgs, RenderArgs};
use super::Global;
use oncoprofile::error::{exit, Error};
use oncoprofile::pipeline;
use oncoprofile::report::{self, Format};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// VCF, VCF.gz (BGZF or gzip), BCF or MAF (plain or gzip; detected from its
    /// Hugo_Symbol … Tumor_Sample_Barcode header); `-` for standard input. Several VCF/BCF files
    /// of one patient (Strelka2 SNVs + indels) are read as one: same samples, records merged in
    /// coordinate order, duplicates counted once.
    #[arg(required = true, num_args = 1.., value_name = "VCF")]
    pub vcfs: Vec<PathBuf>,
    /// Output file [default: standard output].
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Output format: json, html (one self-contained page) or tsv (one row per alteration).
    #[arg(long, short = 'O', value_name = "FORMAT", default_value = "json", value_parser = parse_format)]
    pub output_format: Format,
    /// Patient identifier [default: the tumour sample name].
    #[arg(long, value_name = "ID")]
    pub patient: Option<String>,
    /// Tumour sample name (VCF column; MAF Tumor_Sample_Barcode) [default: detected: Mutect2
    /// header, TUMOR column, …].
    #[arg(long, short = 's', value_name = "NAME")]
    pub sample: Option<String>,
    /// Normal sample name [default: detected].
    #[arg(long, value_name = "NAME")]
    pub normal: Option<String>,
    #[command(flatten)]
    pub render: RenderArgs,
    #[command(flatten)]
    pub common: CommonArgs,
}

pub fn run(a: Args, global: &Global) -> Result<i32, Error> {
    let ro = a.render.options()?;
    // Options first: they set the side-file line limit the knowledge base is read with.
    let mut o = a.common.options(global)?;
    let kb = a.common.kb.load()?;
    o.patient = a.patient;
    o.sample = a.sample;
    o.normal = a.normal;
    let pool = a.common.pool()?;
    let report = pool.install(|| pipeline::run_report_files_isolated(&a.vcfs, &o, &kb))?;
    if !global.quiet {
        for w in &report.warnings {
            eprintln!("oncoprofile: warning: {w}");
        }
    }
    let format = a.output_format;
    let code = match a.out {
        Some(path) if path.as_os_str() != "-" => {
            report::write_with(format, &path, &report, &ro)?;
            exit::OK
        }
        _ => super::to_stdout(|w| report::write_to_with(format, &report, &ro, w))?,
    };
    if code == exit::OK && !global.quiet {
        eprintln!("{}", report::render::summary_line(&report));
    }
    Ok(code)
}
