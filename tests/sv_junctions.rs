//! DNA junctions and PCGR fusions (`--sv`): BEDPE (our GRCh38 fixture and the real PCAWG /
//! 560-breast files in `../shared/data/sv/bedpe-sigprofiler/`, `SKIPPED` when absent), PCGR's RNA
//! fusion TSV, and the exon-level detail of SV-VCF and BEDPE junctions (EGFRvIII, MET exon 14
//! skipping, a kinase-domain duplication), and the retained kinase domain by name in every output
//! format.

mod common;

use common::{bin, root, shared};
use oncoprofile::genome::GenomeBuild;
use oncoprofile::sv::{self, SvFormat};
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
        .unwrap_or_else(|| panic!("{name} not reported: {}", r["fusions"]))
}

fn rules(e: &Value) -> Vec<&str> {
    e["therapies"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["rule_id"].as_str())
        .collect()
}

fn names(r: &Value) -> Vec<&str> {
    r["fusions"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["name"].as_str())
        .collect()
}

fn grch38() -> sv::ReadOptions {
    sv::ReadOptions {
        build: GenomeBuild::parse("GRCh38"),
        ..Default::default()
    }
}

/// Our BEDPE (GRCh38, sample S1 of two): KIAA1549::BRAF from a `- +` tandem duplication
/// (KIAA1549 intron 16 → BRAF intron 8, exons 9-18 kept), EML4::ALK from a `+ +` inversion; the
/// `LowQual` EGFR deletion read only with --include-filtered, then EGFRvIII.
#[test]
fn bedpe_fixture() {
    let p = own("fusions.bedpe");
    let o = sv::ReadOptions {
        sample: Some("S1".into()),
        ..grch38()
    };
    let f = sv::read(&p, &o).unwrap();
    assert_eq!((f.format, f.sample.as_deref()), (SvFormat::Bedpe, Some("S1")));
    let got: Vec<String> = f.fusions.iter().map(|x| x.name()).collect();
    assert_eq!(got, vec!["KIAA1549::BRAF", "EML4::ALK"]);
    let args = [
        "--sv",
        p.to_str().unwrap(),
        "-s",
        "S1",
        "--genome",
        "GRCh38",
        "--tumor-type",
        "PLGG",
    ];
    let r = json(&args);
    let braf = event(&r, "KIAA1549::BRAF");
    assert_eq!(braf["breakpoints"][0]["pos"], 138855000);
    assert_eq!(braf["breakpoints"][1]["location"], "intron 8");
    assert_eq!(braf["breakpoints"][1]["retained_exons"], "9-18");
    assert_eq!(braf["breakpoints"][1]["transcript"], "ENST00000646891.2");
    assert!(
        rules(braf).contains(&"PLGG-TOVORAFENIB-BRAF-FUSION"),
        "{:?}",
        rules(braf)
    );
    let alk = event(&r, "EML4::ALK");
    assert_eq!(
        (
            alk["breakpoints"][1]["location"].as_str(),
            alk["breakpoints"][1]["retained_exons"].as_str()
        ),
        (Some("intron 19"), Some("20-29"))
    );
    assert!(r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().contains("1 SV record(s) failing FILTER")));
    let mut all = args.to_vec();
    all.push("--include-filtered");
    let r = json(&all);
    assert_eq!(names(&r), vec!["KIAA1549::BRAF", "EML4::ALK", "EGFR::EGFR"]);
    let egfr = event(&r, "EGFR::EGFR");
    assert_eq!(
        (egfr["class"].as_str(), egfr["intragenic_event"].as_str()),
        (Some("intragenic"), Some("EGFRvIII: exons 2-7 deleted"))
    );
    assert_eq!(egfr["evidence"][0]["source"], "PMID:2236070");
    // Two samples and no -s: the error names them.
    let e = sv::read(&p, &grch38()).unwrap_err().to_string();
    assert!(
        e.contains("fusions.bedpe") && e.contains("S1") && e.contains("S2"),
        "{e}"
    );
}

/// SV-VCF deletions and a duplication inside one gene: EGFRvIII (intron 1 → intron 7), a
/// deletion over MET exon 14's splice acceptor (exon 14 skipping: the capmatinib and tepotinib
/// rules match in NSCLC), and a tandem duplication of ALK exons 20-26. The build comes from the
/// VCF's `##contig` length of chr1 (no --genome); a --genome that disagrees is refused.
#[test]
fn intragenic_events_from_sv_vcf() {
    let p = own("intragenic.vcf");
    let r = json(&["--sv", p.to_str().unwrap(), "--tumor-type", "NSCLC"]);
    let out = bin()
        .args(["report", "--sv", p.to_str().unwrap(), "--genome", "GRCh37", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("intragenic.vcf: the file's contigs are GRCh38, the other input (or --genome) GRCh37"),
        "{err}"
    );
    assert_eq!(names(&r), vec!["EGFR::EGFR", "MET::MET", "ALK::ALK"]);
    let egfr = event(&r, "EGFR::EGFR");
    assert_eq!(egfr["intragenic_event"], "EGFRvIII: exons 2-7 deleted");
    assert_eq!(egfr["supporting_reads"], 20);
    assert_eq!(
        (
            egfr["breakpoints"][0]["location"].as_str(),
            egfr["breakpoints"][1]["location"].as_str()
        ),
        (Some("intron 1"), Some("intron 7"))
    );
    let met = event(&r, "MET::MET");
    assert_eq!(met["intragenic_event"], "MET exon 14 skipping");
    assert_eq!(
        (met["class"].as_str(), met["oncogenicity"].as_str()),
        (Some("intragenic"), Some("oncogenic"))
    );
    let met_rules = rules(met);
    assert!(
        met_rules.contains(&"NSCLC-CAPMATINIB-MET-EX14") && met_rules.contains(&"NSCLC-TEPOTINIB-MET-EX14"),
        "{met_rules:?}"
    );
    let alk = event(&r, "ALK::ALK");
    assert_eq!(alk["intragenic_event"], "exons 20-26 duplicated");
    assert!(rules(alk).is_empty());
}

/// PCGR's RNA fusion TSV: `--` and `::` both read, the left gene 5'; a fusion with an empty
/// partner skipped with a warning (as PCGR does); a name without a separator refused on its line.
#[test]
fn pcgr_fusion_tsv() {
    let p = own("pcgr_fusions.tsv");
    let f = sv::read(&p, &Default::default()).unwrap();
    assert_eq!(f.format, SvFormat::Pcgr);
    let got: Vec<(String, Option<u32>)> = f.fusions.iter().map(|x| (x.name(), x.reads)).collect();
    assert_eq!(
        got,
        vec![("EML4::ALK".into(), Some(31)), ("CD74::ROS1".into(), Some(12))]
    );
    assert_eq!(
        f.fusions[0].breakpoints[1].as_ref().map(|b| (b.contig.as_str(), b.pos)),
        Some(("2", 29223528))
    );
    assert!(f
        .warnings
        .iter()
        .any(|w| w.contains("1 fusion(s) with an empty partner")));
    let r = json(&[
        "--sv",
        p.to_str().unwrap(),
        "--tumor-type",
        "NSCLC",
        "--genome",
        "GRCh38",
    ]);
    assert!(rules(event(&r, "EML4::ALK")).contains(&"NSCLC-ALECTINIB-ALK"));
    assert_eq!(r["fusions"]["files"][0]["format"], "pcgr_fusion");
    let e = sv::read(&own("pcgr_bad.tsv"), &Default::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("pcgr_bad.tsv: line 2: field FusionGene: `EML4-ALK` is not two genes joined by `--` or `::`"),
        "{e}"
    );
}

/// The real BEDPE files (GRCh37, no `chr`): every row parses (the 560-breast files write
/// start > end and put `sample` before the strands); GRCh37 breakpoints are not mapped to genes
/// (no embedded GRCh37 spans), which a warning says.
#[test]
fn real_bedpe_files_parse() {
    let Some(pcawg) = shared("sv/bedpe-sigprofiler/PCAWG/SA413642.bedpe") else {
        return;
    };
    let o = sv::ReadOptions {
        build: GenomeBuild::parse("GRCh37"),
        ..Default::default()
    };
    let f = sv::read(&pcawg, &o).unwrap();
    assert_eq!((f.format, f.sample.as_deref()), (SvFormat::Bedpe, Some("SA413642")));
    assert!(f.fusions.is_empty());
    assert!(
        f.warnings.iter().any(|w| w.contains("embedded GRCh38 spans only")),
        "{:?}",
        f.warnings
    );
    for name in [
        "PCAWG/SA130927.bedpe",
        "PCAWG/SA530440.bedpe",
        "560-Breast/PD4103a.560_breast.rearrangements.n560.bedpe",
        "560-Breast/PD11352a.560_breast.rearrangements.n560.bedpe",
    ] {
        let Some(p) = shared(&format!("sv/bedpe-sigprofiler/{name}")) else {
            return;
        };
        let f = sv::read(&p, &o).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(f.format, SvFormat::Bedpe, "{name}");
    }
    let r = json(&["--sv", pcawg.to_str().unwrap(), "--genome", "GRCh37"]);
    assert_eq!(r["fusions"]["files"][0]["format"], "bedpe");
    assert!(r["fusions"]["events"].as_array().unwrap().is_empty());
    // Not silently wrong: the report says that exon placement was not assessed.
    assert!(
        r["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap_or("").contains("exon placement not assessed")),
        "{}",
        r["warnings"]
    );
}

/// GRCh37 with `--gene-models`: the real PCAWG file's first junction (7:138542583 `-` →
/// 7:140492900 `+`, a paediatric brain tumour) is mapped and placed on the user's models (our
/// synthetic GRCh37 KIAA1549/BRAF GFF3): KIAA1549::BRAF, KIAA1549 intron 3 keeping exons 1-3,
/// BRAF intron 2 keeping exons 3-4, and the paediatric low-grade glioma BRAF-fusion rule matches.
#[test]
fn grch37_junctions_placed_on_gene_models() {
    let Some(pcawg) = shared("sv/bedpe-sigprofiler/PCAWG/SA413642.bedpe") else {
        return;
    };
    let models = own("kiaa1549_braf_grch37_models.gff3");
    let gm = oncoprofile::consequence::gff::GeneModels::from_path(&models).unwrap();
    let o = sv::ReadOptions {
        build: GenomeBuild::parse("GRCh37"),
        ..Default::default()
    };
    let f = sv::read_with(&pcawg, &o, Some(&gm)).unwrap();
    let got: Vec<String> = f.fusions.iter().map(|x| x.name()).collect();
    assert_eq!(got, vec!["KIAA1549::BRAF"]);
    let r = json(&[
        "--sv",
        pcawg.to_str().unwrap(),
        "--genome",
        "GRCh37",
        "--gene-models",
        models.to_str().unwrap(),
        "--tumor-type",
        "PLGG",
    ]);
    let e = event(&r, "KIAA1549::BRAF");
    let place = |i: usize| {
        let b = &e["breakpoints"][i];
        (
            b["pos"].as_u64().unwrap(),
            b["location"].as_str().unwrap().to_string(),
            b["retained_exons"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(place(0), (138_542_584, "intron 3".into(), "1-3".into()));
    assert_eq!(place(1), (140_492_901, "intron 2".into(), "3-4".into()));
    assert!(rules(e).contains(&"PLGG-TOVORAFENIB-BRAF-FUSION"), "{:?}", rules(e));
}

/// The frame of a DNA fusion from `--gene-models` transcripts (our synthetic EML4/ALK GFF3): the
/// BEDPE's EML4 intron 3 → ALK intron breakpoints keep 425 and 506 coding bases before the
/// junction (both ≡ 2 mod 3: in frame); an EML4 breakpoint after exon 2 keeps 324 (≡ 0): out of
/// frame; KIAA1549::BRAF has no transcript in the models: no frame.
#[test]
fn derived_frame_from_gene_models() {
    let models = own("eml4_alk_models.gff3");
    let frame_of = |bedpe: &std::path::Path| {
        let r = json(&[
            "--sv",
            bedpe.to_str().unwrap(),
            "-s",
            "S1",
            "--genome",
            "GRCh38",
            "--gene-models",
            models.to_str().unwrap(),
        ]);
        let alk = event(&r, "EML4::ALK").clone();
        let braf = r["fusions"]["events"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["name"] == "KIAA1549::BRAF")
            .map(|e| e.get("derived_frame").is_none());
        (alk, braf)
    };
    let (alk, braf_without) = frame_of(&own("fusions.bedpe"));
    assert_eq!(alk["derived_frame"], "in-frame");
    assert_eq!(
        alk["derived_frame_transcripts"],
        serde_json::json!(["ENST00000318522", "ENST00000389048"])
    );
    assert_eq!(braf_without, Some(true));
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("shifted.bedpe");
    let text = std::fs::read_to_string(own("fusions.bedpe"))
        .unwrap()
        .replace("42259999\t42260000", "42229999\t42230000");
    std::fs::write(&p, text).unwrap();
    let (alk, _) = frame_of(&p);
    assert_eq!(alk["derived_frame"], "out-of-frame");
}

/// LUMPY's BEDPE header (`CHROM_A … STRAND_A STRAND_B TYPE FILTER`): EML4::ALK read, the `LowQual`
/// EGFR deletion only with --include-filtered.
#[test]
fn lumpy_bedpe_header() {
    let p = own("lumpy.bedpe");
    let f = sv::read(&p, &grch38()).unwrap();
    assert_eq!(f.format, SvFormat::Bedpe);
    let got: Vec<String> = f.fusions.iter().map(|x| x.name()).collect();
    assert_eq!(got, vec!["EML4::ALK"]);
    let o = sv::ReadOptions {
        include_filtered: true,
        ..grch38()
    };
    let f = sv::read(&p, &o).unwrap();
    let egfr = f
        .fusions
        .iter()
        .find(|x| x.name() == "EGFR::EGFR")
        .and_then(|x| x.intragenic.clone());
    assert_eq!(egfr.and_then(|e| e.class).map(|c| c.as_str()), Some("egfr_viii"));
}

/// A table that names its genes, on GRCh38: an RNA breakpoint on ALK exon 20's 5' boundary keeps
/// exons 20-29; a RET breakpoint outside RET is a warning, and the fusion stays KIF5B::RET.
#[test]
fn named_genes_win_over_breakpoints() {
    let p = own("pcgr_grch38.tsv");
    let f = sv::read(&p, &grch38()).unwrap();
    let alk = f.fusions[0].exons[1].as_ref().map(|x| (x.location.clone(), x.retained));
    assert_eq!(alk, Some(("exon 20".into(), Some((20, 29)))));
    assert_eq!(f.fusions[1].name(), "KIF5B::RET");
    assert!(
        f.warnings.iter().any(|w| w.contains(
            "1 breakpoint(s) lie outside the gene the file names (line 3: KIF5B::RET breakpoint 10:50000000 is not in RET)"
        )),
        "{:?}",
        f.warnings
    );
}

/// The retained kinase domain by name (`annotations/fusion_domains.tsv`): a KIF5B::RET junction in
/// RET intron 18 keeps exons 19-20 only, so RET's kinase domain (exons 12-18) is lost: JSON
/// `domains`, the HTML line, the TSV cell and the stderr summary say so, and no RET inhibitor is
/// matched. The table's KIF5B::RET in RET exon 11 (sample S2) keeps it.
#[test]
fn kinase_domain_status_in_every_format() {
    let case = root().join("tests/cases/nsclc_kif5b_ret_kinase_domain_lost");
    let vcf = case.join("input.vcf");
    let sv = case.join("fusions.bedpe");
    let args = |fmt: &str| {
        let mut a = bin();
        a.arg("report")
            .arg(&vcf)
            .args(["--tumor-type", "NSCLC", "--sv"])
            .arg(&sv)
            .args(["-O", fmt]);
        a
    };
    let out = args("json").output().expect("ran");
    assert!(out.status.success());
    let r: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let e = event(&r, "KIF5B::RET");
    assert_eq!(e["domains"][0]["status"], "lost");
    assert_eq!(e["domains"][0]["domain_exons"], "12-18");
    assert!(rules(e).is_empty(), "{:?}", rules(e));
    assert_eq!(e["oncogenicity"], "vus");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("KIF5B::RET (RET kinase domain lost)"), "{stderr}");
    let html = String::from_utf8(args("html").output().expect("ran").stdout).expect("UTF-8");
    assert!(
        html.contains("RET kinase domain (exons 12-18): lost"),
        "HTML lacks the domain line"
    );
    let tsv = String::from_utf8(args("tsv").output().expect("ran").stdout).expect("UTF-8");
    assert!(tsv.contains("KIF5B::RET; RET kinase domain lost"), "{tsv}");
    // Sample S2 of our BEDPE: RET breakpoint at the first base of exon 11, exons 12-20 kept.
    let bedpe = own("fusions.bedpe");
    let s2 = json(&[
        "--sv",
        bedpe.to_str().expect("path"),
        "--genome",
        "GRCh38",
        "-s",
        "S2",
        "--tumor-type",
        "NSCLC",
    ]);
    let e = event(&s2, "KIF5B::RET");
    assert_eq!(e["domains"][0]["status"], "retained");
    assert!(rules(e).contains(&"NSCLC-PRALSETINIB-RET"), "{:?}", rules(e));
}
