//! The library's error type. Every error names the file, and where it applies
//! the record (1-based data line) or line, and the field, plus the reason.

use std::fmt;
use std::path::PathBuf;

/// Process exit codes (documented in `--help` and the README).
pub mod exit {
    pub const OK: i32 = 0;
    /// Command-line usage error (clap also uses 2 for usage by default; we map it to 1).
    pub const USAGE: i32 = 1;
    /// The input VCF/BCF could not be read or is invalid.
    pub const INPUT: i32 = 2;
    /// The knowledge base (embedded or `--annotations`) is invalid.
    pub const KNOWLEDGE_BASE: i32 = 3;
    /// Output could not be written.
    pub const OUTPUT: i32 = 4;
    /// Batch: some patients failed (their reports are missing; the others were written).
    pub const PARTIAL: i32 = 5;
    /// Internal error (a bug: a caught panic).
    pub const INTERNAL: i32 = 70;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input file.
    #[error("{}", fmt_input(.file, .location, .field, .reason))]
    Input {
        file: PathBuf,
        location: Option<Location>,
        field: Option<String>,
        reason: String,
    },
    #[error("{}: {source}", file.display())]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("knowledge base: {0}")]
    Kb(String),
    #[error("output {file}: {reason}")]
    Output { file: PathBuf, reason: String },
    #[error("{0}")]
    Usage(String),
    #[error("internal error: {0}")]
    Internal(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// 1-based data record number (lines after `#CHROM`), with its 1-based file line when known.
    Record { record: u64, line: Option<u64> },
    /// 1-based line of the file (header lines).
    Line(u64),
}

fn fmt_input(file: &std::path::Path, loc: &Option<Location>, field: &Option<String>, reason: &str) -> String {
    let mut s = file.display().to_string();
    match loc {
        Some(Location::Record { record, line: Some(l) }) => s.push_str(&format!(": record {record} (line {l})")),
        Some(Location::Record { record, line: None }) => s.push_str(&format!(": record {record}")),
        Some(Location::Line(l)) => s.push_str(&format!(": line {l}")),
        None => {}
    }
    if let Some(f) = field {
        s.push_str(&format!(": field {f}"));
    }
    s.push_str(": ");
    // Keep errors on one line whatever the reason text holds.
    s.push_str(&reason.replace(['\n', '\r'], " "));
    s
}

impl Error {
    pub fn input(file: impl Into<PathBuf>, reason: impl fmt::Display) -> Error {
        Error::Input {
            file: file.into(),
            location: None,
            field: None,
            reason: reason.to_string(),
        }
    }
    pub fn at_record(
        file: impl Into<PathBuf>,
        record: u64,
        line: Option<u64>,
        field: Option<&str>,
        reason: impl fmt::Display,
    ) -> Error {
        Error::Input {
            file: file.into(),
            location: Some(Location::Record { record, line }),
            field: field.map(str::to_string),
            reason: reason.to_string(),
        }
    }
    pub fn at_line(file: impl Into<PathBuf>, line: u64, reason: impl fmt::Display) -> Error {
        Error::Input {
            file: file.into(),
            location: Some(Location::Line(line)),
            field: None,
            reason: reason.to_string(),
        }
    }
    pub fn io(file: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            file: file.into(),
            source,
        }
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input { .. } | Error::Io { .. } => exit::INPUT,
            Error::Kb(_) => exit::KNOWLEDGE_BASE,
            Error::Output { .. } => exit::OUTPUT,
            Error::Usage(_) => exit::USAGE,
            Error::Internal(_) => exit::INTERNAL,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
