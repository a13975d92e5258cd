//! Fusion tables (`--sv`): the real Arriba and STAR-Fusion files in `../shared/data/sv/` (written by
//! others; `SKIPPED` when absent) and our own cBioPortal and gene-pair fixtures in `tests/data/sv/`.

mod common;

use common::{bin, root, shared};
use oncoprofile::sv::{self, Orientation, SvFormat};
use serde_json::Value;

fn own(name: &str) -> std::path::PathBuf {
    root().join("tests/data/sv").join(name)
}

fn json(args: &[&str]) -> Value {
    let out = bin().arg("report").args(args).arg("--quiet").output().expect("ran");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn event<'a>(r: &'a Value, name: &str) -> &'a Value {
    r["fusions"]["events"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["name"] == name)
        .unwrap_or_else(|| panic!("{name} not reported"))
}

fn rules(e: &Value) -> Vec<&str> {
    e["therapies"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["rule_id"].as_str())
        .collect()
}

/// STAR-Fusion's fusion-control mix: 52 distinct fusions (alternative breakpoints merged), each
/// known driver in its oncogenic position; EML4::ALK matches the NSCLC ALK rules, CD74::ROS1 the
/// ROS1 rules, ETV6::NTRK3 the tissue-agnostic NTRK rules, FGFR3::TACC3 none (the urothelial rule is not extrapolated).
#[test]
fn star_fusion_controls() {
    let Some(p) = shared("sv/star-fusion/fuco.star-fusion.fusion_candidates.final.abridged") else {
        return;
    };
    let f = sv::read(&p, &Default::default()).unwrap();
    assert_eq!((f.format, f.fusions.len()), (SvFormat::StarFusion, 52));
    // A gene name with '-' is kept whole (`STX16-NPEPL1::RAE1`).
    assert!(
        f.fusions.iter().any(|x| x.name() == "STX16-NPEPL1::RAE1"),
        "{:?}",
        f.fusions.iter().map(|x| x.name()).collect::<Vec<_>>()
    );
    let r = json(&[
        "--sv",
        p.to_str().unwrap(),
        "--tumor-type",
        "NSCLC",
        "--genome",
        "GRCh37",
    ]);
    let alk = event(&r, "EML4::ALK");
    assert_eq!(
        (alk["orientation"].as_str(), alk["driver_gene"].as_str()),
        (Some("oncogenic"), Some("ALK"))
    );
    assert_eq!(alk["breakpoints"][1]["chrom"], "2");
    let alk_rules = rules(alk);
    assert!(
        alk_rules.contains(&"NSCLC-ALECTINIB-ALK") && alk_rules.contains(&"NSCLC-LORLATINIB-ALK"),
        "{alk_rules:?}"
    );
    assert!(rules(event(&r, "CD74::ROS1")).contains(&"NSCLC-CRIZOTINIB-ROS1"));
    assert!(rules(event(&r, "ETV6::NTRK3")).contains(&"TA-LAROTRECTINIB-NTRK"));
    // Approved in urothelial cancer only (the rule allows no extrapolation): nothing in NSCLC.
    let fgfr3 = event(&r, "FGFR3::TACC3");
    assert!(rules(fgfr3).is_empty());
    assert_eq!(event(&r, "FGFR3::TACC3")["driver_gene"], "FGFR3");
    let kinds: Vec<&str> = r["not_assessed"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["kind"].as_str())
        .collect();
    assert!(!kinds.contains(&"fusion"), "{kinds:?}");
}

/// Arriba's BCR::ABL1: breakpoints, frame and reads (4 + 7 split reads, 0 discordant mates).
#[test]
fn arriba_bcr_abl1() {
    let Some(p) = shared("sv/arriba/fusions.tsv") else {
        return;
    };
    let r = json(&["--sv", p.to_str().unwrap(), "--genome", "GRCh37"]);
    let e = event(&r, "BCR::ABL1");
    assert_eq!(e["frame"], "in-frame");
    assert_eq!(e["supporting_reads"], 11);
    assert_eq!(
        (
            e["breakpoints"][0]["chrom"].as_str(),
            e["breakpoints"][0]["pos"].as_u64()
        ),
        (Some("22"), Some(23632600))
    );
    assert_eq!(
        (
            e["breakpoints"][1]["chrom"].as_str(),
            e["breakpoints"][1]["pos"].as_u64()
        ),
        (Some("9"), Some(133729451))
    );
}

/// OncoKB-style pairs carry no order: `ALK EML4` is read as EML4::ALK; `EGFR EGFR` is intragenic;
/// one sample of several by -s.
#[test]
fn gene_pairs_in_oncogenic_order() {
    let p = own("oncokb_pairs.txt");
    let e = sv::read(&p, &Default::default()).unwrap_err().to_string();
    assert!(e.contains("2 samples (use -s/--sample to pick one): P1, P2"), "{e}");
    let f = sv::read(
        &p,
        &sv::ReadOptions {
            sample: Some("P1".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(f.fusions[0].name(), "EML4::ALK");
    assert!(!f.fusions[0].ordered);
    let r = json(&[
        "--sv",
        p.to_str().unwrap(),
        "-s",
        "P1",
        "--tumor-type",
        "NSCLC",
        "--genome",
        "GRCh38",
    ]);
    assert!(rules(event(&r, "EML4::ALK")).contains(&"NSCLC-ALECTINIB-ALK"));
    let egfr = event(&r, "EGFR::EGFR");
    assert_eq!(
        (egfr["class"].as_str(), egfr["orientation"].as_str()),
        (Some("intragenic"), Some("intragenic"))
    );
    assert!(rules(egfr).is_empty());
}

/// cBioPortal data_sv.txt is ordered (Site1 5'): ALK::EML4 is the reciprocal product, reported as
/// not the oncogenic fusion and matched to no rule; KIF5B::RET matches selpercatinib.
#[test]
fn cbioportal_sv_reciprocal_is_not_the_oncogenic_fusion() {
    let p = own("data_sv.txt");
    let r = json(&[
        "--sv",
        p.to_str().unwrap(),
        "--tumor-type",
        "NSCLC",
        "--genome",
        "GRCh38",
    ]);
    let rec = event(&r, "ALK::EML4");
    assert_eq!(
        (rec["orientation"].as_str(), rec["driver"].as_bool()),
        (Some("reciprocal"), Some(false))
    );
    assert!(rules(rec).is_empty());
    assert!(rec["evidence"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("not the oncogenic ALK fusion"));
    let ret = event(&r, "KIF5B::RET");
    assert_eq!(ret["supporting_reads"], 40);
    assert!(rules(ret).contains(&"TA-SELPERCATINIB-RET"));
    let no_alk = r["therapies"]["sensitivity"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| !t["rule_id"].as_str().unwrap().contains("ALK"));
    assert!(no_alk);
    // TSV: one row per fusion; the stderr line names the reciprocal product.
    let out = bin()
        .args(["report", "--sv", p.to_str().unwrap(), "--genome", "GRCh38", "-O", "tsv"])
        .output()
        .unwrap();
    let tsv = String::from_utf8_lossy(&out.stdout);
    assert_eq!(tsv.lines().filter(|l| l.contains("\t<FUSION>\t")).count(), 2, "{tsv}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("fusions: ALK::EML4 (reciprocal), KIF5B::RET;"));
}

/// A fusion table with an empty gene cell: one line naming file, line and field.
#[test]
fn bad_fusion_table() {
    let e = sv::read(&own("bad_sv.txt"), &Default::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("bad_sv.txt: line 2: field Site2_Hugo_Symbol: empty gene symbol"),
        "{e}"
    );
    assert_eq!(sv::orientation::classify("ALK", "EML4").0, Orientation::Reciprocal);
}

/// Our Manta BND pair for EML4::ALK (GRCh38): the mates read once, EML4 5' (kept left of its `+`
/// breakpoint) and ALK 3' (kept left of its `-` breakpoint); KIF5B::RET from `[p[t`; the
/// `MinSomaticScore` deletion in RET dropped unless --include-filtered, then intragenic.
#[test]
fn manta_bnd_pair_eml4_alk() {
    let p = own("manta_eml4_alk.vcf");
    let args = [
        "--sv",
        p.to_str().unwrap(),
        "--genome",
        "GRCh38",
        "--tumor-type",
        "NSCLC",
    ];
    let r = json(&args);
    let names: Vec<&str> = r["fusions"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["name"].as_str())
        .collect();
    assert_eq!(names, vec!["EML4::ALK", "KIF5B::RET"]);
    let alk = event(&r, "EML4::ALK");
    assert_eq!(alk["supporting_reads"], 33);
    assert_eq!(
        (
            alk["breakpoints"][0]["pos"].as_u64(),
            alk["breakpoints"][1]["pos"].as_u64()
        ),
        (Some(42260000), Some(29223500))
    );
    assert!(rules(alk).contains(&"NSCLC-ALECTINIB-ALK"));
    assert!(r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().contains("1 SV record(s) failing FILTER")));
    let mut all = args.to_vec();
    all.push("--include-filtered");
    let r = json(&all);
    assert_eq!(event(&r, "RET::RET")["class"], "intragenic");
    // GRCh37: no embedded spans, said in a warning.
    let r = json(&["--sv", p.to_str().unwrap(), "--genome", "GRCh37"]);
    assert!(r["fusions"]["events"].as_array().unwrap().is_empty());
    assert!(r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().contains("embedded GRCh38 spans only")));
}

/// The VCF 4.4 specification's SV examples (toy contig `chrA`): every record form parses (mated
/// breakends, a single breakend, `<DEL>`, `<INS>`, `<DUP>`); none lies in a gene.
#[test]
fn vcf44_sv_examples_parse() {
    let Some(p) = shared("sv/hts-specs-sv44/sv44.vcf") else {
        return;
    };
    let o = sv::ReadOptions {
        build: oncoprofile::genome::GenomeBuild::parse("GRCh38"),
        include_filtered: true,
        ..Default::default()
    };
    let f = sv::read(&p, &o).unwrap();
    assert_eq!((f.format, f.fusions.len()), (SvFormat::Vcf, 0));
}

/// KIAA1549::BRAF in a paediatric low-grade glioma: the tovorafenib fusion rule on-label;
/// CD74::NRG1 in pancreatic adenocarcinoma: zenocutuzumab on-label.
#[test]
fn braf_and_nrg1_fusion_rules() {
    let p = own("pairs_braf_nrg1.txt");
    let r = json(&[
        "--sv",
        p.to_str().unwrap(),
        "--tumor-type",
        "PLGG",
        "--genome",
        "GRCh38",
    ]);
    let braf = event(&r, "KIAA1549::BRAF");
    assert_eq!(braf["therapies"][0]["rule_id"], "PLGG-TOVORAFENIB-BRAF-FUSION");
    assert_eq!(braf["therapies"][0]["context"], "on_label");
    let r = json(&[
        "--sv",
        p.to_str().unwrap(),
        "--tumor-type",
        "PAAD",
        "--genome",
        "GRCh38",
    ]);
    let nrg1 = event(&r, "CD74::NRG1");
    assert_eq!(rules(nrg1), vec!["NRG1-ZENOCUTUZUMAB-FUSION"]);
}

/// KMT2A is the 5' partner of its leukaemia fusions: an unordered pair gives KMT2A::MLLT3, which
/// the AML revumenib rule (FDA 2024, KMT2A translocation) matches; the solid-tumour rules do not.
#[test]
fn kmt2a_rearrangement_in_aml() {
    let p = own("kmt2a_pairs.txt");
    let r = json(&["--sv", p.to_str().unwrap(), "--tumor-type", "AML", "--genome", "GRCh38"]);
    let e = event(&r, "KMT2A::MLLT3");
    assert_eq!(e["orientation"], "oncogenic");
    assert_eq!(rules(e), vec!["AML-REVUMENIB-KMT2A-FUSION"]);
}
