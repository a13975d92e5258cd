//! `bcftools csq` annotations: `INFO/BCSQ`.
//!
//! The header's `Format:` list names the fields, normally
//! `Consequence|gene|transcript|biotype|strand|amino_acid_change|dna_change`;
//! their positions are read from it once (that order when there is no list).
//! Entries are comma-separated; terms within one entry are `&`-joined.
//!
//! # What an entry means
//!
//! - `missense|BRAF|ENST00000288602|protein_coding|-|600V>600E|140753336A>T`:
//!   the consequence on one transcript. `amino_acid_change` is
//!   `{pos}{ref aa}>{pos}{alt aa}` (`600V>600E`), a single `{pos}{aa}` when
//!   unchanged (synonymous, stop/start retained); `dna_change` is
//!   `{genomic pos}{REF}>{ALT}`, `+`-joined when several records make one
//!   haplotype consequence.
//! - `@123`: the haplotype-aware (compound) consequence this record takes
//!   part in is written at the record at position 123. It is skipped here:
//!   the record gets its other entries, or no annotation when it has none.
//! - A leading `*` (`*frameshift`): a consequence downstream of a stop codon
//!   gained earlier on the same haplotype. Read as the term without `*`.
//! - Intron and non-coding entries carry no transcript (bcftools leaves it empty).
//!
//! # Matching entries to ALT alleles
//!
//! BCSQ names no allele. An entry whose `dna_change` has a part
//! `{POS}{REF}>{ALT}` belongs to that ALT only; an entry without a
//! `dna_change` (splice region, UTR, intron, non-coding) belongs to every ALT.
//!
//! # Picking one entry per ALT
//!
//! bcftools writes no MANE/canonical flags, so the key is that of VEP input
//! without them (see the parent module): location class (a protein-coding
//! transcript the variant lies in first), most severe consequence, transcript
//! id (empty last), then position in the string.
//!
//! # Consequence names
//!
//! bcftools' short names are mapped to VEP's SO terms by [`term_to_so`]
//! (`missense` → `missense_variant`, `5_prime_utr` → `5_prime_UTR_variant`,
//! `non_coding` → `non_coding_transcript_variant`, `inframe_altering` →
//! `protein_altering_variant`, …); `protein_change` is our one-letter form
//! (`600V>600E` → `p.V600E`, a frameshift `157SSHLMC…>157SSHLMSL…` →
//! `p.C162fs` at the first changed residue); `hgvsc` holds bcftools'
//! `dna_change` as written (a genomic, not a cDNA, position).

use super::error::AnnotationError;
use crate::model::{Annotation, AnnotationSource};
use crate::protein::{first_number, from_position_and_aa};
use crate::so::class_and_rank;
use crate::so::sort_by_severity;

/// Field positions of one file's BCSQ entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BcsqLayout {
    consequence: usize,
    gene: usize,
    transcript: usize,
    biotype: usize,
    amino_acid: usize,
    dna: usize,
}

impl Default for BcsqLayout {
    fn default() -> Self {
        BcsqLayout {
            consequence: 0,
            gene: 1,
            transcript: 2,
            biotype: 3,
            amino_acid: 5,
            dna: 6,
        }
    }
}

impl BcsqLayout {
    /// From the header description's `Format:` list; bcftools' order for
    /// fields the list does not name (or when there is no list).
    pub(crate) fn from_description(desc: &str) -> BcsqLayout {
        let mut l = BcsqLayout::default();
        let Some(at) = desc.find("Format:") else {
            return l;
        };
        let list = desc[at + "Format:".len()..]
            .trim()
            .trim_matches(|c| c == '"' || c == '\'');
        for (i, name) in list.split('|').enumerate() {
            match name.trim().to_ascii_lowercase().as_str() {
                "consequence" => l.consequence = i,
                "gene" => l.gene = i,
                "transcript" => l.transcript = i,
                "biotype" => l.biotype = i,
                "amino_acid_change" => l.amino_acid = i,
                "dna_change" => l.dna = i,
                _ => {}
            }
        }
        l
    }
}

/// One bcftools consequence name → VEP's SO term (None for unknown names).
/// A leading `*` (consequence after an upstream stop) is ignored.
pub fn term_to_so(term: &str) -> Option<&'static str> {
    Some(match term.trim().trim_start_matches('*') {
        "synonymous" => "synonymous_variant",
        "missense" => "missense_variant",
        "stop_lost" => "stop_lost",
        "stop_gained" => "stop_gained",
        "inframe_deletion" => "inframe_deletion",
        "inframe_insertion" => "inframe_insertion",
        "frameshift" => "frameshift_variant",
        "splice_acceptor" => "splice_acceptor_variant",
        "splice_donor" => "splice_donor_variant",
        "start_lost" => "start_lost",
        "splice_region" => "splice_region_variant",
        "stop_retained" => "stop_retained_variant",
        "start_retained" => "start_retained_variant",
        "5_prime_utr" => "5_prime_UTR_variant",
        "3_prime_utr" => "3_prime_UTR_variant",
        "non_coding" => "non_coding_transcript_variant",
        "intron" => "intron_variant",
        "intergenic" => "intergenic_variant",
        "inframe_altering" => "protein_altering_variant",
        "coding_sequence" => "coding_sequence_variant",
        "feature_elongation" => "feature_elongation",
        "feature_truncation" => "feature_truncation",
        "NMD_transcript" => "NMD_transcript_variant",
        _ => return None,
    })
}

/// The `&`-joined SO terms of a bcftools consequence, mapped, unknown names dropped.
fn so_terms(consequence: &str) -> String {
    consequence
        .split('&')
        .filter_map(term_to_so)
        .collect::<Vec<_>>()
        .join("&")
}

/// True when `dna_change` (`+`-joined parts) has a part `{digits}{ref}>{alt}`.
/// The position is not compared: the record's ALTs share POS and REF.
fn names_allele(dna: &str, r: &str, alt: &str) -> bool {
    let want = format!("{r}>{alt}");
    dna.split('+').any(|p| {
        let p = p.trim();
        let digits = p.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && p[digits..].eq_ignore_ascii_case(&want)
    })
}

/// Sort key: location class, severity, empty transcript last, transcript id, position.
type Key<'a> = (u8, u32, bool, &'a str, usize);

/// Annotate every ALT of one record from a BCSQ value (without the key).
pub(crate) fn annotate(
    bcsq: &str,
    layout: BcsqLayout,
    r: &str,
    alts: &[&str],
) -> Result<Vec<Option<Annotation>>, AnnotationError> {
    let mut out = vec![None; alts.len()];
    if bcsq.is_empty() || bcsq == "." || alts.is_empty() {
        return Ok(out);
    }
    let mut best: Vec<Option<(Key<'_>, Vec<&str>)>> = vec![None; alts.len()];
    let mut seen = 0usize;
    for (index, entry) in crate::text::split_byte(bcsq, b',').enumerate() {
        let entry = entry.trim();
        if entry.starts_with('@') {
            seen += 1;
            continue;
        }
        let f: Vec<&str> = crate::text::split_byte(entry, b'|').map(str::trim).collect();
        let field = |i: usize| f.get(i).copied().unwrap_or("");
        let terms = so_terms(field(layout.consequence));
        if terms.is_empty() {
            continue;
        }
        seen += 1;
        let biotype = field(layout.biotype);
        let coding = biotype == "protein_coding" || biotype.is_empty();
        let tx = field(layout.transcript);
        let (class, rank) = class_and_rank(true, coding, &terms);
        let k: Key<'_> = (class, rank, tx.is_empty(), tx, index);
        let dna = field(layout.dna);
        for (ai, alt) in alts.iter().enumerate() {
            if *alt == "*" || (!dna.is_empty() && alts.len() > 1 && !names_allele(dna, r, alt)) {
                continue;
            }
            if best[ai].as_ref().is_none_or(|(b, _)| k < *b) {
                best[ai] = Some((k, f.clone()));
            }
        }
    }
    if seen == 0 {
        return Err(AnnotationError::Bcsq);
    }
    for (slot, b) in out.iter_mut().zip(best) {
        if let Some((_, f)) = b {
            *slot = Some(build(&f, layout));
        }
    }
    Ok(out)
}

fn build(f: &[&str], layout: BcsqLayout) -> Annotation {
    let get = |i: usize| f.get(i).copied().filter(|s| !s.is_empty() && *s != ".");
    let mut consequences: Vec<String> = get(layout.consequence)
        .unwrap_or("")
        .split('&')
        .filter_map(term_to_so)
        .map(str::to_string)
        .collect();
    sort_by_severity(&mut consequences);
    let aa = get(layout.amino_acid);
    let protein_change = aa.and_then(|a| protein_change(a, &consequences));
    let protein_position = aa.and_then(first_number);
    let impact = consequences.first().map(|c| crate::so::impact_of(c).to_string());
    Annotation {
        source: Some(AnnotationSource::Bcftools),
        gene: get(layout.gene).map(str::to_string),
        transcript: get(layout.transcript).map(str::to_string),
        consequences,
        impact,
        hgvsc: get(layout.dna).map(str::to_string),
        hgvsp: None,
        protein_change,
        protein_position,
        exon: None,
        canonical: false,
        mane_select: false,
        population_af: None,
        population_af_field: None,
    }
}

/// `{digits}{letters}` → (position, letters).
fn pos_and_residues(s: &str) -> Option<(u32, &str)> {
    let s = s.trim();
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let pos = s[..digits].parse().ok()?;
    let res = &s[digits..];
    res.bytes()
        .all(|b| b.is_ascii_alphabetic() || b == b'*')
        .then_some((pos, res))
}

/// bcftools' amino-acid change → our one-letter protein change.
///
/// `600V>600E` → `p.V600E`; `278S` → `p.S278=`; `10T>10*` → `p.T10*`;
/// `3GLGLW>3W` → `p.G3_L6del`; frameshift `157SSHLMC*>157SSHLMSL` → `p.C162fs`.
pub fn protein_change(aa: &str, consequences: &[String]) -> Option<String> {
    let (from, to) = match aa.split_once('>') {
        Some((a, b)) => (a, Some(b)),
        None => (aa, None),
    };
    let (pos, r) = pos_and_residues(from)?;
    let Some(to) = to else {
        let first = r.chars().next()?;
        return Some(format!("p.{first}{pos}="));
    };
    let (_, a) = pos_and_residues(to)?;
    if consequences.iter().any(|c| c == "frameshift_variant") {
        let common = r.bytes().zip(a.bytes()).take_while(|(x, y)| x == y).count();
        let first = r[common.min(r.len())..].chars().next().or(r.chars().last())?;
        let at = u64::from(pos) + common.min(r.len().saturating_sub(1)) as u64;
        return Some(format!("p.{first}{at}fs"));
    }
    from_position_and_aa(&pos.to_string(), &format!("{r}/{a}"), consequences)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "Haplotype-aware consequence annotation from BCFtools/csq, see http://samtools.github.io/bcftools/howtos/csq-calling.html for details. Format: Consequence|gene|transcript|biotype|strand|amino_acid_change|dna_change";

    fn one(bcsq: &str, _pos: u64, r: &str, alt: &str) -> Annotation {
        let l = BcsqLayout::from_description(HEADER);
        annotate(bcsq, l, r, &[alt]).unwrap()[0].clone().unwrap()
    }

    #[test]
    fn layout_from_header_and_reordered() {
        assert_eq!(BcsqLayout::from_description(HEADER), BcsqLayout::default());
        let l = BcsqLayout::from_description(
            "Format: gene|Consequence|transcript|biotype|strand|amino_acid_change|dna_change",
        );
        assert_eq!((l.gene, l.consequence), (0, 1));
    }

    #[test]
    fn braf_v600e() {
        let a = one(
            "missense|BRAF|ENST00000288602|protein_coding|-|600V>600E|140753336A>T",
            140753336,
            "A",
            "T",
        );
        assert_eq!(a.gene.as_deref(), Some("BRAF"));
        assert_eq!(a.transcript.as_deref(), Some("ENST00000288602"));
        assert_eq!(a.consequences, vec!["missense_variant"]);
        assert_eq!(a.protein_change.as_deref(), Some("p.V600E"));
        assert_eq!(a.protein_position, Some(600));
        assert_eq!(a.hgvsc.as_deref(), Some("140753336A>T"));
        assert_eq!(a.source, Some(AnnotationSource::Bcftools));
        assert_eq!(a.impact.as_deref(), Some("MODERATE"));
    }

    #[test]
    fn protein_change_forms() {
        let c = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            protein_change("278S", &c(&["synonymous_variant"])).as_deref(),
            Some("p.S278=")
        );
        assert_eq!(
            protein_change("10T>10*", &c(&["stop_gained"])).as_deref(),
            Some("p.T10*")
        );
        assert_eq!(protein_change("1M>1V", &c(&["start_lost"])).as_deref(), Some("p.M1?"));
        assert_eq!(
            protein_change("3GLGLW>3W", &c(&["inframe_deletion"])).as_deref(),
            Some("p.G3_L6del")
        );
        assert_eq!(
            protein_change("157SSHLMCVLTPDESVLWC*>157SSHLMSLCFGV", &c(&["frameshift_variant"])).as_deref(),
            Some("p.C162fs")
        );
        assert_eq!(
            protein_change("493*>493C", &c(&["stop_lost"])).as_deref(),
            Some("p.*493Cext*?")
        );
        assert_eq!(protein_change("x>y", &[]), None);
    }

    #[test]
    fn intron_entry_and_pick_of_coding_transcript() {
        // From the bcftools test GFF ENST00000423372 (AL627309.1): intron entries carry no transcript.
        let a = one("intron|AL627309.1||protein_coding", 2712, "A", "C");
        assert_eq!(a.consequences, vec!["intron_variant"]);
        assert_eq!(a.transcript, None);
        // A protein-coding transcript the variant lies in beats NMD/UTR entries.
        let a = one(
            "5_prime_utr|PCGF3|ENST00000521023|protein_coding,3_prime_utr|PCGF3|ENST00000430644|NMD,frameshift|PCGF3|ENST00000400151|protein_coding|+|157SSHLMCVLTPDESVLWC*>157SSHLMSLCFGV|28503TTCACACCTGATGTGCGTCC>T",
            28503,
            "TTCACACCTGATGTGCGTCC",
            "T",
        );
        assert_eq!(a.transcript.as_deref(), Some("ENST00000400151"));
        assert_eq!(a.protein_change.as_deref(), Some("p.C162fs"));
        assert!(crate::so::is_truncating(&a.consequences));
    }

    #[test]
    fn compound_references_and_multiallelic() {
        let l = BcsqLayout::default();
        // Only a reference to another record: no annotation, no error.
        assert_eq!(annotate("@121", l, "TA", &["T"]).unwrap(), vec![None]);
        // `*frameshift` reads as frameshift; `&`-joined terms sorted by severity.
        let a = one(
            "*frameshift|XYZ|ENST00000000001|protein_coding|+|12YVRT>12SYV|160TA>T,splice_region|XYZ|ENST00000000001|protein_coding",
            160,
            "TA",
            "T",
        );
        assert_eq!(a.consequences, vec!["frameshift_variant"]);
        let two = annotate(
            "missense|XYZ|ENST00000000001|protein_coding|+|2V>2I|103G>A,missense|XYZ|ENST00000000001|protein_coding|+|2V>2L|103G>C",
            l,
            "G",
            &["A", "C"],
        )
        .unwrap();
        assert_eq!(two[0].as_ref().unwrap().protein_change.as_deref(), Some("p.V2I"));
        assert_eq!(two[1].as_ref().unwrap().protein_change.as_deref(), Some("p.V2L"));
        let e = annotate("bogus|X", l, "A", &["C"]).unwrap_err();
        assert_eq!(e, AnnotationError::Bcsq);
        let a = one(
            "start_lost&splice_region|TLR8|ENST00000218032|protein_coding|+|1M>1V|108A>G",
            108,
            "A",
            "G",
        );
        assert_eq!(a.consequences, vec!["start_lost", "splice_region_variant"]);
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bcsq_never_panics(s in "[-@*A-Za-z0-9|,&>+_.]{0,80}", alts in proptest::collection::vec("[ACGT*]{1,3}", 1..3)) {
            let alts: Vec<&str> = alts.iter().map(String::as_str).collect();
            let _ = annotate(&s, BcsqLayout::default(), "A", &alts);
            let _ = protein_change(&s, &[]);
            let _ = protein_change(&s, &["frameshift_variant".to_string()]);
        }
    }
}
