//! Cohort refitting: a SigProfiler SBS96 matrix (one column per sample) fitted
//! sample by sample in parallel (rayon), written as an exposures table:
//! `sample`, one column per signature (mutations), `mutations`,
//! `cosine_similarity`, `note`, then with a bootstrap `<signature>_low` and
//! `<signature>_high` per signature (95 % interval). Each sample's bootstrap is
//! seeded from its name, so the table is the same at any thread count.

use rayon::prelude::*;

use super::fit::{Fit, Fitter};
use super::reference::SignatureSet;
use super::table::Table;

/// Seed of a sample's bootstrap: FNV-1a of its name.
pub(crate) fn seed_of(sample: &str) -> u64 {
    sample.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Fit every column of `matrix` (which must be of the set's kind).
pub fn refit(matrix: &Table, set: &SignatureSet, bootstrap: usize) -> Vec<Fit> {
    let fitter: Fitter = set.fitter();
    matrix
        .columns
        .par_iter()
        .zip(matrix.values.par_iter())
        .map(|(name, counts)| fitter.fit(counts, bootstrap, seed_of(name)))
        .collect()
}

/// The exposures table (TSV with header).
pub fn exposures_tsv(samples: &[String], set: &SignatureSet, fits: &[Fit], bootstrap: bool) -> String {
    let mut s = format!("sample\t{}\tmutations\tcosine_similarity\tnote", set.names.join("\t"));
    if bootstrap {
        for n in &set.names {
            s.push_str(&format!("\t{n}_low\t{n}_high"));
        }
    }
    s.push('\n');
    let na = |n: usize| vec!["NA"; n].join("\t");
    for (name, f) in samples.iter().zip(fits) {
        s.push_str(name);
        s.push('\t');
        match &f.exposures {
            Some(x) => s.push_str(&x.iter().map(|v| format!("{v:.2}")).collect::<Vec<_>>().join("\t")),
            None => s.push_str(&na(set.names.len())),
        }
        let cos = f.cosine.map_or("NA".to_string(), |c| format!("{c:.4}"));
        s.push_str(&format!("\t{}\t{cos}\t{}", f.mutations, f.note));
        if bootstrap {
            match &f.intervals {
                Some(ci) => ci
                    .iter()
                    .for_each(|(lo, hi)| s.push_str(&format!("\t{lo:.2}\t{hi:.2}"))),
                None => {
                    s.push('\t');
                    s.push_str(&na(2 * set.names.len()));
                }
            }
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signatures::Kind;

    #[test]
    fn table_columns_and_not_enough_rows() {
        let set = SignatureSet {
            kind: Kind::Sbs96,
            names: vec!["A".into(), "B".into()],
            profiles: vec![
                (0..96).map(|i| if i < 48 { 1.0 } else { 0.0 }).collect(),
                (0..96).map(|i| if i < 48 { 0.0 } else { 1.0 }).collect(),
            ],
            version: "t".into(),
            sha256: String::new(),
            source: String::new(),
        };
        let m = Table {
            kind: Kind::Sbs96,
            columns: vec!["s1".into(), "s2".into()],
            values: vec![(0..96).map(|i| if i < 48 { 3.0 } else { 1.0 }).collect(), vec![0.5; 96]],
        };
        let fits = refit(&m, &set, 0);
        let t = exposures_tsv(&m.columns, &set, &fits, false);
        assert_eq!(
            t,
            "sample\tA\tB\tmutations\tcosine_similarity\tnote\n\
             s1\t144.00\t48.00\t192\t1.0000\t\n\
             s2\tNA\tNA\t48\tNA\tnot enough mutations\n"
        );
        let fits = refit(&m, &set, 20);
        let t = exposures_tsv(&m.columns, &set, &fits, true);
        assert!(t.starts_with("sample\tA\tB\tmutations\tcosine_similarity\tnote\tA_low\tA_high\tB_low\tB_high\n"));
        assert!(
            t.lines()
                .nth(2)
                .unwrap()
                .ends_with("not enough mutations\tNA\tNA\tNA\tNA"),
            "{t}"
        );
        assert_eq!(refit(&m, &set, 20), fits, "seeded: the same twice");
    }
}
