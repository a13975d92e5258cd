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

/// The typed error of a reader or writer below an [`Error`], kept as its source
/// ([`std::error::Error::source`]): the message is the reason, the value is still there to match on.
pub type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input file.
    #[error("{}", fmt_input(.file, .location, .field, .reason))]
    Input {
        file: PathBuf,
        location: Option<Location>,
        field: Option<String>,
        reason: String,
        /// The typed error the reason was written from, when there is one.
        #[source]
        cause: Option<Cause>,
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
    Output {
        file: PathBuf,
        reason: String,
        #[source]
        cause: Option<Cause>,
    },
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
            cause: None,
        }
    }
    pub(crate) fn at_record(
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
            cause: None,
        }
    }
    pub(crate) fn at_line(file: impl Into<PathBuf>, line: u64, reason: impl fmt::Display) -> Error {
        Error::Input {
            file: file.into(),
            location: Some(Location::Line(line)),
            field: None,
            reason: reason.to_string(),
            cause: None,
        }
    }
    /// An input error whose reason is a typed error of the reader below, kept as the source.
    pub fn input_from(file: impl Into<PathBuf>, e: impl std::error::Error + Send + Sync + 'static) -> Error {
        Error::input(file, &e).caused_by(e)
    }
    /// [`Error::at_line`] from a typed error, kept as the source.
    pub fn at_line_from(
        file: impl Into<PathBuf>,
        line: u64,
        e: impl std::error::Error + Send + Sync + 'static,
    ) -> Error {
        Error::at_line(file, line, &e).caused_by(e)
    }
    /// An output error from the I/O error that caused it.
    pub fn output(file: impl Into<PathBuf>, e: std::io::Error) -> Error {
        Error::Output {
            file: file.into(),
            reason: e.to_string(),
            cause: Some(Box::new(e)),
        }
    }
    /// Keep `e` as the source of an input or output error (the message does not change).
    pub fn caused_by(mut self, e: impl std::error::Error + Send + Sync + 'static) -> Error {
        if let Error::Input { cause, .. } | Error::Output { cause, .. } = &mut self {
            *cause = Some(Box::new(e));
        }
        self
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn a_typed_reason_is_kept_as_the_source_and_the_message_does_not_change() {
        let typed = crate::input::maf::MissingColumn("Hugo_Symbol");
        let text = Error::at_line("x.maf", 3, &typed).to_string();
        let e = Error::at_line_from("x.maf", 3, typed);
        assert_eq!(e.to_string(), text);
        assert!(text.starts_with("x.maf: line 3: "), "{text}");
        let source = e.source().expect("a source");
        assert!(source.downcast_ref::<crate::input::maf::MissingColumn>().is_some());
        assert!(Error::input("x.maf", "empty").source().is_none());

        let io = std::io::Error::new(std::io::ErrorKind::StorageFull, "disk full");
        let e = Error::output("out.json", io);
        assert_eq!(e.to_string(), "output out.json: disk full");
        assert_eq!(e.exit_code(), exit::OUTPUT);
        let source = e
            .source()
            .and_then(|s| s.downcast_ref::<std::io::Error>())
            .expect("io source");
        assert_eq!(source.kind(), std::io::ErrorKind::StorageFull);
    }
}
