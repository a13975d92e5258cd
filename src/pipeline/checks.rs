//! Doubtful input, said loudly: the tumour type resolved against the knowledge base (with a
//! "did you mean" hint), a `--genome` that contradicts the file's `##contig` lengths, a panel
//! assay whose footprint the calls plainly exceed, and `--strict`, which turns the doubts that
//! make a report misleading into errors.

use crate::biomarkers::{Biomarkers, TmbStatus};
use crate::error::{Error, Result};
use crate::genome::GenomeBuild;
use crate::kb::KnowledgeBase;
use std::path::Path;

/// A panel is a region below this many megabases …
pub(super) const PANEL_MAX_MB: f64 = 2.0;
/// … and its calls hit at most this many distinct genes (the largest panels in `assays.tsv` cover
/// 300–525 genes: FoundationOne CDx 324, MSK-IMPACT 468, TSO500 523).
pub(super) const PANEL_MAX_GENES: usize = 1000;

/// The `--tumor-type` as given and as resolved.
#[derive(Debug, Clone, Default)]
pub(super) struct TumourType {
    /// What the user gave (trimmed), kept in the report.
    pub given: Option<String>,
    /// The knowledge-base code it resolves to (code, alias, name or synonym).
    pub code: Option<String>,
    /// For an unknown type: the closest known codes.
    pub closest: Vec<String>,
}

impl TumourType {
    /// What therapy matching receives: the resolved code, else the text as given (so that its
    /// "not in the knowledge base" warning names it).
    pub fn for_matching(&self) -> Option<&str> {
        self.code.as_deref().or(self.given.as_deref())
    }

    fn hint(&self) -> String {
        match self.closest.as_slice() {
            [] => "; see `oncoprofile kb` for the known codes".into(),
            c => format!("; did you mean {}?", c.join(", ")),
        }
    }

    /// Add the "did you mean" hint to the therapy stage's unknown-type warning, so that one
    /// warning says it all.
    pub fn merge_warnings(&self, warnings: Vec<String>) -> Vec<String> {
        let Some(given) = self.given.as_deref().filter(|_| self.code.is_none()) else {
            return warnings;
        };
        let prefix = format!("tumour type `{given}` is not in the knowledge base");
        let mut merged = false;
        let mut out: Vec<String> = warnings
            .into_iter()
            .map(|w| {
                if w.starts_with(&prefix) {
                    merged = true;
                    format!("{w}{}", self.hint())
                } else {
                    w
                }
            })
            .collect();
        if !merged {
            out.push(format!("{prefix}: matched as unknown{}", self.hint()));
        }
        out
    }
}

/// Resolve `--tumor-type`; an unknown type is a usage error (exit 1) under `--strict`.
pub(super) fn tumour_type(kb: &KnowledgeBase, given: Option<&str>, strict: bool) -> Result<TumourType> {
    let Some(given) = given.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(TumourType::default());
    };
    let code = kb.tumor_types.resolve(given).map(|t| t.code.clone());
    let tt = TumourType {
        given: Some(given.to_string()),
        closest: if code.is_none() {
            kb.tumor_types.closest(given)
        } else {
            vec![]
        },
        code,
    };
    if strict && tt.code.is_none() {
        return Err(Error::Usage(format!(
            "--strict: unknown --tumor-type '{given}' (not a code, alias, name or synonym in the knowledge base){}",
            tt.hint()
        )));
    }
    Ok(tt)
}

/// Under `--strict`, a report without a TMB denominator is refused (exit 1).
pub(super) fn strict_options(o: &crate::biomarkers::BiomarkerOptions) -> Result<()> {
    if o.targets.is_none() && o.target_mb.is_none() && o.assay.is_none() {
        return Err(Error::Usage(
            "--strict: no TMB denominator: give --targets BED, --target-mb or --assay".into(),
        ));
    }
    Ok(())
}

/// `--genome` against the build the `##contig` lengths say: a warning, an error (exit 1) under
/// `--strict`.
pub(super) fn genome_mismatch(
    given: Option<GenomeBuild>,
    detected: Option<GenomeBuild>,
    source: Option<&str>,
    strict: bool,
) -> Result<Option<String>> {
    let (Some(g), Some(d)) = (given, detected) else {
        return Ok(None);
    };
    if g == d {
        return Ok(None);
    }
    let how = match source {
        Some("reference_line") => "##reference line",
        _ => "##contig lengths",
    };
    let msg = format!(
        "--genome {} contradicts the file's {how}, which say {}: coordinates are read as {}",
        g.as_str(),
        d.as_str(),
        g.as_str()
    );
    if strict {
        return Err(Error::Usage(format!("--strict: {msg}")));
    }
    Ok(Some(msg))
}

/// Under `--strict`, unannotated input is an input error (exit 2).
pub(super) fn strict_annotation(path: &Path, annotated: bool) -> Result<()> {
    if annotated {
        return Ok(());
    }
    Err(Error::Input {
        file: path.to_path_buf(),
        location: None,
        field: None,
        reason: "--strict: the VCF has no VEP (INFO/CSQ) or SnpEff (INFO/ANN) annotation".into(),
    })
}

/// A panel `--assay` on calls that hit far more genes than a panel covers (e.g. a whole-exome
/// VCF): the denominator does not match the counting, so the TMB status is made indeterminate
/// (the value stays, with the warning).
pub(super) fn assay_footprint(kb: &KnowledgeBase, assay: Option<&str>, genes_hit: usize, b: &mut Biomarkers) {
    let Some(name) = assay else { return };
    let list = crate::biomarkers::assay_list(kb);
    let Some(a) = crate::kb::assays::find(&list, name) else {
        return;
    };
    if a.region_mb >= PANEL_MAX_MB || genes_hit <= PANEL_MAX_GENES {
        return;
    }
    let Some(tmb) = b.tmb.as_mut() else { return };
    tmb.warnings.push(format!(
        "--assay {} is a {} Mb panel but passing coding variants hit {genes_hit} distinct genes \
         (a panel covers at most about {PANEL_MAX_GENES}): the calls do not come from the assay's footprint, \
         so the denominator does not match the count; status set to indeterminate (give --targets BED of the \
         region actually called, or --assay WES)",
        a.name, a.region_mb
    ));
    tmb.status = TmbStatus::Indeterminate;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn genome_mismatch_warns_or_fails() {
        let (a, b) = (Some(GenomeBuild::GRCh37), Some(GenomeBuild::GRCh38));
        let w = genome_mismatch(a, b, Some("contig_lengths"), false).expect("warning");
        assert!(w.is_some_and(|w| w.contains("contradicts")));
        assert!(genome_mismatch(a, b, Some("contig_lengths"), true).is_err());
        assert!(genome_mismatch(a, a, None, true).expect("same").is_none());
        assert!(genome_mismatch(a, None, None, true).expect("unknown").is_none());
    }
}
