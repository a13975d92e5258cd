//! Command-line definitions (clap derive). One struct per subcommand.

use clap::{Args, Parser, Subcommand};
use oncoprofile::input::GenomeBuild;
use std::path::PathBuf;

pub const EXIT_CODES: &str = "Exit codes:
  0  success
  1  usage error (bad option or value)
  2  input error (a VCF/BCF, manifest, BED or FASTA that cannot be read; the message names file, record and field)
  3  knowledge-base error (--annotations DIR invalid; `kb check` found problems)
  4  output error (a report could not be written)
  5  batch: some patients failed (their error rows are in cohort.tsv; every other report was written)
  70 internal error (a bug: please report it)

For research use only. Not for use in diagnostic procedures.";

#[derive(Debug, Parser)]
#[command(
    name = "oncoprofile",
    version,
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

#[derive(Debug, Subcommand)]
pub enum Command {
    /// One patient's VCF/BCF in, one JSON report out.
    #[command(after_help = EXIT_CODES)]
    Report(ReportArgs),
    /// Many patients in parallel: one report each plus cohort.tsv / cohort.json.
    #[command(after_help = EXIT_CODES)]
    Batch(BatchArgs),
    /// Build cohort.tsv / cohort.json from existing per-patient reports.
    Cohort(CohortArgs),
    /// Print the JSON Schema of the report.
    Schema,
    /// Inspect, validate and extend the knowledge base.
    #[command(subcommand)]
    Kb(KbCommand),
}

#[derive(Debug, Args, Clone)]
pub struct CommonArgs {
    /// OncoTree-style tumour type code (NEC, SCLC, PANET, COAD…); free text is kept as given.
    #[arg(long, value_name = "CODE")]
    pub tumor_type: Option<String>,
    /// Genome build [default: detected from ##contig lengths or ##reference]
    #[arg(long, value_name = "GRCh37|GRCh38", value_parser = parse_build)]
    pub genome: Option<GenomeBuild>,
    /// Knowledge-base directory to use instead of the embedded one.
    #[arg(long, value_name = "DIR")]
    pub annotations: Option<PathBuf>,
    /// Minimum tumour VAF.
    #[arg(long, default_value_t = 0.05, value_name = "F")]
    pub min_vaf: f64,
    /// Minimum tumour read depth.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub min_depth: u32,
    /// Minimum tumour reads supporting the ALT allele.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub min_alt_reads: u32,
    /// Keep records whose FILTER is not PASS [default: PASS only].
    #[arg(long)]
    pub include_filtered: bool,
    /// List every passing variant, not only those in cancer genes / the knowledge base.
    #[arg(long)]
    pub all_variants: bool,
    /// Tag holding the tumour VAF (FORMAT of the tumour sample, else INFO), e.g. TVAF [default: caller convention].
    #[arg(long, value_name = "TAG")]
    pub vaf_tag: Option<String>,
    /// Tag holding the tumour depth (FORMAT of the tumour sample, else INFO), e.g. TDP [default: caller convention].
    #[arg(long, value_name = "TAG")]
    pub depth_tag: Option<String>,
    /// BED of the assessed region (plain or gzip): TMB denominator and counting region.
    #[arg(long, value_name = "BED")]
    pub targets: Option<PathBuf>,
    /// Size of the assessed region in megabases (TMB denominator).
    #[arg(long, value_name = "MB")]
    pub target_mb: Option<f64>,
    /// Assay preset from the knowledge base (e.g. WES, WGS, F1CDX, TSO500): its TMB region size.
    #[arg(long, value_name = "NAME")]
    pub assay: Option<String>,
    /// Count synonymous coding variants in TMB too.
    #[arg(long)]
    pub tmb_include_synonymous: bool,
    /// Tumour-only: exclude variants whose population AF (gnomAD/MAX_AF…) exceeds this from TMB.
    #[arg(long, default_value_t = 0.001, value_name = "F")]
    pub max_pop_af: f64,
    /// TMB-high threshold in mutations per Mb [default: the knowledge base's, 10].
    #[arg(long, value_name = "N")]
    pub tmb_threshold: Option<f64>,
    /// Indexed reference FASTA (.fai beside it): repeat context for MSI.
    #[arg(long, value_name = "FASTA")]
    pub reference: Option<PathBuf>,
    /// BED of coding exons: TMB region for unannotated input.
    #[arg(long, value_name = "BED")]
    pub gene_models: Option<PathBuf>,
    /// Worker threads [default: all cores].
    #[arg(long, short = 't', value_name = "N")]
    pub threads: Option<usize>,
}

fn parse_build(s: &str) -> Result<GenomeBuild, String> {
    GenomeBuild::parse(s).ok_or_else(|| format!("unknown genome build '{s}': use GRCh37 or GRCh38"))
}

#[derive(Debug, Args)]
pub struct ReportArgs {
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

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// VCF/BCF files (one patient each; the patient ID is the file name without extension).
    pub vcfs: Vec<PathBuf>,
    /// Manifest TSV with a header: patient, vcf [, tumor_sample, normal_sample, tumor_type, targets, target_mb, assay].
    #[arg(long, value_name = "TSV")]
    pub manifest: Option<PathBuf>,
    /// Output directory for <patient>.json, cohort.tsv and cohort.json.
    #[arg(long, value_name = "DIR")]
    pub outdir: PathBuf,
    /// Redo patients whose report is already up to date.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
pub struct CohortArgs {
    /// Per-patient JSON reports.
    pub reports: Vec<PathBuf>,
    /// Manifest of the cohort: patients without a report get an error row.
    #[arg(long, value_name = "TSV")]
    pub manifest: Option<PathBuf>,
    /// Directory holding <patient>.json reports (and <patient>.error files from failed jobs).
    #[arg(long, value_name = "DIR")]
    pub reports_dir: Option<PathBuf>,
    /// Where to write cohort.tsv and cohort.json.
    #[arg(long, value_name = "DIR")]
    pub outdir: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum KbCommand {
    /// Version, row counts and sources of the knowledge base.
    Info {
        #[arg(long, value_name = "DIR")]
        annotations: Option<PathBuf>,
    },
    /// Validate a knowledge-base directory; errors name file, line and column.
    Check { dir: PathBuf },
    /// Write the embedded knowledge base to a directory (a starting point for curation).
    Export { out: PathBuf },
    /// Build a knowledge-base directory from a public resource: cancerhotspots, intogen, civic.
    Import {
        /// cancerhotspots | intogen | civic
        source: String,
        /// The resource's files (user's copy).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output directory.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Start from this knowledge-base directory instead of the embedded one.
        #[arg(long, value_name = "DIR")]
        base: Option<PathBuf>,
    },
}
