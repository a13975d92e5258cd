//! The signatures heatmap of the cohort page: reference signatures (rows) × patients with an SBS96
//! fit (columns), each cell's shade the signature's share of the patient's catalogue. A patient
//! with too few mutations for a fit gets a hatched column saying so, never a shade.

use super::CohortPatient;
use serde::Serialize;
use std::collections::BTreeMap;

/// Signatures shown (rows): those attributed in most patients.
pub(crate) const MAX_SIGNATURES: usize = 20;
const ROW_H: u32 = 14;

#[derive(Serialize)]
struct HeatCell {
    x: u32,
    y: u32,
    /// Share of the catalogue, 0–1 (the fill's opacity).
    opacity: f64,
    title: String,
}

#[derive(Serialize)]
struct HeatRow {
    signature: String,
    y: u32,
    patients: usize,
}

#[derive(Serialize)]
struct Thin {
    x: u32,
    title: String,
}

#[derive(Serialize)]
pub(super) struct Heatmap {
    rows: Vec<HeatRow>,
    cells: Vec<HeatCell>,
    thin: Vec<Thin>,
    cell_w: u32,
    width: u32,
    height: u32,
    patients: usize,
    references: Vec<String>,
}

/// The heatmap, or None when no report carries an SBS96 fit.
pub(super) fn heatmap(patients: &[CohortPatient]) -> Option<Heatmap> {
    let fitted: Vec<(&CohortPatient, &super::PatientSignatures)> = patients
        .iter()
        .filter(|p| p.ok)
        .filter_map(|p| p.signatures.as_ref().map(|s| (p, s)))
        .collect();
    if fitted.is_empty() {
        return None;
    }
    let mut seen: BTreeMap<&str, (usize, f64)> = BTreeMap::new();
    for (_, s) in &fitted {
        for (sig, share) in &s.shares {
            let e = seen.entry(sig.as_str()).or_default();
            e.0 += 1;
            e.1 += share;
        }
    }
    let mut sigs: Vec<(&str, usize, f64)> = seen.into_iter().map(|(k, (n, t))| (k, n, t)).collect();
    sigs.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.total_cmp(&a.2)).then(a.0.cmp(b.0)));
    sigs.truncate(MAX_SIGNATURES);
    sigs.sort_by_key(|a| natural(a.0));
    let cell_w = (900 / fitted.len()).clamp(3, 16) as u32;
    let mut cells = Vec::new();
    let mut thin = Vec::new();
    for (ci, (p, s)) in fitted.iter().enumerate() {
        let x = ci as u32 * cell_w;
        if !s.note.is_empty() {
            thin.push(Thin {
                x,
                title: format!("{}: {} ({:.0} mutations)", p.patient, s.note, s.mutations),
            });
            continue;
        }
        for (ri, (sig, _, _)) in sigs.iter().enumerate() {
            let share = s.shares.iter().find(|(k, _)| k == sig).map(|(_, v)| *v).unwrap_or(0.0);
            cells.push(HeatCell {
                x,
                y: ri as u32 * ROW_H,
                opacity: (share.clamp(0.0, 1.0) * 100.0).round() / 100.0,
                title: format!(
                    "{}: {sig} {:.0} % of {:.0} mutations ({})",
                    p.patient,
                    share * 100.0,
                    s.mutations,
                    s.reference
                ),
            });
        }
    }
    let mut references: Vec<String> = fitted.iter().map(|(_, s)| s.reference.clone()).collect();
    references.sort();
    references.dedup();
    Some(Heatmap {
        rows: sigs
            .iter()
            .enumerate()
            .map(|(i, (s, n, _))| HeatRow {
                signature: s.to_string(),
                y: i as u32 * ROW_H,
                patients: *n,
            })
            .collect(),
        cells,
        thin,
        cell_w,
        width: fitted.len() as u32 * cell_w,
        height: sigs.len().max(1) as u32 * ROW_H,
        patients: fitted.len(),
        references,
    })
}

/// `SBS10a` sorts after `SBS2`: the letters, the number, the suffix.
fn natural(s: &str) -> (String, u64, String) {
    let head: String = s.chars().take_while(|c| !c.is_ascii_digit()).collect();
    let rest = &s[head.len()..];
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    let tail = rest[digits.len()..].to_string();
    (head, digits.parse().unwrap_or(0), tail)
}

#[cfg(test)]
mod tests {
    #[test]
    fn signatures_sort_by_number() {
        let mut v = vec!["SBS10a", "SBS2", "SBS1", "SBS13", "DBS2"];
        v.sort_by_key(|s| super::natural(s));
        assert_eq!(v, ["DBS2", "SBS1", "SBS2", "SBS10a", "SBS13"]);
    }
}
