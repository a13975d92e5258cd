//! Fusion input (issue 28, `--sv`): fusion tables read into one model ([`Fusion`], 5'::3'), the
//! oncogenic partner order ([`orientation`]), and the fusion alterations the therapy rules
//! (`biomarker_type` `fusion`) and the report's `fusions` section use. Formats are detected from
//! the header ([`tables::classify`]); the tables are read with the copy-number readers' bounded
//! table reader ([`crate::cna::table`]: one-line errors naming file, line and field; truncated
//! files refused). DNA junctions — structural-variant VCFs ([`vcf`]) and BEDPE ([`bedpe`]) — are
//! mapped to genes over the embedded GRCh38 spans ([`junction`]), and to exons where the embedded
//! exon models hold the gene ([`exons`]: exon/intron, retained exons, EGFRvIII, MET exon 14
//! skipping), and each partner's curated domain is called retained, partly, lost or not assessed
//! from the exons it keeps ([`domains`]).

mod bedpe;
pub mod domains;
pub mod exons;
pub mod frame;
mod junction;
pub mod orientation;
mod tables;
mod vcf;

use crate::cna::CnaError;
use crate::consequence::gff::GeneModels;
use crate::genome::GenomeBuild;
use std::path::{Path, PathBuf};

pub use orientation::Orientation;

/// The fusion formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SvFormat {
    /// Arriba `fusions.tsv` (`#gene1 gene2 … breakpoint1 breakpoint2 … reading_frame`; gene1 is 5').
    Arriba,
    /// STAR-Fusion `.fusion_predictions(.abridged).tsv` (`#FusionName … LeftGene … RightGene`; left is 5').
    StarFusion,
    /// cBioPortal `data_sv.txt` (`Site1_Hugo_Symbol` read as the 5' partner, `Site2_Hugo_Symbol` 3').
    CbioSv,
    /// OncoKB-style `GeneA GeneB [Sv_Type]` lists: no order, read in the known oncogenic order.
    GenePairs,
    /// A structural-variant VCF (`#CHROM POS ID REF ALT QUAL FILTER INFO`; Manta, GRIDSS, DELLY, SvABA).
    Vcf,
    /// BEDPE rearrangements (`chrom1 start1 end1 chrom2 start2 end2 … strand1 strand2`).
    Bedpe,
    /// PCGR's RNA fusion TSV (`FusionGene LeftBreakpoint RightBreakpoint SplitReads [Score]`;
    /// `GENEA--GENEB` or `GENEA::GENEB`, the left gene 5').
    Pcgr,
}

impl SvFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            SvFormat::Arriba => "arriba",
            SvFormat::StarFusion => "star_fusion",
            SvFormat::CbioSv => "cbioportal_sv",
            SvFormat::GenePairs => "gene_pairs",
            SvFormat::Vcf => "sv_vcf",
            SvFormat::Bedpe => "bedpe",
            SvFormat::Pcgr => "pcgr_fusion",
        }
    }
}

/// A breakpoint, 1-based, contig normalised.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakpoint {
    pub contig: String,
    pub pos: u64,
}

/// One fusion as the file names it, 5' partner first.
#[derive(Debug, Clone, PartialEq)]
pub struct Fusion {
    pub(crate) five_prime: String,
    pub(crate) three_prime: String,
    /// 5' and 3' breakpoints where the file gives them.
    pub breakpoints: [Option<Breakpoint>; 2],
    /// The frame as the caller writes it (`in-frame`, `out-of-frame`, `INFRAME`, …).
    pub(crate) frame: Option<String>,
    /// Supporting reads (split reads and discordant pairs / spanning fragments).
    pub reads: Option<u32>,
    /// False for unordered gene pairs (put in the known oncogenic order).
    pub ordered: bool,
    /// 1-based file line.
    pub line: u64,
    /// Each breakpoint's place in its partner's exon model (5', 3'), for DNA junctions whose
    /// gene the embedded exon models hold.
    pub exons: [Option<exons::ExonPlace>; 2],
    /// The named intragenic event (EGFRvIII, MET exon 14 skipping, exons deleted/duplicated).
    pub intragenic: Option<exons::Intragenic>,
    /// The frame derived from `--gene-models` transcripts at intronic breakpoints ([`frame`]).
    pub derived_frame: Option<frame::DerivedFrame>,
}

impl Fusion {
    /// A fusion of `five_prime`::`three_prime` read in that order from file line `line`: no frame,
    /// reads or placement yet (the junction step fills `exons`, `intragenic` and `derived_frame`).
    pub(crate) fn new(
        five_prime: String,
        three_prime: String,
        breakpoints: [Option<Breakpoint>; 2],
        line: u64,
    ) -> Fusion {
        Fusion {
            five_prime,
            three_prime,
            breakpoints,
            frame: None,
            reads: None,
            ordered: true,
            line,
            exons: [None, None],
            intragenic: None,
            derived_frame: None,
        }
    }

    /// HGNC notation: `EML4::ALK`.
    pub fn name(&self) -> String {
        format!("{}::{}", self.five_prime, self.three_prime)
    }
}

/// One fusion file, read for one sample.
#[derive(Debug, Clone)]
pub struct SvFile {
    pub(crate) path: PathBuf,
    pub format: SvFormat,
    pub sample: Option<String>,
    pub fusions: Vec<Fusion>,
    /// What reading left uncertain (filtered SV records, breakpoints outside genes…).
    pub warnings: Vec<String>,
}

/// What reading a fusion file needs beyond its path.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// `-s`: the sample of a multi-sample table.
    pub sample: Option<String>,
    /// The build of the breakpoints (SV VCFs are mapped to genes over its embedded spans).
    pub build: Option<crate::genome::GenomeBuild>,
    /// `--include-filtered`: SV VCF records failing FILTER are read too.
    pub include_filtered: bool,
}

/// Read one fusion file for one sample.
pub fn read(path: &Path, o: &ReadOptions) -> Result<SvFile, CnaError> {
    read_with(path, o, None)
}

/// [`read`], with the user's `--gene-models` transcripts: where the build has no embedded spans
/// (GRCh37), they map SV breakpoints to genes and place every breakpoint on its exons.
pub fn read_with(path: &Path, o: &ReadOptions, models: Option<&GeneModels>) -> Result<SvFile, CnaError> {
    let sample = o.sample.as_deref();
    let t = crate::cna::table::read(path, |h| tables::classify(h).is_some())?;
    let format = tables::classify(&t.header).ok_or_else(|| CnaError::Line {
        file: path.to_path_buf(),
        line: t.header_line,
        reason: "not a known fusion header".into(),
    })?;
    let (sample, rows) = match tables::sample_col(&t, format) {
        Some(c) => {
            let mut names: Vec<String> = Vec::new();
            for r in &t.rows {
                let n = t.text(r, c);
                if !names.iter().any(|x| x == n) {
                    names.push(n.to_string());
                }
            }
            let s = crate::cna::pick(path, &names, sample)?;
            let rows: Vec<_> = t.rows.iter().filter(|r| Some(t.text(r, c)) == s.as_deref()).collect();
            (s, rows)
        }
        None => (None, t.rows.iter().collect()),
    };
    if matches!(format, SvFormat::Vcf | SvFormat::Bedpe) {
        return read_junctions(path, &t, &rows, format, sample, o, models);
    }
    let (mut fusions, skipped) = tables::read(&t, &rows, format)?;
    let mut warnings = if skipped > 0 {
        vec![format!(
            "{}: {skipped} fusion(s) with an empty partner were not read",
            path.display()
        )]
    } else {
        vec![]
    };
    match (o.build, models) {
        (Some(GenomeBuild::GRCh38), _) => warnings.extend(place_named(path, &mut fusions)),
        (_, Some(m)) => place_named_on(m, &mut fusions),
        (b, None) if fusions.iter().any(|f| f.breakpoints.iter().any(Option::is_some)) => {
            warnings.push(not_placed(path, b));
        }
        _ => {}
    }
    Ok(SvFile {
        path: path.to_path_buf(),
        format,
        sample,
        fusions,
        warnings,
    })
}

/// The breakpoints of a table that names its genes (GRCh38): each one inside its named gene gets
/// its exon place; one outside the named gene's embedded span is counted in a warning, and the
/// file's gene names are kept (they win over the breakpoint).
fn place_named(path: &Path, fusions: &mut [Fusion]) -> Option<String> {
    let spans = crate::cna::spans::of_build(crate::genome::GenomeBuild::GRCh38);
    let mut outside = 0u64;
    let mut example = None;
    for f in fusions.iter_mut() {
        let genes = [f.five_prime.clone(), f.three_prime.clone()];
        for (i, gene) in genes.iter().enumerate() {
            let Some(bp) = &f.breakpoints[i] else { continue };
            let Some(span) = spans.iter().find(|s| &s.gene == gene) else {
                continue;
            };
            if span.contig == bp.contig && span.start <= bp.pos && bp.pos <= span.end {
                f.exons[i] = exons::place(gene, bp.pos, i == 0);
            } else {
                outside += 1;
                example.get_or_insert_with(|| {
                    format!(
                        "line {}: {} breakpoint {}:{} is not in {gene}",
                        f.line,
                        f.name(),
                        bp.contig,
                        bp.pos
                    )
                });
            }
        }
    }
    example.map(|e| {
        format!(
            "{}: {outside} breakpoint(s) lie outside the gene the file names ({e}); the file's gene names are kept",
            path.display()
        )
    })
}

/// The warning of breakpoints left without an exon place: the exon models are embedded for GRCh38
/// only.
fn not_placed(path: &Path, build: Option<GenomeBuild>) -> String {
    format!(
        "{}: exon placement of the breakpoints not assessed: the embedded exon models are GRCh38 and the build is {} (give --gene-models with the build's GFF3/GTF)",
        path.display(),
        build.map(|b| b.as_str()).unwrap_or("unknown")
    )
}

/// The breakpoints of a table that names its genes, placed on the `--gene-models` transcripts of
/// those genes (a breakpoint outside them gets no place).
fn place_named_on(models: &GeneModels, fusions: &mut [Fusion]) {
    let genes = junction::Genes::Models(models);
    for f in fusions.iter_mut() {
        let names = [f.five_prime.clone(), f.three_prime.clone()];
        for (i, gene) in names.iter().enumerate() {
            if let Some(bp) = &f.breakpoints[i] {
                f.exons[i] = genes.place(gene, &bp.contig, bp.pos, i == 0);
            }
        }
    }
}

/// An SV VCF or a BEDPE: junctions mapped to genes over the embedded GRCh38 spans (or, for another
/// build, over the `--gene-models` transcripts).
fn read_junctions(
    path: &Path,
    t: &crate::cna::table::Table,
    rows: &[&crate::cna::table::Row],
    format: SvFormat,
    sample: Option<String>,
    o: &ReadOptions,
    models: Option<&GeneModels>,
) -> Result<SvFile, CnaError> {
    let shown = path.display();
    let mut warnings = Vec::new();
    // The file's own build (an SV VCF's `##contig` lengths) must agree with the other inputs'.
    let own = crate::cna::build_of(&t.sequences);
    if let (Some(a), Some(b)) = (own, o.build) {
        if a != b {
            return Err(CnaError::File {
                file: path.to_path_buf(),
                reason: format!(
                    "the file's contigs are {}, the other input (or --genome) {}",
                    a.as_str(),
                    b.as_str()
                ),
            });
        }
    }
    let build = o.build.or(own);
    let genes = match (build, models) {
        (Some(b @ GenomeBuild::GRCh38), _) => Some(junction::Genes::Embedded(b)),
        (_, Some(m)) => {
            warnings.push(format!(
                "{shown}: SV breakpoints mapped to genes and exons over the --gene-models transcripts (build {})",
                build.map(|b| b.as_str()).unwrap_or("unknown")
            ));
            Some(junction::Genes::Models(m))
        }
        _ => None,
    };
    let fusions = match genes {
        Some(genes) => {
            let (f, tally) = if format == SvFormat::Vcf {
                vcf::read(t, genes, o.include_filtered)?
            } else {
                bedpe::read(t, rows, genes, o.include_filtered)?
            };
            if tally.filtered > 0 {
                warnings.push(format!(
                    "{shown}: {} SV record(s) failing FILTER were not read (--include-filtered reads them)",
                    tally.filtered
                ));
            }
            if tally.one_sided > 0 {
                warnings.push(format!(
                    "{shown}: {} fusion partner(s) lie outside the embedded gene spans and are named by their locus",
                    tally.one_sided
                ));
            }
            if tally.antisense > 0 {
                warnings.push(format!(
                    "{shown}: {} junction(s) join two genes against their strands: no sense fusion transcript",
                    tally.antisense
                ));
            }
            f
        }
        None => {
            // The rows are still checked, so that a malformed file is refused whatever the build.
            if format == SvFormat::Bedpe {
                bedpe::junctions(t, rows, true)?;
            }
            warnings.push(format!(
                "{shown}: SV breakpoints are mapped to genes over the embedded GRCh38 spans only; the build is {}: no fusion read and exon placement not assessed (give --gene-models with the build's GFF3/GTF)",
                build.map(|b| b.as_str()).unwrap_or("unknown (use --genome)")
            ));
            vec![]
        }
    };
    Ok(SvFile {
        path: path.to_path_buf(),
        format,
        sample,
        fusions,
        warnings,
    })
}

/// One patient's fusion result: the files read and one event per fusion kept.
#[derive(Debug, Clone)]
pub struct Fusions {
    pub files: Vec<SvFile>,
    pub(crate) events: Vec<FusionEvent>,
}

/// A fusion with its orientation and alteration (`SV1`, …; class `fusion` only in the oncogenic
/// orientation).
#[derive(Debug, Clone)]
pub(crate) struct FusionEvent {
    pub(crate) fusion: Fusion,
    pub orientation: Orientation,
    /// The driver gene (in its oncogenic position, or misplaced for a reciprocal product).
    pub(crate) driver_gene: Option<String>,
    pub(crate) alteration: crate::model::Alteration,
    /// Whether each partner keeps its curated domain ([`domains`]).
    pub(crate) domains: Vec<domains::DomainCall>,
    /// Index into [`Fusions::files`].
    pub(crate) file: usize,
}
