//! Conformance suite over the real files in `../shared/data/vcf/` (written by others).
//! Skipped, with a message, when `../shared` is absent.

mod common;
use common::*;
use std::path::PathBuf;

fn files(dir: &std::path::Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("readable dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let n = p.to_string_lossy();
            exts.iter().any(|e| n.ends_with(e))
        })
        .collect();
    v.sort();
    v
}

/// Every caller VCF in vcf2maf/, pvactools/ and bcftools-split-vep/ gives a schema-valid report.
#[test]
fn real_caller_files_give_schema_valid_reports() {
    for sub in ["vcf/vcf2maf", "vcf/pvactools", "vcf/bcftools-split-vep"] {
        let Some(dir) = shared(sub) else { return };
        let fs = files(&dir, &[".vcf", ".vcf.gz"]);
        assert!(fs.len() >= 5, "{sub}: only {} files", fs.len());
        for f in fs {
            let r = report(&f, &["--all-variants"]);
            assert_schema_valid(&r);
            assert_eq!(r["schema_version"], "1.5");
            assert!(r["disclaimer"].as_str().unwrap().starts_with("For research use only"));
        }
    }
}

/// hts-specs: every `passed/` file is read; every `failed/` file gives a one-line error (exit 2)
/// naming the file, or a report — never a panic or an internal error.
#[test]
fn hts_specs_conformance_never_panics() {
    let Some(root) = shared("vcf/hts-specs") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r.json");
    let mut n_passed = 0;
    let mut n_failed = 0;
    for ver in ["4.1", "4.2", "4.3", "4.5"] {
        let passed = root.join(ver).join("passed");
        if passed.exists() {
            for f in files(&passed, &[".vcf", ".vcf.gz"]) {
                let out = run(&["report", f.to_str().unwrap(), "--quiet", "-o", out.to_str().unwrap()]);
                assert_eq!(
                    out.status.code(),
                    Some(0),
                    "{} should be read: {}",
                    f.display(),
                    stderr(&out)
                );
                n_passed += 1;
            }
        }
        let failed = root.join(ver).join("failed");
        if failed.exists() {
            for f in files(&failed, &[".vcf", ".vcf.gz"]) {
                let out = run(&["report", f.to_str().unwrap(), "--quiet", "-o", out.to_str().unwrap()]);
                let code = out.status.code();
                assert!(
                    code == Some(0) || code == Some(2),
                    "{}: exit {:?}: {}",
                    f.display(),
                    code,
                    stderr(&out)
                );
                if code == Some(2) {
                    let e = stderr(&out);
                    assert_eq!(
                        e.trim_end().lines().count(),
                        1,
                        "{}: error must be one line: {e}",
                        f.display()
                    );
                    let name = f.file_name().unwrap().to_string_lossy().into_owned();
                    assert!(e.contains(&name), "{}: error must name the file: {e}", f.display());
                }
                n_failed += 1;
            }
        }
    }
    assert!(n_passed > 50 && n_failed > 50, "passed {n_passed}, failed {n_failed}");
}

/// Exact tumour depth/VAF per caller on real files.
#[test]
fn caller_depth_and_vaf_on_real_files() {
    let Some(dir) = shared("vcf/vcf2maf") else {
        return;
    };
    let all = common::ALL;
    // (file, pos, tumour sample, depth, alt depth, vaf)
    let cases: [(&str, u64, &str, u64, u64, f64); 7] = [
        // Strelka 1 tiers: TUMOR 58:0:0:0:56,57:0,0:2,2:0,0, ALT A → 56 of 58 tier-1 bases.
        ("test_strelka.vcf", 35944648, "TUMOR", 58, 56, 0.965517),
        // VarScan2: FREQ 38.46%, AD (alt reads) 35, DP 91.
        ("test_varscan.vcf", 1991014, "TUMOR", 91, 35, 0.3846),
        // MuTect1: AD 39,3, FA 0.071, DP 42.
        ("test_mutect.vcf", 204429832, "TUMOR", 42, 3, 0.071),
        // RADIA: DNA_TUMOR chosen over RNA_TUMOR; AF is per allele including REF (0.9,0.1).
        ("test_radia.vcf", 29651735, "DNA_TUMOR", 106, 11, 0.1),
        // SomaticSniper: BCOUNT 0,3,4,0 for C>G.
        ("test_sniper.vcf", 1233886, "TUMOR", 7, 4, 0.571429),
        // MuSE: tumour first column, AD 9,2, DP 11.
        ("test_muse.vcf", 1289197, "TUMOR", 11, 2, 0.181818),
        // AD with a missing REF count (.,21): VAF from DP 54.
        ("test_b38.vcf", 34792292, "TUMOR", 54, 21, 0.388889),
    ];
    for (file, pos, sample, depth, alt, vaf) in cases {
        let r = report(&dir.join(file), &all);
        assert_eq!(r["patient"]["tumor_sample"], sample, "{file}");
        let a = alteration_at(&r, pos);
        assert_eq!(a["depth"].as_u64(), Some(depth), "{file} depth");
        assert_eq!(a["alt_depth"].as_u64(), Some(alt), "{file} alt depth");
        assert!(
            (a["vaf"].as_f64().unwrap() - vaf).abs() < 1e-6,
            "{file} vaf {}",
            a["vaf"]
        );
    }
}

/// The report is byte-identical across thread counts and runs.
#[test]
fn deterministic_across_threads() {
    let Some(f) = shared("vcf/pvactools/full_input.vcf") else {
        return;
    };
    let a = run(&[
        "report",
        f.to_str().unwrap(),
        "--quiet",
        "--threads",
        "1",
        "--all-variants",
    ]);
    let b = run(&[
        "report",
        f.to_str().unwrap(),
        "--quiet",
        "--threads",
        "2",
        "--all-variants",
    ]);
    assert!(a.status.success(), "{}", stderr(&a));
    assert_eq!(a.stdout, b.stdout);
}
