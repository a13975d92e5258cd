//! Scenario cases: every folder `tests/cases/NAME/` holds an `input.vcf` and a
//! `case.toml` (schema in `tests/cases/README.md`). Each case runs
//! `oncoprofile report input.vcf --quiet <args>` and checks the JSON report
//! against the expectations. Cases marked `pending = "reason"` run too and their
//! status is printed, but only non-pending cases can fail the test.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use toml::Value as Toml;

fn cases_dir() -> PathBuf {
    common::root().join("tests").join("cases")
}

fn s<'a>(t: &'a Toml, key: &str) -> Option<&'a str> {
    t.get(key).and_then(Toml::as_str)
}

fn list<'a>(t: Option<&'a Toml>, key: &str) -> Vec<&'a Toml> {
    t.and_then(|t| t.get(key))
        .and_then(Toml::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

fn strings(t: Option<&Toml>, key: &str) -> Vec<String> {
    match t.and_then(|t| t.get(key)) {
        Some(Toml::String(x)) => vec![x.clone()],
        Some(Toml::Array(a)) => a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect(),
        _ => vec![],
    }
}

fn arr<'a>(v: &'a Value, path: &[&str]) -> Vec<&'a Value> {
    let mut cur = v;
    for p in path {
        cur = &cur[*p];
    }
    cur.as_array().map(|a| a.iter().collect()).unwrap_or_default()
}

fn contains_ci(hay: &str, needle: &str) -> bool {
    hay.to_ascii_lowercase().contains(&needle.to_ascii_lowercase())
}

/// Does a therapy entry match an expectation table (`therapy_contains`, `rule_id`,
/// `context`, `amp_tier`, `escat_tier`, `evidence_level`, `gene`, `note_contains`)?
fn therapy_matches(m: &Value, e: &Toml, report: &Value) -> bool {
    if let Some(x) = s(e, "therapy_contains") {
        if !contains_ci(m["therapy"].as_str().unwrap_or(""), x) {
            return false;
        }
    }
    for key in ["rule_id", "context", "amp_tier", "escat_tier", "evidence_level"] {
        if let Some(x) = s(e, key) {
            if m[key].as_str() != Some(x) {
                return false;
            }
        }
    }
    if let Some(x) = e.get("confirmation_required").and_then(Toml::as_bool) {
        if m["confirmation_required"].as_bool().unwrap_or(false) != x {
            return false;
        }
    }
    if let Some(x) = s(e, "note_contains") {
        if !contains_ci(m["note"].as_str().unwrap_or(""), x) {
            return false;
        }
    }
    if let Some(rule) = s(e, "rule_or_merged") {
        let note = m["note"].as_str().unwrap_or("");
        if m["rule_id"].as_str() != Some(rule) && !note.contains(rule) {
            return false;
        }
    }
    if let Some(g) = s(e, "gene") {
        let ids: Vec<&str> = m["alterations"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let hit = arr(report, &["alterations"])
            .iter()
            .any(|a| ids.contains(&a["id"].as_str().unwrap_or("")) && a["gene"].as_str() == Some(g));
        if !hit {
            return false;
        }
    }
    true
}

fn describe(e: &Toml) -> String {
    let mut parts = Vec::new();
    if let Some(t) = e.as_table() {
        for (k, v) in t {
            parts.push(format!("{k}={}", v));
        }
    }
    parts.join(", ")
}

/// A sensitivity entry demoted by a resistance alteration (ESCAT X, note starting `demoted`).
fn demoted(m: &Value) -> bool {
    m["escat_tier"].as_str() == Some("X")
}

/// A sensitivity entry resting on a low-confidence biomarker call.
fn to_confirm(m: &Value) -> bool {
    m["confirmation_required"].as_bool() == Some(true)
}

/// Checked for every case: a demoted entry shows its demotion (note starting `demoted`) and never
/// comes before a confirmed, undemoted one; an entry that needs confirmation never comes before
/// a confirmed one (the leading options are the first entries).
fn order_invariants(report: &Value) -> Vec<String> {
    let mut fails = Vec::new();
    let sens = arr(report, &["therapies", "sensitivity"]);
    let rank = |m: &Value| u8::from(to_confirm(m)) + 2 * u8::from(demoted(m));
    for w in sens.windows(2) {
        if rank(w[0]) > rank(w[1]) {
            fails.push(format!(
                "{} (demoted or to confirm) comes before {}",
                w[0]["rule_id"], w[1]["rule_id"]
            ));
        }
    }
    for m in sens.iter().filter(|m| demoted(m)) {
        if !m["note"].as_str().unwrap_or("").starts_with("demoted") {
            fails.push(format!(
                "{} has ESCAT X without a note starting \"demoted\"",
                m["rule_id"]
            ));
        }
    }
    fails
}

/// Check one report against a case; returns the list of failed expectations.
fn check(report: &Value, case: &Toml) -> Vec<String> {
    let mut fails = Vec::new();
    let expect = case.get("expect");

    // Alterations.
    for e in list(expect, "alteration") {
        let found = arr(report, &["alterations"]).into_iter().find(|a| {
            s(e, "gene").is_none_or(|g| a["gene"].as_str() == Some(g))
                && s(e, "protein_change").is_none_or(|p| a["protein_change"].as_str() == Some(p))
        });
        let Some(a) = found else {
            fails.push(format!("alteration not reported: {}", describe(e)));
            continue;
        };
        if let Some(o) = s(e, "oncogenicity") {
            if a["oncogenicity"].as_str() != Some(o) {
                fails.push(format!(
                    "{}: oncogenicity {} (expected {o})",
                    describe(e),
                    a["oncogenicity"]
                ));
            }
        }
        if let Some(d) = e.get("driver").and_then(Toml::as_bool) {
            if a["driver"].as_bool() != Some(d) {
                fails.push(format!("{}: driver {} (expected {d})", describe(e), a["driver"]));
            }
        }
        if let Some(h) = s(e, "hotspot") {
            if a["hotspot"].as_str() != Some(h) {
                fails.push(format!("{}: hotspot {} (expected {h})", describe(e), a["hotspot"]));
            }
        }
    }
    for e in list(expect, "no_alteration") {
        let found = arr(report, &["alterations"]).into_iter().any(|a| {
            s(e, "gene").is_none_or(|g| a["gene"].as_str() == Some(g))
                && s(e, "protein_change").is_none_or(|p| a["protein_change"].as_str() == Some(p))
                && (e.get("driver").and_then(Toml::as_bool) != Some(true) || a["driver"].as_bool() == Some(true))
        });
        if found {
            fails.push(format!("alteration must not be reported: {}", describe(e)));
        }
    }

    // Therapies.
    for (key, must) in [("therapy", true), ("no_therapy", false)] {
        for e in list(expect, key) {
            let dir = s(e, "direction").unwrap_or("sensitivity");
            let section = if dir == "note" { "notes" } else { dir };
            let hit = arr(report, &["therapies", section])
                .into_iter()
                .find(|m| therapy_matches(m, e, report));
            match (must, hit) {
                (true, None) => fails.push(format!("missing {section} entry: {}", describe(e))),
                (false, Some(m)) => fails.push(format!(
                    "unexpected {section} entry {} ({}): {}",
                    m["therapy"],
                    m["rule_id"],
                    describe(e)
                )),
                _ => {}
            }
        }
    }

    // Patterns.
    let pattern_ids: Vec<&str> = arr(report, &["interpretation", "patterns"])
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    for id in strings(expect, "pattern") {
        if !pattern_ids.contains(&id.as_str()) {
            fails.push(format!("pattern {id} not reported (got {pattern_ids:?})"));
        }
    }
    for id in strings(expect, "no_pattern") {
        if pattern_ids.contains(&id.as_str()) {
            fails.push(format!("pattern {id} must not be reported"));
        }
    }

    // Biomarkers and report-level keys.
    if let Some(x) = expect.and_then(|e| s(e, "msi_status")) {
        let got = report["biomarkers"]["msi"]["status"].as_str().unwrap_or("");
        if got != x {
            fails.push(format!("msi_status {got} (expected {x})"));
        }
    }
    if let Some(x) = expect.and_then(|e| s(e, "msi_status_not")) {
        let got = report["biomarkers"]["msi"]["status"].as_str().unwrap_or("");
        if got == x {
            fails.push(format!("msi_status must not be {x}"));
        }
    }
    if let Some(x) = expect.and_then(|e| s(e, "tmb_status")) {
        let got = report["biomarkers"]["tmb"]["status"].as_str().unwrap_or("");
        if got != x {
            fails.push(format!("tmb_status {got} (expected {x})"));
        }
    }
    if let Some(x) = expect.and_then(|e| s(e, "tumor_type")) {
        let got = report["patient"]["tumor_type_lineage"][0].as_str().unwrap_or("");
        if got != x {
            fails.push(format!("tumour type resolved to {got:?} (expected {x})"));
        }
    }
    if let Some(x) = expect.and_then(|e| s(e, "best_amp_tier")) {
        let order = ["IA", "IB", "IIC", "IID"];
        let best = arr(report, &["therapies", "sensitivity"])
            .iter()
            .filter_map(|m| m["amp_tier"].as_str())
            .min_by_key(|t| order.iter().position(|o| o == t).unwrap_or(order.len()))
            .unwrap_or("none")
            .to_string();
        if best != x {
            fails.push(format!("best AMP tier {best} (expected {x})"));
        }
    }
    fails.extend(order_invariants(report));
    if let Some(x) = expect.and_then(|e| s(e, "leading_therapy_contains")) {
        let first = arr(report, &["therapies", "sensitivity"])
            .first()
            .and_then(|m| m["therapy"].as_str())
            .unwrap_or("none")
            .to_string();
        if !contains_ci(&first, x) {
            fails.push(format!("leading therapy {first:?} (expected one containing {x:?})"));
        }
    }
    if expect.and_then(|e| e.get("off_label_last")).and_then(Toml::as_bool) == Some(true) {
        // Demoted and to-be-confirmed entries come after every other entry; order the rest.
        let ctx: Vec<&str> = arr(report, &["therapies", "sensitivity"])
            .iter()
            .filter(|m| !demoted(m) && !to_confirm(m))
            .map(|m| m["context"].as_str().unwrap_or(""))
            .collect();
        let first_off = ctx.iter().position(|c| *c == "off_label").unwrap_or(ctx.len());
        if ctx[first_off..].iter().any(|c| *c != "off_label") {
            fails.push(format!("off-label entries are not last: {ctx:?}"));
        }
        if first_off == ctx.len() {
            fails.push("no off-label entry to order".to_string());
        }
    }
    let warnings: Vec<String> = arr(report, &["warnings"])
        .iter()
        .filter_map(|w| w.as_str().map(str::to_string))
        .collect();
    for w in strings(expect, "warning_contains") {
        if !warnings.iter().any(|x| contains_ci(x, &w)) {
            fails.push(format!("no warning containing {w:?}"));
        }
    }
    for w in strings(expect, "no_warning_contains") {
        if let Some(x) = warnings.iter().find(|x| contains_ci(x, &w)) {
            fails.push(format!("unexpected warning {x:?}"));
        }
    }
    for k in strings(expect, "report_keys") {
        if report.get(&k).is_none() {
            fails.push(format!("report has no top-level section {k:?}"));
        }
    }
    for t in strings(expect, "report_not_contains") {
        if contains_ci(&report.to_string(), &t) {
            fails.push(format!("report text contains {t:?}"));
        }
    }
    for t in strings(expect, "report_contains") {
        if !contains_ci(&report.to_string(), &t) {
            fails.push(format!("report text lacks {t:?}"));
        }
    }
    fails
}

struct Outcome {
    name: String,
    pending: Option<String>,
    fails: Vec<String>,
}

fn run_case(dir: &Path) -> Outcome {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(dir.join("case.toml")).unwrap_or_else(|e| panic!("{name}/case.toml: {e}"));
    let case: Toml = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}/case.toml: {e}"));
    let pending = s(&case, "pending").map(str::to_string);
    let input = dir.join(s(&case, "input").unwrap_or("input.vcf"));
    let mut args: Vec<String> = vec!["report".into(), input.display().to_string(), "--quiet".into()];
    args.extend(strings(Some(&case), "args"));
    let out = common::bin().args(&args).output().expect("ran oncoprofile");
    let fails = if !out.status.success() {
        vec![format!(
            "oncoprofile exited {:?}: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).trim()
        )]
    } else {
        match serde_json::from_slice::<Value>(&out.stdout) {
            Ok(report) => check(&report, &case),
            Err(e) => vec![format!("report is not JSON: {e}")],
        }
    };
    Outcome { name, pending, fails }
}

#[test]
fn scenario_cases() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("tests/cases exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("case.toml").is_file())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no cases under tests/cases");
    let outcomes: Vec<Outcome> = dirs.iter().map(|d| run_case(d)).collect();

    let width = outcomes.iter().map(|o| o.name.len()).max().unwrap_or(4).max(4);
    println!("{:<width$}  status", "case");
    let mut failed = Vec::new();
    let (mut pass, mut pend_pass, mut pend_fail) = (0, 0, 0);
    for o in &outcomes {
        let status = match (&o.pending, o.fails.is_empty()) {
            (None, true) => {
                pass += 1;
                "pass".to_string()
            }
            (None, false) => {
                failed.push(o);
                "FAIL".to_string()
            }
            (Some(r), true) => {
                pend_pass += 1;
                format!("pending, now passes ({r})")
            }
            (Some(r), false) => {
                pend_fail += 1;
                format!("pending, fails as expected ({r})")
            }
        };
        println!("{:<width$}  {status}", o.name);
        if o.pending.is_some() {
            for f in &o.fails {
                println!("{:<width$}    - {f}", "");
            }
        }
    }
    println!(
        "{} cases: {pass} pass, {} fail, {} pending ({pend_fail} still failing, {pend_pass} passing)",
        outcomes.len(),
        failed.len(),
        pend_pass + pend_fail
    );
    if !failed.is_empty() {
        let mut msg = String::from("failing cases:\n");
        for o in failed {
            msg.push_str(&format!("  {}:\n", o.name));
            for f in &o.fails {
                msg.push_str(&format!("    - {f}\n"));
            }
        }
        panic!("{msg}");
    }
}
