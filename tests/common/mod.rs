//! Small harness shared by the integration tests: run the binary, parse its JSON,
//! locate fixtures and the optional `../shared` data.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

/// Option sets: (name, extra arguments). Paths are relative to the crate root so that reports
/// do not depend on where the checkout lives.
pub const OPTION_SETS: &[(&str, &[&str])] = &[
    ("default", &[]),
    (
        "nec_wes_all",
        &["--tumor-type", "NEC", "--assay", "WES", "--all-variants"],
    ),
    (
        "coad_targets_ref",
        &[
            "--tumor-type",
            "COADREAD",
            "--targets",
            "test-data/biomarkers/targets.bed",
            "--reference",
            "test-data/biomarkers/ref.fa",
        ],
    ),
];

/// Every VCF, BCF and MAF fixture below `dir`, in sorted order.
pub fn input_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            input_files(&p, out);
        } else {
            let n = p.to_string_lossy();
            if n.ends_with(".vcf")
                || n.ends_with(".vcf.gz")
                || n.ends_with(".bcf")
                || n.ends_with(".maf")
                || n.ends_with(".maf.gz")
            {
                out.push(p);
            }
        }
    }
}

/// Report options that list every allele the file has: all filters off, every variant listed.
pub const ALL: [&str; 8] = [
    "--all-variants",
    "--include-filtered",
    "--min-depth",
    "0",
    "--min-alt-reads",
    "0",
    "--min-vaf",
    "0",
];

/// True when `name --version` runs; otherwise prints why the caller's test is skipped.
pub fn tool(name: &str) -> bool {
    let ok = std::process::Command::new(name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("SKIPPED: {name} is not installed");
    }
    ok
}

/// A JSON file (a report, a cohort summary) as a value.
pub fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("readable")).expect("JSON")
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(rel: &str) -> PathBuf {
    root().join("test-data").join(rel)
}

/// `../shared/data/<rel>`, or None (with a message) when the shared folder is absent.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = root().join("../shared/data").join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "SKIPPED: {} is absent (../shared not checked out beside the project)",
            p.display()
        );
        None
    }
}

pub fn bin() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("oncoprofile").expect("binary built")
}

/// Run `oncoprofile` with `args`; returns the output.
pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("ran")
}

/// Run `oncoprofile report <file> <extra…>` and parse the JSON on stdout; panics with stderr on failure.
pub fn report(file: &Path, extra: &[&str]) -> Value {
    let mut args: Vec<String> = vec!["report".into(), file.display().to_string(), "--quiet".into()];
    args.extend(extra.iter().map(|s| s.to_string()));
    let out = bin().args(&args).output().expect("ran");
    assert!(
        out.status.success(),
        "report {} failed ({:?}): {}",
        file.display(),
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON report")
}

/// The alteration at `pos` (first ALT listed there).
pub fn alteration_at(r: &Value, pos: u64) -> &Value {
    r["alterations"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["pos"].as_u64() == Some(pos)))
        .unwrap_or_else(|| panic!("no alteration at {pos}"))
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Validate a report against the committed JSON Schema.
pub fn assert_schema_valid(v: &Value) {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("schemas/report.schema.json")).expect("schema file"))
            .expect("schema JSON");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let errors: Vec<String> = validator
        .iter_errors(v)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .take(5)
        .collect();
    assert!(errors.is_empty(), "report does not match schema: {errors:?}");
}

/// Write a made-up SBS96 reference set (invented profiles named like COSMIC signatures, not COSMIC
/// data) with the named columns: "SBS6" puts its weight on C>T and T>C, "SBS3" spreads evenly,
/// "SBS4" on C>A.
pub fn write_made_up_sbs96(path: &Path, names: &[&str]) {
    let mut s = format!("Type\t{}\n", names.join("\t"));
    for l in oncoprofile::signatures::Kind::Sbs96.labels() {
        let sub = &l[2..5];
        s.push_str(&l);
        for n in names {
            let w = match *n {
                "SBS6" if sub == "C>T" || sub == "T>C" => 1.0 / 32.0,
                "SBS3" => 1.0 / 96.0,
                "SBS4" if sub == "C>A" => 1.0 / 16.0,
                "SBS6" | "SBS4" => 0.0,
                other => panic!("no made-up profile for {other}"),
            };
            s.push_str(&format!("\t{w}"));
        }
        s.push('\n');
    }
    std::fs::write(path, s).expect("reference written");
}
