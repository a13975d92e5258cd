//! The files of a knowledge-base directory: which names belong there, which do not, and reading
//! one through the bounded line reader.

use super::*;

/// The per-tumour-type TMB reference table (read by `report::tmb_context`, always embedded).
pub(super) const TMB_REFERENCE: &str = "tmb_reference.tsv";
/// The chromosome-arm bounds of the instability measure (`crate::cna::cin`, always embedded).
const CENTROMERES: &str = "centromeres.tsv";
/// The fusion partners' domains (`crate::sv::domains`, always embedded).
const FUSION_DOMAINS: &str = "fusion_domains.tsv";

/// The files a knowledge-base directory may hold besides [`REQUIRED_FILES`]: what `kb import`
/// writes, the tables a directory may override, and the embedded-only tables (always read from
/// the binary; allowed so that a copy of `annotations/` checks clean).
const OPTIONAL_FILES: &[&str] = &[
    IMPORTED_GENES,
    IMPORTED_HOTSPOTS,
    rules::CIVIC_FILE,
    drug_classes::FILE,
    GENE_SPANS,
    GENE_EXONS,
    TMB_REFERENCE,
    CENTROMERES,
    FUSION_DOMAINS,
    super::germline::GENES_FILE,
    super::germline::ALLELES_FILE,
    super::germline::CHIP_FILE,
];

/// True for names a knowledge-base directory may hold besides the tables: what
/// `kb export` and `kb import` write, documentation and hidden files.
pub(super) fn is_known_file(name: &str) -> bool {
    REQUIRED_FILES.contains(&name)
        || OPTIONAL_FILES.contains(&name)
        || name.starts_with("README")
        || name.ends_with(".md")
        || name.starts_with('.')
}

/// Files of `dir` that are no knowledge-base table: a misnamed table would be ignored silently.
pub(super) fn unknown_files(dir: &Path) -> Vec<KbError> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![KbError::new(
            &dir.display().to_string(),
            0,
            0,
            "cannot list the directory",
        )];
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| !is_known_file(n))
        .collect();
    names.sort();
    let mut expected: Vec<&str> = REQUIRED_FILES.to_vec();
    expected.extend(OPTIONAL_FILES);
    names
        .iter()
        .map(|n| {
            KbError::new(
                &dir.join(n).display().to_string(),
                0,
                0,
                format!(
                    "unknown file in a knowledge-base directory (expected {}, README or *.md)",
                    expected.join(", ")
                ),
            )
        })
        .collect()
}

/// Read one file of a knowledge-base directory: (name shown in errors, text); None when absent.
pub(super) fn read_kb_file(dir: &Path, name: &str) -> Result<Option<(String, String)>, KbError> {
    let path = dir.join(name);
    let shown = path.display().to_string();
    match crate::lines::read_to_string(&path) {
        Ok(t) => Ok(Some((shown, t))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(KbError::new(&shown, 0, 0, format!("cannot read: {e}"))),
    }
}
