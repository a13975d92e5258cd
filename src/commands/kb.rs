//! `oncoprofile kb`: inspect, validate, export and import the knowledge base.

use super::common::KbArgs;
use super::Global;
use clap::Subcommand;
use oncoprofile::error::{exit, Error};
use oncoprofile::kb::KnowledgeBase;
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Version, row counts and sources of the knowledge base.
    Info {
        #[command(flatten)]
        kb: KbArgs,
    },
    /// Validate a knowledge-base directory; errors name file, line and column.
    Check { dir: PathBuf },
    /// Write the embedded knowledge base to a directory (a starting point for curation).
    Export { out: PathBuf },
    /// Build a knowledge-base directory from a public resource: cancerhotspots, intogen, civic.
    Import {
        /// cancerhotspots | intogen | civic
        source: String,
        /// The resource's files (user's copy).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output directory.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Start from this knowledge-base directory instead of the embedded one.
        #[arg(long, value_name = "DIR")]
        base: Option<PathBuf>,
    },
}

pub fn run(c: Command, _: &Global) -> Result<i32, Error> {
    match c {
        Command::Info { kb } => super::print(&kb.load()?.info()),
        Command::Check { dir } => check(&dir),
        Command::Export { out } => {
            KnowledgeBase::write_embedded_files(&out).map_err(|e| Error::Output {
                file: out.clone(),
                reason: e.to_string(),
            })?;
            Ok(exit::OK)
        }
        Command::Import {
            source,
            files,
            out,
            base,
        } => {
            let summary = oncoprofile::kb::import::import(&source, &files, base.as_deref(), &out)?;
            super::print(&format!("{summary}\n"))
        }
    }
}

/// `kb check DIR`: every problem on its own line, then a summary; exit 3 when there are any.
fn check(dir: &Path) -> Result<i32, Error> {
    match KnowledgeBase::load_dir(dir) {
        Ok(kb) => super::print(&format!(
            "ok: {} is a valid knowledge base (version {})\n",
            dir.display(),
            kb.version
        )),
        Err(errs) => {
            for e in &errs {
                eprintln!("{e}");
            }
            eprintln!(
                "oncoprofile: error: knowledge base {}: {} error(s)",
                dir.display(),
                errs.len()
            );
            Ok(exit::KNOWLEDGE_BASE)
        }
    }
}
