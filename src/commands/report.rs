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
    /// Optional with `--cna`: a copy-number report alone (TMB and MSI not assessed).
    #[arg(num_args = 0.., value_name = "VCF")]
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
    /// Copy-number file of the patient (repeatable): CNVkit .cns/.call.cns/.cnr, GATK
    /// .called.seg/.modelFinal.seg, DNAcopy/IGV .seg, ASCAT/PCGR allele-specific segments, PURPLE
    /// somatic/gene TSV, FACETS cncf, ABSOLUTE segtab, cBioPortal data_CNA.txt or long format
    /// (detected from the header). Adds the `copy_number` section.
    #[arg(long = "cna", value_name = "FILE")]
    pub cna: Vec<PathBuf>,
    /// Fusion table of the patient (repeatable): Arriba fusions.tsv, STAR-Fusion
    /// (abridged) predictions, cBioPortal data_sv.txt, or an OncoKB-style GeneA/GeneB list
    /// (detected from the header). Adds the `fusions` section.
    #[arg(long = "sv", value_name = "FILE")]
    pub sv: Vec<PathBuf>,
    /// Tumour purity (0-1] for converting log2 ratios to copy numbers (`cnvkit call -m clonal`).
    #[arg(long, value_name = "FRACTION")]
    pub purity: Option<f64>,
    /// Tumour ploidy [default: 2]: log2 conversion and the ploidy-relative copy-number thresholds.
    #[arg(long, value_name = "N")]
    pub ploidy: Option<f64>,
    /// The copy-number log2 ratios were computed against a male reference (haploid X).
    #[arg(long)]
    pub cna_male_reference: bool,
    #[command(flatten)]
    pub render: RenderArgs,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `--purity`/`--ploidy` checked.
pub(super) fn cna_options(
    purity: Option<f64>,
    ploidy: Option<f64>,
    male: bool,
) -> Result<oncoprofile::cna::CnaOptions, Error> {
    if let Some(p) = purity.filter(|p| !(*p > 0.0 && *p <= 1.0)) {
        return Err(Error::Usage(format!("--purity {p}: must be above 0 and at most 1")));
    }
    if let Some(p) = ploidy.filter(|p| !(*p >= 1.0 && *p <= 8.0)) {
        return Err(Error::Usage(format!("--ploidy {p}: must be between 1 and 8")));
    }
    Ok(oncoprofile::cna::CnaOptions {
        purity,
        ploidy,
        sample: None,
        haploid_x_reference: male,
    })
}

pub fn run(a: Args, global: &Global) -> Result<i32, Error> {
    if a.vcfs.is_empty() && a.cna.is_empty() && a.sv.is_empty() {
        return Err(Error::Usage(
            "nothing to report: give a VCF/BCF/MAF, or copy-number (--cna) or fusion (--sv) files".into(),
        ));
    }
    let ro = a.render.options()?;
    // Options first: they set the side-file line limit the knowledge base is read with.
    let mut o = a.common.options(global)?;
    let kb = a.common.kb.load()?;
    o.tmb_reference = a.common.tmb_reference(&kb)?;
    o.patient = a.patient;
    o.sample = a.sample;
    o.normal = a.normal;
    o.cna = a.cna;
    o.sv = a.sv;
    o.cna_options = cna_options(a.purity, a.ploidy, a.cna_male_reference)?;
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
