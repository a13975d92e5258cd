//! Oncogenicity classification on hand-written fixtures (test-data/classify/):
//! the same variants VEP-annotated, SnpEff-annotated and (hotspot SNVs)
//! unannotated on GRCh37 and GRCh38, checked through `oncoprofile report`;
//! plus library-level checks of the call details (classes, evidence) and of
//! the exon-level classes.

use oncoprofile::annotation::kb_fallback::fill;
use oncoprofile::classify::classify;
use oncoprofile::genome::GenomeBuild;
use oncoprofile::interpret::interpret;
use oncoprofile::kb::KnowledgeBase;
use oncoprofile::model::{Alteration, Annotation, AnnotationSource, Call, Oncogenicity, Variant};
use serde_json::Value;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/test-data/classify");

fn kb() -> KnowledgeBase {
    KnowledgeBase::embedded().expect("embedded knowledge base")
}

fn variant(chrom: &str, pos: u64, r: &str, a: &str, ann: Option<Annotation>) -> Variant {
    Variant {
        chrom: chrom.into(),
        pos,
        ref_allele: r.into(),
        alt: a.into(),
        alt_index: 1,
        record_no: 1,
        filters: vec!["PASS".into()],
        tumor: Default::default(),
        normal: None,
        somatic_flag: None,
        repeat: Default::default(),
        annotation: ann,
    }
}

fn ann(source: AnnotationSource, gene: &str, cons: &[&str], p: Option<&str>, pos: Option<u32>) -> Option<Annotation> {
    Some(Annotation {
        source: Some(source),
        gene: Some(gene.into()),
        consequences: cons.iter().map(|s| s.to_string()).collect(),
        protein_change: p.map(str::to_string),
        protein_position: pos,
        ..Default::default()
    })
}

/// Expected call per fixture variant: (id, gene, protein change, oncogenicity, hotspot label, reportable).
/// (id, gene, protein change, oncogenicity, hotspot label, reportable)
type Expected = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    bool,
);
const EXPECTED: &[Expected] = &[
    ("KRAS_G12D", "KRAS", "p.G12D", "oncogenic", Some("KRAS G12"), true),
    ("KRAS_G12C", "KRAS", "p.G12C", "oncogenic", Some("KRAS G12"), true),
    ("KRAS_G13D", "KRAS", "p.G13D", "oncogenic", Some("KRAS G13"), true),
    ("KRAS_Q61H", "KRAS", "p.Q61H", "oncogenic", Some("KRAS Q61"), true),
    ("BRAF_V600E", "BRAF", "p.V600E", "oncogenic", Some("BRAF V600"), true),
    (
        "PIK3CA_H1047R",
        "PIK3CA",
        "p.H1047R",
        "oncogenic",
        Some("PIK3CA H1047"),
        true,
    ),
    (
        "PIK3CA_E545K",
        "PIK3CA",
        "p.E545K",
        "oncogenic",
        Some("PIK3CA E545"),
        true,
    ),
    ("TP53_R175H", "TP53", "p.R175H", "oncogenic", Some("TP53 R175"), true),
    ("TP53_R273H", "TP53", "p.R273H", "oncogenic", Some("TP53 R273"), true),
    ("TP53_fs", "TP53", "p.P152Lfs*18", "oncogenic", None, true),
    ("RB1_R320X", "RB1", "p.R320*", "oncogenic", None, true),
    ("BRCA1_fs", "BRCA1", "p.Q1756Pfs*74", "oncogenic", None, true),
    ("MEN1_fs", "MEN1", "p.R516Pfs*15", "oncogenic", None, true),
    (
        "EGFR_ex19del",
        "EGFR",
        "p.E746_A750del",
        "oncogenic",
        Some("EGFR exon 19 deletion"),
        true,
    ),
    ("TP53_syn", "TP53", "p.R213=", "likely_benign", None, false),
    ("TTN_missense", "TTN", "p.R334W", "vus", None, false),
];
const HOTSPOT_SNVS: &[&str] = &[
    "KRAS_G12D",
    "KRAS_G12C",
    "KRAS_G13D",
    "KRAS_Q61H",
    "BRAF_V600E",
    "PIK3CA_H1047R",
    "PIK3CA_E545K",
    "TP53_R175H",
    "TP53_R273H",
];

fn report(file: &str, extra: &[&str]) -> Value {
    let path = format!("{DIR}/{file}");
    let mut args = vec!["report", path.as_str(), "--quiet"];
    args.extend_from_slice(extra);
    let out = assert_cmd::Command::cargo_bin("oncoprofile")
        .expect("binary")
        .args(&args)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{file}: exit {:?}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON report")
}

fn find<'a>(r: &'a Value, gene: &str, change: &str) -> Option<&'a Value> {
    r["alterations"]
        .as_array()
        .expect("alterations")
        .iter()
        .find(|a| a["gene"] == gene && a["protein_change"] == change)
}

fn check_report(file: &str, ids: &[&str], source: &str) {
    let r = report(file, &["--all-variants"]);
    let listed = report(file, &[]);
    for (id, gene, change, onc, hotspot, reportable) in EXPECTED.iter().filter(|e| ids.contains(&e.0)) {
        let a = find(&r, gene, change).unwrap_or_else(|| panic!("{file}: {id} ({gene} {change}) missing"));
        assert_eq!(a["oncogenicity"], *onc, "{file}: {id}");
        assert_eq!(
            a["driver"],
            *onc == "oncogenic" || *onc == "likely_oncogenic",
            "{file}: {id}"
        );
        assert_eq!(a["hotspot"].as_str(), *hotspot, "{file}: {id}");
        assert_eq!(a["annotation_source"], source, "{file}: {id}");
        assert!(!a["evidence"].as_array().expect("evidence").is_empty(), "{file}: {id}");
        for e in a["evidence"].as_array().expect("evidence") {
            assert!(
                !e["source"].as_str().unwrap_or("").is_empty(),
                "{file}: {id}: evidence without source"
            );
        }
        assert_eq!(
            find(&listed, gene, change).is_some(),
            *reportable,
            "{file}: {id} listed?"
        );
    }
    let n_not_listed = EXPECTED.iter().filter(|e| ids.contains(&e.0) && !e.5).count();
    assert_eq!(listed["summary"]["variants_not_listed"], n_not_listed as u64, "{file}");
}

#[test]
fn vep_annotated_fixture() {
    let ids: Vec<&str> = EXPECTED.iter().map(|e| e.0).collect();
    check_report("vep_grch37.vcf", &ids, "vep");
    let r = report("vep_grch37.vcf", &[]);
    let tp53 = find(&r, "TP53", "p.R175H").expect("TP53 R175H");
    assert_eq!(tp53["gene_role"], "tumor_suppressor");
    assert_eq!(tp53["pathways"], serde_json::json!(["TP53"]));
    assert_eq!(r["summary"]["drivers"], 14);
}

#[test]
fn snpeff_annotated_fixture() {
    let ids: Vec<&str> = EXPECTED.iter().map(|e| e.0).collect();
    check_report("snpeff_grch37.vcf", &ids, "snpeff");
}

#[test]
fn unannotated_fixtures_both_builds() {
    for (file, build) in [
        ("unannotated_grch37.vcf", "GRCh37"),
        ("unannotated_grch38.vcf", "GRCh38"),
    ] {
        check_report(file, HOTSPOT_SNVS, "knowledge_base");
        let r = report(file, &[]);
        assert_eq!(r["input"]["genome_build"], build);
        assert_eq!(r["alterations"].as_array().map(Vec::len), Some(HOTSPOT_SNVS.len()));
        // The same alleles given the wrong build are not recognised.
        let wrong = if build == "GRCh37" { "GRCh38" } else { "GRCh37" };
        let w = report(file, &["--genome", wrong]);
        assert_eq!(w["alterations"].as_array().map(Vec::len), Some(0), "{file} as {wrong}");
    }
}

#[test]
fn interpretation_patterns_follow_tumor_type() {
    let ids = |r: &Value| -> Vec<String> {
        r["interpretation"]["patterns"]
            .as_array()
            .expect("patterns")
            .iter()
            .map(|p| p["id"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let unknown = report("vep_grch37.vcf", &[]);
    assert_eq!(ids(&unknown), vec!["nec_tp53_rb1", "net_men1_daxx_atrx"]);
    // NEC (site unspecified) is an ancestor of GEPNEC: the GEP-NEC site condition does not hold.
    let nec = report("vep_grch37.vcf", &["--tumor-type", "NEC"]);
    assert_eq!(ids(&nec), vec!["nec_tp53_rb1"]);
    let sclc = report("vep_grch37.vcf", &["--tumor-type", "SCLC"]);
    assert_eq!(ids(&sclc), vec!["nec_tp53_rb1"]);
    let panet = report("vep_grch37.vcf", &["--tumor-type", "PANET"]);
    // TP53 + RB1 in a stated NET: the genotype-discordance caution as well.
    assert_eq!(
        ids(&panet),
        vec![
            "nec_tp53_rb1",
            "net_men1_daxx_atrx",
            "net_mtor_pathway",
            "net_nec_genotype_discordant"
        ]
    );
    let gepnec = report("vep_grch37.vcf", &["--tumor-type", "PANEC"]);
    assert_eq!(ids(&gepnec), vec!["nec_tp53_rb1", "gepnec_adenocarcinoma_like"]);
    assert_eq!(
        panet["patient"]["tumor_type_lineage"],
        serde_json::json!(["PANET", "NET", "NEN", "SOLID"])
    );
    for p in panet["interpretation"]["patterns"].as_array().expect("patterns") {
        assert!(p["statement"].as_str().unwrap_or("").contains("consistent with"));
        assert!(!p["sources"].as_array().expect("sources").is_empty());
    }
    let paths: Vec<&str> = nec["interpretation"]["altered_pathways"]
        .as_array()
        .expect("pathways")
        .iter()
        .filter_map(|p| p["pathway"].as_str())
        .collect();
    assert!(paths.contains(&"RAS-MAPK") && paths.contains(&"chromatin_ALT") && paths.contains(&"cell_cycle_RB1"));
}

// ---- library level: classes and evidence -------------------------------------------------

fn has(c: &Call, class: &str) -> bool {
    c.classes.iter().any(|x| x.as_str() == class)
}

#[test]
fn classes_for_the_therapy_stage() {
    let kb = kb();
    let vep = AnnotationSource::Vep;
    let mut v = variant(
        "12",
        25398285,
        "C",
        "A",
        ann(vep, "KRAS", &["missense_variant"], Some("p.G12C"), Some(12)),
    );
    let c = {
        fill(&kb, &mut v, Some(GenomeBuild::GRCh37));
        classify(&kb, &v, Some(GenomeBuild::GRCh37))
    };
    assert!(
        has(&c, "hotspot") && has(&c, "missense") && has(&c, "oncogenic"),
        "{:?}",
        c.classes
    );
    assert!(c.evidence.iter().any(|e| e.source.contains("PMID 29247016")));

    let mut v = variant(
        "13",
        1,
        "C",
        "T",
        ann(vep, "RB1", &["stop_gained"], Some("p.R320*"), Some(320)),
    );
    let c = {
        fill(&kb, &mut v, None);
        classify(&kb, &v, None)
    };
    assert_eq!(c.oncogenicity, Oncogenicity::Oncogenic);
    assert!(has(&c, "truncating") && has(&c, "oncogenic") && !has(&c, "hotspot"));
    // NEN context is attached to drivers in genes that have it.
    assert!(
        c.evidence
            .iter()
            .any(|e| e.reason.starts_with("RB1 in neuroendocrine neoplasms") && e.source.contains("PMID 26168399")),
        "{:?}",
        c.evidence
    );

    // Truncation in a tumour suppressor whose LoF is not flagged as established → likely oncogenic.
    let mut v = variant(
        "1",
        1,
        "C",
        "T",
        ann(vep, "ARID2", &["stop_gained"], Some("p.R100*"), Some(100)),
    );
    assert_eq!(
        {
            fill(&kb, &mut v, None);
            classify(&kb, &v, None)
        }
        .oncogenicity,
        Oncogenicity::LikelyOncogenic
    );

    // Truncation in an oncogene → vus, still reported.
    let mut v = variant(
        "1",
        1,
        "C",
        "T",
        ann(vep, "KRAS", &["stop_gained"], Some("p.Q22*"), Some(22)),
    );
    let c = {
        fill(&kb, &mut v, None);
        classify(&kb, &v, None)
    };
    assert_eq!(c.oncogenicity, Oncogenicity::Vus);
    assert!(c.reportable && !c.driver && has(&c, "truncating"));

    // Missense elsewhere in an oncogene → vus.
    let mut v = variant(
        "7",
        1,
        "C",
        "T",
        ann(vep, "BRAF", &["missense_variant"], Some("p.A100T"), Some(100)),
    );
    let c = {
        fill(&kb, &mut v, None);
        classify(&kb, &v, None)
    };
    assert_eq!(c.oncogenicity, Oncogenicity::Vus);
    assert!(c.hotspot.is_none() && c.reportable);
}

#[test]
fn exon_level_classes() {
    let kb = kb();
    let vep = AnnotationSource::Vep;
    type Case = (
        &'static str,
        &'static [&'static str],
        &'static str,
        u32,
        &'static str,
        &'static str,
    );
    let cases: &[Case] = &[
        (
            "EGFR",
            &["inframe_deletion"],
            "p.E746_A750del",
            746,
            "exon19_deletion",
            "EGFR exon 19 deletion",
        ),
        (
            "EGFR",
            &["inframe_deletion"],
            "p.L747_P753delinsS",
            747,
            "exon19_deletion",
            "EGFR exon 19 deletion",
        ),
        (
            "EGFR",
            &["inframe_insertion"],
            "p.A767_V769dup",
            767,
            "exon20_insertion",
            "EGFR exon 20 insertion",
        ),
        (
            "EGFR",
            &["protein_altering_variant"],
            "p.D770_N771insSVD",
            770,
            "exon20_insertion",
            "EGFR exon 20 insertion",
        ),
        (
            "ERBB2",
            &["inframe_insertion"],
            "p.A775_G776insYVMA",
            775,
            "exon20_insertion",
            "ERBB2 exon 20 insertion",
        ),
        (
            "KIT",
            &["inframe_deletion"],
            "p.W557_K558del",
            557,
            "exon11_mutation",
            "KIT exon 11 mutation",
        ),
        (
            "KIT",
            &["missense_variant"],
            "p.V560D",
            560,
            "exon11_mutation",
            "KIT V560",
        ),
        (
            "CTNNB1",
            &["inframe_deletion"],
            "p.S45del",
            45,
            "exon3_mutation",
            "CTNNB1 exon 3 mutation",
        ),
    ];
    for (gene, cons, p, pos, class, label) in cases {
        let mut v = variant("1", 1, "A", "T", ann(vep, gene, cons, Some(p), Some(*pos)));
        let c = {
            fill(&kb, &mut v, None);
            classify(&kb, &v, None)
        };
        assert_eq!(c.oncogenicity, Oncogenicity::Oncogenic, "{gene} {p}");
        assert!(has(&c, class), "{gene} {p}: {:?}", c.classes);
        assert!(has(&c, "inframe") || has(&c, "missense"), "{gene} {p}: {:?}", c.classes);
        assert_eq!(c.hotspot.as_deref(), Some(*label), "{gene} {p}");
    }
    // A frameshift in EGFR exon 19 is not an exon 19 deletion.
    let mut v = variant(
        "7",
        1,
        "A",
        "T",
        ann(vep, "EGFR", &["frameshift_variant"], Some("p.E746fs"), Some(746)),
    );
    let c = {
        fill(&kb, &mut v, None);
        classify(&kb, &v, None)
    };
    assert!(!has(&c, "exon19_deletion"));
    assert_eq!(c.oncogenicity, Oncogenicity::Vus);
    // EGFR in-frame deletion outside exon 19 → vus.
    let mut v = variant(
        "7",
        1,
        "A",
        "T",
        ann(vep, "EGFR", &["inframe_deletion"], Some("p.E100del"), Some(100)),
    );
    assert_eq!(
        {
            fill(&kb, &mut v, None);
            classify(&kb, &v, None)
        }
        .oncogenicity,
        Oncogenicity::Vus
    );

    // MET exon 14 splice donor (intronic: no protein position) by genomic window, both builds.
    for (build, pos) in [(GenomeBuild::GRCh37, 116412044), (GenomeBuild::GRCh38, 116771990)] {
        let mut v = variant(
            "7",
            pos,
            "G",
            "A",
            ann(vep, "MET", &["splice_donor_variant", "intron_variant"], None, None),
        );
        let c = {
            fill(&kb, &mut v, Some(build));
            classify(&kb, &v, Some(build))
        };
        assert!(has(&c, "exon14_skipping"), "{build:?}: {:?}", c.classes);
        assert_eq!(c.oncogenicity, Oncogenicity::Oncogenic);
        assert_eq!(c.hotspot.as_deref(), Some("MET exon 14 skipping"));
    }
    // A MET splice donor elsewhere is only a truncating change in an oncogene.
    let mut v = variant(
        "7",
        116_400_000,
        "G",
        "A",
        ann(vep, "MET", &["splice_donor_variant"], None, None),
    );
    let c = {
        fill(&kb, &mut v, Some(GenomeBuild::GRCh37));
        classify(&kb, &v, Some(GenomeBuild::GRCh37))
    };
    assert!(!has(&c, "exon14_skipping"));
    assert_eq!(c.oncogenicity, Oncogenicity::Vus);
}

#[test]
fn unannotated_exon19_deletion_by_window() {
    let kb = kb();
    for (build, pos) in [(GenomeBuild::GRCh37, 55242464), (GenomeBuild::GRCh38, 55174771)] {
        let mut v = variant("chr7", pos, "AGGAATTAAGAGAAGC", "A", None);
        let c = {
            fill(&kb, &mut v, Some(build));
            classify(&kb, &v, Some(build))
        };
        assert!(has(&c, "exon19_deletion"), "{build:?}: {c:?}");
        assert_eq!(c.oncogenicity, Oncogenicity::Oncogenic);
        let a = v.annotation.expect("filled from the knowledge base");
        assert_eq!(a.gene.as_deref(), Some("EGFR"));
        assert_eq!(a.source, Some(AnnotationSource::KnowledgeBase));
        assert_eq!(a.consequences, vec!["inframe_deletion".to_string()]);
    }
    // Out-of-frame deletion at the same place: not recognised without annotation.
    let mut v = variant("7", 55242464, "AGG", "A", None);
    let c = {
        fill(&kb, &mut v, Some(GenomeBuild::GRCh37));
        classify(&kb, &v, Some(GenomeBuild::GRCh37))
    };
    assert!(v.annotation.is_none() && !c.reportable);
}

#[test]
fn unannotated_build_unknown_needs_unambiguous_match() {
    let kb = kb();
    // KRAS G12D GRCh37 coordinates, build not given: only GRCh37 has the allele.
    let mut v = variant("12", 25398284, "C", "T", None);
    let c = {
        fill(&kb, &mut v, None);
        classify(&kb, &v, None)
    };
    assert_eq!(c.hotspot.as_deref(), Some("KRAS G12"));
    assert_eq!(v.annotation.and_then(|a| a.protein_change).as_deref(), Some("p.G12D"));
    // Unknown position: nothing, not reported.
    let mut v = variant("12", 25398000, "C", "T", None);
    let c = {
        fill(&kb, &mut v, None);
        classify(&kb, &v, None)
    };
    assert!(v.annotation.is_none() && !c.reportable && !c.driver);
}

#[test]
fn domain_rule_and_polymorphism() {
    let kb = kb();
    let vep = AnnotationSource::Vep;
    let mut v = variant(
        "17",
        1,
        "A",
        "G",
        ann(vep, "TP53", &["missense_variant"], Some("p.Y234C"), Some(234)),
    );
    let c = {
        fill(&kb, &mut v, None);
        classify(&kb, &v, None)
    };
    assert_eq!(c.oncogenicity, Oncogenicity::LikelyOncogenic);
    assert!(c.evidence.iter().any(|e| e.source.contains("PMID 35101336")));
    // TP53 P72R, common germline polymorphism (population AF 0.6) → likely benign, not reported.
    let mut a = ann(vep, "TP53", &["missense_variant"], Some("p.P72R"), Some(72));
    if let Some(x) = a.as_mut() {
        x.population_af = Some(0.6);
        x.population_af_field = Some("gnomADe_AF".into());
    }
    let mut v = variant("17", 1, "G", "C", a);
    let c = {
        fill(&kb, &mut v, None);
        classify(&kb, &v, None)
    };
    assert_eq!(c.oncogenicity, Oncogenicity::LikelyBenign);
    assert!(!c.reportable);
    // A hotspot is kept whatever the population AF says.
    let mut a = ann(vep, "KRAS", &["missense_variant"], Some("p.G12D"), Some(12));
    if let Some(x) = a.as_mut() {
        x.population_af = Some(0.02);
    }
    let mut v = variant("12", 1, "C", "T", a);
    assert_eq!(
        {
            fill(&kb, &mut v, None);
            classify(&kb, &v, None)
        }
        .oncogenicity,
        Oncogenicity::Oncogenic
    );
}

#[test]
fn alias_symbols_and_non_kb_genes() {
    let kb = kb();
    let vep = AnnotationSource::Vep;
    // Older VEP releases name H3-3A as H3F3A.
    let mut v = variant(
        "1",
        1,
        "A",
        "T",
        ann(vep, "H3F3A", &["missense_variant"], Some("p.K28M"), Some(28)),
    );
    let c = {
        fill(&kb, &mut v, None);
        classify(&kb, &v, None)
    };
    assert_eq!(c.hotspot.as_deref(), Some("H3-3A K28"));
    assert_eq!(c.oncogenicity, Oncogenicity::Oncogenic);
    // A gene outside the base: not reported, no role.
    let mut v = variant(
        "2",
        1,
        "G",
        "A",
        ann(vep, "TTN", &["missense_variant"], Some("p.R334W"), Some(334)),
    );
    let c = {
        fill(&kb, &mut v, None);
        classify(&kb, &v, None)
    };
    assert!(!c.reportable && c.gene_role.is_none() && c.oncogenicity == Oncogenicity::Vus);
    let mut v = variant("2", 1, "G", "A", ann(vep, "TTN", &["intron_variant"], None, None));
    assert_eq!(
        {
            fill(&kb, &mut v, None);
            classify(&kb, &v, None)
        }
        .oncogenicity,
        Oncogenicity::LikelyBenign
    );
}

#[test]
fn interpret_counts_only_drivers() {
    let kb = kb();
    let vep = AnnotationSource::Vep;
    let mk = |gene: &str, cons: &str, p: &str, pos: u32| {
        let mut v = variant("1", 1, "A", "T", ann(vep, gene, &[cons], Some(p), Some(pos)));
        let call = {
            fill(&kb, &mut v, None);
            classify(&kb, &v, None)
        };
        Alteration {
            id: format!("A{pos}"),
            variant: v,
            call,
        }
    };
    // RB1 missense is a VUS: TP53 + RB1 VUS does not make the NEC pattern.
    let alts = vec![
        mk("TP53", "missense_variant", "p.R175H", 175),
        mk("RB1", "missense_variant", "p.A100T", 100),
    ];
    let i = interpret(&kb, &alts, Some("SCLC"));
    assert!(i.patterns.is_empty());
    assert_eq!(i.altered_pathways.len(), 1);
    let alts = vec![
        mk("TP53", "missense_variant", "p.R175H", 175),
        mk("RB1", "frameshift_variant", "p.K100fs", 100),
        mk("CDKN1B", "frameshift_variant", "p.K25fs", 25),
    ];
    let sclc: Vec<String> = interpret(&kb, &alts, Some("SCLC"))
        .patterns
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(sclc, vec!["nec_tp53_rb1"]);
    let si: Vec<String> = interpret(&kb, &alts, Some("SBWDNE"))
        .patterns
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(si, vec!["nec_tp53_rb1", "sinet_cdkn1b", "net_nec_genotype_discordant"]);
}

/// BRCA2 p.K3326* (last exon): the curated benign allele, likely benign and not reported; the
/// evidence cites benign_truncations.tsv. Another last-exon BRCA2 truncation is lowered one step.
#[test]
fn brca2_k3326_is_a_listed_benign_truncation() {
    let kb = kb();
    let mut a = ann(
        AnnotationSource::Vep,
        "BRCA2",
        &["stop_gained"],
        Some("p.K3326*"),
        Some(3326),
    );
    if let Some(x) = a.as_mut() {
        x.exon = Some("27/27".into());
        x.population_af = Some(0.007);
    }
    let v = variant("13", 32398489, "A", "T", a);
    let c = classify(&kb, &v, Some(GenomeBuild::GRCh38));
    assert_eq!(c.oncogenicity, Oncogenicity::LikelyBenign);
    assert!(!c.driver && !c.reportable);
    assert!(
        c.evidence
            .iter()
            .any(|e| e.reason.contains("benign_truncations.tsv") && e.source.contains("rs11571833")),
        "{:?}",
        c.evidence
    );
    let mut a = ann(
        AnnotationSource::Vep,
        "BRCA2",
        &["stop_gained"],
        Some("p.Q3300*"),
        Some(3300),
    );
    if let Some(x) = a.as_mut() {
        x.exon = Some("27/27".into());
    }
    let c = classify(&kb, &variant("13", 1, "C", "T", a), Some(GenomeBuild::GRCh38));
    assert_eq!(c.oncogenicity, Oncogenicity::LikelyOncogenic);
    assert!(c
        .evidence
        .iter()
        .any(|e| e.reason.contains("escapes nonsense-mediated decay") && e.source.contains("PMID 30192042")));
}

/// The population-AF cut-off comes from thresholds.toml (`population_af_benign`).
#[test]
fn population_af_cutoff_comes_from_thresholds() {
    let mut kb = kb();
    let mut a = ann(
        AnnotationSource::Vep,
        "TP53",
        &["missense_variant"],
        Some("p.P72R"),
        Some(72),
    );
    if let Some(x) = a.as_mut() {
        x.population_af = Some(0.03);
    }
    let v = variant("17", 1, "G", "C", a);
    let c = classify(&kb, &v, None);
    assert_eq!(c.oncogenicity, Oncogenicity::LikelyBenign);
    assert!(c.evidence.iter().any(|e| e.reason.contains("population_af_benign")));
    if let Some(t) = kb.thresholds.values.get_mut("population_af_benign") {
        t.value = 0.05;
    }
    assert_eq!(classify(&kb, &v, None).oncogenicity, Oncogenicity::Vus);
}
