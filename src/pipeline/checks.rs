//! Doubtful input, said loudly: the tumour type resolved against the knowledge base (with a
//! "did you mean" hint), a `--genome` that contradicts the file's `##contig` lengths, a panel
//! assay whose footprint the calls plainly exceed, and `--strict`, which turns the doubts that
//! make a report misleading into errors.

use crate::error::{Error, Result};
use crate::genome::GenomeBuild;
use crate::kb::KnowledgeBase;
use crate::warning::{Warning, WarningKind};
use std::path::Path;

/// The `--tumor-type` as given and as resolved.
#[derive(Debug, Clone, Default)]
pub(super) struct TumourType {
    /// What the user gave (trimmed), kept in the report.
    pub(crate) given: Option<String>,
    /// The knowledge-base code it resolves to (code, alias, name or synonym).
    pub(crate) code: Option<String>,
    /// For an unknown type: the closest known codes.
    pub(crate) closest: Vec<String>,
}

impl TumourType {
    /// What therapy matching receives: the resolved code, else the text as given (so that its
    /// "not in the knowledge base" warning names it).
    pub(crate) fn for_matching(&self) -> Option<&str> {
        self.code.as_deref().or(self.given.as_deref())
    }

    fn hint(&self) -> String {
        match self.closest.as_slice() {
            [] => "; see `oncoprofile kb` for the known codes".into(),
            c => format!("; did you mean {}?", c.join(", ")),
        }
    }

    /// Add the "did you mean" hint to the therapy stage's unknown-type warning (found by its
    /// kind), so that one warning says it all.
    pub(crate) fn merge_warnings(&self, warnings: Vec<Warning>) -> Vec<Warning> {
        let Some(given) = self.given.as_deref().filter(|_| self.code.is_none()) else {
            return warnings;
        };
        let mut merged = false;
        let mut out: Vec<Warning> = warnings
            .into_iter()
            .map(|mut w| {
                if w.kind == WarningKind::UnknownTumourType {
                    merged = true;
                    w.text.push_str(&self.hint());
                }
                w
            })
            .collect();
        if !merged {
            out.push(Warning::new(
                WarningKind::UnknownTumourType,
                format!(
                    "tumour type `{given}` is not in the knowledge base: matched as unknown{}",
                    self.hint()
                ),
            ));
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
        cause: None,
    })
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
