//! The cohort page built one patient at a time: counters over every patient (gene frequencies,
//! one TMB value each, totals) and the [`MAX_SHOWN`] most altered patients kept for the
//! oncoprint and the table, so that a cohort of 100,000 never sits in memory.

use super::{CohortPatient, Totals};
use crate::report::render::RenderOptions;
use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BinaryHeap};

/// Patients drawn in the oncoprint and listed in the table at most. The browser test's 1,000
/// alteration-rich synthetic patients make a 2.4 MB page; 1,000 keeps any cohort's page near that,
/// under the 5 MB the issue allows, and the oncoprint's cells at least 1 px wide on a phone.
pub(crate) const MAX_SHOWN: usize = 1000;
/// Failed patients listed in the table at most (besides the shown ones).
pub(crate) const MAX_FAILED_SHOWN: usize = 200;

/// A patient in the running for a place on the page: more drivers, then more drawn alterations,
/// then earlier in the input wins.
struct Ranked {
    drivers: usize,
    alterations: usize,
    seq: usize,
    patient: CohortPatient,
}

impl Ranked {
    fn key(&self) -> (usize, usize, Reverse<usize>) {
        (self.drivers, self.alterations, Reverse(self.seq))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

/// The page's state while the patients stream by.
pub(crate) struct CohortPage {
    cap: usize,
    seq: usize,
    failed: usize,
    ok: usize,
    /// Gene → (patients with a drawn alteration, patients with a driver in it), every patient.
    genes: BTreeMap<String, (usize, usize)>,
    /// Every finite TMB value (the histogram's bins adapt to all of them).
    tmb: Vec<f64>,
    /// The `cap` most altered patients so far (a min-heap: the weakest on top).
    best: BinaryHeap<Reverse<Ranked>>,
    failures: Vec<(usize, CohortPatient)>,
}

impl CohortPage {
    /// A page that shows at most `cap` patients with a report ([`MAX_SHOWN`] in the CLI).
    pub(crate) fn new(cap: usize) -> CohortPage {
        CohortPage {
            cap: cap.max(1),
            seq: 0,
            failed: 0,
            ok: 0,
            genes: BTreeMap::new(),
            tmb: Vec::new(),
            best: BinaryHeap::new(),
            failures: Vec::new(),
        }
    }

    /// Count one patient, and keep it when it is among the most altered so far.
    pub(crate) fn add(&mut self, p: CohortPatient) {
        let seq = self.seq;
        self.seq += 1;
        if let Some(v) = p.tmb_value.filter(|v| v.is_finite()) {
            self.tmb.push(v);
        }
        if !p.ok {
            self.failed += 1;
            if self.failures.len() < MAX_FAILED_SHOWN {
                self.failures.push((seq, p));
            }
            return;
        }
        self.ok += 1;
        let mut genes: Vec<(&str, bool)> = p.alterations.iter().map(|a| (a.gene.as_str(), a.driver)).collect();
        genes.sort_by(|a, b| a.0.cmp(b.0).then(b.1.cmp(&a.1)));
        genes.dedup_by(|a, b| a.0 == b.0);
        for (g, driver) in genes {
            let e = match self.genes.get_mut(g) {
                Some(e) => e,
                None => self.genes.entry(g.to_string()).or_default(),
            };
            e.0 += 1;
            e.1 += usize::from(driver);
        }
        let r = Ranked {
            drivers: p.alterations.iter().filter(|a| a.driver).count(),
            alterations: p.alterations.len(),
            seq,
            patient: p,
        };
        if self.best.len() < self.cap {
            self.best.push(Reverse(r));
        } else if self.best.peek().is_some_and(|Reverse(w)| r > *w) {
            self.best.pop();
            self.best.push(Reverse(r));
        }
    }

    /// Render the page: the kept patients in input order, the counts over all.
    pub(crate) fn render(self, ro: &RenderOptions) -> Result<String, minijinja::Error> {
        let mut kept: Vec<(usize, CohortPatient)> =
            self.best.into_iter().map(|Reverse(r)| (r.seq, r.patient)).collect();
        kept.extend(self.failures);
        kept.sort_by_key(|(seq, _)| *seq);
        let shown: Vec<CohortPatient> = kept.into_iter().map(|(_, p)| p).collect();
        let totals = Totals {
            patients: self.seq,
            failed: self.failed,
            ok: self.ok,
            genes: &self.genes,
            tmb: &self.tmb,
        };
        super::render_page(&shown, &totals, ro)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::cohort_html::{AltClass, CohortAlteration};

    fn patient(i: usize, drivers: usize, vus: usize) -> CohortPatient {
        let alt = |g: &str, driver: bool| CohortAlteration {
            gene: g.to_string(),
            class: AltClass::Missense,
            label: format!("{g} p.X1Y"),
            oncogenicity: if driver { "oncogenic" } else { "VUS" },
            driver,
        };
        let mut alterations: Vec<CohortAlteration> = (0..drivers).map(|k| alt(&format!("D{k}"), true)).collect();
        alterations.extend((0..vus).map(|k| alt(&format!("V{k}"), false)));
        CohortPatient {
            patient: format!("P{i:05}"),
            ok: true,
            tmb_value: Some(i as f64),
            alterations,
            ..Default::default()
        }
    }

    #[test]
    fn keeps_the_most_altered_and_counts_everyone() {
        let mut page = CohortPage::new(3);
        // P00000..P00009: patient i has i % 4 drivers and one VUS; P00010 fails.
        for i in 0..10 {
            page.add(patient(i, i % 4, 1));
        }
        page.add(CohortPatient {
            patient: "F".into(),
            error: Some("bad".into()),
            ..Default::default()
        });
        assert_eq!((page.ok, page.failed, page.seq), (10, 1, 11));
        // D0 is in every patient with ≥ 1 driver: 1,2,3,5,6,7,9 → 7; V0 in all 10.
        assert_eq!(page.genes["D0"], (7, 7));
        assert_eq!(page.genes["V0"], (10, 0));
        assert_eq!(page.tmb.len(), 10);
        // The 3 kept: 3 drivers each (P00003, P00007), then the earliest with 2 (P00002).
        let mut kept: Vec<String> = page.best.iter().map(|Reverse(r)| r.patient.patient.clone()).collect();
        kept.sort();
        assert_eq!(kept, ["P00002", "P00003", "P00007"]);
    }
}
