//! `oncoprofile batch --check-manifest`: the manifest read and checked exactly as `batch` reads
//! it, printed as JSON for workflow engines (Snakemake, CWL), so they never re-implement its rules.
//!
//! Each patient's `report_args` is the complete `oncoprofile report` argument list (without the
//! input file and `-o`) that gives the report `batch` would write for that patient: manifest cells
//! merged over the batch's options by the same code as `batch`, then turned back into flags by
//! [`report_args`]. A round-trip test parses those flags again and compares every recorded
//! parameter, so a new option cannot be forgotten here silently.

use oncoprofile::batch::Job;
use oncoprofile::input::Limits;
use oncoprofile::output::safe_file_stem;
use oncoprofile::pipeline::Options;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What `--check-manifest` prints (one JSON document on stdout).
#[derive(Debug, Serialize)]
pub struct Plan {
    /// Bumped when a key changes meaning (workflows check it).
    pub plan_version: u32,
    pub manifest: Option<String>,
    /// `--annotations DIR`, when given: every job reads it.
    pub annotations: Option<String>,
    pub patients: Vec<PlannedJob>,
}

/// One patient, in manifest order.
#[derive(Debug, Serialize)]
pub struct PlannedJob {
    pub patient: String,
    /// The report's file stem (`<stem>.json`): the patient ID made safe for a file name.
    pub stem: String,
    /// The input file, resolved against the manifest's folder as `batch` does.
    pub vcf: String,
    pub tumor_sample: Option<String>,
    pub normal_sample: Option<String>,
    pub tumor_type: Option<String>,
    pub targets: Option<String>,
    pub target_mb: Option<f64>,
    pub assay: Option<String>,
    /// Every file the job reads besides the input (targets BED, reference, gene models).
    pub other_inputs: Vec<String>,
    /// `oncoprofile report` arguments for this patient after its first input file (output left
    /// out); they begin with the patient's further files when its manifest cell lists several.
    pub report_args: Vec<String>,
}

/// The plan of `jobs` (already checked by the manifest reader and for collisions).
pub fn plan(jobs: &[Job], manifest: Option<&Path>, annotations: Option<&Path>) -> Plan {
    Plan {
        plan_version: 1,
        manifest: manifest.map(display),
        annotations: annotations.map(display),
        patients: jobs.iter().map(|j| planned(j, annotations)).collect(),
    }
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

fn planned(j: &Job, annotations: Option<&Path>) -> PlannedJob {
    let o = &j.options;
    let b = &o.biomarkers;
    let tmb_reference = o.tmb_reference.as_ref().map(|d| d.path.clone());
    let other_inputs = [&b.targets, &b.reference, &b.gene_models, &tmb_reference]
        .into_iter()
        .flatten()
        .map(|p| display(p))
        .collect();
    // The patient's further files come first: `oncoprofile report <vcf> <report_args…>`.
    let mut report_args: Vec<String> = j.more_vcfs.iter().map(|p| display(p)).collect();
    report_args.extend(report_args_of(o));
    if let Some(d) = annotations {
        report_args.extend(["--annotations".to_string(), display(d)]);
    }
    PlannedJob {
        patient: j.patient.clone(),
        stem: safe_file_stem(&j.patient),
        vcf: display(&j.vcf),
        tumor_sample: o.sample.clone(),
        normal_sample: o.normal.clone(),
        tumor_type: o.tumor_type.clone(),
        targets: b.targets.as_deref().map(display),
        target_mb: b.target_mb,
        assay: b.assay.clone(),
        other_inputs,
        report_args,
    }
}

/// `oncoprofile report` flags that reproduce `o` (every option that changes a report or whether
/// one is made; defaults are written out too, so the plan does not depend on the defaults of
/// the binary that later runs it).
pub fn report_args_of(o: &Options) -> Vec<String> {
    let mut a: Vec<String> = Vec::new();
    let mut opt = |flag: &str, v: Option<String>| {
        if let Some(v) = v {
            a.push(flag.to_string());
            a.push(v);
        }
    };
    let path = |p: &Option<PathBuf>| p.as_deref().map(display);
    let b = &o.biomarkers;
    opt("--patient", o.patient.clone());
    opt("--sample", o.sample.clone());
    opt("--normal", o.normal.clone());
    opt("--tumor-type", o.tumor_type.clone());
    opt("--genome", o.genome.map(|g| g.as_str().to_string()));
    opt("--min-vaf", Some(o.filter.min_vaf.to_string()));
    opt("--min-depth", Some(o.filter.min_depth.to_string()));
    opt("--min-alt-reads", Some(o.filter.min_alt_reads.to_string()));
    opt("--vaf-tag", o.vaf_tag.clone());
    opt("--depth-tag", o.depth_tag.clone());
    opt("--targets", path(&b.targets));
    opt("--target-mb", b.target_mb.map(|x| x.to_string()));
    opt("--assay", b.assay.clone());
    opt("--max-pop-af", Some(b.max_pop_af.to_string()));
    opt("--tmb-threshold", b.tmb_threshold.map(|x| x.to_string()));
    opt("--reference", path(&b.reference));
    opt("--gene-models", path(&b.gene_models));
    opt("--tmb-reference", o.tmb_reference.as_ref().map(|d| display(&d.path)));
    for c in &o.cna {
        opt("--cna", Some(display(c)));
    }
    for c in &o.sv {
        opt("--sv", Some(display(c)));
    }
    opt("--purity", o.cna_options.purity.map(|x| x.to_string()));
    opt("--sample-type", o.plasma.then(|| "plasma".to_string()));
    opt("--population-vcf", path(&o.population_vcf));
    opt("--panel-of-normals", path(&o.panel_of_normals));
    opt("--ploidy", o.cna_options.ploidy.map(|x| x.to_string()));
    if let Some(r) = &o.regions {
        let [flag, v] = r.spec.args();
        opt(&flag, Some(v));
    }
    let limits = &o.limits;
    if limits.max_line_bytes != Limits::DEFAULT_MAX_LINE_BYTES {
        opt("--max-line-bytes", Some(limits.max_line_bytes.to_string()));
    }
    if limits.max_header_bytes != Limits::DEFAULT_MAX_HEADER_BYTES {
        opt("--max-header-bytes", Some(limits.max_header_bytes.to_string()));
    }
    for (on, flag) in [
        (o.filter.include_filtered, "--include-filtered"),
        (o.all_variants, "--all-variants"),
        (b.tmb_include_synonymous, "--tmb-include-synonymous"),
        (o.strict, "--strict"),
        (o.cna_options.haploid_x_reference, "--cna-male-reference"),
    ] {
        if on {
            a.push(flag.to_string());
        }
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::{Cli, Command};
    use clap::Parser;

    fn options_from(args: &[String]) -> Options {
        let mut argv = vec!["oncoprofile".to_string(), "report".into(), "x.vcf".into()];
        argv.extend(args.iter().cloned());
        let cli = Cli::try_parse_from(argv).expect("report_args parse");
        let Command::Report(r) = cli.command else {
            panic!("not a report command")
        };
        let mut o = r.common.options(&crate::commands::Global { quiet: true }).unwrap();
        o.patient = r.patient;
        o.sample = r.sample;
        o.normal = r.normal;
        o.cna = r.cna;
        o.sv = r.sv;
        o.cna_options = super::super::report::cna_options(r.purity, r.ploidy, r.cna_male_reference).unwrap();
        o
    }

    #[test]
    fn report_args_round_trip_every_parameter() {
        let mut o = Options {
            patient: Some("P 1".into()),
            sample: Some("TUMOR".into()),
            normal: Some("NORMAL".into()),
            tumor_type: Some("NEC".into()),
            genome: oncoprofile::genome::GenomeBuild::parse("GRCh37"),
            all_variants: true,
            vaf_tag: Some("AF".into()),
            depth_tag: Some("DP".into()),
            strict: true,
            regions: Some(oncoprofile::input::regions::parse_list("7:140453136,12").unwrap()),
            ..Options::default()
        };
        o.filter.min_vaf = 0.1 + 0.2; // not a short decimal: must survive the round trip
        o.filter.min_depth = 7;
        o.filter.min_alt_reads = 2;
        o.filter.include_filtered = true;
        o.biomarkers.target_mb = Some(33.3);
        o.biomarkers.max_pop_af = 0.01;
        o.biomarkers.tmb_threshold = Some(10.0);
        o.biomarkers.tmb_include_synonymous = true;
        o.biomarkers.reference = Some("ref dir/genome.fa".into());
        o.biomarkers.gene_models = Some("exons.bed".into());
        o.limits.max_line_bytes = 1000;
        o.cna = vec!["a dir/t.cns".into(), "t.seg".into()];
        o.sv = vec!["fusions.tsv".into()];
        o.cna_options.purity = Some(0.7);
        o.cna_options.ploidy = Some(3.2);
        o.cna_options.haploid_x_reference = true;
        let back = options_from(&report_args_of(&o));
        assert_eq!(back.parameters(), o.parameters());
        assert_eq!((back.patient, back.strict), (o.patient.clone(), true));
        assert_eq!(back.limits.max_line_bytes, 1000);
        assert_eq!(back.limits.max_header_bytes, Limits::DEFAULT_MAX_HEADER_BYTES);
    }

    #[test]
    fn defaults_round_trip_and_name_the_defaults() {
        let o = options_from(&[]);
        let args = report_args_of(&o);
        assert_eq!(
            args,
            [
                "--min-vaf",
                "0.05",
                "--min-depth",
                "20",
                "--min-alt-reads",
                "3",
                "--max-pop-af",
                "0.001"
            ]
        );
        assert_eq!(options_from(&args).parameters(), o.parameters());
    }

    #[test]
    fn plan_lists_stems_and_other_inputs() {
        let mut o = Options {
            patient: Some("../P7".into()),
            ..Options::default()
        };
        o.biomarkers.targets = Some("panel.bed".into());
        let jobs = vec![Job {
            patient: "../P7".into(),
            vcf: "dir/p7.vcf".into(),
            more_vcfs: vec![],
            options: o,
        }];
        let p = plan(&jobs, Some(Path::new("m.tsv")), Some(Path::new("kb")));
        let j = &p.patients[0];
        assert_eq!(j.stem, "_._P7");
        assert_eq!(j.other_inputs, ["panel.bed"]);
        assert_eq!(j.report_args[..2], ["--patient", "../P7"]);
        assert_eq!(j.report_args[j.report_args.len() - 2..], ["--annotations", "kb"]);
    }
}
