//! `kb import signatures` and `oncoprofile signatures` on a made-up reference
//! (written here: three invented profiles, no COSMIC data) and a matrix mixed
//! from it, plus the scenario 8 refit from ../shared when present.

mod common;

use std::path::Path;

use oncoprofile::signatures::Kind;

/// Three invented SBS96 profiles (not COSMIC signatures).
fn profiles() -> Vec<Vec<f64>> {
    (0..3)
        .map(|k| {
            let p: Vec<f64> = (0..96).map(|i| ((i * (k + 2) + k) % 11) as f64 + 0.1).collect();
            let s: f64 = p.iter().sum();
            p.into_iter().map(|v| v / s).collect()
        })
        .collect()
}

fn write_reference(path: &Path) {
    let mut s = String::from("Type\tSigA\tSigB\tSigC\r\n");
    let p = profiles();
    for (i, l) in Kind::Sbs96.labels().iter().enumerate() {
        s.push_str(&format!("{l}\t{}\t{}\t{}\r\n", p[0][i], p[1][i], p[2][i]));
    }
    std::fs::write(path, s).unwrap();
}

/// Samples: (name, exposures of SigA, SigB, SigC).
const MIX: [(&str, [f64; 3]); 3] = [
    ("p1", [600.0, 0.0, 400.0]),
    ("p2", [0.0, 2000.0, 0.0]),
    ("p3", [20.0, 30.0, 0.0]),
];

fn write_matrix(path: &Path) {
    let p = profiles();
    let mut s = format!("MutationType\t{}\n", MIX.map(|m| m.0).join("\t"));
    for (i, l) in Kind::Sbs96.labels().iter().enumerate() {
        s.push_str(l);
        for (_, x) in MIX {
            let v: f64 = (0..3).map(|k| x[k] * p[k][i]).sum();
            s.push_str(&format!("\t{}", v.round()));
        }
        s.push('\n');
    }
    std::fs::write(path, s).unwrap();
}

fn rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

#[test]
fn import_then_refit_a_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let refp = dir.path().join("COSMIC_v3.9_SBS_GRCh38.txt");
    write_reference(&refp);
    let kb = dir.path().join("sigs");
    let out = common::bin()
        .args(["kb", "import", "signatures"])
        .arg(&refp)
        .arg("--out")
        .arg(&kb)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("SBS96: 3 signatures, version 3.9, sha256 "), "{out}");
    let manifest = std::fs::read_to_string(kb.join("signatures.tsv")).unwrap();
    assert!(
        manifest.lines().nth(1).unwrap().starts_with("SBS96.tsv\tSBS96\t3.9\t"),
        "{manifest}"
    );

    let kb2 = dir.path().join("sigs2");
    common::bin()
        .args(["kb", "import", "signatures"])
        .arg(&refp)
        .arg("--out")
        .arg(&kb2)
        .args(["--set-version", "3.9-local"])
        .assert()
        .success();
    let manifest2 = std::fs::read_to_string(kb2.join("signatures.tsv")).unwrap();
    assert!(manifest2.contains("\tSBS96\t3.9-local\t"), "{manifest2}");

    let m = dir.path().join("m.tsv");
    write_matrix(&m);
    let exp = dir.path().join("exposures.tsv");
    common::bin()
        .arg("signatures")
        .arg(&m)
        .arg("--signatures")
        .arg(&kb)
        .arg("-o")
        .arg(&exp)
        .args(["--bootstrap", "50"])
        .assert()
        .success();
    let t = rows(&std::fs::read_to_string(&exp).unwrap());
    assert_eq!(
        t[0],
        "sample SigA SigB SigC mutations cosine_similarity note SigA_low SigA_high SigB_low SigB_high SigC_low SigC_high"
            .split(' ')
            .collect::<Vec<_>>()
    );
    for (row, (name, truth)) in t[1..3].iter().zip(MIX) {
        assert_eq!(row[0], name);
        let x: Vec<f64> = row[1..4].iter().map(|v| v.parse().unwrap()).collect();
        let muts: f64 = row[4].parse().unwrap();
        assert!(
            (x.iter().sum::<f64>() - muts).abs() < 0.05,
            "exposures add up to the mutations: {row:?}"
        );
        for k in 0..3 {
            assert!((x[k] - truth[k]).abs() <= 0.03 * muts, "{name}: {x:?} vs {truth:?}");
            let (lo, hi): (f64, f64) = (row[7 + 2 * k].parse().unwrap(), row[8 + 2 * k].parse().unwrap());
            assert!(
                lo <= x[k] + 0.01 && x[k] <= hi + 0.01,
                "{name}: {} not in [{lo}, {hi}]",
                x[k]
            );
        }
        assert!(row[5].parse::<f64>().unwrap() > 0.99);
    }
    assert_eq!(t[3][0], "p3");
    assert_eq!(t[3][1..4], ["NA", "NA", "NA"]);
    assert_eq!(t[3][6], "not enough mutations");
    // Deterministic at any thread count.
    let again = common::bin()
        .arg("signatures")
        .arg(&m)
        .arg("--signatures")
        .arg(&refp)
        .args(["-o", "-", "--bootstrap", "50", "--threads", "1"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(again).unwrap(),
        std::fs::read_to_string(&exp).unwrap()
    );
}

#[test]
fn bad_inputs_are_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let refp = dir.path().join("ref.txt");
    write_reference(&refp);
    let m = dir.path().join("m.tsv");
    std::fs::write(&m, "MutationType\tS1\nA[C>A]A\tx\n").unwrap();
    let out = common::bin()
        .arg("signatures")
        .arg(&m)
        .arg("--signatures")
        .arg(&refp)
        .args(["-o", "-"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let e = String::from_utf8(out).unwrap();
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(
        e.contains("m.tsv: line 2: field S1: \"x\" is not a non-negative number"),
        "{e}"
    );
}

#[test]
fn scenario8_refit_from_the_command_line() {
    let Some(dir) = common::shared("signatures/sigprofiler-assignment-scenario8") else {
        return;
    };
    let out = common::bin()
        .arg("signatures")
        .arg(dir.join("Samples.txt"))
        .arg("--signatures")
        .arg(dir.join("ground.truth.syn.sigs.csv"))
        .args(["-o", "-"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let t = rows(&String::from_utf8(out).unwrap());
    assert_eq!(t.len(), 1001);
    assert_eq!(t[1][..4], ["SP.Syn.Abst.1", "1239.60", "2952.35", "2600.05"]);
}
