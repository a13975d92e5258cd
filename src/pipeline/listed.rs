//! The listed alterations of one patient while the file streams, kept compact: the only part of
//! the pipeline's state that grows with the input.
//!
//! - The alterations a later stage reads ([`Needed`]: drivers, those of the MSI call's genes,
//!   those a therapy rule could match) are kept as they are. Every other one is handed to the
//!   report's spill ([`crate::report::spill::Rest`]) as the chunk is processed: converted to its
//!   report form, encoded, and past a threshold written to a temporary file, so memory stays flat
//!   however many alterations the file lists.
//! - Each chunk's kept alterations stay in the chunk's own vector (one per oncogenicity level, in
//!   file order); merging moves the vectors, so the list is never regrown, doubled or copied.
//! - Evidence texts the kept alterations repeat (sources, rule reasons) are interned as they are
//!   merged: one allocation per distinct text. Gene roles, pathways and gene-level reasons are
//!   shared from the start (made once per gene in the knowledge-base index, `kb::GeneTexts`).
//! - Vectors inside an alteration are trimmed to their length.
//!
//! [`Listed::into_ordered`] then builds the report order (strongest call first, then file order):
//! the kept alterations in one buffer of the exact size, with their ids and report places; the
//! spilled ones fill the other places of their level, in file order.

use crate::error::{Error, Result};
use crate::kb::KnowledgeBase;
use crate::model::{Alteration, Oncogenicity, Shared};
use crate::report::spill::{Rest, LEVELS};
use std::collections::HashSet;

/// The slot of a level (an exhaustive match: a new level cannot be left without one).
fn slot(o: Oncogenicity) -> usize {
    match o {
        Oncogenicity::Oncogenic => 0,
        Oncogenicity::LikelyOncogenic => 1,
        Oncogenicity::Vus => 2,
        Oncogenicity::LikelyBenign => 3,
    }
}

/// File order within a level: (record, ALT index).
type Key = (u64, u64);

fn key(a: &Alteration) -> Key {
    (a.variant.record_no, a.variant.alt_index as u64)
}

/// The contract between the stream and the stages after it: which listed alterations a later
/// stage reads. Those are kept whole; every other one goes straight to the report's spill, where
/// no stage can see it. Every stage that reads listed alterations declares it here, in
/// [`READERS`], and nowhere else: a stage missing from the table silently sees nothing.
/// `tests/listed_contract.rs` runs every fixture with every alteration kept
/// (`ONCOPROFILE_KEEP_ALL_LISTED=1`) and demands byte-identical reports.
pub(super) struct Needed<'a> {
    kb: &'a KnowledgeBase,
    rules: crate::therapies::RuleGenes,
    keep_all: bool,
}

/// A stage that reads listed alterations, and which ones.
struct Reader {
    /// Who reads, and what.
    stage: &'static str,
    reads: fn(&Needed<'_>, &Alteration) -> bool,
}

/// Every stage after reading that reads listed alterations.
const READERS: [Reader; 4] = [
    Reader {
        stage: "summary, interpretation and therapy matching: drivers",
        reads: |_, a| a.call.driver,
    },
    Reader {
        stage: "biomarkers, MSI: mismatch-repair and POLE/POLD1 genes (biomarkers::msi::reads)",
        reads: |_, a| crate::biomarkers::msi::reads(a),
    },
    Reader {
        stage: "therapy matching: any alteration a rule could trigger on (therapies::RuleGenes)",
        reads: |n, a| n.rules.may_trigger(n.kb, a),
    },
    Reader {
        stage: "germline screen: genes of the germline and clonal-haematopoiesis tables (germline::reads)",
        reads: |n, a| crate::germline::reads(n.kb, a),
    },
];

impl<'a> Needed<'a> {
    /// `keep_all`: keep every listed alteration (the contract's test).
    pub fn new(kb: &'a KnowledgeBase, keep_all: bool) -> Needed<'a> {
        Needed {
            kb,
            rules: crate::therapies::RuleGenes::new(kb),
            keep_all,
        }
    }

    pub(crate) fn of(&self, a: &Alteration) -> bool {
        self.keep_all || READERS.iter().any(|r| (r.reads)(self, a))
    }

    /// The stages that read listed alterations (logged at `ONCOPROFILE_LOG=debug`).
    pub(crate) fn readers() -> impl Iterator<Item = &'static str> {
        READERS.iter().map(|r| r.stage)
    }
}

/// The report order of the listed alterations ([`Listed::into_ordered`]).
pub(super) struct Ordered {
    /// The kept alterations, in report order with their ids.
    pub alterations: Vec<Alteration>,
    /// The report place (0-based) of each.
    pub(crate) places: Vec<u64>,
    /// The others: they fill the other places.
    pub(crate) rest: Rest,
}

#[derive(Default)]
pub(super) struct Listed {
    /// Per oncogenicity level, the chunks' vectors of kept alterations in file order, each with
    /// the number of spilled alterations of its level before it.
    levels: [Vec<Vec<(u64, Alteration)>>; LEVELS],
    /// The alterations no later stage reads.
    rest: Rest,
    len: usize,
    /// One copy of each shared text of the merged alterations.
    shared: HashSet<Shared>,
    /// Per level, the first and last alteration's place in the file.
    first: [Option<Key>; LEVELS],
    last: [Option<Key>; LEVELS],
    /// The alterations arrived out of file order (the engine never merges so; kept correct).
    disordered: bool,
}

impl Listed {
    /// A store whose spill holds `after` alterations in memory before writing them out (the
    /// default: [`crate::report::spill::spill_after`]).
    #[cfg(test)]
    pub(crate) fn with_threshold(after: usize) -> Listed {
        Listed {
            rest: Rest::with_threshold(after),
            ..Default::default()
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// The alterations held whole in memory (the ones a later stage reads); the others are
    /// encoded and, past a bound, spilled.
    pub(crate) fn kept(&self) -> usize {
        self.len
            .saturating_sub(usize::try_from(self.rest.len()).unwrap_or(usize::MAX))
    }

    /// One alteration of this chunk, after the ones before it (its id is set by
    /// [`Listed::into_ordered`]); `needed` when a later stage reads it ([`Needed`]).
    pub(crate) fn push(&mut self, a: Alteration, needed: bool) {
        let l = slot(a.call.oncogenicity);
        let k = key(&a);
        if self.last[l].is_some_and(|last| k <= last) {
            self.disordered = true;
        }
        self.first[l].get_or_insert(k);
        self.last[l] = Some(k);
        self.len += 1;
        if !needed {
            self.rest.push(l, a);
            return;
        }
        let before = self.rest.len_of(l);
        let level = &mut self.levels[l];
        if level.is_empty() {
            level.push(Vec::new());
        }
        if let Some(run) = level.last_mut() {
            run.push((before, a));
        }
    }

    /// A later chunk's alterations, after these: its vectors are moved (trimmed), never copied
    /// element by element into a growing list; their shared texts are interned; the others go to
    /// the spill.
    pub(crate) fn append(&mut self, later: Listed) {
        let Listed {
            levels,
            rest,
            len,
            shared: _,
            first,
            last,
            disordered,
        } = later;
        self.disordered |= disordered;
        for (l, (mine, theirs)) in self.levels.iter_mut().zip(levels).enumerate() {
            if let (Some(a), Some(b)) = (self.last[l], first[l]) {
                if b <= a {
                    self.disordered = true;
                }
            }
            if self.first[l].is_none() {
                self.first[l] = first[l];
            }
            if last[l].is_some() {
                self.last[l] = last[l];
            }
            let spilled = self.rest.len_of(l);
            for mut run in theirs {
                if run.is_empty() {
                    continue;
                }
                for (before, a) in &mut run {
                    *before += spilled;
                    compact(&mut self.shared, a);
                }
                exact(&mut run);
                mine.push(run);
            }
        }
        self.rest.append(rest);
        self.len += len;
    }

    /// Strongest calls first, then file order (record, then ALT); ids `A1`, `A2`, … follow that
    /// order. An error when the spill could not be written.
    pub(crate) fn into_ordered(self) -> Result<Ordered> {
        let Listed {
            levels,
            mut rest,
            disordered,
            ..
        } = self;
        if let Some(e) = rest.take_error() {
            return Err(spill_error(e));
        }
        let kept: usize = levels.iter().flatten().map(Vec::len).sum();
        let mut out: Vec<Alteration> = Vec::with_capacity(kept);
        let mut places: Vec<u64> = Vec::with_capacity(kept);
        let mut sorted_keys: Option<[Vec<Key>; LEVELS]> = None;
        if disordered {
            let (r, keys) = rest.into_sorted().map_err(spill_error)?;
            rest = r;
            sorted_keys = Some(keys);
        }
        let mut offset = 0u64;
        for (l, level) in levels.into_iter().enumerate() {
            let start = out.len();
            let mut befores: Vec<u64> = Vec::new();
            for run in level {
                for (before, a) in run {
                    befores.push(before);
                    out.push(a);
                }
            }
            if let Some(keys) = &sorted_keys {
                // Chunks merge in file order, so this is never needed by the engine's input.
                let part = &mut out[start..];
                part.sort_by_key(key);
                let spilled = &keys[l];
                befores = part
                    .iter()
                    .map(|a| spilled.partition_point(|k| *k < key(a)) as u64)
                    .collect();
            }
            for (j, (a, before)) in out[start..].iter_mut().zip(befores).enumerate() {
                let place = offset + j as u64 + before;
                a.id = format!("A{}", place + 1);
                places.push(place);
            }
            offset += (out.len() - start) as u64 + rest.len_of(l);
        }
        Ok(Ordered {
            alterations: out,
            places,
            rest,
        })
    }
}

fn spill_error(e: crate::report::spill::SpillError) -> Error {
    Error::Output {
        file: std::env::temp_dir(),
        reason: e.to_string(),
        cause: Some(Box::new(e)),
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
    use crate::model::{Call, CallerRepeat, Evidence, SampleDepth, Variant};
    use crate::report::spill::Alterations;
    use Oncogenicity::*;

    fn alt(record_no: u64, alt_index: usize, onc: Oncogenicity, source: &str) -> Alteration {
        let variant = Variant {
            chrom: "1".into(),
            pos: record_no,
            ref_allele: "A".into(),
            alt: ["T", "G", "C"][alt_index.saturating_sub(1) % 3].into(),
            alt_index,
            record_no,
            filters: vec![],
            tumor: SampleDepth::default(),
            normal: None,
            somatic_flag: None,
            repeat: CallerRepeat::default(),
            annotation: None,
        };
        let call = Call {
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
        Alteration {
            id: String::new(),
            variant,
            call,
        }
    }

    /// One chunk; `kept` decides which alterations a later stage "reads" (the others spill).
    fn chunk(items: &[(u64, usize, Oncogenicity)], after: usize, kept: fn(u64) -> bool) -> Listed {
        let mut l = Listed::with_threshold(after);
        for &(r, i, o) in items {
            l.push(alt(r, i, o, "PMID 1"), kept(r));
        }
        l
    }

    /// The whole report order as (id, record, ALT), kept and spilled together.
    fn report_order(o: Ordered) -> Vec<(String, u64, String)> {
        let kept = o
            .alterations
            .into_iter()
            .map(crate::report::alteration::alteration)
            .collect();
        let all = Alterations::new(kept, o.places, o.rest);
        all.iter()
            .map(|a| {
                let a = a.expect("read back");
                (a.id.clone(), a.record, a.alt.clone())
            })
            .collect()
    }

    fn ids(v: &[(&str, u64, &str)]) -> Vec<(String, u64, String)> {
        v.iter().map(|(i, r, a)| (i.to_string(), *r, a.to_string())).collect()
    }

    const FIRST: &[(u64, usize, Oncogenicity)] = &[(1, 1, Vus), (2, 1, Oncogenic), (2, 2, Vus)];
    const SECOND: &[(u64, usize, Oncogenicity)] = &[(5, 1, LikelyOncogenic), (7, 1, Oncogenic), (8, 1, Vus)];

    fn expected() -> Vec<(String, u64, String)> {
        ids(&[
            ("A1", 2, "T"),
            ("A2", 7, "T"),
            ("A3", 5, "T"),
            ("A4", 1, "T"),
            ("A5", 2, "G"),
            ("A6", 8, "T"),
        ])
    }

    #[test]
    fn strongest_first_then_file_order_with_ids_in_that_order() {
        let mut total = Listed::with_threshold(usize::MAX);
        total.append(chunk(FIRST, usize::MAX, |_| true));
        total.append(chunk(SECOND, usize::MAX, |_| true));
        assert_eq!(total.len(), 6);
        let o = total.into_ordered().expect("ordered");
        assert_eq!(o.places, vec![0, 1, 2, 3, 4, 5]);
        assert!(o.rest.is_empty());
        assert_eq!(report_order(o), expected());
    }

    #[test]
    fn spilled_alterations_fill_their_places_in_memory_and_on_disk() {
        // Records 2 and 8 are read by a later stage; the others only go to the report.
        let kept = |r: u64| r == 2 || r == 8;
        for after in [0, 1, usize::MAX] {
            let mut total = Listed::with_threshold(after);
            total.append(chunk(FIRST, after, kept));
            total.append(chunk(SECOND, after, kept));
            assert_eq!(total.len(), 6);
            let o = total.into_ordered().expect("ordered");
            // A1 (record 2, oncogenic), then A5 and A6 (record 2 ALT 2, record 8) among the VUS.
            let kept_ids: Vec<&str> = o.alterations.iter().map(|a| a.id.as_str()).collect();
            assert_eq!(kept_ids, vec!["A1", "A5", "A6"]);
            assert_eq!(o.places, vec![0, 4, 5]);
            assert_eq!(o.rest.len(), 3);
            assert_eq!(o.rest.spilled(), after < 3, "threshold {after}");
            assert_eq!(report_order(o), expected(), "threshold {after}");
        }
    }

    #[test]
    fn out_of_order_chunks_are_sorted_and_texts_shared() {
        let mut total = Listed::with_threshold(usize::MAX);
        total.append(chunk(&[(9, 1, Vus)], usize::MAX, |_| true));
        total.append(chunk(&[(3, 1, Vus), (4, 1, Vus)], usize::MAX, |_| true));
        let o = total.into_ordered().expect("ordered");
        let records: Vec<u64> = o.alterations.iter().map(|a| a.variant.record_no).collect();
        assert_eq!(records, vec![3, 4, 9]);
        let src = |a: &Alteration| a.call.evidence[0].source.clone();
        assert!(std::sync::Arc::ptr_eq(&src(&o.alterations[0]), &src(&o.alterations[2])));
        assert!(o.alterations.iter().all(|a| a.call.evidence.capacity() == 1));
    }

    #[test]
    fn out_of_order_chunks_with_a_spill_keep_ids_and_places() {
        // Kept: records 9 and 4; spilled: 3 and 10 (written out at once with threshold 0).
        let kept = |r: u64| r == 9 || r == 4;
        let mut total = Listed::with_threshold(0);
        total.append(chunk(&[(9, 1, Vus), (10, 1, Vus)], 0, kept));
        total.append(chunk(&[(3, 1, Vus), (4, 1, Vus)], 0, kept));
        let o = total.into_ordered().expect("ordered");
        let kept_ids: Vec<&str> = o.alterations.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(kept_ids, vec!["A2", "A3"]);
        assert_eq!(o.places, vec![1, 2]);
        assert_eq!(
            report_order(o),
            ids(&[("A1", 3, "T"), ("A2", 4, "T"), ("A3", 9, "T"), ("A4", 10, "T")])
        );
    }
}
