//! Golden reports: the output of every fixture in `test-data/` (full JSON, under `tests/golden/`)
//! and of every VCF under `../shared/data/vcf/` (exit code and SHA-256 of the report, or the error
//! line, in `tests/golden/shared.tsv`), captured before a change that must not alter behaviour.
//!
//! Run with `UPDATE_GOLDEN=1` to rewrite the files after an intended change of output; review the
//! diff before committing it. The shared part is skipped, saying so, when `../shared` is absent.

mod common;
use common::{input_files, root, OPTION_SETS};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

fn update() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some()
}

/// Run the binary from the crate root; returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_oncoprofile"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("ran");
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn relative(p: &Path) -> String {
    p.strip_prefix(root()).unwrap_or(p).display().to_string()
}

/// One line describing a run: a report's hash, or the exit code and the error line.
fn outcome(code: i32, stdout: &[u8], stderr: &str) -> String {
    if code == 0 {
        format!("0\t{:x}", Sha256::digest(stdout))
    } else {
        let line = stderr
            .lines()
            .rev()
            .find(|l| l.contains("error"))
            .unwrap_or("")
            .to_string();
        format!("{code}\t{line}")
    }
}

fn compare_or_write(path: &Path, got: &str, failures: &mut Vec<String>) {
    if update() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, got).unwrap();
        return;
    }
    match std::fs::read_to_string(path) {
        Ok(want) if want == got => {}
        Ok(want) => {
            let first = want
                .lines()
                .zip(got.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(want.lines().count().min(got.lines().count()));
            failures.push(format!(
                "{}: differs from line {} (want {:?}, got {:?})",
                relative(path),
                first + 1,
                want.lines().nth(first),
                got.lines().nth(first)
            ));
        }
        Err(_) => failures.push(format!("{}: missing (run with UPDATE_GOLDEN=1)", relative(path))),
    }
}

#[test]
fn fixture_reports_are_unchanged() {
    let mut files = Vec::new();
    input_files(&root().join("test-data"), &mut files);
    assert!(files.len() > 30, "only {} fixtures", files.len());
    let golden = root().join("tests/golden/fixtures");
    let mut failures = Vec::new();
    for f in &files {
        let rel = relative(f);
        for (name, extra) in OPTION_SETS {
            let mut args = vec!["report", rel.as_str(), "--quiet"];
            args.extend_from_slice(extra);
            let (code, stdout, stderr) = run(&args);
            let text = if code == 0 {
                String::from_utf8(stdout).expect("UTF-8 report")
            } else {
                format!("exit {code}\n{stderr}")
            };
            let file = golden.join(format!("{}.{name}.txt", rel.replace('/', "__")));
            compare_or_write(&file, &text, &mut failures);
        }
    }
    assert!(
        failures.is_empty(),
        "{} golden reports differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn batch_outputs_are_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let (code, _, stderr) = run(&[
        "batch",
        "--manifest",
        "test-data/cohort/manifest.tsv",
        "--outdir",
        out.to_str().unwrap(),
        "--threads",
        "2",
        "--quiet",
    ]);
    let mut text = format!("exit {code}\n");
    let tmp_prefix = tmp.path().display().to_string();
    for l in stderr.lines() {
        text.push_str(&l.replace(&tmp_prefix, "TMP"));
        text.push('\n');
    }
    let mut names: Vec<PathBuf> = std::fs::read_dir(&out).unwrap().flatten().map(|e| e.path()).collect();
    names.sort();
    // The outdir's lock file stays after a run and holds the batch's pid: not an output.
    names.retain(|p| p.file_name().is_some_and(|n| n != ".oncoprofile.lock"));
    for p in names {
        let body = std::fs::read_to_string(&p).unwrap().replace(&tmp_prefix, "TMP");
        text.push_str(&format!("== {}\n", p.file_name().unwrap().to_string_lossy()));
        if p.extension().is_some_and(|e| e == "json") {
            text.push_str(&format!("{:x}\n", Sha256::digest(body.as_bytes())));
        } else {
            text.push_str(&body);
        }
    }
    let mut failures = Vec::new();
    compare_or_write(&root().join("tests/golden/batch_manifest.txt"), &text, &mut failures);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn shared_reports_are_unchanged() {
    let Some(dir) = common::shared("vcf") else { return };
    let mut files = Vec::new();
    input_files(&dir, &mut files);
    let mut text = String::new();
    for f in &files {
        let rel = format!("../shared/data/vcf/{}", f.strip_prefix(&dir).unwrap().display());
        for (name, extra) in &OPTION_SETS[..2] {
            let mut args = vec!["report", rel.as_str(), "--quiet"];
            args.extend_from_slice(extra);
            let (code, stdout, stderr) = run(&args);
            text.push_str(&format!("{rel}\t{name}\t{}\n", outcome(code, &stdout, &stderr)));
        }
    }
    let mut failures = Vec::new();
    let path = root().join("tests/golden/shared.tsv");
    if !update() {
        if let Ok(want) = std::fs::read_to_string(&path) {
            for (w, g) in want.lines().zip(text.lines()) {
                if w != g {
                    failures.push(format!("want {w}\n got {g}"));
                }
            }
            if want.lines().count() != text.lines().count() {
                failures.push(format!("{} lines, want {}", text.lines().count(), want.lines().count()));
            }
        } else {
            failures.push("tests/golden/shared.tsv missing (run with UPDATE_GOLDEN=1)".into());
        }
    } else {
        std::fs::write(&path, &text).unwrap();
    }
    assert!(
        failures.is_empty(),
        "{} shared reports differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
