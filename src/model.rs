//! The internal data model that flows between pipeline stages.
//!
//! read → normalise → filter → annotate/classify → biomarkers → match therapies → report
//!
//! Each stage takes the values produced by the stage before it (and the
//! knowledge base) and returns new values; nothing reaches back up the pipe.
//! A value that was not measured is `None`, never 0.

/// Read depth and allele fraction of one sample for one ALT allele.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SampleDepth {
    /// Total read depth at the site (as the caller counts it).
    pub depth: Option<u32>,
    /// Reads supporting this ALT allele.
    pub alt_depth: Option<u32>,
    /// Variant allele fraction of this ALT allele, 0..=1.
    pub vaf: Option<f64>,
}

/// Repeat context reported by the caller itself (Mutect2 STR/RU/RPA, Strelka2 RU/RC/IC).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CallerRepeat {
    /// The caller flagged the site as a short tandem repeat (Mutect2 `STR`).
    pub is_str: bool,
    /// Repeat unit (Mutect2 `RU`, Strelka2 `RU`).
    pub(crate) unit: Option<String>,
    /// Number of repeat units in the reference (Mutect2 first `RPA` value, Strelka2 `RC`).
    pub(crate) ref_count: Option<u32>,
    /// True when the caller carries repeat fields at all for this record.
    pub(crate) known: bool,
}

/// One ALT allele of one VCF record, after multi-allelic splitting and
/// contig-name normalisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Contig name as written in the file.
    pub chrom: String,
    /// 1-based position.
    pub pos: u64,
    pub ref_allele: String,
    pub alt: String,
    /// 1-based index of this ALT in the record's ALT list.
    pub alt_index: usize,
    /// 1-based record number in the file (data lines only).
    pub record_no: u64,
    /// FILTER values; `["PASS"]` for PASS, empty for `.` (missing).
    pub filters: Vec<String>,
    pub tumor: SampleDepth,
    pub normal: Option<SampleDepth>,
    /// INFO/SOMATIC flag or equivalent caller status, when present.
    pub somatic_flag: Option<bool>,
    pub repeat: CallerRepeat,
    /// Annotation picked for this ALT (VEP CSQ / SnpEff ANN); None when unannotated.
    pub annotation: Option<Annotation>,
}

impl Variant {
    /// Normalised contig name: without `chr` prefix, `M` for mitochondria.
    pub(crate) fn chrom_norm(&self) -> &str {
        crate::genome::normalise_chrom(&self.chrom)
    }

    pub fn kind(&self) -> VariantKind {
        VariantKind::of(&self.ref_allele, &self.alt)
    }

    /// True when FILTER is PASS or missing (`.`).
    pub(crate) fn is_pass(&self) -> bool {
        self.filters.is_empty() || self.filters.iter().all(|f| f == "PASS")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum VariantKind {
    Snv,
    Mnv,
    Insertion,
    Deletion,
    Complex,
    /// Symbolic or breakend ALT (`<DEL>`, `N[1:100[`) — structural variants.
    Symbolic,
}

impl VariantKind {
    pub(crate) fn of(r: &str, a: &str) -> VariantKind {
        if a.starts_with('<') || a.contains('[') || a.contains(']') || a == "*" || a == "." {
            return VariantKind::Symbolic;
        }
        match (r.len(), a.len()) {
            (1, 1) => VariantKind::Snv,
            (x, y) if x == y => VariantKind::Mnv,
            (x, y) if x < y && a.as_bytes()[0] == r.as_bytes()[0] => VariantKind::Insertion,
            (x, y) if x > y && a.as_bytes()[0] == r.as_bytes()[0] => VariantKind::Deletion,
            _ => VariantKind::Complex,
        }
    }

    pub(crate) fn is_indel(self) -> bool {
        matches!(
            self,
            VariantKind::Insertion | VariantKind::Deletion | VariantKind::Complex
        )
    }
}

/// How the input file was stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    Vcf,
    /// BGZF- or gzip-compressed VCF text.
    VcfGz,
    Bcf,
    /// Mutation Annotation Format (plain, BGZF or gzip: see the input's compression).
    Maf,
    /// No SNV/indel file: a copy-number (`--cna`) report alone.
    None,
}

/// Which annotation the VCF carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnnotationKind {
    Vep,
    Snpeff,
    /// `bcftools csq` (`INFO/BCSQ`).
    Bcftools,
    /// No annotation in the file: our engine from `--gene-models` GFF3/GTF + `--reference`.
    GeneModels,
    /// The MAF's own columns (Hugo_Symbol, Variant_Classification, HGVSp_Short…).
    Maf,
    None,
}

/// Where an annotation came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnnotationSource {
    Vep,
    Snpeff,
    /// `bcftools csq` (`INFO/BCSQ`).
    Bcftools,
    /// Our consequence engine from gene models + reference ([`crate::consequence`]).
    Engine,
    /// A MAF row's own columns.
    Maf,
    /// Filled in by the knowledge base's coordinate hotspots (unannotated input).
    KnowledgeBase,
}

/// The one transcript consequence picked for an ALT allele.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Annotation {
    pub source: Option<AnnotationSource>,
    pub gene: Option<String>,
    pub transcript: Option<String>,
    /// Sequence Ontology terms, most severe first.
    pub consequences: Vec<String>,
    pub impact: Option<String>,
    pub hgvsc: Option<String>,
    /// Original HGVSp string (e.g. `ENSP00000288602.6:p.Val600Glu` or `p.Val600Glu`).
    pub hgvsp: Option<String>,
    /// Short one-letter form: `p.V600E`, `p.E746_A750del`, `p.K132Nfs*5`.
    pub protein_change: Option<String>,
    /// First affected amino-acid position.
    pub protein_position: Option<u32>,
    /// Exon as `N/M` (VEP EXON, SnpEff rank/total).
    pub exon: Option<String>,
    pub canonical: bool,
    pub mane_select: bool,
    /// Highest population allele frequency found in the annotation (gnomAD/MAX_AF/ExAC/1000G/dbNSFP).
    pub population_af: Option<f64>,
    /// Name of the field that `population_af` came from.
    pub population_af_field: Option<String>,
}

impl Annotation {
    #[cfg(test)]
    pub(crate) fn has_consequence(&self, so: &str) -> bool {
        self.consequences.iter().any(|c| c == so)
    }
}

/// Oncogenicity call levels (ClinGen/CGC/VICC SOP, Horak et al. 2022, simplified).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Oncogenicity {
    Oncogenic,
    LikelyOncogenic,
    Vus,
    LikelyBenign,
}

impl Oncogenicity {
    pub(crate) fn is_driver(self) -> bool {
        matches!(self, Oncogenicity::Oncogenic | Oncogenicity::LikelyOncogenic)
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Oncogenicity::Oncogenic => "oncogenic",
            Oncogenicity::LikelyOncogenic => "likely_oncogenic",
            Oncogenicity::Vus => "vus",
            Oncogenicity::LikelyBenign => "likely_benign",
        }
    }
}

/// What an alteration is, for the therapy rules (`Call.classes`): set by the classifier (effect,
/// hotspot rows, oncogenicity), by the copy-number stage (its gene call) and by the fusion stage.
/// A `class` or `deletion` rule names them by [`AlterationClass::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AlterationClass {
    Hotspot,
    Truncating,
    Missense,
    Inframe,
    Exon19Deletion,
    Exon20Insertion,
    Exon11Mutation,
    Exon14Skipping,
    Exon9Mutation,
    Exon12Mutation,
    Exon18Mutation,
    Exon3Mutation,
    /// FLT3 internal tandem duplication (an in-frame insertion in exons 14-15).
    Itd,
    /// NPM1 exon 12 (C-terminal) frameshift.
    Npm1Exon12Frameshift,
    /// A driver (oncogenic or likely oncogenic).
    Oncogenic,
    /// A fusion that keeps the driver gene in its oncogenic position.
    Fusion,
    /// The reciprocal product of a fusion (not oncogenic by itself).
    FusionReciprocal,
    /// A rearrangement within one gene.
    Intragenic,
    /// EGFR exons 2-7 deleted (from a structural variant).
    EgfrViii,
    Amplification,
    Gain,
    /// Any copy loss, homozygous deletion included.
    Loss,
    Loh,
    HomozygousDeletion,
    /// Homozygous deletion, or a loss/LOH with a truncating variant of the gene.
    Biallelic,
}

impl AlterationClass {
    pub const ALL: [AlterationClass; 25] = [
        AlterationClass::Hotspot,
        AlterationClass::Truncating,
        AlterationClass::Missense,
        AlterationClass::Inframe,
        AlterationClass::Exon19Deletion,
        AlterationClass::Exon20Insertion,
        AlterationClass::Exon11Mutation,
        AlterationClass::Exon14Skipping,
        AlterationClass::Exon9Mutation,
        AlterationClass::Exon12Mutation,
        AlterationClass::Exon18Mutation,
        AlterationClass::Exon3Mutation,
        AlterationClass::Itd,
        AlterationClass::Npm1Exon12Frameshift,
        AlterationClass::Oncogenic,
        AlterationClass::Fusion,
        AlterationClass::FusionReciprocal,
        AlterationClass::Intragenic,
        AlterationClass::EgfrViii,
        AlterationClass::Amplification,
        AlterationClass::Gain,
        AlterationClass::Loss,
        AlterationClass::Loh,
        AlterationClass::HomozygousDeletion,
        AlterationClass::Biallelic,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AlterationClass::Hotspot => "hotspot",
            AlterationClass::Truncating => "truncating",
            AlterationClass::Missense => "missense",
            AlterationClass::Inframe => "inframe",
            AlterationClass::Exon19Deletion => "exon19_deletion",
            AlterationClass::Exon20Insertion => "exon20_insertion",
            AlterationClass::Exon11Mutation => "exon11_mutation",
            AlterationClass::Exon14Skipping => "exon14_skipping",
            AlterationClass::Exon9Mutation => "exon9_mutation",
            AlterationClass::Exon12Mutation => "exon12_mutation",
            AlterationClass::Exon18Mutation => "exon18_mutation",
            AlterationClass::Exon3Mutation => "exon3_mutation",
            AlterationClass::Itd => "itd",
            AlterationClass::Npm1Exon12Frameshift => "npm1_exon12_frameshift",
            AlterationClass::Oncogenic => "oncogenic",
            AlterationClass::Fusion => "fusion",
            AlterationClass::FusionReciprocal => "fusion_reciprocal",
            AlterationClass::Intragenic => "intragenic",
            AlterationClass::EgfrViii => "egfr_viii",
            AlterationClass::Amplification => "amplification",
            AlterationClass::Gain => "gain",
            AlterationClass::Loss => "loss",
            AlterationClass::Loh => "loh",
            AlterationClass::HomozygousDeletion => "homozygous_deletion",
            AlterationClass::Biallelic => "biallelic",
        }
    }

    /// The class a knowledge-base cell names (exact, lower-case snake case).
    pub fn parse(s: &str) -> Option<AlterationClass> {
        AlterationClass::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The rule column that may name the class: every class is placed here, so a new class
    /// cannot be forgotten by the rule parser. `None`: a class only the report shows.
    pub(crate) fn rule_column(self) -> Option<RuleColumn> {
        use AlterationClass::*;
        match self {
            Hotspot | Truncating | Missense | Inframe | Exon19Deletion | Exon20Insertion | Exon11Mutation
            | Exon14Skipping | Exon9Mutation | Exon12Mutation | Exon18Mutation | Exon3Mutation | Itd
            | Npm1Exon12Frameshift | Oncogenic | Fusion | EgfrViii => Some(RuleColumn::Class),
            HomozygousDeletion | Loss | Biallelic => Some(RuleColumn::Deletion),
            FusionReciprocal | Intragenic | Amplification | Gain | Loh => None,
        }
    }

    /// Classes that any variant of the effect carries, which a class rule honours only on a driver.
    pub fn is_generic(self) -> bool {
        matches!(
            self,
            AlterationClass::Oncogenic
                | AlterationClass::Truncating
                | AlterationClass::Missense
                | AlterationClass::Inframe
        )
    }
}

display_as_str!(AlterationClass);

/// The knowledge-base rule column that names an [`AlterationClass`] (`class` or `deletion` rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RuleColumn {
    Class,
    Deletion,
}

/// Text shared between the listed alterations that repeat it (knowledge-base sources, gene roles,
/// pathways, gene-level reasons): one allocation for all of them ([`crate::pipeline`] interns the
/// listed alterations' copies as they are merged).
pub(crate) type Shared = std::sync::Arc<str>;

/// One reason behind a call or a statement, always with its source.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Evidence {
    pub reason: Shared,
    /// PMID, FDA label, guideline + year, or database + release.
    pub source: Shared,
}

/// The classification of one variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub oncogenicity: Oncogenicity,
    pub driver: bool,
    /// `oncogene`, `tumor_suppressor`, `both`, `other` (e.g. a therapy target such as DLL3), or None outside the knowledge base.
    pub gene_role: Option<Shared>,
    pub pathways: Vec<Shared>,
    pub evidence: Vec<Evidence>,
    /// Matched hotspot label (`KRAS G12`), when any.
    pub hotspot: Option<String>,
    /// Classes this alteration satisfies, for the therapy stage (in the order they were found).
    pub classes: Vec<AlterationClass>,
    /// Whether the variant is listed in the report (cancer gene or KB match).
    pub reportable: bool,
}

impl Call {
    /// Whether the alteration carries the class.
    pub fn has(&self, class: AlterationClass) -> bool {
        self.classes.contains(&class)
    }

    /// Add a class once.
    pub(crate) fn add_class(classes: &mut Vec<AlterationClass>, class: AlterationClass) {
        if !classes.contains(&class) {
            classes.push(class);
        }
    }
}

/// A variant with its classification.
#[derive(Debug, Clone, PartialEq)]
pub struct Alteration {
    /// Stable id within a report: `A1`, `A2`, … in report order (empty until the list is ordered).
    pub id: String,
    pub variant: Variant,
    pub call: Call,
}
