//! Mutation Annotation Format (MAF): TCGA/GDC, cBioPortal and vcf2maf files.
//!
//! A MAF is recognised by its column header (after optional `#version` comment lines): the
//! columns `Hugo_Symbol`, `Tumor_Sample_Barcode`, `Chromosome` and `Start_Position` anywhere in
//! it, case-insensitive, a UTF-8 byte-order mark ignored. Columns are found by
//! name, case-insensitive, so extra or reordered columns (legacy TCGA MAFs) read too.
//!
//! Each row becomes one [`Variant`] with its [`Annotation`] (source: the MAF):
//!
//! - alleles: the tumour allele is `Tumor_Seq_Allele2`, or `Tumor_Seq_Allele1` when allele 2
//!   equals the reference (or is `-`/empty while allele 1 differs). MAF indels have no padding
//!   base (`-` for the empty allele; an insertion's `Start_Position` is the base before it, a
//!   deletion's is its first deleted base); they are rewritten as VCF alleles with a padding
//!   base — the reference base when `--reference` is given, else `N` — so that the variant kind,
//!   TMB and MSI see a VCF-style indel;
//! - `Variant_Classification` → SO consequence terms ([`so_terms`]; a `Consequence` column, as
//!   vcf2maf writes, wins); `Variant_Type` decides SNV versus indel;
//! - protein change from `HGVSp_Short`, else `HGVSp`, `Protein_Change`, `AAChange` (one-letter
//!   form, as for VEP); transcript `Transcript_ID`, `HGVSc`, `Exon_Number`;
//! - depth: `t_depth`, `t_alt_count`, `t_ref_count` (depth = ref + alt when `t_depth` is
//!   missing); VAF = alt / depth, else a VAF column (`t_vaf`, `tumor_vaf`, `i_TumorVAF_WU`,
//!   `i_t_vaf`; values above 1 are percentages);
//! - `FILTER` when present (else every row passes), population AF from `gnomAD_AF`/`MAX_AF`/
//!   `ExAC_AF`/`gnomADe_AF`/`AF` (the highest), `Matched_Norm_Sample_Barcode`;
//! - an SNV's + strand trinucleotide from a `CONTEXT` (GDC) or `ref_context` column: the three
//!   bases at the centre of an odd-length A/C/G/T run whose centre is REF ([`snv_context`]), for
//!   the signature catalogues (without `--reference`, or checked against it);
//! - `NCBI_Build`: GRCh37/GRCh38 (and their aliases); NCBI36/hg18 rows keep their gene and
//!   protein change but their coordinates are not used ([`MafBuild::Other`]).

use crate::genome::GenomeBuild;
use crate::model::{Annotation, AnnotationSource, CallerRepeat, SampleDepth, Variant};
use crate::protein::short_protein_change;
use crate::so::consequence_rank;

/// Positions of the columns oncoprofile reads, found by name in the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MafColumns {
    pub count: usize,
    hugo: usize,
    chrom: usize,
    start: usize,
    ref_allele: usize,
    tumor1: Option<usize>,
    tumor2: Option<usize>,
    barcode: usize,
    normal_barcode: Option<usize>,
    build: Option<usize>,
    classification: Option<usize>,
    variant_type: Option<usize>,
    consequence: Option<usize>,
    protein: Vec<usize>,
    hgvsp: Option<usize>,
    hgvsc: Option<usize>,
    transcript: Option<usize>,
    exon: Option<usize>,
    t_depth: Option<usize>,
    t_ref: Option<usize>,
    t_alt: Option<usize>,
    n_depth: Option<usize>,
    n_ref: Option<usize>,
    n_alt: Option<usize>,
    vaf: Option<usize>,
    filter: Option<usize>,
    pop_af: Vec<(usize, String)>,
    canonical: Option<usize>,
    /// The reference context around the variant: GDC `CONTEXT` (or Funcotator's `ref_context`).
    context: Option<usize>,
}

impl MafColumns {
    /// Whether the header has a reference-context column (GDC `CONTEXT`, `ref_context`).
    pub fn has_context(&self) -> bool {
        self.context.is_some()
    }

    /// The row's `Tumor_Sample_Barcode` (`f`: the row's cells), when not empty.
    pub fn barcode_of<'a>(&self, f: &[&'a str]) -> Option<&'a str> {
        f.get(self.barcode).map(|b| b.trim()).filter(|b| !b.is_empty())
    }

    /// The identity of a row for duplicate detection: contig, start and alleles as written (the
    /// sample is the caller's key); None when the row lacks a column.
    pub(crate) fn identity(&self, f: &[&str]) -> Option<String> {
        let get = |i: Option<usize>| i.and_then(|i| f.get(i)).map_or("", |c| c.trim());
        let (c, s, r) = (get(Some(self.chrom)), get(Some(self.start)), get(Some(self.ref_allele)));
        if c.is_empty() || s.is_empty() {
            return None;
        }
        Some(format!("{c}\t{s}\t{r}\t{}\t{}", get(self.tumor1), get(self.tumor2)))
    }

    /// False for rows whose `Variant_Classification` is not a small variant (`Fusion`, or a
    /// class oncoprofile does not know) while the row has no `Consequence` column value.
    pub fn is_small_variant(&self, f: &[&str]) -> bool {
        if cell(f, self.consequence).is_some() {
            return true;
        }
        match cell(f, self.classification) {
            Some(vc) => so_terms(vc).is_some(),
            None => true,
        }
    }
}

/// The build a row's coordinates are on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MafBuild {
    Known(GenomeBuild),
    /// NCBI36/hg18 or another build: coordinates not used for hotspot matching.
    Other,
    /// No `NCBI_Build` value.
    Unstated,
}

impl MafBuild {
    pub fn parse(s: &str) -> MafBuild {
        let t = s.trim();
        if t.is_empty() || t == "." || t.eq_ignore_ascii_case("NA") {
            return MafBuild::Unstated;
        }
        match GenomeBuild::parse(t) {
            Some(b) => MafBuild::Known(b),
            None => MafBuild::Other,
        }
    }
}

/// One MAF row as oncoprofile uses it.
#[derive(Debug, Clone, PartialEq)]
pub struct MafRow {
    pub barcode: String,
    pub(crate) normal_barcode: Option<String>,
    pub build: MafBuild,
    /// The row's `NCBI_Build` text (for the warning about unusable builds).
    pub(crate) build_text: String,
    /// `Variant_Type` names another kind than the alleles have (`SNP` for a deletion…).
    pub(crate) type_mismatch: bool,
    pub variant: Variant,
    /// An SNV's + strand trinucleotide from the context column (its centre base equals REF).
    pub(crate) context: Option<[u8; 3]>,
}

/// The + strand trinucleotide of an SNV from a context cell: the three bases at the centre of an
/// odd-length run of A/C/G/T (GDC `CONTEXT` holds the reference base and five bases either side;
/// a SigProfiler-style list holds the trinucleotide itself), upper-cased; None unless its centre
/// is `ref_base`.
pub(crate) fn snv_context(cell: &str, ref_base: u8) -> Option<[u8; 3]> {
    let b = cell.trim().as_bytes();
    if b.len() < 3 || b.len() % 2 == 0 || !b.iter().all(|x| b"ACGTacgt".contains(x)) {
        return None;
    }
    let m = b.len() / 2;
    let t = [b[m - 1], b[m], b[m + 1]].map(|x| x.to_ascii_uppercase());
    (t[1] == ref_base.to_ascii_uppercase()).then_some(t)
}

/// Whether a `Variant_Type` agrees with the kind of the row's (VCF-style) alleles: `SNP` a single
/// base, `DNP`/`TNP`/`ONP` several, `INS`/`DEL` an insertion/deletion (a `Consolidated` or unknown
/// type, or none, agrees with anything; MAF writes complex substitutions as `DEL` or `INS` too).
pub(crate) fn type_agrees(variant_type: Option<&str>, kind: crate::model::VariantKind) -> bool {
    use crate::model::VariantKind as K;
    match variant_type.map(|t| t.trim().to_ascii_uppercase()).as_deref() {
        Some("SNP") => kind == K::Snv,
        Some("DNP" | "TNP" | "ONP") => kind == K::Mnv,
        Some("INS") => matches!(kind, K::Insertion | K::Complex),
        Some("DEL") => matches!(kind, K::Deletion | K::Complex),
        _ => true,
    }
}

/// Why a row cannot be read: the field and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub field: &'static str,
    pub reason: String,
}

fn err(field: &'static str, reason: impl Into<String>) -> RowError {
    RowError {
        field,
        reason: reason.into(),
    }
}

/// The columns every MAF has (GDC MAF specification), any order, case-insensitive.
const REQUIRED: [&[&str]; 4] = [
    &["hugo_symbol"],
    &["tumor_sample_barcode"],
    &["chromosome", "chrom"],
    &["start_position", "start_position_(1-based)"],
];

/// True when `line` is a MAF column header: it holds every required column ([`REQUIRED`]) in any
/// order (a leading UTF-8 byte-order mark is ignored).
pub fn is_header(line: &str) -> bool {
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    let names: Vec<String> = line
        .trim_end_matches(['\r', '\n'])
        .split('\t')
        .map(|f| f.trim().to_ascii_lowercase())
        .collect();
    REQUIRED
        .iter()
        .all(|alts| alts.iter().any(|a| names.iter().any(|n| n == a)))
}

/// A MAF header line without a column oncoprofile needs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("MAF header has no {0} column")]
pub struct MissingColumn(pub &'static str);

/// The column positions of a MAF header line; the error names the first required column missing.
pub fn columns(line: &str) -> Result<MafColumns, MissingColumn> {
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    let names: Vec<String> = line
        .trim_end_matches(['\r', '\n'])
        .split('\t')
        .map(|f| f.trim().to_ascii_lowercase())
        .collect();
    let find = |n: &str| names.iter().position(|c| c == n);
    let any = |ns: &[&str]| ns.iter().find_map(|n| find(n));
    let need = |ns: &[&'static str]| any(ns).ok_or(MissingColumn(ns[0]));
    let pop_names = ["gnomad_af", "max_af", "exac_af", "gnomade_af", "gnomadg_af", "af"];
    Ok(MafColumns {
        count: names.len(),
        hugo: need(&["hugo_symbol"])?,
        chrom: need(&["chromosome", "chrom"])?,
        start: need(&["start_position", "start_position_(1-based)"])?,
        ref_allele: need(&["reference_allele"])?,
        tumor1: find("tumor_seq_allele1"),
        tumor2: find("tumor_seq_allele2"),
        barcode: need(&["tumor_sample_barcode"])?,
        normal_barcode: find("matched_norm_sample_barcode"),
        build: find("ncbi_build"),
        classification: find("variant_classification"),
        variant_type: find("variant_type"),
        consequence: find("consequence"),
        protein: ["hgvsp_short", "protein_change", "aachange", "amino_acid_change"]
            .iter()
            .filter_map(|n| find(n))
            .collect(),
        hgvsp: find("hgvsp"),
        hgvsc: find("hgvsc"),
        transcript: any(&["transcript_id", "refseq_mrna_id", "transcript"]),
        exon: any(&["exon_number", "exon"]),
        t_depth: find("t_depth"),
        t_ref: find("t_ref_count"),
        t_alt: find("t_alt_count"),
        n_depth: find("n_depth"),
        n_ref: find("n_ref_count"),
        n_alt: find("n_alt_count"),
        vaf: any(&["t_vaf", "tumor_vaf", "i_tumorvaf_wu", "i_t_vaf", "tumor_f"]),
        filter: find("filter"),
        pop_af: pop_names
            .iter()
            .filter_map(|n| find(n).map(|i| (i, names[i].clone())))
            .collect(),
        canonical: find("canonical"),
        context: any(&["context", "ref_context"]),
    })
    .and_then(|c| {
        if c.tumor1.is_none() && c.tumor2.is_none() {
            Err(MissingColumn("Tumor_Seq_Allele2 (or Tumor_Seq_Allele1)"))
        } else {
            Ok(c)
        }
    })
}

/// SO terms for a MAF `Variant_Classification` (GDC MAF specification and vcf2maf's mapping,
/// read backwards); None for classifications that are not a small variant (`Fusion`) or unknown.
pub(crate) fn so_terms(classification: &str) -> Option<&'static [&'static str]> {
    let c = classification.trim().to_ascii_lowercase();
    Some(match c.as_str() {
        "missense_mutation" | "missense" => &["missense_variant"],
        "nonsense_mutation" | "nonsense" => &["stop_gained"],
        "nonstop_mutation" | "stop_codon_del" | "stop_codon_ins" | "nonstop" => &["stop_lost"],
        "silent" | "synonymous" => &["synonymous_variant"],
        "frame_shift_del" | "frame_shift_ins" | "frameshift" => &["frameshift_variant"],
        "in_frame_del" => &["inframe_deletion"],
        "in_frame_ins" => &["inframe_insertion"],
        // MAF does not say which splice site: acceptor and donor are both truncating.
        "splice_site" | "splice_site_snp" | "splice_site_del" | "splice_site_ins" => &["splice_donor_variant"],
        "splice_region" => &["splice_region_variant"],
        "translation_start_site" | "start_codon_snp" | "start_codon_del" | "start_codon_ins" => &["start_lost"],
        "3'utr" => &["3_prime_UTR_variant"],
        "5'utr" => &["5_prime_UTR_variant"],
        "de_novo_start_inframe" | "de_novo_start_outofframe" => &["5_prime_UTR_variant"],
        "3'flank" => &["downstream_gene_variant"],
        "5'flank" => &["upstream_gene_variant"],
        "intron" => &["intron_variant"],
        "rna" | "lincrna" => &["non_coding_transcript_exon_variant"],
        "igr" => &["intergenic_variant"],
        "targeted_region" => &["coding_sequence_variant"],
        _ => return None,
    })
}

fn cell<'a>(f: &[&'a str], i: Option<usize>) -> Option<&'a str> {
    let v = f.get(i?)?.trim();
    (!v.is_empty() && v != "." && v != "NA" && v != "-" && !v.eq_ignore_ascii_case("__UNKNOWN__")).then_some(v)
}

fn count(f: &[&str], i: Option<usize>, field: &'static str) -> Result<Option<u32>, RowError> {
    match cell(f, i) {
        None => Ok(None),
        Some(v) => v.parse::<u32>().map(Some).or_else(|_| match v.parse::<f64>() {
            // Some MAFs write counts as floats (`12.0`).
            Ok(x) if x >= 0.0 && x.fract() == 0.0 && x <= f64::from(u32::MAX) => Ok(Some(x as u32)),
            _ => Err(err(field, format!("'{v}' is not a read count"))),
        }),
    }
}

fn depth(
    f: &[&str],
    d: Option<usize>,
    r: Option<usize>,
    a: Option<usize>,
    prefix: &str,
) -> Result<SampleDepth, RowError> {
    let (fd, fr, fa) = if prefix == "t" {
        ("t_depth", "t_ref_count", "t_alt_count")
    } else {
        ("n_depth", "n_ref_count", "n_alt_count")
    };
    let dp = count(f, d, fd)?;
    let rf = count(f, r, fr)?;
    let alt = count(f, a, fa)?;
    let depth = dp.or_else(|| rf.zip(alt).map(|(x, y)| x.saturating_add(y)));
    let vaf = match (alt, depth) {
        (Some(a), Some(d)) if d > 0 => Some((f64::from(a) / f64::from(d)).min(1.0)),
        _ => None,
    };
    Ok(SampleDepth {
        depth,
        alt_depth: alt,
        vaf,
    })
}

fn is_dna(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| matches!(b.to_ascii_uppercase(), b'A' | b'C' | b'G' | b'T' | b'N'))
}

/// The tumour allele of a row: allele 2 unless it is the reference or empty.
fn tumour_allele<'a>(reference: &str, a1: Option<&'a str>, a2: Option<&'a str>) -> Option<&'a str> {
    let differs = |a: &&str| !a.is_empty() && *a != reference;
    a2.filter(differs).or(a1.filter(differs))
}

/// VCF position and alleles of a MAF variant; `padding(pos)` gives the reference base at `pos`.
pub(crate) fn vcf_alleles(
    start: u64,
    reference: &str,
    tumour: &str,
    padding: &dyn Fn(u64) -> Option<u8>,
) -> Result<(u64, String, String), RowError> {
    let r = if reference == "-" { "" } else { reference };
    let a = if tumour == "-" { "" } else { tumour };
    if !(r.is_empty() || is_dna(r)) {
        return Err(err("Reference_Allele", format!("'{reference}' is not a DNA allele")));
    }
    if !(a.is_empty() || is_dna(a)) {
        return Err(err("Tumor_Seq_Allele2", format!("'{tumour}' is not a DNA allele")));
    }
    if r.is_empty() && a.is_empty() {
        return Err(err("Reference_Allele", "both alleles are empty"));
    }
    let base = |p: u64| char::from(padding(p).unwrap_or(b'N').to_ascii_uppercase());
    if r.is_empty() {
        // Insertion after Start_Position.
        let p = base(start);
        return Ok((start, p.to_string(), format!("{p}{a}")));
    }
    if a.is_empty() {
        // Deletion of Start_Position..: the padding base is the one before.
        if start < 2 {
            return Err(err("Start_Position", "a deletion at position 1 has no padding base"));
        }
        let p = base(start - 1);
        return Ok((start - 1, format!("{p}{r}"), p.to_string()));
    }
    Ok((start, r.to_ascii_uppercase(), a.to_ascii_uppercase()))
}

fn protein_change(f: &[&str], c: &MafColumns) -> (Option<String>, Option<String>) {
    let hgvsp = cell(f, c.hgvsp).map(str::to_string);
    let from = |s: &str| {
        let s = s.trim();
        if s.starts_with("p.") || s.contains(":p.") {
            short_protein_change(s)
        } else if s.chars().next().is_some_and(|ch| ch.is_ascii_uppercase() || ch == '*')
            && s.chars().any(|ch| ch.is_ascii_digit())
        {
            // cBioPortal/Oncotator `AAChange` without `p.` (`V600E`).
            short_protein_change(&format!("p.{s}"))
        } else {
            None
        }
    };
    let short = c
        .protein
        .iter()
        .find_map(|&i| cell(f, Some(i)).and_then(from))
        .or_else(|| hgvsp.as_deref().and_then(from));
    (short, hgvsp)
}

fn first_number(s: &str) -> Option<u32> {
    let digits: String = s
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}

fn consequences(f: &[&str], c: &MafColumns) -> Result<Vec<String>, RowError> {
    let mut terms: Vec<String> = match cell(f, c.consequence) {
        Some(v) => v
            .split(['&', ',', ';'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect(),
        None => match cell(f, c.classification) {
            Some(vc) => match so_terms(vc) {
                Some(t) => t.iter().map(|s| s.to_string()).collect(),
                None => {
                    return Err(err(
                        "Variant_Classification",
                        format!("'{vc}' is not a small-variant class"),
                    ))
                }
            },
            None => vec![],
        },
    };
    terms.sort_by_key(|t| consequence_rank(t));
    terms.dedup();
    Ok(terms)
}

fn population_af(f: &[&str], c: &MafColumns) -> (Option<f64>, Option<String>) {
    let mut best: Option<(f64, &str)> = None;
    for (i, name) in &c.pop_af {
        let Some(v) = cell(f, Some(*i)) else { continue };
        // VEP-style `0.1&0.2` lists: the highest.
        for x in v.split(['&', ',']).filter_map(|x| x.trim().parse::<f64>().ok()) {
            if x.is_finite() && (0.0..=1.0).contains(&x) && best.is_none_or(|(b, _)| x > b) {
                best = Some((x, name));
            }
        }
    }
    match best {
        Some((x, n)) => (Some(x), Some(n.to_string())),
        None => (None, None),
    }
}

/// The cells of a data row.
pub fn cells(line: &str) -> Vec<&str> {
    crate::text::split_byte(line, b'\t').collect()
}

/// Parse one data row. `padding(chrom, pos)` gives a reference base for indel padding.
#[cfg(test)]
pub(crate) fn parse_row(
    line: &str,
    c: &MafColumns,
    record_no: u64,
    padding: &dyn Fn(&str, u64) -> Option<u8>,
) -> Result<MafRow, RowError> {
    parse_cells(&cells(line), c, record_no, padding)
}

/// [`parse_row`] on a row already split into its cells.
pub fn parse_cells(
    f: &[&str],
    c: &MafColumns,
    record_no: u64,
    padding: &dyn Fn(&str, u64) -> Option<u8>,
) -> Result<MafRow, RowError> {
    let need = |i: usize, name: &'static str| -> Result<&str, RowError> {
        f.get(i)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .ok_or_else(|| err(name, "empty or missing"))
    };
    let barcode = need(c.barcode, "Tumor_Sample_Barcode")?.to_string();
    let chrom = need(c.chrom, "Chromosome")?.to_string();
    let start_text = need(c.start, "Start_Position")?;
    let start: u64 = start_text
        .parse()
        .ok()
        .filter(|&p| p > 0)
        .ok_or_else(|| err("Start_Position", format!("'{start_text}' is not a position")))?;
    let reference = need(c.ref_allele, "Reference_Allele")?;
    let a1 = c.tumor1.and_then(|i| f.get(i)).map(|s| s.trim());
    let a2 = c.tumor2.and_then(|i| f.get(i)).map(|s| s.trim());
    let tumour = tumour_allele(reference, a1, a2)
        .ok_or_else(|| err("Tumor_Seq_Allele2", "no tumour allele different from the reference"))?;
    let (pos, ref_allele, alt) = vcf_alleles(start, reference, tumour, &|p| padding(&chrom, p))?;
    let tumor = depth(f, c.t_depth, c.t_ref, c.t_alt, "t")?;
    let tumor = if tumor.vaf.is_none() {
        let vaf = cell(f, c.vaf)
            .and_then(|v| v.trim_end_matches('%').parse::<f64>().ok())
            .filter(|x| x.is_finite() && *x >= 0.0 && *x <= 100.0)
            .map(|x| if x > 1.0 { x / 100.0 } else { x });
        SampleDepth { vaf, ..tumor }
    } else {
        tumor
    };
    let normal = depth(f, c.n_depth, c.n_ref, c.n_alt, "n")?;
    let normal = (normal.depth.is_some() || normal.alt_depth.is_some()).then_some(normal);
    let filters = match cell(f, c.filter) {
        Some(v) => v
            .split([';', ','])
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        None => vec![],
    };
    let gene = cell(f, Some(c.hugo))
        .filter(|g| !g.eq_ignore_ascii_case("Unknown"))
        .map(str::to_string);
    let (protein_change, hgvsp) = protein_change(f, c);
    let protein_position = protein_change.as_deref().and_then(first_number);
    let (population_af, population_af_field) = population_af(f, c);
    let annotation = Annotation {
        source: Some(AnnotationSource::Maf),
        gene,
        transcript: cell(f, c.transcript).map(str::to_string),
        consequences: consequences(f, c)?,
        impact: None,
        hgvsc: cell(f, c.hgvsc).map(str::to_string),
        hgvsp,
        protein_change,
        protein_position,
        exon: cell(f, c.exon).map(str::to_string),
        canonical: cell(f, c.canonical).is_some_and(|v| v.eq_ignore_ascii_case("YES")),
        mane_select: false,
        population_af,
        population_af_field,
    };
    let build_text = cell(f, c.build).unwrap_or("").to_string();
    let kind = crate::model::VariantKind::of(&ref_allele, &alt);
    let type_mismatch = !type_agrees(cell(f, c.variant_type), kind);
    let context = match (kind, cell(f, c.context)) {
        (crate::model::VariantKind::Snv, Some(x)) => ref_allele.bytes().next().and_then(|r| snv_context(x, r)),
        _ => None,
    };
    Ok(MafRow {
        context,
        type_mismatch,
        barcode,
        normal_barcode: cell(f, c.normal_barcode).map(str::to_string),
        build: MafBuild::parse(&build_text),
        build_text,
        variant: Variant {
            chrom,
            pos,
            ref_allele,
            alt,
            alt_index: 1,
            record_no,
            filters,
            tumor,
            normal,
            somatic_flag: None,
            repeat: CallerRepeat::default(),
            annotation: Some(annotation),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "Hugo_Symbol\tEntrez_Gene_Id\tNCBI_Build\tChromosome\tStart_Position\tEnd_Position\t\
Variant_Classification\tVariant_Type\tReference_Allele\tTumor_Seq_Allele1\tTumor_Seq_Allele2\t\
Tumor_Sample_Barcode\tMatched_Norm_Sample_Barcode\tHGVSp_Short\tTranscript_ID\tt_depth\tt_ref_count\tt_alt_count";

    fn row(cells: &[&str]) -> Result<MafRow, RowError> {
        let c = columns(HEADER).unwrap();
        parse_row(&cells.join("\t"), &c, 1, &|_, _| None)
    }

    #[test]
    fn header_is_recognised_case_insensitively() {
        assert!(is_header(HEADER));
        assert!(is_header(
            "hugo_symbol\tCHROMOSOME\tstart_position\ttumor_sample_barcode\n"
        ));
        // Any column order, a byte-order mark ignored.
        assert!(is_header(
            "Tumor_Sample_Barcode\tChromosome\tStart_Position\tHugo_Symbol"
        ));
        assert!(is_header(
            "\u{feff}Hugo_Symbol\tChromosome\tStart_Position\tTumor_Sample_Barcode"
        ));
        assert!(!is_header("Tumor_Sample_Barcode\tChromosome\tStart_Position"));
        assert!(!is_header("#CHROM\tPOS"));
        assert!(!is_header("Hugo_Symbol\tChromosome"));
        let c = columns(HEADER).unwrap();
        assert_eq!((c.hugo, c.chrom, c.start, c.barcode, c.count), (0, 3, 4, 11, 18));
        assert_eq!(
            columns("Hugo_Symbol\tTumor_Sample_Barcode").unwrap_err().to_string(),
            "MAF header has no chromosome column"
        );
    }

    #[test]
    fn snv_row_with_counts() {
        let r = row(&[
            "BRAF",
            "673",
            "GRCh37",
            "7",
            "140453136",
            "140453136",
            "Missense_Mutation",
            "SNP",
            "A",
            "A",
            "T",
            "TCGA-AB-01",
            "TCGA-AB-10",
            "p.V600E",
            "ENST00000288602",
            "100",
            "60",
            "40",
        ])
        .unwrap();
        assert_eq!(r.barcode, "TCGA-AB-01");
        assert_eq!(r.normal_barcode.as_deref(), Some("TCGA-AB-10"));
        assert_eq!(r.build, MafBuild::Known(GenomeBuild::GRCh37));
        let v = &r.variant;
        assert_eq!(
            (v.chrom.as_str(), v.pos, v.ref_allele.as_str(), v.alt.as_str()),
            ("7", 140453136, "A", "T")
        );
        assert_eq!(v.tumor.depth, Some(100));
        assert_eq!(v.tumor.alt_depth, Some(40));
        assert_eq!(v.tumor.vaf, Some(0.4));
        let a = v.annotation.as_ref().unwrap();
        assert_eq!(a.gene.as_deref(), Some("BRAF"));
        assert_eq!(a.consequences, vec!["missense_variant"]);
        assert_eq!(a.protein_change.as_deref(), Some("p.V600E"));
        assert_eq!(a.protein_position, Some(600));
        assert_eq!(a.transcript.as_deref(), Some("ENST00000288602"));
        assert!(v.filters.is_empty());
    }

    #[test]
    fn indels_get_a_padding_base() {
        let pad = |_: u64| Some(b'g');
        assert_eq!(
            vcf_alleles(100, "-", "TT", &pad).unwrap(),
            (100, "G".into(), "GTT".into())
        );
        assert_eq!(
            vcf_alleles(100, "CAA", "-", &pad).unwrap(),
            (99, "GCAA".into(), "G".into())
        );
        assert_eq!(
            vcf_alleles(100, "CAA", "-", &|_| None).unwrap(),
            (99, "NCAA".into(), "N".into())
        );
        assert_eq!(
            vcf_alleles(100, "AAGA", "GA", &pad).unwrap(),
            (100, "AAGA".into(), "GA".into())
        );
        assert!(vcf_alleles(1, "A", "-", &pad).is_err());
        assert_eq!(
            vcf_alleles(5, "A", "<DEL>", &pad).unwrap_err().field,
            "Tumor_Seq_Allele2"
        );
    }

    #[test]
    fn tumour_allele_is_the_one_that_differs() {
        assert_eq!(tumour_allele("G", Some("G"), Some("A")), Some("A"));
        assert_eq!(tumour_allele("G", Some("-"), Some("A")), Some("A"));
        assert_eq!(tumour_allele("AAGA", Some("-"), Some("CA")), Some("CA"));
        assert_eq!(tumour_allele("G", Some("A"), Some("G")), Some("A"));
        assert_eq!(tumour_allele("G", Some("G"), Some("G")), None);
    }

    #[test]
    fn classifications_map_to_so_terms() {
        assert_eq!(so_terms("Frame_Shift_Del"), Some(&["frameshift_variant"][..]));
        assert_eq!(so_terms("nonsense_mutation"), Some(&["stop_gained"][..]));
        assert_eq!(so_terms("3'UTR"), Some(&["3_prime_UTR_variant"][..]));
        assert_eq!(so_terms("Splice_Site"), Some(&["splice_donor_variant"][..]));
        assert_eq!(so_terms("Fusion"), None);
    }

    #[test]
    fn row_errors_name_the_field() {
        let mut cells = vec![
            "TP53",
            "7157",
            "GRCh38",
            "17",
            "x",
            "1",
            "Nonsense_Mutation",
            "SNP",
            "C",
            "C",
            "T",
            "S1",
            "",
            "",
            "",
            "",
            "",
            "",
        ];
        assert_eq!(row(&cells).unwrap_err().field, "Start_Position");
        cells[4] = "7675088";
        cells[15] = "many";
        assert_eq!(row(&cells).unwrap_err().field, "t_depth");
        cells[15] = "";
        let r = row(&cells).unwrap();
        assert_eq!(r.variant.tumor, SampleDepth::default());
        assert_eq!(r.normal_barcode, None);
        assert_eq!(r.variant.annotation.unwrap().consequences, vec!["stop_gained"]);
    }

    #[test]
    fn ncbi36_is_kept_apart() {
        assert_eq!(MafBuild::parse("36"), MafBuild::Other);
        assert_eq!(MafBuild::parse("hg18"), MafBuild::Other);
        assert_eq!(MafBuild::parse("hg19"), MafBuild::Known(GenomeBuild::GRCh37));
        assert_eq!(MafBuild::parse(""), MafBuild::Unstated);
    }

    #[test]
    fn vaf_column_in_percent_and_aachange_without_p() {
        let h = "Hugo_Symbol\tChromosome\tStart_Position\tReference_Allele\tTumor_Seq_Allele2\t\
Tumor_Sample_Barcode\tVariant_Classification\tAAChange\ti_TumorVAF_WU\tFILTER";
        let c = columns(h).unwrap();
        let r = parse_row(
            "KRAS\tchr12\t25398284\tC\tT\tP1\tMissense_Mutation\tG12D\t45.5\tPASS;",
            &c,
            3,
            &|_, _| None,
        )
        .unwrap();
        assert_eq!(r.variant.tumor.vaf, Some(0.455));
        assert_eq!(r.variant.filters, vec!["PASS"]);
        assert_eq!(r.variant.annotation.unwrap().protein_change.as_deref(), Some("p.G12D"));
        assert_eq!(r.variant.record_no, 3);
    }

    #[test]
    fn variant_type_is_checked_against_the_alleles() {
        use crate::model::VariantKind as K;
        assert!(type_agrees(Some("SNP"), K::Snv));
        assert!(!type_agrees(Some("SNP"), K::Deletion));
        assert!(type_agrees(Some("dnp"), K::Mnv));
        assert!(type_agrees(Some("DEL"), K::Complex));
        assert!(!type_agrees(Some("INS"), K::Deletion));
        assert!(type_agrees(None, K::Deletion));
        assert!(type_agrees(Some("Consolidated"), K::Snv));
        let r = row(&[
            "TP53",
            "7157",
            "GRCh37",
            "17",
            "7577120",
            "7577120",
            "Missense_Mutation",
            "DEL",
            "C",
            "C",
            "T",
            "S1",
            "",
            "",
            "",
            "",
            "",
            "",
        ])
        .unwrap();
        assert!(r.type_mismatch);
    }

    #[test]
    fn context_column_gives_an_snv_trinucleotide() {
        assert_eq!(snv_context("GGCATCTGCCT", b'C'), Some(*b"TCT"));
        assert_eq!(snv_context("tcc", b'C'), Some(*b"TCC"));
        assert_eq!(snv_context("TCC", b'A'), None, "centre is not REF");
        assert_eq!(snv_context("ACGT", b'C'), None, "even length");
        assert_eq!(snv_context("ANA", b'N'), None);
        let h = "Hugo_Symbol\tChromosome\tStart_Position\tReference_Allele\tTumor_Seq_Allele2\tTumor_Sample_Barcode\tCONTEXT";
        let c = columns(h).unwrap();
        assert!(c.has_context());
        let r = parse_row("Unknown\t1\t100\tC\tT\tS1\tTTTTACGTTTT", &c, 1, &|_, _| None).unwrap();
        assert_eq!(r.context, Some(*b"ACG"));
        let r = parse_row("Unknown\t1\t100\tC\t-\tS1\tTTTTACGTTTT", &c, 1, &|_, _| Some(b'G')).unwrap();
        assert_eq!(r.context, None, "only SNVs take the column's context");
        assert!(!columns(HEADER).unwrap().has_context());
    }
}
