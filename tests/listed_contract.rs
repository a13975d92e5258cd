//! The contract between the stream and the later stages (`pipeline::listed::Needed`): an
//! alteration no stage declares it reads goes straight to the report's spill. A stage that reads
//! alterations without declaring it would silently see fewer of them, and its report would
//! change when every alteration is kept. So: every fixture, with every option set of the golden
//! test (`common::OPTION_SETS`), once with `ONCOPROFILE_KEEP_ALL_LISTED=1` and once without; the reports must be
//! byte-identical (and both equal the golden report, which tests/golden.rs checks for the
//! default run).

mod common;
use common::{input_files, root, OPTION_SETS};
use std::path::Path;
use std::process::Command;

fn report(file: &Path, args: &[&str], keep_all: bool) -> (Option<i32>, Vec<u8>) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_oncoprofile"));
    c.current_dir(root()).arg("report").arg(file).args(args).arg("-q");
    // A small spill threshold, so that the spilled route is taken on small fixtures too.
    c.env("ONCOPROFILE_SPILL_AFTER", "0");
    if keep_all {
        c.env("ONCOPROFILE_KEEP_ALL_LISTED", "1");
    } else {
        c.env_remove("ONCOPROFILE_KEEP_ALL_LISTED");
    }
    let out = c.output().expect("ran");
    (out.status.code(), out.stdout)
}

#[test]
fn keeping_every_listed_alteration_changes_no_report() {
    let mut files = Vec::new();
    input_files(&root().join("test-data"), &mut files);
    assert!(files.len() > 40, "fixtures found: {}", files.len());
    let (mut compared, mut differ) = (0, Vec::new());
    for f in &files {
        let rel = f.strip_prefix(root()).unwrap_or(f);
        for (_, args) in OPTION_SETS {
            let (code, spilled) = report(rel, args, false);
            if code != Some(0) {
                continue;
            }
            let (code_all, kept) = report(rel, args, true);
            compared += 1;
            if code_all != code || kept != spilled {
                differ.push(format!("{} {}", rel.display(), args.join(" ")));
            }
        }
    }
    assert!(compared > 100, "reports compared: {compared}");
    assert!(
        differ.is_empty(),
        "reports that change when every alteration is kept: {differ:#?}"
    );
}
