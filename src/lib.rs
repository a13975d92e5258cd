//! oncoprofile: tumour molecular profiles from somatic VCFs.
//!
//! The pipeline runs as stages, each a module with a narrow interface:
//!
//! ```text
//! input (read, normalise) → filter → annotation → classify → germline screen → biomarkers → therapies → report
//! ```
//!
//! [`pipeline::run_report`] drives one patient; [`batch`] drives many.
//! For research use only.

/// `Display` through a closed set's `as_str` (the name the report writes).
macro_rules! display_as_str {
    ($($t:ty),+ $(,)?) => {$(
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    )+};
}

pub mod annotation;
pub mod batch;
pub mod biomarkers;
pub mod classify;
pub mod cna;
pub mod consequence;
pub mod engine;
pub mod error;
pub mod filter;
pub mod genome;
pub mod germline;
pub mod input;
pub mod interpret;
pub mod kb;
pub mod lines;
pub mod model;
pub mod output;
pub mod pipeline;
pub(crate) mod progress;
pub mod protein;
pub mod report;
pub mod signatures;
pub mod so;
pub mod sv;
pub(crate) mod text;
pub mod therapies;
pub mod warning;

pub use error::{Error, Result};

pub const TOOL_NAME: &str = "oncoprofile";
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");
