//! What a variant does to the protein ([`Effect`]), from its consequence terms and protein change:
//! the facts the classification rules test.

use crate::kb::{parse_simple_change, VariantClass};
use crate::model::Annotation;

const SPLICE: &[&str] = &[
    "splice_acceptor_variant",
    "splice_donor_variant",
    "splice_donor_5th_base_variant",
    "splice_donor_region_variant",
    "exon_loss_variant",
];
const INFRAME_DEL: &[&str] = &[
    "inframe_deletion",
    "disruptive_inframe_deletion",
    "conservative_inframe_deletion",
];
const INFRAME_INS: &[&str] = &[
    "inframe_insertion",
    "disruptive_inframe_insertion",
    "conservative_inframe_insertion",
];

fn any_in(cons: &[String], set: &[&str]) -> bool {
    cons.iter().any(|c| set.contains(&c.as_str()))
}

/// What the variant does to the protein, from its consequences and protein change.
#[derive(Debug, Clone, Default)]
pub(super) struct Effect {
    pub(super) truncating: bool,
    pub(super) missense: bool,
    pub(super) nonsense: bool,
    pub(super) inframe_del: bool,
    pub(super) inframe_ins: bool,
    pub(super) splice: bool,
    pub(super) nonsynonymous: bool,
    /// Protein span (first, last affected position).
    pub(super) span: Option<(u32, u32)>,
    /// One-letter change without `p.` (`G12D`), for simple substitutions.
    pub(super) simple: Option<(char, u32, char)>,
    pub(super) change: Option<String>,
}

impl Effect {
    pub(super) fn of(ann: &Annotation) -> Effect {
        let cons = &ann.consequences;
        // The HGVS one-letter form: a legacy `p.Q1276X` is read as the stop `p.Q1276*`.
        let change = ann.protein_change.as_deref().map(|p| {
            let p = crate::protein::normalise_hgvs(p).unwrap_or_else(|| p.to_string());
            p.strip_prefix("p.").unwrap_or(&p).to_string()
        });
        let simple = change.as_deref().and_then(parse_simple_change);
        let protein_altering = cons.iter().any(|c| c == "protein_altering_variant");
        let ch = change.as_deref().unwrap_or("");
        let is_fs = ch.contains("fs");
        let missense = any_in(cons, &["missense_variant"])
            || (protein_altering && simple.is_some_and(|(r, _, a)| r != a && a != '*'));
        let inframe_del = any_in(cons, INFRAME_DEL) || (protein_altering && !is_fs && ch.contains("del"));
        let inframe_ins =
            any_in(cons, INFRAME_INS) || (protein_altering && !is_fs && (ch.contains("ins") || ch.contains("dup")));
        let span = protein_span(ann, change.as_deref());
        Effect {
            truncating: crate::so::is_truncating(cons),
            missense,
            nonsense: any_in(cons, &["stop_gained"]),
            inframe_del,
            inframe_ins,
            splice: any_in(cons, SPLICE),
            nonsynonymous: crate::so::is_coding_nonsynonymous(cons),
            span,
            simple,
            change,
        }
    }

    pub(super) fn accepts(&self, class: VariantClass) -> bool {
        match class {
            VariantClass::Missense => self.missense,
            VariantClass::Nonsense => self.nonsense,
            VariantClass::InframeDeletion => self.inframe_del,
            VariantClass::InframeInsertion => self.inframe_ins,
            VariantClass::Inframe => self.inframe_del || self.inframe_ins,
            VariantClass::MissenseOrInframe => self.missense || self.inframe_del || self.inframe_ins,
            VariantClass::Splice => self.splice,
            VariantClass::Truncating => self.truncating,
        }
    }
}

/// All numbers of a short protein change (`E746_A750del` → 746, 750).
fn numbers(s: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut cur = String::new();
    // Stop at fs / ext tails: `K132Nfs*5` must not yield 5.
    let body = s.split("fs").next().unwrap_or(s);
    let body = body.split("ext").next().unwrap_or(body);
    for c in body.chars() {
        if c.is_ascii_digit() {
            cur.push(c);
        } else if !cur.is_empty() {
            if let Ok(n) = cur.parse() {
                out.push(n);
            }
            cur.clear();
        }
    }
    if let Ok(n) = cur.parse() {
        out.push(n);
    }
    out
}

fn protein_span(ann: &Annotation, change: Option<&str>) -> Option<(u32, u32)> {
    let nums = change.map(numbers).unwrap_or_default();
    // `p.770_771insNPG` style: positions only.
    let first = ann.protein_position.or_else(|| nums.first().copied())?;
    let last = nums.iter().copied().filter(|&n| n >= first).max().unwrap_or(first);
    // Only trust the end from the change when it is a range of the same change (`_`).
    let last = if change.is_some_and(|c| c.contains('_')) {
        last
    } else {
        first
    };
    Some((first, last.max(first)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_ignore_frameshift_tail() {
        assert_eq!(numbers("K132Nfs*5"), vec![132]);
        assert_eq!(numbers("E746_A750del"), vec![746, 750]);
        assert_eq!(numbers("770_771insNPG"), vec![770, 771]);
    }
}
