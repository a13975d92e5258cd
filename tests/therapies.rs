//! Therapy rules and matching against the embedded knowledge base, CIViC import,
//! and `kb check` errors. Alterations and biomarkers are built in Rust (written
//! fixtures); the CLI test runs the lead's `oncoprofile report` on a written VCF.

use std::path::{Path, PathBuf};

use oncoprofile::biomarkers::{
    Biomarkers, Confidence, Denominator, DenominatorSource, Msi, MsiFeatures, MsiMethod, MsiStatus, Tmb, TmbMethod,
    TmbStatus,
};
use oncoprofile::kb::import::import_civic;
use oncoprofile::kb::rules::{self, BiomarkerType, EvidenceLevel};
use oncoprofile::kb::KnowledgeBase;
use oncoprofile::model::{
    Alteration, AlterationClass, Annotation, Call, CallerRepeat, Oncogenicity, SampleDepth, Variant,
};
use oncoprofile::report::build::therapies_out;
use oncoprofile::report::{Therapies, TherapyMatch};
use oncoprofile::therapies::match_therapies;

fn kb() -> KnowledgeBase {
    KnowledgeBase::embedded().expect("embedded knowledge base loads")
}

/// One alteration: gene, protein change (`p.V600E`), driver flag and classifier classes.
fn alt(id: &str, gene: &str, protein: &str, driver: bool, classes: &[&str]) -> Alteration {
    Alteration {
        id: id.to_string(),
        variant: Variant {
            chrom: "chr1".into(),
            pos: 1000,
            ref_allele: "A".into(),
            alt: "T".into(),
            alt_index: 1,
            record_no: 1,
            filters: vec!["PASS".into()],
            tumor: SampleDepth {
                depth: Some(100),
                alt_depth: Some(40),
                vaf: Some(0.4),
            },
            normal: None,
            somatic_flag: None,
            repeat: CallerRepeat::default(),
            annotation: Some(Annotation {
                gene: Some(gene.into()),
                protein_change: Some(protein.into()),
                ..Default::default()
            }),
        },
        call: Call {
            oncogenicity: if driver {
                Oncogenicity::Oncogenic
            } else {
                Oncogenicity::Vus
            },
            driver,
            gene_role: None,
            pathways: vec![],
            evidence: vec![],
            hotspot: None,
            classes: classes
                .iter()
                .map(|s| AlterationClass::parse(s).expect("known class"))
                .collect(),
            reportable: true,
        },
    }
}

fn tmb(value: f64, status: &str) -> Tmb {
    Tmb {
        value: Some(value),
        count: (value * 30.0) as u64,
        denominator: Some(Denominator {
            mb: 30.0,
            source: DenominatorSource::TargetMb,
        }),
        definition: "test".into(),
        method: TmbMethod::CodingNonsynonymous,
        threshold: 10.0,
        threshold_source: "test".into(),
        status: match status {
            "high" => TmbStatus::High,
            "low" => TmbStatus::Low,
            _ => TmbStatus::Indeterminate,
        },
        ci95: None,
        driver_snv_count: 0,
        snv_count: 0,
        indel_count: 0,
        excluded: vec![],
        tumor_only: false,
        warnings: vec![],
    }
}

fn msi(status: &str) -> Msi {
    Msi {
        status: match status {
            "MSI-H" => MsiStatus::MsiH,
            "MSS" => MsiStatus::Mss,
            _ => MsiStatus::Indeterminate,
        },
        score: Some(25.0),
        threshold: 10.0,
        method: MsiMethod::CallerRepeatFields,
        confidence: Confidence::High,
        features: MsiFeatures::default(),
        mmr_genes_altered: vec![],
        pole_like: false,
        sources: vec![],
        warnings: vec![],
    }
}

fn find<'a>(list: &'a [TherapyMatch], therapy: &str) -> Vec<&'a TherapyMatch> {
    list.iter().filter(|m| m.therapy == therapy).collect()
}

/// Match and convert to the report's form (the strings the report carries).
fn matched(kb: &KnowledgeBase, tt: Option<&str>, alts: &[Alteration], bm: &Biomarkers) -> (Therapies, Vec<String>) {
    let (t, w) = match_therapies(kb, tt, alts, bm);
    (therapies_out(t), w.into_iter().map(|w| w.text).collect())
}

fn run(tt: Option<&str>, alts: &[Alteration], bm: &Biomarkers) -> (Therapies, Vec<String>) {
    matched(&kb(), tt, alts, bm)
}

#[test]
fn msi_h_nec_gets_pembrolizumab_tissue_agnostic_ia() {
    let bm = Biomarkers {
        tmb: None,
        msi: Some(msi("MSI-H")),
    };
    let (t, w) = run(Some("NEC"), &[], &bm);
    let p = find(&t.sensitivity, "pembrolizumab");
    assert_eq!(p.len(), 1, "one merged pembrolizumab entry: {:#?}", t.sensitivity);
    assert_eq!(p[0].context.as_str(), "tissue_agnostic");
    assert_eq!(p[0].amp_tier.as_str(), "IA");
    assert_eq!(p[0].escat_tier.as_str(), "I-C");
    assert_eq!(p[0].alterations, vec!["MSI-H"]);
    assert!(p[0]
        .references
        .iter()
        .any(|r| r == "FDA label Keytruda (pembrolizumab) 2017"));
    let d = find(&t.sensitivity, "dostarlimab");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].context.as_str(), "tissue_agnostic");
    // NEC standard of care is listed as a note, not triggered by a biomarker.
    let pe = find(&t.notes, "platinum + etoposide");
    assert_eq!(pe.len(), 1);
    assert_eq!(pe[0].amp_tier.as_str(), "n/a");
    assert!(w.is_empty(), "{w:?}");
    // The same patient also works on a sub-type: LCNEC lies below NEC.
    let (t2, _) = run(Some("LCNEC"), &[], &bm);
    assert_eq!(
        find(&t2.sensitivity, "pembrolizumab")[0].context.as_str(),
        "tissue_agnostic"
    );
}

#[test]
fn braf_v600e_colorectal_gets_encorafenib_cetuximab_not_dabrafenib_trametinib() {
    let a = [alt(
        "A1",
        "BRAF",
        "p.V600E",
        true,
        &["hotspot", "missense", "oncogenic"],
    )];
    let (t, _) = run(Some("COAD"), &a, &Biomarkers::default());
    let e = find(&t.sensitivity, "encorafenib + cetuximab");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].context.as_str(), "on_label");
    assert_eq!(e[0].amp_tier.as_str(), "IA");
    assert_eq!(e[0].escat_tier.as_str(), "I-A");
    assert_eq!(e[0].alterations, vec!["A1"]);
    assert!(e[0].references.contains(&"PMID:31566309".to_string()));
    // Neither tissue-agnostic nor off-label: colorectal cancer is excluded.
    assert!(
        find(&t.sensitivity, "dabrafenib + trametinib").is_empty(),
        "{:#?}",
        t.sensitivity
    );
    assert_eq!(t.sensitivity[0].therapy, "encorafenib + cetuximab");

    // The same variant in a BRAF V600E lung cancer: on-label dabrafenib + trametinib.
    let (t, _) = run(Some("LUAD"), &a, &Biomarkers::default());
    let d = find(&t.sensitivity, "dabrafenib + trametinib");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].context.as_str(), "on_label");
    assert_eq!(d[0].escat_tier.as_str(), "I-B", "single-arm approval");
    // And in a NEC: tissue-agnostic.
    let (t, _) = run(Some("NEC"), &a, &Biomarkers::default());
    let d = find(&t.sensitivity, "dabrafenib + trametinib");
    assert_eq!(d[0].context.as_str(), "tissue_agnostic");
    assert_eq!(d[0].amp_tier.as_str(), "IA");
}

#[test]
fn kras_g12c_lung_on_label_pancreatic_nec_off_label_only() {
    let a = [alt("A1", "KRAS", "p.G12C", true, &["hotspot", "missense", "oncogenic"])];
    let (t, _) = run(Some("LUAD"), &a, &Biomarkers::default());
    for drug in ["sotorasib", "adagrasib"] {
        let m = find(&t.sensitivity, drug);
        assert_eq!(m.len(), 1, "{drug}");
        assert_eq!(m[0].context.as_str(), "on_label");
        assert_eq!(m[0].amp_tier.as_str(), "IA");
        assert_eq!(m[0].alterations, vec!["A1"]);
    }
    // Lung: no anti-EGFR resistance row (colorectal only).
    assert!(t.resistance.is_empty());

    let (t, _) = run(Some("PANEC"), &a, &Biomarkers::default());
    assert!(!t.sensitivity.is_empty());
    for m in &t.sensitivity {
        assert_eq!(m.context.as_str(), "off_label", "{m:#?}");
        assert_eq!(m.amp_tier.as_str(), "IIC");
        assert_eq!(m.escat_tier.as_str(), "III-A");
    }
    let names: Vec<&str> = t.sensitivity.iter().map(|m| m.therapy.as_str()).collect();
    assert!(
        names.contains(&"sotorasib") && names.contains(&"adagrasib"),
        "{names:?}"
    );
    // NEC standard of care still listed.
    assert_eq!(find(&t.notes, "platinum + etoposide").len(), 1);
}

#[test]
fn tsc2_truncated_panet_lists_everolimus_with_real_context() {
    let a = [alt("A1", "TSC2", "p.R1459*", true, &["truncating", "oncogenic"])];
    let (t, _) = run(Some("PANET"), &a, &Biomarkers::default());
    // Genomic rationale only: investigational, case-report tier.
    let e = find(&t.sensitivity, "everolimus");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].context.as_str(), "investigational");
    assert_eq!(e[0].amp_tier.as_str(), "IID");
    assert_eq!(e[0].escat_tier.as_str(), "IV");
    assert_eq!(e[0].alterations, vec!["A1"]);
    assert!(e[0].note.as_deref().unwrap_or("").contains("irrespective of mutation"));
    // The approval itself, irrespective of mutation, is a note for pNET.
    let n = find(&t.notes, "everolimus");
    assert_eq!(n.len(), 1);
    assert_eq!(n[0].evidence_level.as_str(), "fda_approved");
    assert_eq!(n[0].context.as_str(), "on_label");
    assert!(n[0].references.contains(&"PMID:21306238".to_string()));
    assert!(n[0].alterations.is_empty());
    let notes: Vec<&str> = t.notes.iter().map(|m| m.therapy.as_str()).collect();
    assert!(notes.contains(&"sunitinib"), "{notes:?}");
    assert!(notes.contains(&"capecitabine + temozolomide (CAPTEM)"), "{notes:?}");
    assert!(!notes.contains(&"platinum + etoposide"), "pNET is not a NEC: {notes:?}");
    // A TSC2 VUS does not trigger (class rules need a driver).
    let v = [alt("A1", "TSC2", "p.A100T", false, &["missense"])];
    let (t, _) = run(Some("PANET"), &v, &Biomarkers::default());
    assert!(find(&t.sensitivity, "everolimus").is_empty());
}

#[test]
fn tmb_12_gets_pembrolizumab_tmb_h() {
    let bm = Biomarkers {
        tmb: Some(tmb(12.0, "high")),
        msi: Some(msi("MSS")),
    };
    let (t, _) = run(Some("LUSC"), &[], &bm);
    let p = find(&t.sensitivity, "pembrolizumab");
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].alterations, vec!["TMB-high"]);
    assert_eq!(p[0].rule_id, "TA-PEMBROLIZUMAB-TMBH");
    assert_eq!(p[0].context.as_str(), "tissue_agnostic");
    assert_eq!(p[0].amp_tier.as_str(), "IA");
    assert!(p[0]
        .references
        .contains(&"FDA label Keytruda (pembrolizumab) 2020".to_string()));
    // Low TMB: nothing.
    let bm = Biomarkers {
        tmb: Some(tmb(3.0, "low")),
        msi: Some(msi("MSS")),
    };
    let (t, _) = run(Some("LUSC"), &[], &bm);
    assert!(t.sensitivity.is_empty());
    // Status high under a custom threshold but below the label's 10 mut/Mb: not matched, warned.
    let bm = Biomarkers {
        tmb: Some(tmb(8.0, "high")),
        msi: None,
    };
    let (t, w) = run(Some("LUSC"), &[], &bm);
    assert!(t.sensitivity.is_empty());
    assert!(w.iter().any(|w| w.contains("below the 10 mut/Mb")), "{w:?}");
}

#[test]
fn ras_mutant_crc_lists_anti_egfr_resistance() {
    let a = [
        alt("A1", "KRAS", "p.G12D", true, &["hotspot", "missense", "oncogenic"]),
        alt("A2", "NRAS", "p.Q61K", true, &["hotspot", "missense", "oncogenic"]),
    ];
    let (t, _) = run(Some("READ"), &a, &Biomarkers::default());
    let r = find(&t.resistance, "anti-EGFR antibodies (cetuximab, panitumumab)");
    assert_eq!(r.len(), 2, "{:#?}", t.resistance);
    let mut ids: Vec<&str> = r
        .iter()
        .flat_map(|m| m.alterations.iter().map(String::as_str))
        .collect();
    ids.sort();
    assert_eq!(ids, vec!["A1", "A2"]);
    for m in &r {
        assert_eq!(m.direction.as_str(), "resistance");
        assert_eq!(m.context.as_str(), "on_label");
        assert_eq!(m.amp_tier.as_str(), "IA");
        assert_eq!(m.drugs, vec!["cetuximab", "panitumumab"]);
    }
    assert!(t.sensitivity.iter().all(|m| m.direction.as_str() == "sensitivity"));
    // Not a resistance row in a lung cancer.
    let (t, _) = run(Some("NSCLC"), &a, &Biomarkers::default());
    assert!(t.resistance.is_empty());
}

#[test]
fn resistance_rows_pdgfra_d842v_and_egfr_t790m() {
    let a = [alt(
        "A1",
        "PDGFRA",
        "p.D842V",
        true,
        &["hotspot", "missense", "oncogenic"],
    )];
    let (t, _) = run(Some("GIST"), &a, &Biomarkers::default());
    let r = find(&t.resistance, "type II KIT/PDGFRA inhibitors (imatinib, sunitinib)");
    assert_eq!(r.len(), 1);
    assert_eq!(
        r[0].drugs,
        vec!["imatinib", "sunitinib"],
        "the drug class expands to its drugs"
    );
    assert!(
        find(&t.sensitivity, "imatinib").is_empty(),
        "D842V is excluded from the PDGFRA imatinib rule"
    );
    assert_eq!(find(&t.sensitivity, "avapritinib")[0].context.as_str(), "on_label");

    let a = [alt(
        "A1",
        "EGFR",
        "p.T790M",
        true,
        &["hotspot", "missense", "oncogenic"],
    )];
    let (t, _) = run(Some("LUAD"), &a, &Biomarkers::default());
    assert_eq!(t.resistance.len(), 1);
    assert!(t.resistance[0].drugs.contains(&"erlotinib".to_string()));
    assert_eq!(find(&t.sensitivity, "osimertinib")[0].amp_tier.as_str(), "IA");
}

#[test]
fn egfr_exon19_class_and_met_exon14() {
    let a = [
        alt(
            "A1",
            "EGFR",
            "p.E746_A750del",
            true,
            &["inframe", "exon19_deletion", "oncogenic"],
        ),
        alt("A2", "MET", "p.D1010H", true, &["exon14_skipping", "oncogenic"]),
    ];
    let (t, _) = run(Some("NSCLC"), &a, &Biomarkers::default());
    assert_eq!(find(&t.sensitivity, "osimertinib")[0].alterations, vec!["A1"]);
    assert_eq!(find(&t.sensitivity, "capmatinib")[0].alterations, vec!["A2"]);
    assert_eq!(find(&t.sensitivity, "tepotinib")[0].alterations, vec!["A2"]);
}

#[test]
fn no_tumor_type_gives_unknown_context_and_warning() {
    let a = [alt("A1", "KRAS", "p.G12C", true, &["hotspot", "missense", "oncogenic"])];
    let bm = Biomarkers {
        tmb: None,
        msi: Some(msi("MSI-H")),
    };
    let (t, w) = run(None, &a, &bm);
    assert!(w.iter().any(|w| w.contains("no tumour type")), "{w:?}");
    assert!(!t.sensitivity.is_empty());
    assert!(t.sensitivity.iter().all(|m| m.context.as_str() == "tumor_type_unknown"));
    // Tissue-agnostic pembrolizumab keeps IA; tumour-specific approvals are conservative.
    let p = find(&t.sensitivity, "pembrolizumab");
    assert_eq!(p[0].amp_tier.as_str(), "IA");
    assert_eq!(find(&t.sensitivity, "sotorasib")[0].amp_tier.as_str(), "IIC");
    assert!(t.notes.is_empty());
    // Resistance still listed, conservatively.
    assert!(!t.resistance.is_empty());
    // Unknown code: same, with its own warning.
    let (_, w) = run(Some("NOT_A_CODE"), &a, &bm);
    assert!(w.iter().any(|w| w.contains("NOT_A_CODE")), "{w:?}");
}

#[test]
fn mmr_truncation_is_not_msi_h() {
    let a = [alt("A1", "MLH1", "p.R100*", true, &["truncating", "oncogenic"])];
    let bm = Biomarkers {
        tmb: None,
        msi: Some(msi("MSS")),
    };
    let (t, w) = run(Some("COAD"), &a, &bm);
    assert!(find(&t.sensitivity, "pembrolizumab").is_empty());
    assert!(w.iter().any(|w| w.contains("MLH1 (A1)") && w.contains("MSS")), "{w:?}");
}

#[test]
fn sorted_off_label_last_then_tier_then_escat_then_name_and_deterministic() {
    let a = [
        alt("A1", "KRAS", "p.G12C", true, &["hotspot", "missense", "oncogenic"]),
        alt("A2", "BRAF", "p.V600E", true, &["hotspot", "missense", "oncogenic"]),
    ];
    let bm = Biomarkers {
        tmb: Some(tmb(40.0, "high")),
        msi: Some(msi("MSI-H")),
    };
    let (t, _) = run(Some("COADREAD"), &a, &bm);
    let amp = ["IA", "IB", "IIC", "IID"];
    let escat = ["I-A", "I-B", "I-C", "II-A", "II-B", "III-A", "III-B", "IV", "X"];
    let key = |m: &TherapyMatch| {
        (
            m.escat_tier.as_str() == "X",
            m.context.as_str() == "off_label",
            amp.iter().position(|x| *x == m.amp_tier.as_str()).unwrap(),
            escat.iter().position(|x| *x == m.escat_tier.as_str()).unwrap(),
            m.therapy.to_ascii_lowercase(),
            m.rule_id.clone(),
        )
    };
    let keys: Vec<_> = t.sensitivity.iter().map(key).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    // On-label MSI-H CRC pembrolizumab ranks before the tissue-agnostic one it merged.
    let p = find(&t.sensitivity, "pembrolizumab");
    assert_eq!(p.len(), 2, "MSI-H and TMB-H triggers stay apart: {p:#?}");
    assert_eq!(p[0].rule_id, "CRC-PEMBROLIZUMAB-MSIH");
    assert!(p[0].note.as_deref().unwrap().contains("also: TA-PEMBROLIZUMAB-MSIH"));
    let (t2, _) = run(Some("COADREAD"), &a, &bm);
    assert_eq!(t, t2);
}

#[test]
fn every_rule_has_a_reference_and_valid_codes() {
    let kb = kb();
    assert!(kb.therapies.len() >= 60, "{}", kb.therapies.len());
    for r in &kb.therapies {
        assert!(!r.references.is_empty(), "{} has no reference", r.id);
        for s in &r.references {
            let ok = s.starts_with("PMID:")
                || s.starts_with("FDA label ")
                || s.starts_with("NCCN ")
                || s.starts_with("ESMO ")
                || s.starts_with("ENETS ")
                || s.contains(" et al. ");
            assert!(ok, "{}: unexpected reference form {s:?}", r.id);
        }
    }
    assert!(rules::check(&kb.therapies, &kb).is_empty());
    // The required rows exist.
    let has = |id: &str| kb.therapies.iter().any(|r| r.id == id);
    for id in [
        "TA-PEMBROLIZUMAB-MSIH",
        "TA-PEMBROLIZUMAB-TMBH",
        "TA-DOSTARLIMAB-DMMR",
        "TA-LAROTRECTINIB-NTRK",
        "TA-ENTRECTINIB-NTRK",
        "TA-REPOTRECTINIB-NTRK",
        "TA-DABRAFENIB-TRAMETINIB-BRAF",
        "TA-SELPERCATINIB-RET",
        "NET-EVEROLIMUS",
        "PANET-SUNITINIB",
        "NEC-PLATINUM-ETOPOSIDE",
        "PANET-CAPTEM",
        "SCLC-TARLATAMAB-DLL3",
        "CRC-ENCORAFENIB-CETUXIMAB-BRAF",
        "CRC-ANTI-EGFR-KRAS-RESISTANCE",
        "GIST-IMATINIB-PDGFRA-D842V-RESISTANCE",
        "NSCLC-EGFR-T790M-TKI-RESISTANCE",
    ] {
        assert!(has(id), "missing rule {id}");
    }
    let dll3 = kb.therapies.iter().find(|r| r.id == "SCLC-TARLATAMAB-DLL3").unwrap();
    assert_eq!(dll3.biomarker, BiomarkerType::Protein);
    let ta = kb
        .therapies
        .iter()
        .find(|r| r.id == "TA-DABRAFENIB-TRAMETINIB-BRAF")
        .unwrap();
    assert_eq!(ta.evidence_level, EvidenceLevel::FdaTissueAgnostic);
    // Colorectal adenocarcinoma and colorectal NEC (BRAF V600E colorectal biology: anti-EGFR needed).
    assert_eq!(ta.excluded_tumor_types, vec!["COADREAD", "CRCNEC"]);
}

const HEAD: &str = "id\tbiomarker_type\tgene\talteration\ttumor_types\texcluded_tumor_types\ttherapy\tdrugs\tkind\tevidence_level\ttrial_design\tdirection\treferences\tnote";

#[test]
fn kb_check_rejects_unknown_tumor_type_and_gene_with_file_and_line() {
    let kb = kb();
    let text = format!(
        "# comment\n{HEAD}\n\
         OK1\tvariant\tBRAF\tV600E\tNSCLC\t.\tx\tx\ttargeted\tfda_approved\t.\tsensitivity\tFDA label X (x) 2020\t.\n\
         BAD1\tvariant\tBRAF\tV600E\tNOTATYPE\t.\tx\tx\ttargeted\tfda_approved\t.\tsensitivity\tFDA label X (x) 2020\t.\n\
         BAD2\tvariant\tNOTAGENE1\tV600E\tNSCLC\t.\tx\tx\ttargeted\tfda_approved\t.\tsensitivity\tFDA label X (x) 2020\t.\n"
    );
    let r = rules::parse(&text, "my/therapies.tsv").unwrap();
    let e: Vec<String> = rules::check(&r, &kb).iter().map(|e| e.to_string()).collect();
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(
        e[0].starts_with("my/therapies.tsv:4:") && e[0].contains("NOTATYPE"),
        "{e:?}"
    );
    assert!(
        e[1].starts_with("my/therapies.tsv:5:") && e[1].contains("NOTAGENE1"),
        "{e:?}"
    );
    // Column of the tumour-type cell: id(5)+biomarker(8)+gene(5)+alteration(6) → 1+5+8+5+6.
    assert!(e[0].starts_with("my/therapies.tsv:4:25:"), "{e:?}");
}

#[test]
fn kb_check_cli_rejects_bad_rule_in_directory() {
    let dir = tempfile::tempdir().unwrap();
    KnowledgeBase::write_embedded_files(dir.path()).unwrap();
    let p = dir.path().join("therapies.tsv");
    let mut text = std::fs::read_to_string(&p).unwrap();
    text.push_str(
        "BAD-X\tclass\tKRAS\toncogenic\tMARSCANCER\t.\tx\tx\ttargeted\tguideline\t.\tsensitivity\tno\tESMO 2020\t.\n",
    );
    let line = text.lines().count();
    std::fs::write(&p, text).unwrap();
    let out = assert_cmd::Command::cargo_bin("oncoprofile")
        .unwrap()
        .args(["kb", "check"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    let want = format!("therapies.tsv:{line}:");
    assert!(err.contains(&want) && err.contains("MARSCANCER"), "{err}");
}

#[test]
fn parse_errors_name_file_line_column() {
    let text = format!(
        "{HEAD}\nR1\tvariant\tBRAF\tV600E\tSOLID\t.\tx\tx\tmagic\tfda_approved\t.\tsensitivity\t.\t.\n\
         R1\tcodon\tKRAS\tG12C\tSOLID\t.\tx\tx\ttargeted\tfda_approved\t.\tup\tESMO 2020\t.\n\
         R3\tvariant\tBRAF\n"
    );
    let e: Vec<String> = rules::parse(&text, "t.tsv")
        .unwrap_err()
        .iter()
        .map(|e| e.to_string())
        .collect();
    assert!(
        e.iter().any(|m| m.starts_with("t.tsv:2:") && m.contains("kind")),
        "{e:?}"
    );
    assert!(
        e.iter().any(|m| m.starts_with("t.tsv:2:") && m.contains("reference")),
        "{e:?}"
    );
    assert!(
        e.iter().any(|m| m.starts_with("t.tsv:3:1:") && m.contains("duplicate")),
        "{e:?}"
    );
    assert!(
        e.iter().any(|m| m.starts_with("t.tsv:3:") && m.contains("codon")),
        "{e:?}"
    );
    assert!(
        e.iter().any(|m| m.starts_with("t.tsv:3:") && m.contains("direction")),
        "{e:?}"
    );
    assert!(
        e.iter().any(|m| m.starts_with("t.tsv:4:1:") && m.contains("fields")),
        "{e:?}"
    );
}

// ---------------------------------------------------------------------------
// CIViC
// ---------------------------------------------------------------------------

fn shared(rel: &str) -> Option<PathBuf> {
    let p = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/knowledge")).join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipping: {} is absent", p.display());
        None
    }
}

/// Load a KB with the CIViC rules added (the KB loader may or may not read
/// `therapies.civic.tsv` itself; this does it explicitly).
fn kb_with_civic(dir: &Path) -> KnowledgeBase {
    let mut kb = kb();
    let p = dir.join(rules::CIVIC_FILE);
    let text = std::fs::read_to_string(&p).unwrap();
    let civic = rules::parse(&text, &p.display().to_string()).unwrap();
    assert!(rules::check(&civic, &kb).is_empty(), "imported rows pass kb check");
    kb.therapies.extend(civic);
    kb
}

#[test]
fn civic_2018_import() {
    let Some(f) = shared("civic-2018/nightly-ClinicalEvidenceSummaries.tsv") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let summary = import_civic(&[f], dir.path()).unwrap();
    assert!(summary.contains("rules written"), "{summary}");
    let kb = kb_with_civic(dir.path());
    let civic: Vec<_> = kb.therapies.iter().filter(|r| r.is_imported()).collect();
    assert!(civic.len() > 300, "{}", civic.len());
    for r in &civic {
        assert!(r.id.starts_with("CIVIC:EID"));
        assert!(
            r.references
                .iter()
                .any(|x| x.starts_with("PMID:") || x.starts_with("ASCO")),
            "{r:?}"
        );
        assert!(
            r.references.iter().any(|x| x == &format!("CIViC {}", &r.id[6..])),
            "{r:?}"
        );
    }
    // Deterministic output.
    let dir2 = tempfile::tempdir().unwrap();
    import_civic(
        &[shared("civic-2018/nightly-ClinicalEvidenceSummaries.tsv").unwrap()],
        dir2.path(),
    )
    .unwrap();
    assert_eq!(
        std::fs::read(dir.path().join(rules::CIVIC_FILE)).unwrap(),
        std::fs::read(dir2.path().join(rules::CIVIC_FILE)).unwrap()
    );
    // A BRAF V600E melanoma picks up CIViC evidence with its EID.
    let a = [alt(
        "A1",
        "BRAF",
        "p.V600E",
        true,
        &["hotspot", "missense", "oncogenic"],
    )];
    let (t, _) = matched(&kb, Some("SKCM"), &a, &Biomarkers::default());
    let all: Vec<&TherapyMatch> = t.sensitivity.iter().chain(t.resistance.iter()).collect();
    assert!(
        all.iter()
            .any(|m| m.rule_id.starts_with("CIVIC:EID") || m.note.as_deref().unwrap_or("").contains("CIVIC:EID")),
        "{all:#?}"
    );
}

#[test]
fn civic_2022_import_and_rows_in_matches() {
    let Some(f) = shared("civic-2022/accept_var_info.tsv") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let summary = import_civic(&[f], dir.path()).unwrap();
    let kb = kb_with_civic(dir.path());
    let civic: Vec<_> = kb.therapies.iter().filter(|r| r.is_imported()).collect();
    assert!(civic.len() > 300, "{summary}");
    // Resistance and sensitivity both present; levels mapped.
    assert!(civic.iter().any(|r| r.direction == rules::Direction::Resistance));
    assert!(civic.iter().any(|r| r.evidence_level == EvidenceLevel::Guideline));
    assert!(civic
        .iter()
        .any(|r| r.tumor_types.iter().any(|t| t.starts_with("disease:"))));
    // KRAS G12D colorectal: CIViC resistance evidence to anti-EGFR listed with EIDs.
    let a = [alt("A1", "KRAS", "p.G12D", true, &["hotspot", "missense", "oncogenic"])];
    let (t, _) = matched(&kb, Some("COADREAD"), &a, &Biomarkers::default());
    let civic_res: Vec<&TherapyMatch> = t
        .resistance
        .iter()
        .filter(|m| m.rule_id.starts_with("CIVIC:EID") || m.references.iter().any(|r| r.starts_with("CIViC EID")))
        .collect();
    assert!(!civic_res.is_empty(), "{:#?}", t.resistance);
    for m in civic_res {
        if m.rule_id.starts_with("CIVIC:") {
            assert!(m.references.iter().any(|r| r.starts_with("CIViC EID")));
        }
    }
}

#[test]
fn civic_import_rejects_a_non_civic_file() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.tsv");
    std::fs::write(&f, "a\tb\n1\t2\n").unwrap();
    let e = import_civic(&[f], dir.path()).unwrap_err().to_string();
    assert!(e.contains("not a CIViC evidence TSV"), "{e}");
}

// ---------------------------------------------------------------------------
// CLI: `oncoprofile report` on written VCFs (test-data/therapies/)
// ---------------------------------------------------------------------------

fn fixture(name: &str) -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/test-data/therapies")).join(name)
}

fn report(vcf: &str, extra: &[&str]) -> serde_json::Value {
    let out = assert_cmd::Command::cargo_bin("oncoprofile")
        .unwrap()
        .arg("report")
        .arg(fixture(vcf))
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn list<'a>(r: &'a serde_json::Value, key: &str) -> Vec<&'a serde_json::Value> {
    r["therapies"][key].as_array().unwrap().iter().collect()
}

fn with_therapy<'a>(l: &[&'a serde_json::Value], therapy: &str) -> Vec<&'a serde_json::Value> {
    l.iter().copied().filter(|m| m["therapy"] == therapy).collect()
}

#[test]
fn cli_braf_v600e_colorectal() {
    let r = report("braf_v600e.vcf", &["--tumor-type", "COAD"]);
    assert_eq!(r["alterations"][0]["protein_change"], "p.V600E");
    let s = list(&r, "sensitivity");
    let e = with_therapy(&s, "encorafenib + cetuximab");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0]["context"], "on_label");
    assert_eq!(e[0]["amp_tier"], "IA");
    assert_eq!(e[0]["alterations"], serde_json::json!(["A1"]));
    assert!(with_therapy(&s, "dabrafenib + trametinib").is_empty());
    assert_eq!(r["summary"]["best_amp_tier"], "IA");
}

#[test]
fn cli_kras_g12c_lung_vs_pancreatic_nec_vs_unknown() {
    let r = report("kras_g12c.vcf", &["--tumor-type", "LUAD"]);
    let s = list(&r, "sensitivity");
    for d in ["sotorasib", "adagrasib"] {
        let m = with_therapy(&s, d);
        assert_eq!(m.len(), 1, "{d}");
        assert_eq!(m[0]["context"], "on_label");
    }
    let r = report("kras_g12c.vcf", &["--tumor-type", "PANEC"]);
    let s = list(&r, "sensitivity");
    assert!(!with_therapy(&s, "sotorasib").is_empty());
    assert!(s.iter().all(|m| m["context"] == "off_label" && m["amp_tier"] == "IIC"));
    let r = report("kras_g12c.vcf", &[]);
    let s = list(&r, "sensitivity");
    assert!(!s.is_empty());
    assert!(s.iter().all(|m| m["context"] == "tumor_type_unknown"));
    let w = r["warnings"].as_array().unwrap();
    assert!(
        w.iter().any(|w| w.as_str().unwrap().contains("no tumour type")),
        "{w:?}"
    );
}

#[test]
fn cli_kras_g12d_colorectal_anti_egfr_resistance() {
    let r = report("kras_g12d.vcf", &["--tumor-type", "CRC"]);
    let res = list(&r, "resistance");
    let m = with_therapy(&res, "anti-EGFR antibodies (cetuximab, panitumumab)");
    assert_eq!(m.len(), 1, "{res:#?}");
    assert_eq!(m[0]["direction"], "resistance");
    assert_eq!(m[0]["alterations"], serde_json::json!(["A1"]));
    // G12D is not G12C: no G12C inhibitor.
    let s = list(&r, "sensitivity");
    assert!(with_therapy(&s, "adagrasib + cetuximab").is_empty());
}

/// CIViC rows in a report: `kb import civic` then `report --annotations DIR`.
/// Needs the knowledge-base loader to read `therapies.civic.tsv`
/// (`kb::rules::load_civic`).
#[test]
fn cli_civic_rows_appear_in_report() {
    let Some(f) = shared("civic-2022/accept_var_info.tsv") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("oncoprofile")
        .unwrap()
        .args(["kb", "import", "civic"])
        .arg(&f)
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.path().join(rules::CIVIC_FILE).exists());
    let r = report(
        "kras_g12d.vcf",
        &[
            "--tumor-type",
            "COADREAD",
            "--annotations",
            dir.path().to_str().unwrap(),
        ],
    );
    let all: Vec<&serde_json::Value> = list(&r, "sensitivity")
        .into_iter()
        .chain(list(&r, "resistance"))
        .collect();
    let civic = all.iter().any(|m| {
        m["rule_id"].as_str().unwrap().starts_with("CIVIC:EID")
            || m["references"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x.as_str().unwrap().starts_with("CIViC EID"))
    });
    if !civic {
        eprintln!("CIViC rules are not loaded from --annotations yet (KB loader does not read therapies.civic.tsv)");
    }
    assert!(civic, "no CIViC evidence in the report: {all:#?}");
}

mod no_panic {
    use super::*;
    use proptest::prelude::*;

    const CIVIC_HEAD: &str = "gene\tvariant\tdisease\tdrugs\tevidence_type\tevidence_direction\tevidence_level\tclinical_significance\tevidence_status\tevidence_id\tpubmed_id";

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        /// The rule parser returns errors, never panics, on arbitrary rows under a valid header.
        #[test]
        fn parse_never_panics(rows in proptest::collection::vec("[A-Za-z0-9_:;,.!\\t p*-]{0,80}", 0..6)) {
            let text = format!("{HEAD}\n{}\n", rows.join("\n"));
            let _ = rules::parse(&text, "p.tsv");
            let _ = rules::parse(&rows.join("\n"), "p.tsv");
        }

        /// The CIViC importer never panics on arbitrary rows.
        #[test]
        fn civic_import_never_panics(rows in proptest::collection::vec("[A-Za-z0-9_:;,.()/\\t -]{0,100}", 0..6)) {
            let dir = tempfile::tempdir().unwrap();
            let f = dir.path().join("c.tsv");
            std::fs::write(&f, format!("{CIVIC_HEAD}\n{}\n", rows.join("\n"))).unwrap();
            let _ = import_civic(&[f], dir.path());
        }
    }

    #[test]
    fn civic_minimal_row_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("c.tsv");
        std::fs::write(
            &f,
            format!(
                "{CIVIC_HEAD}\nBRAF\tV600E\tColorectal Cancer\tEncorafenib,Cetuximab\tPredictive\tSupports\tA\tSensitivity\taccepted\t7\t31566309\n\
                 EGFR\tT790M\tNon-small Cell Lung Carcinoma\tErlotinib\tPredictive\tSupports\tB\tResistance or Non-Response\taccepted\t8\t100001\n\
                 EGFR\tL858R\tNon-small Cell Lung Carcinoma\tErlotinib\tPredictive\tDoes Not Support\tB\tSensitivity\taccepted\t9\t1\n\
                 ERBB2\tAMPLIFICATION\tBreast Cancer\tTrastuzumab\tPredictive\tSupports\tA\tSensitivity\taccepted\t10\t2\n\
                 JAK2\tV617F\tPolycythemia Vera, Primary\tRuxolitinib\tPredictive\tSupports\tB\tSensitivity\taccepted\t11\t3\n"
            ),
        )
        .unwrap();
        let s = import_civic(&[f], dir.path()).unwrap();
        assert!(s.contains("3 rules written"), "{s}");
        let text = std::fs::read_to_string(dir.path().join(rules::CIVIC_FILE)).unwrap();
        let r = rules::parse(&text, "c").unwrap();
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].id, "CIVIC:EID7");
        assert_eq!(r[0].tumor_types, vec!["COADREAD"]);
        assert_eq!(r[0].evidence_level, EvidenceLevel::Guideline);
        assert_eq!(r[0].therapy, "encorafenib, cetuximab");
        assert_eq!(r[0].references, vec!["PMID:31566309", "CIViC EID7"]);
        assert_eq!(r[1].direction, rules::Direction::Resistance);
        assert_eq!(r[1].evidence_level, EvidenceLevel::ClinicalTrial);
        assert_eq!(r[1].tumor_types, vec!["NSCLC"]);
        // Unmapped disease kept as text (commas removed), usable only off-label.
        assert_eq!(r[2].tumor_types, vec!["disease:Polycythemia Vera Primary"]);
        assert!(rules::check(&r, &kb()).is_empty());
    }
}

#[test]
fn merkel_cell_notes_exclude_platinum_etoposide() {
    let (t, _) = run(Some("MCC"), &[], &Biomarkers::default());
    let notes: Vec<&str> = t.notes.iter().map(|m| m.therapy.as_str()).collect();
    assert_eq!(notes, vec!["avelumab", "pembrolizumab"]);
    assert!(t.sensitivity.is_empty());
}

#[test]
fn low_confidence_msi_h_keeps_its_tier_only_if_confirmed_and_never_leads() {
    let a = [alt(
        "A1",
        "BRAF",
        "p.V600E",
        true,
        &["hotspot", "missense", "oncogenic"],
    )];
    let weak = Biomarkers {
        tmb: None,
        msi: Some(Msi {
            confidence: Confidence::Low,
            ..msi("MSI-H")
        }),
    };
    let (t, _) = run(Some("COADREAD"), &a, &weak);
    let p = find(&t.sensitivity, "pembrolizumab");
    assert_eq!(p[0].amp_tier.as_str(), "IA", "the rule's tier is kept");
    assert!(p[0].confirmation_required);
    assert!(p[0]
        .note
        .as_deref()
        .unwrap()
        .starts_with("confirm MSI/dMMR by IHC or PCR"));
    // Confirmed options (encorafenib + cetuximab) come first; every MSI-H entry after them.
    assert_eq!(t.sensitivity[0].rule_id, "CRC-ENCORAFENIB-CETUXIMAB-BRAF");
    let first_weak = t.sensitivity.iter().position(|m| m.confirmation_required).unwrap();
    assert!(t.sensitivity[first_weak..].iter().all(|m| m.confirmation_required));
    assert!(t.sensitivity[..first_weak].iter().all(|m| m.biomarker != "MSI-H"));
    // The same call with high confidence: undecorated.
    let (t, _) = run(
        Some("COADREAD"),
        &a,
        &Biomarkers {
            tmb: None,
            msi: Some(msi("MSI-H")),
        },
    );
    assert!(t.sensitivity.iter().all(|m| !m.confirmation_required));
}

/// The approvals table of `annotations/THERAPIES.md`: every rule it names for a covered (or
/// fusion-input) approval exists, every row has a known status, and the knowledge base states
/// the month it was reviewed through.
#[test]
fn every_covered_approval_has_its_rules() {
    let kb = kb();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("annotations/THERAPIES.md")).expect("THERAPIES.md");
    let start = text
        .find("## FDA approvals driven by a genomic biomarker")
        .expect("approvals section");
    let rows: Vec<Vec<&str>> = text[start..]
        .lines()
        .skip_while(|l| !l.starts_with("| year |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.trim_matches('|').split('|').map(str::trim).collect())
        .collect();
    assert!(rows.len() >= 60, "{} approval rows", rows.len());
    let mut covered = 0;
    for r in &rows {
        assert_eq!(r.len(), 5, "{r:?}");
        let year: u32 = r[0].parse().unwrap_or_else(|_| panic!("year {:?}", r[0]));
        assert!((2015..=2026).contains(&year), "{r:?}");
        let status = r[3];
        assert!(
            ["covered", "needs fusion input", "needs CNA input", "not applicable"].contains(&status),
            "unknown status {status:?}"
        );
        let ids: Vec<&str> = r[4].split('`').skip(1).step_by(2).collect();
        if status == "covered" {
            covered += 1;
            assert!(!ids.is_empty(), "covered approval without a rule: {r:?}");
        }
        if status == "not applicable" {
            assert!(!r[4].is_empty(), "not applicable without a reason: {r:?}");
        }
        for id in ids {
            assert!(
                kb.therapies.iter().any(|t| t.id == id),
                "approval {} {} names rule {id}, which does not exist",
                r[0],
                r[1]
            );
        }
    }
    assert!(covered >= 50, "{covered} covered approvals");
    let month = kb
        .approvals_reviewed_through
        .as_deref()
        .expect("reviewed-through month");
    assert!(text.contains(month), "THERAPIES.md does not name {month}");
    assert!(kb.info().contains(&format!("approvals reviewed through {month}")));
}
