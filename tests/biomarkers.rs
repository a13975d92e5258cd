//! TMB and MSI: agreement with an independent bcftools count on real VEP
//! output, the written MSI fixtures (Mutect2, Strelka2, --reference FASTA,
//! POLE-like), and the library-level rules.

use oncoprofile::biomarkers::{self, Accumulator, BiomarkerOptions, Context, TmbStatus};
use oncoprofile::kb::KnowledgeBase;
use oncoprofile::model::{Annotation, AnnotationSource, CallerRepeat, SampleDepth, Variant};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/test-data/biomarkers");
const PVAC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/vcf/pvactools");

fn fixture(name: &str) -> String {
    format!("{FIX}/{name}")
}

/// Run `oncoprofile report` and parse the JSON; panics with stderr on failure.
fn report(vcf: &str, args: &[&str]) -> Value {
    let out = assert_cmd::Command::cargo_bin("oncoprofile")
        .unwrap()
        .arg("report")
        .arg(vcf)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "oncoprofile report {vcf} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn report_err(vcf: &str, args: &[&str]) -> String {
    let out = assert_cmd::Command::cargo_bin("oncoprofile")
        .unwrap()
        .arg("report")
        .arg(vcf)
        .args(args)
        .output()
        .unwrap();
    assert!(!out.status.success(), "expected failure for {args:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn have_bcftools() -> bool {
    Command::new("bcftools")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

const NO_DEPTH_FILTERS: [&str; 6] = ["--min-depth", "0", "--min-alt-reads", "0", "--min-vaf", "0"];

/// VEP SO terms counted by the default TMB definition (independent list).
const NONSYN: [&str; 11] = [
    "missense_variant",
    "stop_gained",
    "stop_lost",
    "start_lost",
    "frameshift_variant",
    "inframe_insertion",
    "inframe_deletion",
    "splice_donor_variant",
    "splice_acceptor_variant",
    "protein_altering_variant",
    "transcript_ablation",
];
const SYN: [&str; 5] = [
    "synonymous_variant",
    "stop_retained_variant",
    "start_retained_variant",
    "coding_sequence_variant",
    "incomplete_terminal_codon_variant",
];

struct Site {
    chrom: String,
    pos: u64,
    ref_allele: String,
    alt: String,
    /// Consequence terms of the CSQ entries whose Allele matches this ALT.
    terms: Vec<String>,
}

/// Independent reading of a VEP VCF: `bcftools query` for the fields, VEP's
/// allele convention (strip the first base when REF and every ALT share it;
/// empty → `-`) to match CSQ entries to ALTs. PASS/`.` records only.
fn bcftools_sites(vcf: &Path, consequence_index: usize) -> Vec<Site> {
    let out = Command::new("bcftools")
        .args(["query", "-f", "%CHROM\\t%POS\\t%REF\\t%ALT\\t%FILTER\\t%INFO/CSQ\\n"])
        .arg(vcf)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut sites = Vec::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 6, "{line}");
        if f[4] != "PASS" && f[4] != "." {
            continue;
        }
        let r = f[2];
        let alts: Vec<&str> = f[3].split(',').collect();
        let strip = alts.iter().all(|a| a.as_bytes().first() == r.as_bytes().first());
        for alt in &alts {
            if alt.starts_with('<') || *alt == "*" || *alt == "." {
                continue;
            }
            let mut va = if strip { &alt[1..] } else { alt };
            if va.is_empty() {
                va = "-";
            }
            let mut terms = Vec::new();
            for entry in f[5].split(',') {
                let e: Vec<&str> = entry.split('|').collect();
                if e.first() == Some(&va) {
                    if let Some(c) = e.get(consequence_index) {
                        terms.extend(c.split('&').map(str::to_string));
                    }
                }
            }
            sites.push(Site {
                chrom: f[0].to_string(),
                pos: f[1].parse().unwrap(),
                ref_allele: r.to_string(),
                alt: alt.to_string(),
                terms,
            });
        }
    }
    sites
}

fn is_snv_like(s: &Site) -> bool {
    s.ref_allele.len() == s.alt.len()
}

fn count(sites: &[&Site], set: &[&str]) -> (u64, u64) {
    let mut snv = 0;
    let mut indel = 0;
    for s in sites {
        if s.terms.iter().any(|t| set.contains(&t.as_str())) {
            if is_snv_like(s) {
                snv += 1
            } else {
                indel += 1
            }
        }
    }
    (snv, indel)
}

fn shared_inputs() -> Option<PathBuf> {
    let p = PathBuf::from(PVAC).join("full_input.vcf");
    if !p.exists() {
        eprintln!("skipping: {} is absent", p.display());
        return None;
    }
    if !have_bcftools() {
        eprintln!("skipping: bcftools is not installed");
        return None;
    }
    Some(p)
}

#[test]
fn tmb_count_agrees_with_bcftools_on_pvactools_full_input() {
    let Some(vcf) = shared_inputs() else { return };
    // full_input.vcf: VEP CSQ with one entry per record, Consequence is field 5 (index 4).
    let sites = bcftools_sites(&vcf, 4);
    let all: Vec<&Site> = sites.iter().collect();
    let (snv, indel) = count(&all, &NONSYN);
    assert!(snv + indel > 10, "too few coding variants for a meaningful check");

    let mut args = NO_DEPTH_FILTERS.to_vec();
    args.extend(["--target-mb", "1"]);
    let r = report(vcf.to_str().unwrap(), &args);
    let t = &r["biomarkers"]["tmb"];
    assert_eq!(t["method"], "coding_nonsynonymous");
    assert_eq!(t["count"].as_u64().unwrap(), snv + indel, "{t}");
    assert_eq!(t["snv_count"].as_u64().unwrap(), snv);
    assert_eq!(t["indel_count"].as_u64().unwrap(), indel);
    assert_eq!(t["value"].as_f64().unwrap(), (snv + indel) as f64);
    assert_eq!(t["denominator_mb"].as_f64().unwrap(), 1.0);
    assert_eq!(t["denominator_source"], "target_mb");
    // count + excluded = every passing allele.
    let excluded: u64 = t["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_u64().unwrap())
        .sum();
    assert_eq!(
        t["count"].as_u64().unwrap() + excluded,
        r["input"]["records_passing"].as_u64().unwrap()
    );
    let ci = t["ci95"].as_array().unwrap();
    let (lo, hi) = (ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap());
    assert!(lo < t["value"].as_f64().unwrap() && t["value"].as_f64().unwrap() < hi);

    // Synonymous included.
    let mut both: Vec<&str> = NONSYN.to_vec();
    both.extend(SYN);
    let (snv2, indel2) = count(&all, &both);
    assert!(snv2 + indel2 > snv + indel);
    args.push("--tmb-include-synonymous");
    let r = report(vcf.to_str().unwrap(), &args);
    let t = &r["biomarkers"]["tmb"];
    assert_eq!(t["method"], "coding_all");
    assert_eq!(t["count"].as_u64().unwrap(), snv2 + indel2);
    assert_eq!(t["snv_count"].as_u64().unwrap(), snv2);
}

#[test]
fn tmb_targets_limit_counting_and_set_the_denominator() {
    let Some(vcf) = shared_inputs() else { return };
    let sites = bcftools_sites(&vcf, 4);
    // Targets: the first 40 coding sites' REF spans, widened by 10 bp, plus one overlapping pair.
    let coding: Vec<&Site> = sites
        .iter()
        .filter(|s| s.terms.iter().any(|t| NONSYN.contains(&t.as_str())))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let bed = dir.path().join("t.bed");
    let mut text = String::from("# test targets\n");
    let mut intervals: Vec<(String, u64, u64)> = Vec::new();
    for s in coding.iter().take(8) {
        let start = s.pos - 1;
        intervals.push((s.chrom.clone(), start.saturating_sub(10), start + 10));
    }
    // An interval overlapping the first one (merged, counted once).
    let first = intervals[0].clone();
    intervals.push((first.0.clone(), first.1 + 5, first.2 + 5));
    for (c, s, e) in &intervals {
        text.push_str(&format!("chr{c}\t{s}\t{e}\n"));
    }
    std::fs::write(&bed, text).unwrap();
    // Independent merged size and membership ([POS-1, POS-1+len(REF)) overlaps).
    let mut by_chrom: std::collections::BTreeMap<String, Vec<(u64, u64)>> = Default::default();
    for (c, s, e) in &intervals {
        by_chrom.entry(c.clone()).or_default().push((*s, *e));
    }
    let mut size = 0;
    for v in by_chrom.values_mut() {
        v.sort();
        let mut cur: Option<(u64, u64)> = None;
        for &(s, e) in v.iter() {
            cur = match cur {
                Some((cs, ce)) if s <= ce => Some((cs, ce.max(e))),
                Some((cs, ce)) => {
                    size += ce - cs;
                    Some((s, e))
                }
                None => Some((s, e)),
            };
        }
        if let Some((cs, ce)) = cur {
            size += ce - cs;
        }
    }
    let inside: Vec<&Site> = sites
        .iter()
        .filter(|s| {
            let (a, b) = (s.pos - 1, s.pos - 1 + s.ref_allele.len() as u64);
            by_chrom
                .get(&s.chrom)
                .is_some_and(|v| v.iter().any(|&(x, y)| x < b && a < y))
        })
        .collect();
    let (snv, indel) = count(&inside, &NONSYN);
    let mut args = NO_DEPTH_FILTERS.to_vec();
    let bed_s = bed.to_str().unwrap().to_string();
    args.extend(["--targets", &bed_s]);
    let r = report(vcf.to_str().unwrap(), &args);
    let t = &r["biomarkers"]["tmb"];
    assert_eq!(t["count"].as_u64().unwrap(), snv + indel, "{t}");
    assert_eq!(t["denominator_source"], "targets_bed");
    let mb = t["denominator_mb"].as_f64().unwrap();
    assert!((mb - size as f64 / 1e6).abs() < 1e-12, "{mb} vs {size}");
    // A tiny region: the value is computed, the status is indeterminate.
    assert_eq!(t["status"], "indeterminate");
    assert!(t["warnings"].to_string().contains("below 0.5 Mb"));
    let outside = t["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "outside_targets")
        .unwrap()["count"]
        .as_u64()
        .unwrap();
    assert_eq!(outside as usize, sites.len() - inside.len());
}

#[test]
fn bad_options_are_one_line_errors() {
    let vcf = fixture("mss_plain.vcf");
    let e = report_err(&vcf, &["--assay", "nope"]);
    assert!(
        e.contains("unknown --assay 'nope': known assays are WES, WGS, F1CDX"),
        "{e}"
    );
    let dir = tempfile::tempdir().unwrap();
    let bed = dir.path().join("bad.bed");
    std::fs::write(&bed, "1\t10\t20\n1\t30\t5\n").unwrap();
    let e = report_err(&vcf, &["--targets", bed.to_str().unwrap()]);
    assert!(
        e.contains("--targets") && e.contains("line 2: end < start (5 < 30)"),
        "{e}"
    );
    let e = report_err(&vcf, &["--reference", "/no/such.fa"]);
    // Like every input error, the message starts with the file, then names the option.
    assert!(e.contains("/no/such.fa: --reference"), "{e}");
}

fn msi(r: &Value) -> &Value {
    &r["biomarkers"]["msi"]
}

#[test]
fn mutect2_repeat_fields_msi_h_and_mss() {
    let r = report(&fixture("msi_h_mutect2.vcf"), &["--assay", "WES"]);
    let m = msi(&r);
    assert_eq!(m["status"], "MSI-H", "{m}");
    assert_eq!(m["method"], "caller_repeat_fields");
    // Unannotated and no --targets: the calls are not known to come from the 38 Mb region.
    assert_eq!(m["confidence"], "low");
    assert!(m["warnings"][0]
        .as_str()
        .unwrap()
        .starts_with("counting region unknown: unannotated input without --targets"));
    assert_eq!(m["features"]["indels"], 60);
    assert_eq!(m["features"]["snvs"], 200);
    assert_eq!(m["features"]["repeat_indels"], 60);
    assert_eq!(m["features"]["homopolymer_1bp_indels"], 60);
    assert_eq!(m["features"]["denominator_mb"].as_f64().unwrap(), 38.0);
    assert!((m["score"].as_f64().unwrap() - 60.0 / 38.0).abs() < 1e-4);
    assert_eq!(m["threshold"].as_f64().unwrap(), 0.395);
    assert_eq!(m["pole_like"], false);

    let r = report(&fixture("mss_mutect2.vcf"), &["--assay", "WES"]);
    let m = msi(&r);
    assert_eq!(m["status"], "MSS", "{m}");
    assert_eq!(m["method"], "caller_repeat_fields");
    assert_eq!(m["features"]["indels"], 7);
    // Only the STR-flagged indel is a repeat: Mutect2 writes STR/RU/RPA for repeats only.
    assert_eq!(m["features"]["repeat_indels"], 1);
    assert_eq!(r["biomarkers"]["tmb"]["tumor_only"], false);
}

#[test]
fn msi_counts_only_the_region_of_the_denominator() {
    // Tumour-only Mutect2 + VEP exome calls with flanks: 154 indels, 31 repeat indels of which
    // 26 intronic/intergenic. Counted everywhere they would give 0.91/Mb (MSI-H).
    let vcf = fixture("msi_intronic_mss.vcf");
    let r = report(&vcf, &["--target-mb", "34"]);
    let m = msi(&r);
    assert_eq!(m["status"], "MSS", "{m}");
    assert_eq!(m["method"], "caller_repeat_fields");
    // 22 coding + 8 UTR/splice-region indels, 3 of them common germline polymorphisms.
    assert_eq!(m["features"]["indels"], 27);
    assert_eq!(m["features"]["repeat_indels"], 5);
    assert_eq!(m["features"]["snvs"], 260);
    assert!((m["score"].as_f64().unwrap() - 5.0 / 34.0).abs() < 1e-4);
    let w = m["warnings"].to_string();
    assert!(
        w.contains("counting region: passing variants whose VEP/SnpEff consequence is exonic"),
        "{w}"
    );
    assert!(w.contains("124 indel(s) and 2286 SNV(s) outside it"), "{w}");
    assert!(
        w.contains("tumour-only sample: 3 indel(s) with population AF > 0.001 excluded"),
        "{w}"
    );
    assert_eq!(r["summary"]["msi_status"], "MSS");

    // The WES preset: same region rule over its 38 Mb.
    let r = report(&vcf, &["--assay", "WES"]);
    assert_eq!(msi(&r)["status"], "MSS");
    assert_eq!(msi(&r)["features"]["repeat_indels"], 5);

    // A genome-scale denominator counts every passing variant.
    let r = report(&vcf, &["--assay", "WGS"]);
    let m = msi(&r);
    assert_eq!(m["features"]["repeat_indels"], 31);
    assert_eq!(m["features"]["indels"], 145);
    assert!(m["warnings"].to_string().contains("genome-scale"));

    // A --targets BED bounds the region whatever the annotation says: contig 1 only.
    let dir = tempfile::tempdir().unwrap();
    let bed = dir.path().join("chr1.bed");
    std::fs::write(&bed, "chr1\t0\t248956422\n").unwrap();
    let r = report(&vcf, &["--targets", bed.to_str().unwrap()]);
    let m = msi(&r);
    assert!(m["warnings"][0]
        .as_str()
        .unwrap()
        .starts_with("counting region: passing variants inside --targets"));
    let chr1_indels = std::fs::read_to_string(&vcf)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("chr1\t"))
        .filter(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            f[3].len() != f[4].len() && !f[7].contains("|0.")
        })
        .count();
    assert_eq!(m["features"]["indels"].as_u64().unwrap() as usize, chr1_indels);
}

#[test]
fn strelka2_repeat_fields_msi_h_and_mss() {
    let r = report(&fixture("msi_h_strelka2.vcf"), &["--assay", "WES"]);
    let m = msi(&r);
    assert_eq!(m["status"], "MSI-H", "{m}");
    assert_eq!(m["method"], "caller_repeat_fields");
    assert_eq!(m["features"]["indels"], 55);
    // RU=T;RC=12 counts, RU=A;RC=1 does not.
    assert_eq!(m["features"]["repeat_indels"], 50);
    assert_eq!(m["features"]["homopolymer_1bp_indels"], 50);
    assert_eq!(m["features"]["indel_fraction"].as_f64().unwrap(), 1.0);

    let r = report(&fixture("mss_strelka2.vcf"), &["--assay", "WES"]);
    let m = msi(&r);
    assert_eq!(m["status"], "MSS", "{m}");
    assert_eq!(m["features"]["repeat_indels"], 1);
    assert_eq!(m["features"]["indels"], 9);
}

#[test]
fn reference_fasta_gives_the_repeat_context() {
    let fa = fixture("ref.fa");
    let r = report(&fixture("msi_h_plain.vcf"), &["--assay", "WES", "--reference", &fa]);
    let m = msi(&r);
    assert_eq!(m["status"], "MSI-H", "{m}");
    assert_eq!(m["method"], "reference_fasta");
    assert_eq!(m["features"]["repeat_indels"], 60);
    assert_eq!(m["features"]["homopolymer_1bp_indels"], 60);
    assert_eq!(m["features"]["snvs"], 100);

    let r = report(&fixture("mss_plain.vcf"), &["--assay", "WES", "--reference", &fa]);
    let m = msi(&r);
    assert_eq!(m["status"], "MSS", "{m}");
    assert_eq!(m["method"], "reference_fasta");
    assert_eq!(m["features"]["repeat_indels"], 0);
    assert_eq!(m["features"]["indels"], 6);

    // Without --reference: indel-burden fallback, low confidence; 60 indels / 38 Mb = 1.58/Mb
    // lies between the fallback cut-offs → indeterminate.
    let r = report(&fixture("msi_h_plain.vcf"), &["--assay", "WES"]);
    let m = msi(&r);
    assert_eq!(m["method"], "indel_burden_fallback");
    assert_eq!(m["confidence"], "low");
    assert_eq!(m["status"], "indeterminate", "{m}");
    assert!(m["features"]["repeat_indels"].is_null());
    // …and with a 10 Mb region, 6 indels/Mb → MSI-H (low confidence).
    let r = report(&fixture("msi_h_plain.vcf"), &["--target-mb", "10"]);
    let m = msi(&r);
    assert_eq!(m["status"], "MSI-H", "{m}");
    assert_eq!(m["confidence"], "low");
    assert_eq!(m["threshold"].as_f64().unwrap(), 3.0);
}

#[test]
fn pole_like_ultramutated_profile_is_not_msi() {
    let r = report(&fixture("pole_like.vcf"), &["--target-mb", "10"]);
    let m = msi(&r);
    assert_eq!(m["pole_like"], true, "{m}");
    assert_eq!(m["status"], "MSS");
    // The raw rule would say MSI-H: 12 repeat indels / 10 Mb > 0.395.
    assert!(m["score"].as_f64().unwrap() > 0.395);
    assert!(m["features"]["indel_fraction"].as_f64().unwrap() < 0.01);
    assert!(m["warnings"].to_string().contains("POLE-like"));
}

#[test]
fn unannotated_input_counts_inside_targets_with_a_warning() {
    let vcf = fixture("msi_h_plain.vcf");
    let text = std::fs::read_to_string(&vcf).unwrap();
    // targets.bed covers contig 1 [0, 15000): count records with POS-1 < 15000 independently.
    let expected = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter(|l| l.split('\t').nth(1).unwrap().parse::<u64>().unwrap() - 1 < 15000)
        .count() as u64;
    let r = report(&vcf, &["--targets", &fixture("targets.bed")]);
    let t = &r["biomarkers"]["tmb"];
    assert_eq!(t["method"], "unannotated_in_targets");
    assert_eq!(t["count"].as_u64().unwrap(), expected);
    assert_eq!(t["denominator_mb"].as_f64().unwrap(), 0.015);
    assert_eq!(t["status"], "indeterminate");
    assert!(t["warnings"].to_string().contains("unannotated input"));
    // No region at all: indeterminate, value null.
    let r = report(&vcf, &[]);
    let t = &r["biomarkers"]["tmb"];
    assert_eq!(t["method"], "unannotated_all");
    assert_eq!(t["status"], "indeterminate");
    assert!(t["value"].is_null());
}

// ---- library level ------------------------------------------------------

fn variant(pos: u64, r: &str, a: &str, csq: &[&str], pop_af: Option<f64>, somatic: Option<bool>) -> Variant {
    Variant {
        chrom: "chr7".into(),
        pos,
        ref_allele: r.into(),
        alt: a.into(),
        alt_index: 1,
        record_no: pos,
        filters: vec!["PASS".into()],
        tumor: SampleDepth {
            depth: Some(100),
            alt_depth: Some(30),
            vaf: Some(0.3),
        },
        normal: None,
        somatic_flag: somatic,
        repeat: CallerRepeat::default(),
        annotation: (!csq.is_empty()).then(|| Annotation {
            source: Some(AnnotationSource::Vep),
            gene: Some("GENE".into()),
            consequences: csq.iter().map(|s| s.to_string()).collect(),
            population_af: pop_af,
            population_af_field: pop_af.map(|_| "gnomADe_AF".into()),
            ..Default::default()
        }),
    }
}

fn finish(acc: Accumulator, opts: &BiomarkerOptions, tumor_only: bool) -> biomarkers::Biomarkers {
    let kb = KnowledgeBase::default();
    let ctx = Context {
        kb: &kb,
        options: opts,
        tumor_only,
        annotated: true,
        gene_models_cds_mb: None,
        coding_genes_hit: 0,
    };
    biomarkers::finish(acc, &ctx, &[]).unwrap()
}

#[test]
fn exclusions_germline_somatic_flag_and_chunk_merging() {
    let vs = vec![
        variant(100, "A", "T", &["missense_variant"], Some(0.0001), None),
        variant(200, "A", "T", &["missense_variant"], Some(0.2), None), // germline-like
        variant(300, "A", "T", &["stop_gained"], Some(0.001), None),    // = max: kept
        variant(400, "AT", "A", &["frameshift_variant"], None, None),
        variant(500, "A", "T", &["synonymous_variant"], None, None),
        variant(600, "A", "T", &["intron_variant"], None, None),
        variant(700, "A", "T", &["missense_variant"], None, Some(false)),
        variant(800, "A", "T", &[], None, None),
    ];
    let opts = BiomarkerOptions {
        max_pop_af: 0.001,
        target_mb: Some(2.0),
        ..Default::default()
    };
    // Default accumulators in three chunks and a prepared one must agree.
    let mut chunks = vec![Accumulator::default(), Accumulator::default(), Accumulator::default()];
    for (i, v) in vs.iter().enumerate() {
        chunks[i % 3].observe(v);
    }
    let mut a = Accumulator::default();
    for c in chunks {
        a.merge(c);
    }
    let mut b = Accumulator::new(&opts).unwrap();
    for v in &vs {
        b.observe(v);
    }
    let (fa, fb) = (finish(a, &opts, true), finish(b.clone(), &opts, true));
    // MSI counts the exonic variants only (annotated, no BED), without the germline-like and
    // non-somatic ones: missense, stop gained, synonymous and the frameshift.
    assert_eq!(fa.msi, fb.msi);
    let f = &fa.msi.as_ref().unwrap().features;
    assert_eq!((f.snvs, f.indels), (3, 1));
    let ta = fa.tmb.unwrap();
    let tb = fb.tmb.unwrap();
    assert_eq!(ta, tb);
    assert_eq!(ta.count, 3);
    assert_eq!((ta.snv_count, ta.indel_count), (2, 1));
    assert_eq!(ta.value, Some(1.5));
    let ex: Vec<(String, u64)> = ta.excluded.iter().map(|(r, n)| (r.key(), *n)).collect();
    assert_eq!(
        ex,
        vec![
            ("no_annotation".into(), 1),
            ("not_coding".into(), 1),
            ("population_af_gt_0.001".into(), 1),
            ("somatic_flag_false".into(), 1),
            ("synonymous".into(), 1),
        ]
    );
    assert!(ta
        .warnings
        .iter()
        .any(|w| w.text.contains("1 variant(s) with population AF > 0.001 excluded")));
    // Tumour/normal: population AF is not used.
    let tn = finish(b, &opts, false).tmb.unwrap();
    assert_eq!(tn.count, 4);
    assert!(!tn.tumor_only);
}

#[test]
fn threshold_status_and_ci() {
    let opts = BiomarkerOptions {
        max_pop_af: 0.001,
        target_mb: Some(1.0),
        ..Default::default()
    };
    let mut acc = Accumulator::new(&opts).unwrap();
    for i in 0..10 {
        acc.observe(&variant(1000 + i, "C", "G", &["missense_variant"], None, None));
    }
    let t = finish(acc.clone(), &opts, false).tmb.unwrap();
    assert_eq!(t.value, Some(10.0));
    assert_eq!(t.status, TmbStatus::High); // ≥ 10
    assert_eq!(t.threshold, 10.0);
    assert!(t.threshold_source.contains("FDA pembrolizumab"));
    let ci = t.ci95.unwrap();
    assert!(
        (ci[0] - 4.7954).abs() < 1e-4 && (ci[1] - 18.3904).abs() < 1e-4,
        "{ci:?}"
    );
    assert!(t.warnings.iter().any(|w| w.text.contains("borderline")));
    let opts2 = BiomarkerOptions {
        tmb_threshold: Some(12.0),
        ..opts.clone()
    };
    let t = finish(acc.clone(), &opts2, false).tmb.unwrap();
    assert_eq!(t.status, TmbStatus::Low);
    assert_eq!(t.threshold_source, "--tmb-threshold");
    // Assay preset.
    let opts3 = BiomarkerOptions {
        target_mb: None,
        assay: Some("f1cdx".into()),
        ..opts.clone()
    };
    let t = finish(acc.clone(), &opts3, false).tmb.unwrap();
    assert_eq!(t.denominator.map(|d| d.source.label()).as_deref(), Some("assay:F1CDX"));
    assert_eq!(t.value, Some(12.5));
    // No denominator.
    let opts4 = BiomarkerOptions {
        target_mb: None,
        ..opts
    };
    let t = finish(acc, &opts4, false).tmb.unwrap();
    assert_eq!(t.status, TmbStatus::Indeterminate);
    assert_eq!(t.value, None);
    assert_eq!(t.count, 10);
}
