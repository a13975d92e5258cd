//! Option groups shared by `report` and `batch`, and their conversion into checked
//! [`pipeline::Options`] (two layers, as ripgrep's low-level args → high-level args: the raw flags
//! clap parses here, then one function that validates them and builds what the pipeline takes).

use super::Global;
use clap::Args;
use oncoprofile::error::Error;
use oncoprofile::genome::GenomeBuild;
use oncoprofile::input::Limits;
use oncoprofile::kb::KnowledgeBase;
use oncoprofile::pipeline::{self, Options};
use oncoprofile::report::{Format, RenderOptions};
use oncoprofile::{biomarkers::BiomarkerOptions, filter::FilterOptions};
use std::path::PathBuf;

/// What is profiled: the tumour type and the genome build.
#[derive(Debug, Args, Clone)]
pub struct TumourArgs {
    /// Tumour type: a code (NEC, SCLC, PANET, COAD…), alias, or name/synonym ("small cell lung
    /// cancer"), case-insensitive; an unknown one is warned about (with the closest codes).
    #[arg(long, value_name = "CODE")]
    pub tumor_type: Option<String>,
    /// Genome build [default: detected from ##contig lengths or ##reference]
    #[arg(long, value_name = "GRCh37|GRCh38", value_parser = parse_build)]
    pub genome: Option<GenomeBuild>,
}

/// Which knowledge base.
#[derive(Debug, Args, Clone)]
pub struct KbArgs {
    /// Knowledge-base directory to use instead of the embedded one.
    #[arg(long, value_name = "DIR")]
    pub annotations: Option<PathBuf>,
}

/// Variant filters and the tags they read.
#[derive(Debug, Args, Clone)]
pub struct FilterArgs {
    /// Minimum tumour VAF [default: 0.05] (0.005 with --sample-type plasma: cell-free DNA).
    #[arg(long, value_name = "F")]
    pub min_vaf: Option<f64>,
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
}

/// TMB and MSI: region, thresholds, reference.
#[derive(Debug, Args, Clone)]
pub struct BiomarkerArgs {
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
    /// BED of coding exons: TMB region for unannotated input. Or GFF3/GTF gene models (by
    /// content): with --reference, our consequence engine annotates a VCF that has no annotation.
    #[arg(long, value_name = "BED")]
    pub gene_models: Option<PathBuf>,
    /// TMB reference distribution: a TSV with a header holding a tumour-type column (tumor_type,
    /// oncotree_code, cancer_type…) and a TMB column (tmb_value, tmb…), e.g. a cohort.tsv, plain
    /// or gzip, or a cohort store's patients.parquet. The report adds the patient's exact
    /// percentile within its tumour type (n, file name and SHA-256 stated).
    #[arg(long, value_name = "FILE")]
    pub tmb_reference: Option<PathBuf>,
    /// Reference signature sets (a COSMIC v3.x file, or a directory from `kb import signatures`)
    /// fitted to the catalogues that --reference (or a MAF's CONTEXT column) gives.
    #[arg(long, value_name = "FILE|DIR")]
    pub signatures: Option<PathBuf>,
}

/// The options of one profile, shared by `report` and `batch`.
#[derive(Debug, Args, Clone)]
pub struct CommonArgs {
    #[command(flatten)]
    pub tumour: TumourArgs,
    #[command(flatten)]
    pub kb: KbArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub biomarkers: BiomarkerArgs,
    /// Worker threads [default: all cores].
    #[arg(long, short = 't', value_name = "N")]
    pub threads: Option<usize>,
    /// Longest data line or BCF record accepted, in bytes (longer: input error, exit 2).
    #[arg(long, value_name = "BYTES", default_value_t = Limits::DEFAULT_MAX_LINE_BYTES)]
    pub max_line_bytes: usize,
    /// Largest header accepted, in bytes (larger: input error, exit 2).
    #[arg(long, value_name = "BYTES", default_value_t = Limits::DEFAULT_MAX_HEADER_BYTES)]
    pub max_header_bytes: usize,
    /// Only records overlapping these regions: chr, chr:pos, chr:beg-end, chr:beg-, comma-separated
    /// (1-based; as `bcftools view -r`: a record whose REF span overlaps a region is taken).
    #[arg(long, short = 'r', value_name = "REGIONS", conflicts_with = "regions_file")]
    pub regions: Option<String>,
    /// Only records overlapping the regions of FILE: BED (.bed/.bed.gz, 0-based) or tab-delimited
    /// CHROM, POS[, END] (1-based), as `bcftools view -R`.
    #[arg(long, short = 'R', value_name = "FILE")]
    pub regions_file: Option<PathBuf>,
    /// Refuse doubtful input: an unknown --tumor-type, no TMB denominator or a --genome that
    /// contradicts the ##contig lengths (exit 1), unannotated input (exit 2).
    #[arg(long)]
    pub strict: bool,
    /// Sample type: tissue, or plasma (cell-free DNA: stronger clonal-haematopoiesis rule, bTMB
    /// definition, a negative result does not exclude an alteration).
    #[arg(long, value_name = "TYPE", default_value = "tissue", value_parser = ["tissue", "plasma"])]
    pub sample_type: String,
    /// Population allele frequencies (gnomAD-style sites VCF, bgzipped with a .tbi/.csi index;
    /// INFO AF or AF_popmax), read by region: a matched call is germline-like (its population AF
    /// is set from the resource).
    #[arg(long, value_name = "VCF.GZ")]
    pub population_vcf: Option<PathBuf>,
    /// Panel of normals (Mutect2-style sites-only VCF, bgzipped with a .tbi/.csi index), read by
    /// region: a matched call is an artefact (removed as `panel_of_normals`, not in TMB).
    #[arg(long, value_name = "VCF.GZ")]
    pub panel_of_normals: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
#[error("unknown genome build '{0}': use GRCh37 or GRCh38")]
pub struct UnknownBuild(String);

pub(super) fn parse_build(s: &str) -> Result<GenomeBuild, UnknownBuild> {
    GenomeBuild::parse(s).ok_or_else(|| UnknownBuild(s.to_string()))
}

impl CommonArgs {
    /// `--tmb-reference FILE` read once (its tumour types resolved with `kb`); an unreadable or
    /// malformed file is an input error (exit 2).
    pub fn tmb_reference(
        &self,
        kb: &KnowledgeBase,
    ) -> Result<Option<std::sync::Arc<oncoprofile::report::tmb_distribution::TmbDistribution>>, Error> {
        let Some(path) = &self.biomarkers.tmb_reference else {
            return Ok(None);
        };
        oncoprofile::report::tmb_distribution::TmbDistribution::load(path, kb)
            .map(|d| Some(std::sync::Arc::new(d)))
            .map_err(|e| Error::input_from(path, e))
    }
}

impl KbArgs {
    /// The knowledge base: `--annotations DIR` or the embedded one (exit 3 when invalid).
    pub fn load(&self) -> Result<KnowledgeBase, Error> {
        let r = match &self.annotations {
            Some(d) => KnowledgeBase::load_dir(d),
            None => KnowledgeBase::embedded(),
        };
        r.map_err(|errs| {
            let n = errs.len();
            let first: Vec<String> = errs.iter().take(5).map(|e| e.to_string()).collect();
            Error::Kb(format!("{n} error(s): {}", first.join("; ")))
        })
    }
}

impl FilterArgs {
    /// The filter options; `plasma` lowers the default minimum VAF to the cfDNA one.
    fn check(&self, plasma: bool) -> Result<FilterOptions, Error> {
        let min_vaf = self.min_vaf.unwrap_or(if plasma {
            oncoprofile::germline::plasma::MIN_VAF
        } else {
            0.05
        });
        check_fraction("--min-vaf", min_vaf)?;
        Ok(FilterOptions {
            include_filtered: self.include_filtered,
            min_depth: self.min_depth,
            min_alt_reads: self.min_alt_reads,
            min_vaf,
        })
    }
}

impl BiomarkerArgs {
    fn check(&self) -> Result<BiomarkerOptions, Error> {
        check_fraction("--max-pop-af", self.max_pop_af)?;
        if let Some(x) = self.target_mb {
            if !(x > 0.0 && x.is_finite()) {
                return Err(Error::Usage(format!("--target-mb must be a positive number, got {x}")));
            }
        }
        let o = BiomarkerOptions {
            targets: self.targets.clone(),
            target_mb: self.target_mb,
            assay: self.assay.clone(),
            tmb_include_synonymous: self.tmb_include_synonymous,
            max_pop_af: self.max_pop_af,
            tmb_threshold: self.tmb_threshold,
            reference: self.reference.clone(),
            gene_models: self.gene_models.clone(),
        };
        if o.denominators().len() > 1 {
            return Err(Error::Usage(
                "give only one of --targets, --target-mb and --assay".into(),
            ));
        }
        Ok(o)
    }
}

fn check_fraction(name: &str, v: f64) -> Result<(), Error> {
    if (0.0..=1.0).contains(&v) {
        Ok(())
    } else {
        Err(Error::Usage(format!("{name} must be between 0 and 1, got {v}")))
    }
}

impl CommonArgs {
    /// The checked pipeline options (usage errors, exit 1, for values out of range).
    pub fn options(&self, global: &Global) -> Result<Options, Error> {
        // Side files (BED, regions, gene models, FASTA, manifest) get the VCF's line limit.
        oncoprofile::lines::set_max_line_bytes(self.max_line_bytes);
        let filter = self.filter.check(self.sample_type == "plasma")?;
        let biomarkers = self.biomarkers.check()?;
        // `--signatures` without `--reference` is checked once the input is open: a MAF with a
        // CONTEXT column needs no FASTA (pipeline::signature_collector).
        let regions = match (&self.regions, &self.regions_file) {
            (Some(t), _) => {
                Some(oncoprofile::input::regions::parse_list(t).map_err(|e| Error::Usage(format!("--regions: {e}")))?)
            }
            // A file that cannot be read is an input error (exit 2), as for the VCF.
            (None, Some(f)) => Some(oncoprofile::input::regions::read_file(f).map_err(|e| Error::input_from(f, e))?),
            (None, None) => None,
        };
        Ok(Options {
            tumor_type: self.tumour.tumor_type.clone(),
            genome: self.tumour.genome,
            filter,
            all_variants: self.filter.all_variants,
            vaf_tag: self.filter.vaf_tag.clone(),
            depth_tag: self.filter.depth_tag.clone(),
            biomarkers,
            progress: !global.quiet,
            limits: Limits {
                max_line_bytes: self.max_line_bytes,
                max_header_bytes: self.max_header_bytes,
            },
            strict: self.strict,
            regions,
            keep_all_listed: std::env::var_os("ONCOPROFILE_KEEP_ALL_LISTED").is_some_and(|v| v == "1"),
            signatures: self.biomarkers.signatures.clone(),
            plasma: self.sample_type == "plasma",
            population_vcf: self.population_vcf.clone(),
            panel_of_normals: self.panel_of_normals.clone(),
            min_vaf_given: self.filter.min_vaf.is_some(),
            ..pipeline::Options::default()
        })
    }

    /// The rayon pool everything runs on (`--threads`, default all cores).
    pub fn pool(&self) -> Result<rayon::ThreadPool, Error> {
        let mut b = rayon::ThreadPoolBuilder::new();
        if let Some(n) = self.threads {
            if n == 0 {
                return Err(Error::Usage("--threads must be at least 1".into()));
            }
            b = b.num_threads(n);
        }
        b.build().map_err(|e| Error::Internal(e.to_string()))
    }
}

/// Render-time values of the HTML report (never part of the JSON).
#[derive(Debug, Args, Clone)]
pub struct RenderArgs {
    /// Date printed in HTML reports, YYYY-MM-DD [default: SOURCE_DATE_EPOCH's date, else today in UTC].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub report_date: Option<String>,
}

impl RenderArgs {
    pub fn options(&self) -> Result<RenderOptions, Error> {
        RenderOptions::new(self.report_date.as_deref()).map_err(|e| Error::Usage(e.to_string()))
    }
}

/// An output format name that is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    #[error("unknown format '{0}': use json, html or tsv")]
    Unknown(String),
    #[error("--formats needs at least one of json, html, tsv")]
    Empty,
}

/// One output format: `json`, `html` or `tsv`.
pub fn parse_format(s: &str) -> Result<Format, FormatError> {
    Format::parse(s).ok_or_else(|| FormatError::Unknown(s.to_string()))
}

/// A `--formats` list (one clap value holding several formats).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formats(pub Vec<Format>);

/// `--formats json,html,tsv`: the formats, deduplicated, in the order of [`Format::ALL`].
pub fn parse_formats(s: &str) -> Result<Formats, FormatError> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let f = parse_format(part)?;
        if !out.contains(&f) {
            out.push(f);
        }
    }
    if out.is_empty() {
        return Err(FormatError::Empty);
    }
    out.sort();
    Ok(Formats(out))
}
