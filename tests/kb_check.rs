//! `oncoprofile kb check DIR` and `report --annotations DIR` refuse a knowledge base
//! that would change clinical output: a copy made by `kb export`, then mutated.

mod common;
use common::root;
use std::path::Path;
use std::process::Command;

/// Run the binary; returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_oncoprofile"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("ran");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn export(dir: &Path) {
    let (code, _, err) = run(&["kb", "export", &dir.display().to_string()]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn kb_check_refuses_a_negative_tmb_threshold() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("kb");
    export(&dir);
    let d = dir.display().to_string();
    let (code, out, err) = run(&["kb", "check", &d]);
    assert_eq!(code, 0, "exported copy is valid: {out}{err}");

    let path = dir.join("thresholds.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains("[tmb_high]\nvalue = 10.0\n"));
    std::fs::write(
        &path,
        text.replacen("[tmb_high]\nvalue = 10.0\n", "[tmb_high]\nvalue = -10.0\n", 1),
    )
    .expect("write");
    let (code, _, err) = run(&["kb", "check", &d]);
    assert_eq!(code, 3, "{err}");
    let want = format!(
        "{}:6:9: [tmb_high] value -10 is out of range: mutations per Mb must be > 0 and ≤ 1000",
        path.display()
    );
    assert!(err.lines().any(|l| l == want), "{err}");
    assert!(err.contains("1 error(s)"), "{err}");

    // The same knowledge base is refused by `report --annotations`.
    let (code, out, err) = run(&["report", "test-data/demo/demo_nec.vcf.gz", "--annotations", &d]);
    assert_eq!(code, 3, "{out}{err}");
    assert!(err.contains(&want), "{err}");
    assert!(out.is_empty(), "no report is written: {out}");
}

#[test]
fn kb_check_refuses_an_empty_therapy_table_and_unknown_files() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("kb");
    export(&dir);
    let d = dir.display().to_string();
    std::fs::write(dir.join("therapies.tsv"), "").expect("write");
    std::fs::write(dir.join("hotspot.tsv"), "gene\n").expect("write");
    let (code, _, err) = run(&["kb", "check", &d]);
    assert_eq!(code, 3, "{err}");
    let empty = format!(
        "{}:1:1: empty file: no data rows (a knowledge base needs at least one)",
        dir.join("therapies.tsv").display()
    );
    assert!(err.lines().any(|l| l == empty), "{err}");
    let unknown = format!(
        "{}:0:0: unknown file in a knowledge-base directory",
        dir.join("hotspot.tsv").display()
    );
    assert!(err.lines().any(|l| l.starts_with(&unknown)), "{err}");
}

/// The project's own `annotations/` is a knowledge-base directory like any other: every file in it
/// is one `kb check` knows (the embedded-only tables included), and it checks clean.
#[test]
fn the_projects_annotations_directory_checks_clean() {
    let (code, out, err) = run(&["kb", "check", "annotations"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!err.contains("unknown file"), "{err}");
}
