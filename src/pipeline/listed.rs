//! The listed alterations of one patient while the file streams, kept compact: the only part of
//! the pipeline's state that grows with the input.
//!
//! - Each chunk's alterations stay in the chunk's own vector (one per oncogenicity level, in file
//!   order); merging moves the vectors, so the list is never regrown, doubled or copied.
//! - Evidence texts the alterations repeat (sources, rule reasons) are interned as they are
//!   merged: one allocation per distinct text. Gene roles, pathways and gene-level reasons are
//!   shared from the start (made once per gene in the knowledge-base index, `kb::GeneTexts`).
//! - Vectors inside an alteration are trimmed to their length.
//!
//! [`Listed::into_ordered`] then builds the report order (strongest call first, then file order)
//! in one buffer of the exact size, with ids assigned in place.

use crate::model::{Alteration, Call, Oncogenicity, Shared, Variant};
use std::collections::HashSet;

/// Oncogenicity levels, in [`Oncogenicity`] order.
const LEVELS: usize = 4;

/// The slot of a level (an exhaustive match: a new level cannot be left without one).
fn slot(o: Oncogenicity) -> usize {
    match o {
        Oncogenicity::Oncogenic => 0,
        Oncogenicity::LikelyOncogenic => 1,
        Oncogenicity::Vus => 2,
        Oncogenicity::LikelyBenign => 3,
    }
}

#[derive(Default)]
pub(super) struct Listed {
    /// Per oncogenicity level, the chunks' vectors in file order.
    levels: [Vec<Vec<Alteration>>; LEVELS],
    len: usize,
    /// One copy of each shared text of the merged alterations.
    shared: HashSet<Shared>,
}

impl Listed {
    pub fn len(&self) -> usize {
        self.len
    }

    /// One alteration of this chunk, after the ones before it (its id is set by [`Listed::into_ordered`]).
    pub fn push(&mut self, variant: Variant, call: Call) {
        let level = &mut self.levels[slot(call.oncogenicity)];
        if level.is_empty() {
            level.push(Vec::new());
        }
        if let Some(run) = level.last_mut() {
            run.push(Alteration {
                id: String::new(),
                variant,
                call,
            });
            self.len += 1;
        }
    }

    /// A later chunk's alterations, after these: its vectors are moved (trimmed), never copied
    /// element by element into a growing list; their shared texts are interned.
    pub fn append(&mut self, later: Listed) {
        for (mine, theirs) in self.levels.iter_mut().zip(later.levels) {
            for mut run in theirs {
                if run.is_empty() {
                    continue;
                }
                for a in &mut run {
                    compact(&mut self.shared, a);
                }
                exact(&mut run);
                mine.push(run);
            }
        }
        self.len += later.len;
    }

    /// Strongest calls first, then file order (record, then ALT); ids `A1`, `A2`, … follow that
    /// order.
    pub fn into_ordered(self) -> Vec<Alteration> {
        let Listed { levels, len, shared } = self;
        drop(shared);
        let mut out: Vec<Alteration> = Vec::with_capacity(len);
        let key = |a: &Alteration| (a.variant.record_no, a.variant.alt_index);
        for level in levels {
            let start = out.len();
            for mut run in level {
                out.append(&mut run);
            }
            // Chunks merge in file order, so each level is normally in order already.
            let part = &mut out[start..];
            if !part.is_sorted_by_key(key) {
                part.sort_by_key(key);
            }
        }
        for (i, a) in out.iter_mut().enumerate() {
            a.id = format!("A{}", i + 1);
        }
        out
    }
}

/// Intern an alteration's evidence texts and trim its vectors.
fn compact(shared: &mut HashSet<Shared>, a: &mut Alteration) {
    let call = &mut a.call;
    // Gene roles and pathways come shared already (one copy per gene: `kb::GeneTexts`).
    for e in &mut call.evidence {
        intern(shared, &mut e.reason);
        intern(shared, &mut e.source);
    }
    exact(&mut call.pathways);
    exact(&mut call.evidence);
    exact(&mut call.classes);
    exact(&mut a.variant.filters);
    if let Some(ann) = &mut a.variant.annotation {
        exact(&mut ann.consequences);
    }
}

/// Replace `s` by the set's copy of the same text, or make it the set's copy.
fn intern(shared: &mut HashSet<Shared>, s: &mut Shared) {
    match shared.get(&**s) {
        Some(x) => *s = x.clone(),
        None => {
            shared.insert(s.clone());
        }
    }
}

/// Shrink a vector's allocation to its length (a new allocation: allocators keep a block that
/// shrinks in place by less than half).
fn exact<T>(v: &mut Vec<T>) {
    if v.capacity() > v.len() {
        let mut e = Vec::with_capacity(v.len());
        e.append(v);
        *v = e;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CallerRepeat, Evidence, SampleDepth};

    fn alt(record_no: u64, alt_index: usize, onc: Oncogenicity, source: &str) -> (Variant, Call) {
        let v = Variant {
            chrom: "1".into(),
            pos: record_no,
            ref_allele: "A".into(),
            alt: "T".into(),
            alt_index,
            record_no,
            filters: vec![],
            tumor: SampleDepth::default(),
            normal: None,
            somatic_flag: None,
            repeat: CallerRepeat::default(),
            annotation: None,
        };
        let c = Call {
            oncogenicity: onc,
            driver: onc.is_driver(),
            gene_role: Some("oncogene".into()),
            pathways: vec!["RTK_RAS".into()],
            evidence: vec![Evidence {
                reason: format!("record {record_no}").into(),
                source: source.into(),
            }],
            hotspot: None,
            classes: vec![],
            reportable: true,
        };
        (v, c)
    }

    fn chunk(items: &[(u64, usize, Oncogenicity)]) -> Listed {
        let mut l = Listed::default();
        for &(r, i, o) in items {
            let (v, c) = alt(r, i, o, "PMID 1");
            l.push(v, c);
        }
        l
    }

    #[test]
    fn strongest_first_then_file_order_with_ids_in_that_order() {
        use Oncogenicity::*;
        let mut total = Listed::default();
        total.append(chunk(&[(1, 1, Vus), (2, 1, Oncogenic), (2, 2, Vus)]));
        total.append(chunk(&[(5, 1, LikelyOncogenic), (7, 1, Oncogenic), (8, 1, Vus)]));
        assert_eq!(total.len(), 6);
        let out = total.into_ordered();
        let got: Vec<(&str, u64, usize)> = out
            .iter()
            .map(|a| (a.id.as_str(), a.variant.record_no, a.variant.alt_index))
            .collect();
        assert_eq!(
            got,
            vec![
                ("A1", 2, 1),
                ("A2", 7, 1),
                ("A3", 5, 1),
                ("A4", 1, 1),
                ("A5", 2, 2),
                ("A6", 8, 1),
            ]
        );
    }

    #[test]
    fn out_of_order_chunks_are_sorted_and_texts_shared() {
        use Oncogenicity::*;
        let mut total = Listed::default();
        total.append(chunk(&[(9, 1, Vus)]));
        total.append(chunk(&[(3, 1, Vus), (4, 1, Vus)]));
        let out = total.into_ordered();
        let records: Vec<u64> = out.iter().map(|a| a.variant.record_no).collect();
        assert_eq!(records, vec![3, 4, 9]);
        let src = |a: &Alteration| a.call.evidence[0].source.clone();
        assert!(std::sync::Arc::ptr_eq(&src(&out[0]), &src(&out[2])));
        assert!(out.iter().all(|a| a.call.evidence.capacity() == 1));
    }
}
