//! A synthetic cohort for the cohort-page tests: `n` reports derived from four real ones (the
//! demo NEC, BRAF V600E, KRAS G12C with copy-number and fusion input, and an MSI-H sample with a
//! signature fit against a made-up reference set), each given its own patient ID, tumour type,
//! TMB, MSI status, genes and signature shares by a fixed pseudo-random sequence. Every report is
//! a valid report (the `cohort` subcommand reads it back); an empty `<patient>.html` beside it
//! stands in for the patient page, so that the cohort page links to it.

use serde_json::Value;
use std::path::Path;

/// Tumour types, the AML ones without drivers (the knowledge base declares blood cancers out of scope).
pub const TYPES: [&str; 8] = ["LUAD", "COAD", "NEC", "AML", "SCLC", "PAAD", "BRCA", "SKCM"];
/// Genes given to the synthetic alterations; the first five are the AML genes, drawn as VUS.
const GENES: [&str; 14] = [
    "DNMT3A", "NPM1", "FLT3", "TET2", "ASXL1", "TP53", "KRAS", "BRAF", "PIK3CA", "EGFR", "APC", "RB1", "PTEN", "ARID1A",
];
const CLASSES: [(&str, &str); 4] = [
    ("missense_variant", "p.R100H"),
    ("stop_gained", "p.R200*"),
    ("frameshift_variant", "p.L300fs"),
    ("inframe_deletion", "p.E400del"),
];

fn bin() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("oncoprofile").unwrap()
}

fn report(root: &Path, args: &[&str]) -> Value {
    let out = bin()
        .current_dir(root)
        .arg("report")
        .args(args)
        .args(["-O", "json", "-q"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The four template reports.
pub fn templates(root: &Path, scratch: &Path) -> Vec<Value> {
    let cna = scratch.join("cna_long.txt");
    std::fs::write(
        &cna,
        "Tumor_Sample_Barcode\tHugo_Symbol\tCopy_Number_Alteration\nS1\tERBB2\t2\nS1\tCDKN2A\t-2\nS1\tMYC\t1\nS1\tRB1\t-1\n",
    )
    .unwrap();
    let pairs = scratch.join("pairs.tsv");
    std::fs::write(&pairs, "GeneA\tGeneB\nEML4\tALK\n").unwrap();
    let sigs = scratch.join("COSMIC_v3.9_SBS_GRCh38.txt");
    super::common::write_made_up_sbs96(&sigs, &["SBS6", "SBS3", "SBS4"]);
    vec![
        report(
            root,
            &[
                "test-data/demo/demo_nec.vcf.gz",
                "--tumor-type",
                "NEC",
                "--assay",
                "WES",
            ],
        ),
        report(root, &["test-data/therapies/braf_v600e.vcf"]),
        report(
            root,
            &[
                "test-data/therapies/kras_g12c.vcf",
                "--cna",
                cna.to_str().unwrap(),
                "--sv",
                pairs.to_str().unwrap(),
                "--genome",
                "GRCh38",
            ],
        ),
        report(
            root,
            &[
                "test-data/biomarkers/msi_h_plain.vcf",
                "--reference",
                "test-data/biomarkers/ref.fa",
                "--targets",
                "test-data/biomarkers/targets.bed",
                "--signatures",
                sigs.to_str().unwrap(),
            ],
        ),
    ]
}

/// A fixed pseudo-random sequence (64-bit LCG).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick(&mut self, n: usize) -> usize {
        ((self.next() * n as f64) as usize).min(n - 1)
    }
}

/// One synthetic patient as the tests expect it on the page.
#[allow(dead_code)] // each test crate that includes this module reads its own fields
pub struct Synth {
    pub patient: String,
    pub tumor_type: &'static str,
    pub tmb: Option<f64>,
}

/// Write `n` reports (and placeholder patient pages) into `dir`.
pub fn write_cohort(dir: &Path, n: usize, templates: &[Value]) -> Vec<Synth> {
    let mut rng = Lcg(20261207);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let mut r = templates[i % templates.len()].clone();
        let patient = format!("S{i:04}");
        let tumor_type = TYPES[i % TYPES.len()];
        r["patient"]["id"] = patient.clone().into();
        r["patient"]["tumor_type"] = tumor_type.into();
        let tmb = (i % 37 != 5).then(|| (10f64.powf(-0.5 + 2.5 * rng.next()) * 100.0).round() / 100.0);
        let t = &mut r["biomarkers"]["tmb"];
        if t.is_object() {
            t["value"] = tmb.map_or(Value::Null, Value::from);
            t["status"] = match tmb {
                Some(v) if v >= 10.0 => "high",
                Some(_) => "low",
                None => "indeterminate",
            }
            .into();
        }
        if r["biomarkers"]["msi"].is_object() {
            r["biomarkers"]["msi"]["status"] = if i % 13 == 0 {
                "MSI-H"
            } else if i % 29 == 0 {
                "indeterminate"
            } else {
                "MSS"
            }
            .into();
        }
        // The alteration the extra ones are copied from (the msi template lists none).
        let first = templates.iter().find_map(|t| t["alterations"].get(0).cloned());
        if tumor_type == "AML" {
            // No driver: only VUS in the AML genes (and no copy-number or fusion input).
            r["alterations"] = serde_json::json!([]);
            r["summary"]["driver_labels"] = serde_json::json!([]);
            r.as_object_mut().unwrap().remove("copy_number");
            r.as_object_mut().unwrap().remove("fusions");
        }
        let alts = r["alterations"].as_array_mut().unwrap();
        if let Some(first) = first {
            // Two to five extra alterations: AML patients get VUS in the AML genes only.
            let extra = 2 + rng.pick(4);
            #[allow(clippy::needless_range_loop)] // k picks the AML genes and names the alteration
            for k in 0..extra {
                let mut a = first.clone();
                // AML: DNMT3A and NPM1 (its two most frequent genes) in every patient, then others.
                let gene = match (tumor_type, k) {
                    ("AML", 0 | 1) => GENES[k],
                    ("AML", _) => GENES[2 + rng.pick(3)],
                    _ => GENES[rng.pick(GENES.len())],
                };
                let (csq, change) = CLASSES[rng.pick(CLASSES.len())];
                let driver = tumor_type != "AML" && rng.next() < 0.4;
                a["id"] = format!("X{k}").into();
                a["gene"] = gene.into();
                a["consequence"] = serde_json::json!([csq]);
                a["protein_change"] = change.into();
                a["oncogenicity"] = if driver { "likely_oncogenic" } else { "vus" }.into();
                a["driver"] = driver.into();
                alts.push(a);
            }
        }
        let fit = r
            .get_mut("signatures")
            .and_then(|s| s.get_mut("fits"))
            .and_then(|f| f.get_mut(0));
        if let Some(fit) = fit {
            let a = rng.next();
            if let Some(ex) = fit["exposures"].as_array_mut() {
                for (k, e) in ex.iter_mut().enumerate() {
                    e["share"] = (if k == 0 { a } else { (1.0 - a) / 2.0 }).into();
                }
            }
        }
        std::fs::write(dir.join(format!("{patient}.json")), serde_json::to_vec(&r).unwrap()).unwrap();
        std::fs::write(dir.join(format!("{patient}.html")), "").unwrap();
        out.push(Synth {
            patient,
            tumor_type,
            tmb: tmb.filter(|_| r["biomarkers"]["tmb"].is_object()),
        });
    }
    out
}
