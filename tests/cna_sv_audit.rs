//! The audit of issue 28: every copy-number format (CNVkit cns/cnr/call.cns, GATK called.seg and
//! modelFinal.seg, DNAcopy SEG, ASCAT summary, ABSOLUTE, PCGR allele-specific, PURPLE somatic and
//! gene, FACETS, cBioPortal data_CNA and long format) and every fusion format (Manta, GRIDSS/GRIPSS,
//! DELLY, SvABA, BEDPE and LUMPY's BEDPE, PCGR, cBioPortal data_sv, gene pairs, Arriba,
//! STAR-Fusion, PCAWG BEDPE) run through `batch` with a manifest's `cna`/`sv` columns, in JSON,
//! HTML and TSV. One table row per file: the section's event count, a named call, a rule it opens
//! and the NEN pattern it feeds where there is one.
//!
//! The real files come from `../shared/data/cna`, `../shared/data/sv` and the vcf2maf DELLY VCF
//! (GRCh37; the test prints `SKIPPED` and passes when `../shared` is absent); the GRCh38 ones are
//! our fixtures (`tests/data/cna`, `tests/data/sv`: the GRIDSS, DELLY and SvABA VCFs are synthetic
//! files in each caller's layout). The GRCh37 batch gets `--gene-models` (our synthetic
//! KIAA1549/BRAF GRCh37 models): SV junctions and segment files that name no gene are mapped over
//! them, as the embedded spans are GRCh38 only. A multi-sample file is read for the manifest's
//! `tumor_sample`, which the patient's small-variant VCF (a copy with its sample renamed) carries.

mod common;

use common::{bin, read_json, root, shared};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Where a row's file lives.
#[derive(Clone, Copy)]
enum Src {
    Own(&'static str),
    Shared(&'static str),
}

/// One patient of the audit.
struct Row {
    patient: &'static str,
    grch37: bool,
    /// The sample of a multi-sample file (the VCF's sample is renamed to it).
    sample: Option<&'static str>,
    tumor_type: &'static str,
    cna: Option<Src>,
    sv: Option<Src>,
    /// Events in `copy_number` (with `cna`) or `fusions` (with `sv`).
    count: usize,
    /// A call that must be among them: gene and call (copy number), or name and orientation.
    named: Option<(&'static str, &'static str)>,
    /// A therapy rule the named call opens.
    rule: Option<&'static str>,
    /// An interpretation pattern the patient must get.
    pattern: Option<&'static str>,
    /// Text one of the patient's warnings must hold.
    warning: Option<&'static str>,
    /// The chromosomal-instability level (`interpretation.chromosomal_instability.level`).
    cin: Option<&'static str>,
}

const fn row(patient: &'static str, grch37: bool, tumor_type: &'static str) -> Row {
    Row {
        patient,
        grch37,
        sample: None,
        tumor_type,
        cna: None,
        sv: None,
        count: 0,
        named: None,
        rule: None,
        pattern: None,
        warning: None,
        cin: None,
    }
}

fn rows() -> Vec<Row> {
    use Src::{Own, Shared};
    let cna = |mut r: Row, s: Src, n: usize| {
        r.cna = Some(s);
        r.count = n;
        r
    };
    let sv = |mut r: Row, s: Src, n: usize| {
        r.sv = Some(s);
        r.count = n;
        r
    };
    let erbb2 = Some(("ERBB2", "amplification"));
    let trastuzumab = Some("BRCA-TRASTUZUMAB-ERBB2-AMP");
    let nec = Some("nec_tp53_rb1");
    let rb1 = Some(("RB1", "homozygous_deletion"));
    let eml4_alk = Some(("EML4::ALK", "oncogenic"));
    let alectinib = Some("NSCLC-ALECTINIB-ALK");
    let kif5b_ret = Some(("KIF5B::RET", "oncogenic"));
    let pralsetinib = Some("NSCLC-PRALSETINIB-RET");
    let braf = Some(("KIAA1549::BRAF", "oncogenic"));
    let tovorafenib = Some("PLGG-TOVORAFENIB-BRAF-FUSION");
    let no_gene = Some("gene calls over the 2 genes of the --gene-models transcripts");
    vec![
        // GRCh38, our fixtures.
        Row {
            named: erbb2,
            rule: trastuzumab,
            ..cna(row("cnvkit_cns_own", false, "BRCA"), Own("cna/erbb2_amp.cns"), 2)
        },
        Row {
            named: erbb2,
            rule: trastuzumab,
            ..cna(
                row("purple_somatic", false, "BRCA"),
                Own("cna/erbb2_amp.purple.cnv.somatic.tsv"),
                3,
            )
        },
        Row {
            named: erbb2,
            rule: trastuzumab,
            ..cna(
                row("purple_gene", false, "BRCA"),
                Own("cna/erbb2_amp.purple.cnv.gene.tsv"),
                3,
            )
        },
        Row {
            named: rb1,
            pattern: nec,
            ..cna(row("facets", false, "NEC"), Own("cna/facets.cncf.txt"), 2)
        },
        Row {
            named: rb1,
            pattern: nec,
            ..cna(
                row("pcgr_allele_specific", false, "NEC"),
                Own("cna/pcgr_allele_specific.tsv"),
                2,
            )
        },
        Row {
            sample: Some("P1"),
            named: rb1,
            pattern: nec,
            ..cna(row("cbio_data_cna", false, "NEC"), Own("cna/data_CNA.txt"), 3)
        },
        Row {
            sample: Some("P1"),
            named: rb1,
            pattern: nec,
            ..cna(row("cbio_cna_long", false, "NEC"), Own("cna/cna_long.txt"), 2)
        },
        Row {
            named: eml4_alk,
            rule: alectinib,
            ..sv(row("manta", false, "NSCLC"), Own("sv/manta_eml4_alk.vcf"), 2)
        },
        // The PON-filtered EML4::ALK pair is not read.
        Row {
            named: kif5b_ret,
            rule: pralsetinib,
            warning: Some("failing FILTER were not read"),
            ..sv(row("gridss", false, "NSCLC"), Own("sv/gridss_layout.vcf"), 1)
        },
        Row {
            named: Some(("EGFR::EGFR", "intragenic")),
            ..sv(row("delly", false, "NSCLC"), Own("sv/delly_layout.vcf"), 2)
        },
        Row {
            named: braf,
            rule: tovorafenib,
            ..sv(row("svaba", false, "PLGG"), Own("sv/svaba_layout.vcf"), 1)
        },
        Row {
            sample: Some("S1"),
            named: eml4_alk,
            rule: alectinib,
            ..sv(row("bedpe", false, "NSCLC"), Own("sv/fusions.bedpe"), 2)
        },
        Row {
            named: eml4_alk,
            rule: alectinib,
            ..sv(row("lumpy_bedpe", false, "NSCLC"), Own("sv/lumpy.bedpe"), 1)
        },
        Row {
            named: kif5b_ret,
            rule: pralsetinib,
            ..sv(row("pcgr_fusions", false, "NSCLC"), Own("sv/pcgr_grch38.tsv"), 2)
        },
        Row {
            sample: Some("S1"),
            named: Some(("ALK::EML4", "reciprocal")),
            ..sv(row("cbio_data_sv", false, "NSCLC"), Own("sv/data_sv.txt"), 2)
        },
        Row {
            sample: Some("P1"),
            named: eml4_alk,
            rule: alectinib,
            ..sv(row("gene_pairs", false, "NSCLC"), Own("sv/oncokb_pairs.txt"), 2)
        },
        // GRCh37, the shared files.
        Row {
            named: Some(("ERBB2", "loss")),
            ..cna(row("cnvkit_cns", true, "BRCA"), Shared("cna/cnvkit/p2-9_2.cns"), 40)
        },
        Row {
            named: Some(("ERBB2", "loss")),
            ..cna(
                row("cnvkit_call_cns", true, "BRCA"),
                Shared("cna/cnvkit/p2-9_2.call.cns"),
                40,
            )
        },
        Row {
            cin: Some("high"),
            named: Some(("BRCA1", "homozygous_deletion")),
            ..cna(row("cnvkit_cnr", true, "BRCA"), Shared("cna/cnvkit/p2-9_2.cnr"), 149)
        },
        Row {
            cin: Some("high"),
            warning: no_gene,
            ..cna(
                row("gatk_called_seg", true, "BRCA"),
                Shared("cna/gatk/SM-74NF5.called.seg"),
                0,
            )
        },
        Row {
            warning: no_gene,
            ..cna(
                row("gatk_model_final", true, "BRCA"),
                Shared("cna/gatk/multiple-sample-cr-ac-tumor-1.modelFinal.seg"),
                0,
            )
        },
        Row {
            cin: Some("low"),
            sample: Some("TR_01_T"),
            warning: no_gene,
            ..cna(row("dnacopy_seg", true, "BRCA"), Shared("cna/cnvkit/cw-tr-log2.seg"), 0)
        },
        Row {
            cin: Some("high"),
            sample: Some("PD11395a"),
            warning: no_gene,
            ..cna(
                row("ascat_summary", true, "BRCA"),
                Shared("cna/ascat-summary-sigprofiler/all.breast.ascat.summary.sample.tsv"),
                0,
            )
        },
        Row {
            cin: Some("high"),
            named: Some(("BRAF", "gain")),
            ..cna(
                row("absolute", true, "BRCA"),
                Shared("cna/absolute-sigminer/metastatic_tumor.segtab.txt"),
                1,
            )
        },
        Row {
            named: Some(("BCR::ABL1", "oncogenic")),
            rule: Some("CML-IMATINIB-BCR-ABL1"),
            ..sv(row("arriba", true, "CML"), Shared("sv/arriba/fusions.tsv"), 1)
        },
        Row {
            named: Some(("BCR::ABL1", "oncogenic")),
            rule: Some("CML-IMATINIB-BCR-ABL1"),
            ..sv(
                row("star_fusion", true, "CML"),
                Shared("sv/star-fusion/fuco.star-fusion.fusion_candidates.final.abridged"),
                17,
            )
        },
        // The same STAR-Fusion file read for an NSCLC: its CD74::ROS1 opens the ROS1 rules.
        Row {
            named: Some(("CD74::ROS1", "oncogenic")),
            rule: Some("NSCLC-TALETRECTINIB-ROS1"),
            ..sv(
                row("star_fusion_nsclc", true, "NSCLC"),
                Shared("sv/star-fusion/fuco.star-fusion.fusion_candidates.final.abridged"),
                17,
            )
        },
        Row {
            sample: Some("SA413642"),
            named: braf,
            rule: tovorafenib,
            ..sv(
                row("pcawg_bedpe", true, "PLGG"),
                Shared("sv/bedpe-sigprofiler/PCAWG/SA413642.bedpe"),
                1,
            )
        },
        Row {
            ..sv(
                row("delly_vcf2maf", true, "NSCLC"),
                Shared("vcf/vcf2maf/test_delly.vcf"),
                0,
            )
        },
    ]
}

fn path(s: Src) -> PathBuf {
    match s {
        Src::Own(p) => root().join("tests/data").join(p),
        Src::Shared(p) => root().join("../shared/data").join(p),
    }
}

/// A copy of `src` whose (last) sample column is named `sample`.
fn vcf_for(src: &Path, sample: &str, out: &Path) -> PathBuf {
    let text = std::fs::read_to_string(src).expect("VCF");
    let body: Vec<String> = text
        .lines()
        .map(|l| match l.strip_prefix("#CHROM") {
            Some(_) => match l.rsplit_once('\t') {
                Some((head, _)) => format!("{head}\t{sample}"),
                None => l.to_string(),
            },
            None => l.to_string(),
        })
        .collect();
    let p = out.join(format!("{sample}.vcf"));
    std::fs::write(&p, body.join("\n") + "\n").expect("written");
    p
}

/// Write the manifest of one build's rows and run `batch` (JSON, HTML, TSV) into `out`.
fn run_batch(rows: &[&Row], dir: &Path, out: &Path, extra: &[&str]) {
    let v38 = root().join("tests/cases/nsclc_kif5b_ret_pralsetinib/input.vcf");
    let v37 = root().join("test-data/classify/vep_grch37.vcf");
    let mut m = String::from("patient\tvcf\ttumor_sample\ttumor_type\tcna\tsv\n");
    for r in rows {
        let src = if r.grch37 { &v37 } else { &v38 };
        let vcf = vcf_for(src, r.sample.unwrap_or("TUMOR"), dir);
        let cell = |s: Option<Src>| s.map(|s| path(s).display().to_string()).unwrap_or_default();
        m.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\n",
            r.patient,
            vcf.display(),
            r.sample.unwrap_or(""),
            r.tumor_type,
            cell(r.cna),
            cell(r.sv)
        ));
    }
    let manifest = dir.join(format!("manifest{}.tsv", rows.len()));
    std::fs::write(&manifest, m).expect("manifest");
    let o = bin()
        .args(["batch", "--manifest"])
        .arg(&manifest)
        .arg("--outdir")
        .arg(out)
        .args(["--formats", "json,html,tsv", "-q", "-t", "2"])
        .args(extra)
        .output()
        .expect("ran");
    assert!(o.status.success(), "batch: {}", String::from_utf8_lossy(&o.stderr));
}

/// The events of the row's section and the named one's label/call keys.
fn events<'a>(r: &Row, report: &'a Value) -> (&'a [Value], &'static str, &'static str) {
    let (section, label, call) = if r.cna.is_some() {
        ("copy_number", "gene", "call")
    } else {
        ("fusions", "name", "orientation")
    };
    let ev = report[section]["events"]
        .as_array()
        .unwrap_or_else(|| panic!("{}: no {section} section", r.patient));
    (ev, label, call)
}

fn check(r: &Row, out: &Path) {
    let report = read_json(&out.join(format!("{}.json", r.patient)));
    let (ev, label, call) = events(r, &report);
    assert_eq!(
        ev.len(),
        r.count,
        "{}: events {:?}",
        r.patient,
        ev.iter().map(|e| &e[label]).collect::<Vec<_>>()
    );
    let html = std::fs::read_to_string(out.join(format!("{}.html", r.patient))).expect("HTML");
    let tsv = std::fs::read_to_string(out.join(format!("{}.tsv", r.patient))).expect("TSV");
    if let Some((name, what)) = r.named {
        let e = ev
            .iter()
            .find(|e| e[label] == name && e[call] == what)
            .unwrap_or_else(|| panic!("{}: no {name} {what}", r.patient));
        if let Some(rule) = r.rule {
            let rules: Vec<&str> = e["therapies"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|t| t["rule_id"].as_str())
                .collect();
            assert!(
                rules.contains(&rule),
                "{}: {name} opens {rules:?}, not {rule}",
                r.patient
            );
            assert!(
                html.contains(rule) || html.contains(name),
                "{}: HTML lacks {name}",
                r.patient
            );
        }
        assert!(html.contains(name), "{}: HTML lacks {name}", r.patient);
        let in_tsv = tsv
            .lines()
            .any(|l| l.split('\t').any(|c| c.starts_with(name)) && l.contains(what));
        assert!(in_tsv, "{}: TSV lacks a {name} {what} row", r.patient);
    }
    if let Some(p) = r.pattern {
        let ids: Vec<&str> = report["interpretation"]["patterns"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x["id"].as_str())
            .collect();
        assert!(ids.contains(&p), "{}: patterns {ids:?}", r.patient);
        assert!(
            html.contains("TP53 and RB1"),
            "{}: HTML lacks the NEC statement",
            r.patient
        );
    }
    if let Some(c) = r.cin {
        let level = &report["interpretation"]["chromosomal_instability"]["level"];
        assert_eq!(level, c, "{}: CIN", r.patient);
        assert!(
            html.contains("chromosomal instability") || html.contains("Chromosomal instability"),
            "{}: HTML lacks CIN",
            r.patient
        );
    }
    if let Some(w) = r.warning {
        let ws: Vec<&str> = report["warnings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        assert!(ws.iter().any(|x| x.contains(w)), "{}: warnings {ws:?}", r.patient);
    }
}

#[test]
fn every_cna_and_sv_format_through_batch() {
    if shared("cna").is_none() || shared("sv").is_none() || shared("vcf/vcf2maf/test_delly.vcf").is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let all = rows();
    let (g37, g38): (Vec<&Row>, Vec<&Row>) = all.iter().partition(|r| r.grch37);
    let (o38, o37) = (dir.path().join("o38"), dir.path().join("o37"));
    let work38 = dir.path().join("w38");
    let work37 = dir.path().join("w37");
    std::fs::create_dir_all(&work38).expect("dir");
    std::fs::create_dir_all(&work37).expect("dir");
    run_batch(&g38, &work38, &o38, &[]);
    let models = root().join("tests/data/sv/kiaa1549_braf_grch37_models.gff3");
    run_batch(&g37, &work37, &o37, &["--gene-models", &models.display().to_string()]);
    for r in &all {
        check(r, if r.grch37 { &o37 } else { &o38 });
    }
    // The cohort outputs hold every patient.
    for o in [&o38, &o37] {
        let cohort = std::fs::read_to_string(o.join("cohort.tsv")).expect("cohort.tsv");
        assert_eq!(
            cohort.lines().filter(|l| l.contains("\tok\t")).count(),
            if *o == o38 { g38.len() } else { g37.len() }
        );
        assert!(o.join("cohort.html").exists() && o.join("cohort_alterations.tsv").exists());
    }
}
