//! Doubtful input said loudly (issue "Clinically right calls", item 8): report warnings on stderr,
//! `--strict` errors and their exit codes.

mod common;

use common::{fixture, root, run, stderr};

fn case(name: &str) -> String {
    root()
        .join("tests/cases")
        .join(name)
        .join("input.vcf")
        .display()
        .to_string()
}

#[test]
fn every_report_warning_is_printed_once_on_stderr_unless_quiet() {
    let f = case("caution_unknown_tumor_type");
    let out = run(&["report", &f, "--tumor-type", "NCE"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("NCE")).collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(lines[0].starts_with("oncoprofile: warning: tumour type `NCE`"), "{err}");
    assert!(lines[0].contains("did you mean NEC?"), "{err}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let n = report["warnings"].as_array().map(Vec::len).unwrap_or(0);
    assert_eq!(
        err.lines().filter(|l| l.starts_with("oncoprofile: warning: ")).count(),
        n,
        "{err}"
    );
    let quiet = run(&["report", &f, "--tumor-type", "NCE", "--quiet"]);
    assert_eq!(stderr(&quiet), "");
}

#[test]
fn strict_refuses_an_unknown_tumour_type_with_exit_1() {
    let f = case("caution_unknown_tumor_type");
    let out = run(&["report", &f, "--tumor-type", "NCE", "--assay", "WES", "--strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("did you mean NEC?"), "{}", stderr(&out));
    let ok = run(&[
        "report",
        &f,
        "--tumor-type",
        "small cell lung cancer",
        "--assay",
        "WES",
        "--strict",
        "-q",
    ]);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
}

#[test]
fn strict_refuses_a_missing_tmb_denominator_with_exit_1() {
    let f = case("caution_unknown_tumor_type");
    let out = run(&["report", &f, "--tumor-type", "SCLC", "--strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("no TMB denominator"), "{}", stderr(&out));
}

#[test]
fn strict_refuses_a_contradicting_genome_with_exit_1() {
    let f = case("caution_genome_contradicts_contigs");
    let args = [
        "report",
        &f,
        "--tumor-type",
        "COAD",
        "--assay",
        "WES",
        "--genome",
        "GRCh37",
    ];
    let warn = run(&args);
    assert_eq!(warn.status.code(), Some(0), "{}", stderr(&warn));
    assert!(stderr(&warn).contains("contradicts"), "{}", stderr(&warn));
    let mut strict = args.to_vec();
    strict.push("--strict");
    let out = run(&strict);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn strict_refuses_unannotated_input_with_exit_2() {
    let f = fixture("classify/unannotated_grch38.vcf").display().to_string();
    let out = run(&["report", &f, "--tumor-type", "COAD", "--assay", "WES", "--strict"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("no VEP"), "{}", stderr(&out));
}

#[test]
fn unannotated_input_is_warned_about_once() {
    let f = fixture("classify/unannotated_grch38.vcf").display().to_string();
    let out = run(&["report", &f, "--tumor-type", "COAD"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(
        err.matches("has no VEP (INFO/CSQ) or SnpEff (INFO/ANN) annotation")
            .count(),
        1,
        "{err}"
    );
}

/// The ids of the report's `not_assessed` items, and whether each is tumour-type relevant.
fn not_assessed(file: &str, tumor_type: &str) -> Vec<(String, bool)> {
    let r = common::report(std::path::Path::new(file), &["--tumor-type", tumor_type]);
    r["not_assessed"]
        .as_array()
        .expect("not_assessed")
        .iter()
        .map(|x| {
            let id = x["id"].as_str().unwrap_or("").to_string();
            (id, x["tumor_type_relevant"].as_bool().unwrap_or(false))
        })
        .collect()
}

fn relevant_first(items: &[(String, bool)], expected: &[&str]) {
    let relevant: Vec<&str> = items.iter().take_while(|(_, r)| *r).map(|(i, _)| i.as_str()).collect();
    assert!(items.iter().skip(relevant.len()).all(|(_, r)| !r), "{items:?}");
    for e in expected {
        assert!(
            relevant.contains(e),
            "{e} not among the relevant items first: {items:?}"
        );
    }
}

#[test]
fn not_assessed_lists_the_tumour_type_relevant_items_first() {
    let f = case("nsclc_not_assessed");
    let nsclc = not_assessed(&f, "LUAD");
    relevant_first(
        &nsclc,
        &[
            "alk_fusion",
            "ros1_fusion",
            "ret_fusion",
            "ntrk_fusion",
            "met_amplification",
        ],
    );
    assert_eq!(nsclc[0].0, "alk_fusion");
    relevant_first(&not_assessed(&f, "PANET"), &["sstr_imaging", "germline_status"]);
    relevant_first(&not_assessed(&f, "BRCA"), &["erbb2_amplification"]);
    relevant_first(&not_assessed(&f, "PRAD"), &["germline_status"]);
    relevant_first(&not_assessed(&f, "CRC"), &["mmr_ihc"]);
    let sclc = not_assessed(&f, "small cell lung cancer");
    relevant_first(&sclc, &["dll3_ihc", "rb1_homdel"]);
    assert!(!sclc.iter().any(|(i, r)| i == "alk_fusion" && *r), "{sclc:?}");
    // Without a tumour type every item is listed, none marked relevant.
    let r = common::report(std::path::Path::new(&f), &[]);
    let all = r["not_assessed"].as_array().expect("not_assessed");
    assert!(all.len() >= 15);
    assert!(all.iter().all(|x| x["tumor_type_relevant"] == false));
    assert!(all.iter().all(|x| x["source"].as_str().is_some_and(|s| !s.is_empty())));
}

/// What each caution of `patterns.tsv` says about therapies, as (pattern id, scenario case whose
/// report fires it, tumour type, drugs the therapy list must never offer together, therapy the
/// list must offer). Every pattern with a caution needs a row: a new caution without one fails.
struct CautionTherapies {
    pattern: &'static str,
    case: &'static str,
    tumor_type: &'static str,
    never: &'static [&'static [&'static str]],
    /// A therapy (sensitivity entry) or note the caution names, if any.
    must: Option<&'static str>,
    /// Further options of the case (a path under `tests/` is taken from the repository root).
    extra: &'static [&'static str],
}

const CAUTION_THERAPIES: &[CautionTherapies] = &[
    CautionTherapies {
        pattern: "crcnec_braf_colorectal_like",
        case: "caution_crcnec_braf_v600e",
        tumor_type: "CRCNEC",
        // The tissue-agnostic label excludes colorectal cancer: no BRAF/MEK doublet, on- or off-label.
        never: &[
            &["dabrafenib", "trametinib"],
            &["encorafenib", "binimetinib"],
            &["vemurafenib", "cobimetinib"],
        ],
        must: Some("encorafenib + cetuximab"),
        extra: &[],
    },
    CautionTherapies {
        pattern: "net_nec_genotype_discordant",
        case: "panetg3_tp53_rb1_discordant",
        tumor_type: "PANETG3",
        // It names the platinum context for review, and recommends no targeted therapy.
        never: &[],
        must: None,
        extra: &[],
    },
    CautionTherapies {
        pattern: "nen_high_cin",
        case: "nec_high_cin",
        tumor_type: "NEC",
        // Supporting evidence for a NEC (with its pancreatic-NET caveat): it recommends no therapy
        // and must not open a targeted option by itself.
        never: &[],
        must: None,
        extra: &[
            "--genome",
            "GRCh38",
            "--cna",
            "tests/cases/nec_high_cin/tumour.ascat.tsv",
        ],
    },
];

#[test]
fn every_caution_agrees_with_the_therapy_list() {
    let kb = oncoprofile::kb::KnowledgeBase::embedded().expect("embedded knowledge base");
    for p in kb.patterns.iter().filter(|p| p.caution.is_some()) {
        let Some(c) = CAUTION_THERAPIES.iter().find(|c| c.pattern == p.id) else {
            panic!("pattern {} has a caution but no row in CAUTION_THERAPIES", p.id);
        };
        let (dir, tt, never, must) = (c.case, c.tumor_type, c.never, c.must);
        let extra: Vec<String> = c
            .extra
            .iter()
            .map(|a| match a.starts_with("tests/") {
                true => root().join(a).display().to_string(),
                false => a.to_string(),
            })
            .collect();
        let mut args = vec![
            "report".to_string(),
            case(dir),
            "--tumor-type".into(),
            tt.into(),
            "--quiet".into(),
        ];
        args.extend(extra);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let fired = report["interpretation"]["patterns"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x["id"] == p.id.as_str()));
        assert!(fired, "{}: the case {dir} does not fire the caution", p.id);
        let sens = report["therapies"]["sensitivity"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for m in &sens {
            let drugs: Vec<&str> = m["drugs"]
                .as_array()
                .map(|d| d.iter().filter_map(|x| x.as_str()).collect())
                .unwrap_or_default();
            for set in never {
                assert!(
                    !set.iter().all(|d| drugs.contains(d)),
                    "{}: the caution excludes {set:?} but {} ({}) offers it",
                    p.id,
                    m["therapy"],
                    m["rule_id"]
                );
            }
        }
        if let Some(must) = must {
            assert!(
                sens.iter().any(|m| m["therapy"].as_str() == Some(must)),
                "{}: the caution names {must} but the therapy list lacks it",
                p.id
            );
        }
    }
}

#[test]
fn the_summary_never_says_not_given_when_a_type_was_given() {
    let f = case("unknown_type_kras_g12c");
    let out = run(&["report", &f, "--tumor-type", "small cell carcinoma"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let summary = err
        .lines()
        .find(|l| l.contains("leading therapy") || l.contains("no matched therapy"))
        .unwrap_or_else(|| panic!("no summary line: {err}"));
    assert!(!summary.contains("not given"), "{summary}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let text = report["therapies"].to_string();
    assert!(!text.contains("Tumour type not given"), "{text}");
    assert!(
        text.contains("Tumour type `small cell carcinoma` not recognised"),
        "{text}"
    );
    // Without a type the notes still say so.
    let out = run(&["report", &f, "--quiet"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(report["therapies"].to_string().contains("Tumour type not given"));
}
