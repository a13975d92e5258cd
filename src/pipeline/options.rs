//! Everything the user can set for one report, and the parameters recorded in its provenance.

use crate::biomarkers::BiomarkerOptions;
use crate::filter::FilterOptions;
use crate::genome::GenomeBuild;
use crate::input::Limits;
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
        }
    }
}

impl Options {
    /// The parameters recorded in the report's provenance (name, value), sorted by name.
    pub fn parameters(&self) -> Vec<(&'static str, String)> {
        let o = |x: &Option<String>| x.clone().unwrap_or_else(|| "null".into());
        let p = |x: &Option<PathBuf>| {
            x.as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "null".into())
        };
        let b = &self.biomarkers;
        let mut v = vec![
            ("all_variants", self.all_variants.to_string()),
            ("assay", o(&b.assay)),
            ("depth_tag", o(&self.depth_tag)),
            ("gene_models", p(&b.gene_models)),
            (
                "genome",
                self.genome
                    .map(|g| g.as_str().to_string())
                    .unwrap_or_else(|| "auto".into()),
            ),
            ("include_filtered", self.filter.include_filtered.to_string()),
            ("max_pop_af", b.max_pop_af.to_string()),
            ("min_alt_reads", self.filter.min_alt_reads.to_string()),
            ("min_depth", self.filter.min_depth.to_string()),
            ("min_vaf", self.filter.min_vaf.to_string()),
            ("normal", o(&self.normal)),
            ("reference", p(&b.reference)),
            ("sample", o(&self.sample)),
            (
                "target_mb",
                b.target_mb.map(|x| x.to_string()).unwrap_or_else(|| "null".into()),
            ),
            ("targets", p(&b.targets)),
            ("tmb_include_synonymous", b.tmb_include_synonymous.to_string()),
            (
                "tmb_threshold",
                b.tmb_threshold.map(|x| x.to_string()).unwrap_or_else(|| "null".into()),
            ),
            ("tumor_type", o(&self.tumor_type)),
            ("vaf_tag", o(&self.vaf_tag)),
        ];
        // Recorded only when given, so that reports made without regions keep their provenance.
        if let Some(r) = &self.regions {
            v.push(("regions", r.spec.describe()));
        }
        v.sort();
        v
    }
}
