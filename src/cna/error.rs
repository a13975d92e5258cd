//! The copy-number readers' error: always the file, and where it applies the line and field.

use std::path::PathBuf;

/// A copy-number input that cannot be read. Every variant names the file; line numbers are
/// 1-based lines of the file (header lines included).
#[derive(Debug, thiserror::Error)]
pub enum CnaError {
    #[error("{}: {source}", file.display())]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: line {line}: field {field}: {reason}", file.display())]
    Field {
        file: PathBuf,
        line: u64,
        field: String,
        reason: String,
    },
    #[error("{}: line {line}: {reason}", file.display())]
    Line { file: PathBuf, line: u64, reason: String },
    #[error("{}: {reason}", file.display())]
    File { file: PathBuf, reason: String },
}

impl From<CnaError> for crate::error::Error {
    fn from(e: CnaError) -> Self {
        use crate::error::{Error, Location};
        match e {
            CnaError::Io { file, source } => Error::Io { file, source },
            CnaError::Field {
                file,
                line,
                field,
                reason,
            } => Error::Input {
                file,
                location: Some(Location::Line(line)),
                field: Some(field),
                reason,
                cause: None,
            },
            CnaError::Line { file, line, reason } => Error::at_line(file, line, reason),
            CnaError::File { file, reason } => Error::input(file, reason),
        }
    }
}
