//! Errors of the biomarker stage, typed: each keeps its source and the option or
//! threshold it concerns. [`BiomarkerError`] becomes a [`crate::error::Error`]: a
//! file given by an option that cannot be read is an input error naming the file
//! (exit 2); anything else is a usage error (exit 1).

use crate::genome::RegionError;
use std::path::PathBuf;

/// The `--reference` FASTA: cannot be opened, read, or does not match an indel.
#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    #[error("cannot open the indexed FASTA (needs {}.fai beside it): {source}", .path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Position(#[source] std::num::TryFromIntError),
    #[error("cannot read {region}: {source}")]
    Read {
        region: String,
        #[source]
        source: std::io::Error,
    },
    #[error("position before the fetched window")]
    BeforeWindow,
    #[error("REF {ref_allele} does not match the reference ({found})")]
    RefMismatch { ref_allele: String, found: String },
    #[error("REF extends past the end of the contig")]
    PastContigEnd,
}

#[derive(Debug, thiserror::Error)]
pub enum BiomarkerError {
    /// A region file given by an option (`--targets`, `--gene-models`).
    #[error("{flag} {}: {source}", .path.display())]
    OptionFile {
        flag: &'static str,
        path: PathBuf,
        #[source]
        source: RegionError,
    },
    /// The `--reference` FASTA cannot be opened.
    #[error("--reference {}: {source}", .path.display())]
    Reference {
        path: PathBuf,
        #[source]
        source: ReferenceError,
    },
    /// A threshold the stage needs is missing or the thresholds are invalid.
    #[error("{reason}")]
    Threshold { key: Option<String>, reason: String },
    /// An option value out of range.
    #[error("{flag} {value}: {reason}")]
    InvalidOption {
        flag: &'static str,
        value: String,
        reason: &'static str,
    },
    #[error("unknown --assay '{name}': known assays are {}", .known.join(", "))]
    UnknownAssay { name: String, known: Vec<String> },
}

impl BiomarkerError {
    pub(crate) fn missing_threshold(key: &str) -> BiomarkerError {
        BiomarkerError::Threshold {
            key: Some(key.to_string()),
            reason: format!("thresholds.toml has no [{key}]"),
        }
    }
}

impl From<BiomarkerError> for crate::error::Error {
    fn from(e: BiomarkerError) -> Self {
        match e {
            BiomarkerError::OptionFile { flag, path, source } => {
                crate::error::Error::input(path, format!("{flag}: {source}"))
            }
            BiomarkerError::Reference { path, source } => {
                crate::error::Error::input(path, format!("--reference: {source}"))
            }
            other => crate::error::Error::Usage(other.to_string()),
        }
    }
}

pub type Result<T, E = BiomarkerError> = std::result::Result<T, E>;
