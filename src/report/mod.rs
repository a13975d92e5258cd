//! The report: its serialised model (the only place that defines output keys), its assembly from
//! the stages' domain results, and one module per output format behind [`Format`].
//!
//! Adding an output format: a module here with a `write(&Report, &mut dyn Write)` function, one arm
//! in [`Format`] (name, file extension) and one in [`write_to`].

pub(crate) mod alteration;
mod biomarkers;
pub mod build;
pub(crate) mod cohort_html;
pub(crate) mod copy_number;
pub mod fusions;
pub mod germline;
mod html;
mod json;
mod model;
pub mod render;
mod settings;
pub mod signatures;
pub(crate) mod spill;
pub(crate) mod tmb_context;
pub mod tmb_distribution;
pub mod tsv;

pub use model::*;
pub use render::RenderOptions;
pub use settings::{ParamValue, Settings};

use crate::error::Result;
use std::io::Write;
use std::path::Path;

/// An output format of the per-patient report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Json,
    /// One self-contained HTML page (inline CSS and SVG, nothing fetched).
    Html,
    /// One row per listed alteration (the layout of `cohort_alterations.tsv`).
    Tsv,
}

impl Format {
    pub(crate) const ALL: &'static [Format] = &[Format::Json, Format::Html, Format::Tsv];

    /// The name used on the command line (`-O json`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Html => "html",
            Format::Tsv => "tsv",
        }
    }

    /// File extension of a report in this format (batch output: `<patient>.<ext>`).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Html => "html",
            Format::Tsv => "tsv",
        }
    }

    /// A format by its name, or by its first letter as bcftools' `-O` takes it (`j`, `h`, `t`).
    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.iter().copied().find(|f| {
            f.name().eq_ignore_ascii_case(s)
                || (s.len() == 1
                    && f.name()
                        .as_bytes()
                        .first()
                        .is_some_and(|c| c.eq_ignore_ascii_case(&s.as_bytes()[0])))
        })
    }
}

/// Write `report` in `format` to `out` with the given render-time values (the JSON ignores them).
pub fn write_to_with(format: Format, report: &Report, ro: &RenderOptions, out: &mut dyn Write) -> std::io::Result<()> {
    match format {
        Format::Json => json::write(report, out),
        Format::Html => html::write(report, ro, out),
        Format::Tsv => tsv::write(report, out),
    }
}

/// Write `report` in `format` to `path` (`-` for standard output), atomically (see [`crate::output`]).
pub fn write(format: Format, path: &Path, report: &Report) -> Result<()> {
    write_with(format, path, report, &RenderOptions::from_env())
}

/// [`write`] with the given render-time values.
pub fn write_with(format: Format, path: &Path, report: &Report, ro: &RenderOptions) -> Result<()> {
    crate::output::write_atomic_with(path, |w| write_to_with(format, report, ro, w))
}
