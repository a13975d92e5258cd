//! Mutational signatures against real data in ../shared (skipped when absent):
//! SigProfilerMatrixGenerator's expected SBS6/SBS96 catalogues, and
//! SigProfilerAssignment's synthetic scenario 8 (1,000 samples, 3 signatures,
//! known exposures).

mod common;

use std::path::Path;

use oncoprofile::signatures::{catalogue, fit, reference, table, variants, Catalogue, Kind};
use rayon::prelude::*;

fn sum(list: &[(String, Catalogue)]) -> Catalogue {
    let mut c = Catalogue::default();
    list.iter().for_each(|(_, x)| c.merge(x));
    c
}

#[test]
fn sbs96_and_sbs6_equal_sigprofiler_matrixgenerator() {
    let Some(dir) = common::shared("signatures/sigprofiler-matrixgenerator/GRCh37") else {
        return;
    };
    let list = variants::read_context_list(&dir.join("GRCh37_bench.vcf")).expect("variant list");
    let cat = sum(&list);
    assert_eq!(cat.unplaced, 0);
    let expected = table::read(&dir.join("expected/test_example.SBS96.all")).expect("SBS96.all");
    assert_eq!(expected.kind, Kind::Sbs96);
    let ours: Vec<f64> = cat.sbs96.iter().map(|&n| n as f64).collect();
    assert_eq!(ours, expected.values[0], "SBS96 row by row");
    // SBS6 straight from the file (its rows are not an SBS96/DBS/ID table).
    let text = std::fs::read_to_string(dir.join("expected/test_example.SBS6.all")).expect("SBS6.all");
    let six: Vec<(String, u64)> = text
        .lines()
        .skip(1)
        .map(|l| {
            let (k, v) = l.split_once('\t').expect("two columns");
            (k.to_string(), v.trim().parse().expect("count"))
        })
        .collect();
    let ours6: Vec<(String, u64)> = catalogue::SBS6.iter().map(|s| s.to_string()).zip(cat.sbs6()).collect();
    assert_eq!(ours6, six);
    assert_eq!(cat.sbs6(), [413, 390, 830, 257, 361, 179]);
    println!(
        "SBS6 {:?}, SBS96 equal on all 96 rows ({} SNVs)",
        cat.sbs6(),
        cat.snvs()
    );
}

/// Ground-truth exposures: rows are signatures, columns samples.
fn truth(path: &Path) -> (Vec<String>, Vec<String>, Vec<Vec<f64>>) {
    let text = std::fs::read_to_string(path).expect("exposures");
    let mut lines = text.lines();
    let unq = |s: &str| s.trim().trim_matches('"').to_string();
    let samples: Vec<String> = lines.next().expect("header").split(',').skip(1).map(unq).collect();
    let (mut sigs, mut rows) = (vec![], vec![]);
    for l in lines.filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = l.split(',').collect();
        sigs.push(unq(f[0]));
        rows.push(
            f[1..]
                .iter()
                .map(|v| v.trim().parse::<f64>().expect("number"))
                .collect(),
        );
    }
    (sigs, samples, rows)
}

fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    cov / (va * vb).sqrt()
}

/// Recovery floors for scenario 8 (3 signatures, ~1,500–42,000 SNVs a sample):
/// exposures must correlate with the truth at r ≥ 0.95, and at most 5 % of
/// the signatures given > 5 % of a sample's mutations may be absent from it.
const MIN_CORRELATION: f64 = 0.95;
const MAX_FALSE_SHARE: f64 = 0.05;

#[test]
fn scenario8_recovery() {
    let Some(dir) = common::shared("signatures/sigprofiler-assignment-scenario8") else {
        return;
    };
    let set = reference::read_file(&dir.join("ground.truth.syn.sigs.csv"), Some("scenario8")).expect("signatures");
    let matrix = table::read(&dir.join("Samples.txt")).expect("matrix");
    let (sigs, samples, true_x) = truth(&dir.join("ground.truth.syn.exposures.csv"));
    assert_eq!(matrix.columns.len(), 1000);
    let fitter = set.fitter();
    let fits: Vec<fit::Fit> = matrix.values.par_iter().map(|c| fitter.fit(c, 0, 7)).collect();
    let (mut ours, mut theirs) = (vec![], vec![]);
    let (mut called, mut false_calls) = (0usize, 0usize);
    for (s, f) in matrix.columns.iter().zip(&fits) {
        let j = samples.iter().position(|x| x == s).expect("sample in the truth");
        let x = f.exposures.as_ref().expect("every sample has > 100 SNVs");
        for (k, name) in set.names.iter().enumerate() {
            let t = true_x[sigs.iter().position(|n| n == name).expect("signature in the truth")][j];
            ours.push(x[k]);
            theirs.push(t);
            if x[k] > 0.05 * f.mutations {
                called += 1;
                false_calls += usize::from(t == 0.0);
            }
        }
    }
    let r = pearson(&ours, &theirs);
    let false_share = false_calls as f64 / called as f64;
    let mean_cos = fits.iter().filter_map(|f| f.cosine).sum::<f64>() / fits.len() as f64;
    println!(
        "scenario8: r = {r:.4}, false signatures above 5 %: {false_calls}/{called} = {:.2} %, mean cosine {mean_cos:.4}",
        100.0 * false_share
    );
    assert!(r >= MIN_CORRELATION, "r = {r}");
    assert!(false_share <= MAX_FALSE_SHARE, "false share {false_share}");
}
