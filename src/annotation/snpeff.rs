//! SnpEff `INFO/ANN` (VCF annotation standard) and legacy `INFO/EFF`.
//!
//! ANN: `Allele | Annotation | Annotation_Impact | Gene_Name | Gene_ID |
//! Feature_Type | Feature_ID | Transcript_BioType | Rank | HGVS.c | HGVS.p |
//! cDNA.pos / cDNA.length | CDS.pos / CDS.length | AA.pos / AA.length |
//! Distance | ERRORS / WARNINGS / INFO`.
//!
//! EFF: `Effect ( Effect_Impact | Functional_Class | Codon_Change |
//! Amino_Acid_Change | Amino_Acid_Length | Gene_Name | Transcript_BioType |
//! Gene_Coding | Transcript_ID | Exon_Rank | Genotype_Number [ | ERRORS | WARNINGS ] )`
//! (SnpEff 3 omits Amino_Acid_Length).

use super::error::AnnotationError;
use super::population;
use super::vep::AlleleKeys;
use crate::model::{Annotation, AnnotationSource};
use crate::protein::{first_number, percent_decode, short_protein_change};
use crate::so::{class_and_rank, location_class};
use crate::so::{impact_of, joined_rank, legacy_effect_to_so, normalise_term, sort_by_severity};

/// Sort key of a SnpEff candidate: location class, severity, file order.
type Key = (u8, u32, usize);

fn ann_level(alt: &str, r: &str, trimmed: &str, allele: &str, single: bool) -> Option<usize> {
    if alt == "*" {
        return None;
    }
    let allele = allele.trim();
    if allele.eq_ignore_ascii_case(alt) {
        return Some(0);
    }
    if let Some((a, b)) = allele.split_once('-') {
        // Cancer mode: `ALT-REF` (the ALT relative to the germline REF).
        if a.eq_ignore_ascii_case(alt) && b.eq_ignore_ascii_case(r) {
            return Some(0);
        }
        if !a.is_empty() {
            return None;
        }
    }
    if allele.eq_ignore_ascii_case(trimmed) {
        return Some(1);
    }
    single.then_some(2)
}

fn pick_best<'a>(best: &[[Option<(Key, &'a str)>; 3]], ai: usize) -> Option<&'a str> {
    best[ai].iter().flatten().next().map(|(_, e)| *e)
}

fn offer<'a>(slot: &mut Option<(Key, &'a str)>, k: Key, entry: &'a str) {
    if slot.as_ref().is_none_or(|(b, _)| k < *b) {
        *slot = Some((k, entry));
    }
}

/// Annotate from an `ANN` value.
pub(crate) fn annotate_ann(
    ann: &str,
    info: &str,
    r: &str,
    alts: &[&str],
) -> Result<Vec<Option<Annotation>>, AnnotationError> {
    let mut out = vec![None; alts.len()];
    if ann.is_empty() || ann == "." || alts.is_empty() {
        return Ok(out);
    }
    let keys = AlleleKeys::new(r, alts);
    let mut best: Vec<[Option<(Key, &str)>; 3]> = vec![[None, None, None]; alts.len()];
    let mut usable = 0;
    for (index, entry) in crate::text::split_byte(ann, b',').enumerate() {
        let mut it = crate::text::split_byte(entry, b'|');
        let (Some(allele), Some(effect)) = (it.next(), it.next()) else {
            continue;
        };
        if effect.trim().is_empty() {
            continue;
        }
        usable += 1;
        let _impact = it.next();
        let _gene = it.next();
        let _gene_id = it.next();
        let feature_type = it.next().unwrap_or("").trim();
        let _feature = it.next();
        let biotype = it.next().unwrap_or("").trim();
        let is_transcript = feature_type.is_empty() || feature_type.eq_ignore_ascii_case("transcript");
        let coding = biotype.eq_ignore_ascii_case("protein_coding") || biotype.eq_ignore_ascii_case("Coding");
        let (class, rank) = class_and_rank(is_transcript, coding, effect);
        let k: Key = (class, rank, index);
        for (ai, alt) in alts.iter().enumerate() {
            if let Some(level) = ann_level(alt, r, keys.trimmed_of(ai), allele, alts.len() == 1) {
                offer(&mut best[ai][level], k, entry);
            }
        }
    }
    if usable == 0 {
        return Err(AnnotationError::Ann);
    }
    let mut af: Option<population::MaxAf> = None;
    for (ai, slot) in out.iter_mut().enumerate() {
        if let Some(entry) = pick_best(&best, ai) {
            let af = af.get_or_insert_with(|| population::from_info(info));
            *slot = Some(build_ann(entry, af));
        }
    }
    Ok(out)
}

fn build_ann(entry: &str, af: &population::MaxAf) -> Annotation {
    let f: Vec<&str> = entry.split('|').collect();
    let get = |i: usize| f.get(i).map(|s| s.trim()).filter(|s| !s.is_empty());
    let mut consequences: Vec<String> = get(1)
        .unwrap_or("")
        .split('&')
        .map(|t| normalise_term(t.trim()).to_string())
        .filter(|t| !t.is_empty())
        .collect();
    sort_by_severity(&mut consequences);
    let intergenic = consequences
        .iter()
        .all(|c| c == "intergenic_variant" || c == "conserved_intergenic_variant");
    let is_transcript = get(5).is_none_or(|t| t.eq_ignore_ascii_case("transcript"));
    let gene = if intergenic {
        None
    } else {
        get(3).or(get(4)).map(str::to_string)
    };
    let hgvsp = get(10).map(|s| percent_decode(s).into_owned());
    let protein_change = hgvsp.as_deref().and_then(short_protein_change);
    let protein_position = get(13)
        .and_then(first_number)
        .or_else(|| protein_change.as_deref().and_then(first_number));
    let intronic = consequences
        .iter()
        .any(|c| c == "intron_variant" || c == "conserved_intron_variant");
    Annotation {
        source: Some(AnnotationSource::Snpeff),
        gene,
        transcript: if is_transcript {
            get(6).map(str::to_string)
        } else {
            None
        },
        impact: get(2)
            .map(str::to_string)
            .or_else(|| consequences.first().map(|c| impact_of(c).to_string())),
        consequences,
        hgvsc: get(9).map(|s| percent_decode(s).into_owned()),
        hgvsp,
        protein_change,
        protein_position,
        exon: if intronic { None } else { get(8).map(str::to_string) },
        canonical: false,
        mane_select: false,
        population_af: af.value,
        population_af_field: af.field.clone(),
    }
}

/// Legacy EFF field positions inside the parentheses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EffLayout {
    /// SnpEff ≥ 4 (and 3.x with `Amino_Acid_length`): 11 fields; older: 10.
    pub(crate) with_aa_length: bool,
}

impl EffLayout {
    pub(crate) fn from_description(desc: &str) -> EffLayout {
        EffLayout {
            with_aa_length: desc.to_ascii_lowercase().contains("amino_acid_length"),
        }
    }
    fn idx(&self, i: usize) -> usize {
        // Fields after Amino_Acid_Change shift by one when Amino_Acid_Length is present.
        if self.with_aa_length || i <= 3 {
            i
        } else {
            i - 1
        }
    }
    const GENE: usize = 5;
    const BIOTYPE: usize = 6;
    const CODING: usize = 7;
    const TRANSCRIPT: usize = 8;
    const EXON: usize = 9;
    const GENOTYPE: usize = 10;
}

fn split_eff(entry: &str) -> Option<(&str, &str)> {
    let open = entry.find('(')?;
    let close = entry.rfind(')').filter(|c| *c > open).unwrap_or(entry.len());
    Some((entry[..open].trim(), &entry[open + 1..close]))
}

/// Annotate from an `EFF` value.
pub(crate) fn annotate_eff(
    eff: &str,
    layout: EffLayout,
    info: &str,
    alts: &[&str],
) -> Result<Vec<Option<Annotation>>, AnnotationError> {
    let mut out = vec![None; alts.len()];
    if eff.is_empty() || eff == "." || alts.is_empty() {
        return Ok(out);
    }
    let mut best: Vec<[Option<(Key, &str)>; 3]> = vec![[None, None, None]; alts.len()];
    let mut usable = 0;
    for (index, entry) in eff.split(',').enumerate() {
        let Some((effect, inner)) = split_eff(entry) else {
            continue;
        };
        if effect.is_empty() {
            continue;
        }
        usable += 1;
        let fields: Vec<&str> = inner.split('|').collect();
        let get = |i: usize| fields.get(layout.idx(i)).map(|s| s.trim()).unwrap_or("");
        let terms: Vec<String> = effect
            .split(['+', '&'])
            .map(|e| legacy_effect_to_so(e.trim()))
            .collect();
        let severity = terms
            .iter()
            .map(|t| joined_rank(t))
            .min()
            .unwrap_or(crate::so::UNKNOWN_RANK);
        let biotype = get(EffLayout::BIOTYPE);
        let coding = biotype == "protein_coding" || (biotype.is_empty() && get(EffLayout::CODING) == "CODING");
        let class = terms.iter().map(|t| location_class(true, coding, t)).min().unwrap_or(3);
        let k: Key = (class, severity, index);
        let gt = get(EffLayout::GENOTYPE);
        let num: Option<usize> = gt.split('-').next().and_then(|g| g.trim().parse().ok());
        for ai in 0..alts.len() {
            if alts[ai] == "*" {
                continue;
            }
            let level = match num {
                Some(n) if (1..=alts.len()).contains(&n) => (n == ai + 1).then_some(0),
                _ if alts.len() == 1 => Some(2),
                _ => None,
            };
            if let Some(level) = level {
                offer(&mut best[ai][level], k, entry);
            }
        }
    }
    if usable == 0 {
        return Err(AnnotationError::Eff);
    }
    let mut af: Option<population::MaxAf> = None;
    for (ai, slot) in out.iter_mut().enumerate() {
        if let Some(entry) = pick_best(&best, ai) {
            let af = af.get_or_insert_with(|| population::from_info(info));
            *slot = build_eff(entry, layout, af);
        }
    }
    Ok(out)
}

fn build_eff(entry: &str, layout: EffLayout, af: &population::MaxAf) -> Option<Annotation> {
    let (effect, inner) = split_eff(entry)?;
    let fields: Vec<&str> = inner.split('|').collect();
    let get = |i: usize| fields.get(layout.idx(i)).map(|s| s.trim()).filter(|s| !s.is_empty());
    let mut consequences: Vec<String> = effect
        .split(['+', '&'])
        .map(|e| legacy_effect_to_so(e.trim()))
        .filter(|t| !t.is_empty())
        .collect();
    sort_by_severity(&mut consequences);
    let mut hgvsp = None;
    let mut hgvsc = None;
    let mut protein_change = None;
    if let Some(aa) = get(3) {
        for part in aa.split('/') {
            let part = part.trim();
            if part.starts_with("p.") {
                hgvsp = Some(percent_decode(part).into_owned());
            } else if part.starts_with("c.") || part.starts_with("n.") {
                hgvsc = Some(part.to_string());
            }
        }
        protein_change = match &hgvsp {
            Some(p) => short_protein_change(p),
            None => {
                let first = aa.split('/').next().unwrap_or("").trim();
                let ok = first
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '*')
                    && first.chars().any(|c| c.is_ascii_digit());
                if ok {
                    short_protein_change(&format!("p.{first}"))
                } else {
                    None
                }
            }
        };
    }
    let intergenic = consequences
        .iter()
        .all(|c| c == "intergenic_variant" || c == "conserved_intergenic_variant");
    let intronic = consequences
        .iter()
        .any(|c| c == "intron_variant" || c == "conserved_intron_variant");
    Some(Annotation {
        source: Some(AnnotationSource::Snpeff),
        gene: if intergenic {
            None
        } else {
            get(EffLayout::GENE).map(str::to_string)
        },
        transcript: get(EffLayout::TRANSCRIPT).map(str::to_string),
        impact: get(0)
            .map(str::to_string)
            .or_else(|| consequences.first().map(|c| impact_of(c).to_string())),
        protein_position: protein_change.as_deref().and_then(first_number),
        consequences,
        hgvsc,
        hgvsp,
        protein_change,
        exon: if intronic {
            None
        } else {
            get(EffLayout::EXON).map(str::to_string)
        },
        canonical: false,
        mane_select: false,
        population_af: af.value,
        population_af_field: af.field.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANN_BRAF: &str = "A|missense_variant|MODERATE|BRAF|ENSG00000157764|transcript|ENST00000496384.1|protein_coding|6/9|c.863T>A|p.Val288Glu|863/1350|863/1350|288/449||,\
A|missense_variant|MODERATE|BRAF|ENSG00000157764|transcript|ENST00000288602.6|protein_coding|15/18|c.1799T>A|p.Val600Glu|1860/2480|1799/2301|600/766||,\
A|non_coding_transcript_exon_variant|MODIFIER|BRAF|ENSG00000157764|transcript|ENST00000479537.1|retained_intron|2/3|n.321T>A||||||";

    #[test]
    fn ann_picks_first_protein_coding_most_severe() {
        let r = annotate_ann(ANN_BRAF, "DP=10;dbNSFP_ExAC_AF=0.0001", "T", &["A"]).unwrap();
        let a = r[0].as_ref().unwrap();
        // Both missense, both protein_coding: file order decides.
        assert_eq!(a.transcript.as_deref(), Some("ENST00000496384.1"));
        assert_eq!(a.protein_change.as_deref(), Some("p.V288E"));
        assert_eq!(a.protein_position, Some(288));
        assert_eq!(a.exon.as_deref(), Some("6/9"));
        assert_eq!(a.gene.as_deref(), Some("BRAF"));
        assert_eq!(a.source, Some(AnnotationSource::Snpeff));
        assert_eq!(a.population_af, Some(0.0001));
        assert_eq!(a.population_af_field.as_deref(), Some("dbNSFP_ExAC_AF"));
    }

    #[test]
    fn ann_prefers_protein_coding_and_matches_alleles() {
        let ann = "G|stop_gained|HIGH|X|G1|transcript|T_nmd|nonsense_mediated_decay|2/5|c.1A>G|p.Trp1Ter|||||,\
G|synonymous_variant|LOW|X|G1|transcript|T_pc|protein_coding|2/5|c.3A>G|p.Leu1Leu|||||,\
AT|frameshift_variant|HIGH|Y|G2|transcript|T2|protein_coding|3/4|c.10dupT|p.Lys4fs|||4/100||";
        let r = annotate_ann(ann, "", "A", &["G", "AT"]).unwrap();
        assert_eq!(r[0].as_ref().unwrap().transcript.as_deref(), Some("T_pc"));
        let b = r[1].as_ref().unwrap();
        assert_eq!(b.transcript.as_deref(), Some("T2"));
        assert_eq!(b.consequences, vec!["frameshift_variant"]);
        assert_eq!(b.protein_change.as_deref(), Some("p.K4fs"));
        assert_eq!(b.protein_position, Some(4));
    }

    #[test]
    fn ann_cancer_allele_and_intron_rank() {
        let ann = "T-C|intron_variant|MODIFIER|TP53|ENSG00000141510|transcript|ENST00000269305.8|protein_coding|4/10|c.376-2A>G||||||";
        let r = annotate_ann(ann, "", "C", &["T"]).unwrap();
        let a = r[0].as_ref().unwrap();
        assert_eq!(a.exon, None);
        assert_eq!(a.gene.as_deref(), Some("TP53"));
        // an allele for another ALT is not used
        let r = annotate_ann(
            "G|missense_variant|MODERATE|X|G|transcript|T|protein_coding|1/1||||||",
            "",
            "C",
            &["T", "A"],
        )
        .unwrap();
        assert_eq!(r, vec![None, None]);
        assert!(annotate_ann("garbage", "", "C", &["T"]).is_err());
    }

    #[test]
    fn eff_legacy() {
        let eff = "NON_SYNONYMOUS_CODING(MODERATE|MISSENSE|gTg/gAg|V600E|766|BRAF|protein_coding|CODING|ENST00000288602|15|1),\
UPSTREAM(MODIFIER||||766|BRAF|protein_coding|CODING|ENST00000479537||1)";
        let layout = EffLayout { with_aa_length: true };
        let r = annotate_eff(eff, layout, "", &["A"]).unwrap();
        let a = r[0].as_ref().unwrap();
        assert_eq!(a.consequences, vec!["missense_variant"]);
        assert_eq!(a.protein_change.as_deref(), Some("p.V600E"));
        assert_eq!(a.protein_position, Some(600));
        assert_eq!(a.gene.as_deref(), Some("BRAF"));
        assert_eq!(a.transcript.as_deref(), Some("ENST00000288602"));
        assert_eq!(a.exon.as_deref(), Some("15"));
        assert_eq!(a.impact.as_deref(), Some("MODERATE"));

        let eff2 = "FRAME_SHIFT(HIGH||-/T|p.Lys132fs/c.394_395insT|300|GENE1|protein_coding|CODING|T1|4|2),\
CODON_DELETION(MODERATE||gagaac/|p.Glu746_Ala750del/c.2235_2249del15|1210|EGFR|protein_coding|CODING|ENST00000275493|19|1)";
        let r = annotate_eff(eff2, layout, "", &["AGAGAAC", "AT"]).unwrap();
        let a = r[0].as_ref().unwrap();
        assert_eq!(a.consequences, vec!["inframe_deletion"]);
        assert_eq!(a.protein_change.as_deref(), Some("p.E746_A750del"));
        assert_eq!(a.hgvsp.as_deref(), Some("p.Glu746_Ala750del"));
        assert_eq!(a.hgvsc.as_deref(), Some("c.2235_2249del15"));
        let b = r[1].as_ref().unwrap();
        assert_eq!(b.consequences, vec!["frameshift_variant"]);
        assert_eq!(b.protein_change.as_deref(), Some("p.K132fs"));

        // SnpEff 3 layout without Amino_Acid_length
        let old = EffLayout::from_description("Predicted effects for this variant.Format: 'Effect ( Effect_Impact | Functional_Class | Codon_Change | Amino_Acid_change| Gene_Name | Gene_BioType | Coding | Transcript | Exon  [ | ERRORS | WARNINGS ] )'");
        assert!(!old.with_aa_length);
        let r = annotate_eff(
            "STOP_GAINED(HIGH|NONSENSE|Cga/Tga|R213*|TP53|protein_coding|CODING|ENST00000269305|6)",
            old,
            "",
            &["A"],
        )
        .unwrap();
        let a = r[0].as_ref().unwrap();
        assert_eq!(a.protein_change.as_deref(), Some("p.R213*"));
        assert_eq!(a.gene.as_deref(), Some("TP53"));
        assert_eq!(a.exon.as_deref(), Some("6"));
    }
}
