//! Everything the user can set for one report, and the parameters recorded in its provenance.

use crate::biomarkers::BiomarkerOptions;
use crate::filter::FilterOptions;
use crate::genome::GenomeBuild;
use crate::input::Limits;
use crate::report::{ParamValue, Parameter};
use std::path::PathBuf;

/// Everything the user can set for one report.
#[derive(Debug, Clone)]
pub struct Options {
    pub patient: Option<String>,
    pub sample: Option<String>,
    pub normal: Option<String>,
    pub tumor_type: Option<String>,
    pub genome: Option<GenomeBuild>,
    pub filter: FilterOptions,
    pub all_variants: bool,
    pub vaf_tag: Option<String>,
    pub depth_tag: Option<String>,
    pub biomarkers: BiomarkerOptions,
    /// Use a separate reader thread (single reports); batch mode reads inline.
    pub reader_thread: bool,
    /// Show a byte progress bar (only when stderr is a terminal).
    pub progress: bool,
    /// Line and header size limits (not recorded in the provenance: they never change a report,
    /// only whether one is made).
    pub limits: Limits,
    /// `--strict`: an unknown tumour type, no TMB denominator or a `--genome` contradicting the
    /// file are usage errors (exit 1), unannotated input an input error (exit 2).
    pub strict: bool,
    /// `-r/-R`: only records overlapping these regions are read.
    pub regions: Option<crate::input::regions::Regions>,
    /// Keep every listed alteration in memory instead of spilling those no later stage reads
    /// (`ONCOPROFILE_KEEP_ALL_LISTED=1`): the test of the stages' contract (`pipeline::listed`).
    /// Never changes a report, so not recorded in the provenance.
    pub keep_all_listed: bool,
    /// `--signatures FILE|DIR`: reference signature sets to fit (with `--reference`).
    pub signatures: Option<PathBuf>,
    /// `--cna`: copy-number files of the patient (any format of [`crate::cna`]).
    pub cna: Vec<PathBuf>,
    /// `--purity`, `--ploidy`, `--cna-male-reference` (and the sample, from `-s`).
    pub cna_options: crate::cna::CnaOptions,
    /// `--sv`: fusion tables of the patient (any format of [`crate::sv`]).
    pub sv: Vec<PathBuf>,
    /// `--sample-type plasma`: cell-free DNA (the germline screen's stronger CH rule).
    pub plasma: bool,
    /// `--population-vcf`: bgzipped, indexed population sites (INFO AF or AF_popmax).
    pub population_vcf: Option<PathBuf>,
    /// `--panel-of-normals`: bgzipped, indexed sites-only panel of normals.
    pub panel_of_normals: Option<PathBuf>,
    /// `--min-vaf` was given: a manifest's per-patient `sample_type` leaves `filter.min_vaf` alone
    /// (otherwise it sets the sample type's default).
    pub min_vaf_given: bool,
    /// `--tmb-reference FILE`: a TMB distribution (tumour type + TMB per patient), read once.
    pub tmb_reference: Option<std::sync::Arc<crate::report::tmb_distribution::TmbDistribution>>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            patient: None,
            sample: None,
            normal: None,
            tumor_type: None,
            genome: None,
            filter: FilterOptions::default(),
            all_variants: false,
            vaf_tag: None,
            depth_tag: None,
            biomarkers: BiomarkerOptions {
                max_pop_af: 0.001,
                ..Default::default()
            },
            reader_thread: true,
            progress: false,
            limits: Limits::default(),
            strict: false,
            regions: None,
            keep_all_listed: false,
            signatures: None,
            cna: vec![],
            cna_options: Default::default(),
            sv: vec![],
            plasma: false,
            population_vcf: None,
            panel_of_normals: None,
            min_vaf_given: false,
            tmb_reference: None,
        }
    }
}

impl Options {
    /// What the report states of these options.
    pub(crate) fn settings(&self) -> crate::report::Settings {
        crate::report::Settings {
            patient: self.patient.clone(),
            tumor_type: self.tumor_type.clone(),
            pass_only: !self.filter.include_filtered,
            min_depth: self.filter.min_depth,
            min_alt_reads: self.filter.min_alt_reads,
            min_vaf: self.filter.min_vaf,
            parameters: self
                .parameters()
                .into_iter()
                .map(|(name, value)| Parameter {
                    name: name.to_string(),
                    value,
                })
                .collect(),
            tmb_reference: self.tmb_reference.clone(),
        }
    }

    /// The parameters recorded in the report's provenance (name, value), sorted by name.
    pub fn parameters(&self) -> Vec<(&'static str, ParamValue)> {
        let p = |x: &Option<PathBuf>| ParamValue::of(x.as_ref().map(|p| p.display()));
        let b = &self.biomarkers;
        let mut v = vec![
            ("all_variants", ParamValue::set(self.all_variants.to_string())),
            ("assay", ParamValue::of(b.assay.as_ref())),
            ("depth_tag", ParamValue::of(self.depth_tag.as_ref())),
            ("gene_models", p(&b.gene_models)),
            (
                "genome",
                ParamValue::set(self.genome.map(|g| g.as_str()).unwrap_or("auto")),
            ),
            (
                "include_filtered",
                ParamValue::set(self.filter.include_filtered.to_string()),
            ),
            ("max_pop_af", ParamValue::set(b.max_pop_af.to_string())),
            ("min_alt_reads", ParamValue::set(self.filter.min_alt_reads.to_string())),
            ("min_depth", ParamValue::set(self.filter.min_depth.to_string())),
            ("min_vaf", ParamValue::set(self.filter.min_vaf.to_string())),
            ("normal", ParamValue::of(self.normal.as_ref())),
            ("reference", p(&b.reference)),
            ("sample", ParamValue::of(self.sample.as_ref())),
            ("target_mb", ParamValue::of(b.target_mb)),
            ("targets", p(&b.targets)),
            (
                "tmb_include_synonymous",
                ParamValue::set(b.tmb_include_synonymous.to_string()),
            ),
            ("tmb_threshold", ParamValue::of(b.tmb_threshold)),
            ("tumor_type", ParamValue::of(self.tumor_type.as_ref())),
            ("vaf_tag", ParamValue::of(self.vaf_tag.as_ref())),
        ];
        // Recorded only when given, so that reports made without regions keep their provenance.
        if let Some(r) = &self.regions {
            v.push(("regions", ParamValue::set(r.spec.describe())));
        }
        // Likewise the copy-number parameters, only with --cna.
        if !self.cna.is_empty() {
            let c = &self.cna_options;
            v.push(("cna", ParamValue::set(super::copy_number::describe(&self.cna))));
            v.push(("cna_male_reference", ParamValue::set(c.haploid_x_reference.to_string())));
            v.push(("ploidy", ParamValue::of(c.ploidy)));
            v.push(("purity", ParamValue::of(c.purity)));
        }
        // `--purity` also sets the germline screen's VAF expectation: recorded when given.
        if self.cna.is_empty() && self.cna_options.purity.is_some() {
            v.push(("purity", ParamValue::of(self.cna_options.purity)));
        }
        if let Some(p) = &self.population_vcf {
            v.push(("population_vcf", ParamValue::set(p.display().to_string())));
        }
        if let Some(p) = &self.panel_of_normals {
            v.push(("panel_of_normals", ParamValue::set(p.display().to_string())));
        }
        // Recorded only when given: the file's name and checksum, as the report states them.
        if let Some(d) = &self.tmb_reference {
            v.push(("tmb_reference", ParamValue::set(d.describe())));
        }
        if self.plasma {
            v.push(("sample_type", ParamValue::set("plasma")));
        }
        if !self.sv.is_empty() {
            v.push(("sv", ParamValue::set(super::copy_number::describe(&self.sv))));
        }
        v.sort_by(|a, b| a.0.cmp(b.0));
        v
    }
}
