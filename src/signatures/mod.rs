//! Mutational signatures: the catalogues of a tumour's mutations (SBS96/SBS6,
//! DBS78, ID83), their fit against a reference signature set (NNLS with
//! backward elimination, bootstrap intervals), and reference-free indicators
//! of the processes behind them (APOBEC, UV, POLE, MMR, CpG clock).
//!
//! Reference sets (COSMIC v3.x, under COSMIC's non-commercial terms) are never
//! embedded: the user imports their copy (`kb import signatures`) and passes
//! it with `--signatures`.
//!
//! Layout: [`catalogue`] (SBS/DBS rows), [`indel`] (ID83 rows), [`table`]
//! (matrices and signature tables), [`reference`] (signature sets, import),
//! [`fit`] (NNLS, elimination, bootstrap), [`refit`] (cohort matrices), [`variants`] (variant lists with
//! their context), [`indicators`] (reference-free indicators), [`readouts`]
//! (clinical readouts with caveats and sources), [`profile`] (the stage of
//! one patient: catalogue → indicators, fits, readouts, as a typed result
//! that `report::signatures` renders), [`collect`] (the catalogue from the
//! passing variants, their FASTA or context column).
//! For research use only.

pub mod catalogue;
pub mod collect;
pub mod fit;
pub mod indel;
pub(crate) mod indicators;
pub mod profile;
pub mod readouts;
pub mod reference;
pub mod refit;
pub mod table;
pub mod variants;

use std::path::PathBuf;

pub use catalogue::Catalogue;
pub use table::Kind;

/// A signature file, matrix or variant list that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum SignatureError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: line {line}{}: {reason}", path.display(), field.as_ref().map(|f| format!(", field {f}")).unwrap_or_default())]
    Table {
        path: PathBuf,
        line: usize,
        field: Option<String>,
        reason: String,
    },
}

impl From<SignatureError> for crate::Error {
    fn from(e: SignatureError) -> Self {
        match e {
            SignatureError::Io { path, source } => crate::Error::io(path, source),
            SignatureError::Table {
                path,
                line,
                field,
                reason,
            } => crate::Error::Input {
                file: path,
                location: Some(crate::error::Location::Line(line as u64)),
                field,
                reason,
                cause: None,
            },
        }
    }
}
