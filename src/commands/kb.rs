//! `oncoprofile kb`: inspect, validate, export and import the knowledge base.

use super::common::KbArgs;
use super::Global;
use clap::Subcommand;
use oncoprofile::error::{exit, Error};
use oncoprofile::kb::import::ImportSource;
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
    /// Build a knowledge-base directory from a public resource (cancerhotspots, intogen, civic),
    /// a reference signature directory from COSMIC v3.x signature files (`signatures FILE…`), or a transcript pack from gene models and a genome (`gene-models GFF FASTA`): `--gene-models
    /// DIR` then needs no FASTA.
    Import {
        /// cancerhotspots | intogen | civic | gene-models | signatures
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
        /// gene-models: only these transcripts or genes (comma-separated ids or names, or a file
        /// with one per line) [default: every transcript].
        #[arg(long, value_name = "LIST|FILE")]
        transcripts: Option<String>,
        /// signatures: the reference set's version [default: from a `COSMIC_v3.4_…` file name]
        /// (`--version` is the tool's own).
        #[arg(long, value_name = "V")]
        set_version: Option<String>,
    },
}

pub fn run(c: Command, _: &Global) -> Result<i32, Error> {
    match c {
        Command::Info { kb } => {
            let kb = kb.load()?;
            let from = if kb.has_own_germline_tables() {
                kb.source.clone()
            } else {
                "embedded".into()
            };
            super::print(&format!("{}{}", kb.info(), kb.germline_tables()?.info(&from)))
        }
        Command::Check { dir } => check(&dir),
        Command::Export { out } => {
            KnowledgeBase::write_embedded_files(&out).map_err(|e| Error::output(&out, e))?;
            Ok(exit::OK)
        }
        Command::Import {
            source,
            files,
            out,
            base,
            transcripts,
            set_version,
        } => match ImportSource::parse(&source)? {
            ImportSource::GeneModels => import_gene_models(&files, transcripts.as_deref(), &out),
            ImportSource::Signatures => super::signatures::import(&files, &out, set_version.as_deref()),
            kb_source => {
                let summary = oncoprofile::kb::import::import(kb_source, &files, base.as_deref(), &out)?;
                super::print(&format!("{summary}\n"))
            }
        },
    }
}

/// `kb import gene-models GFF FASTA --out DIR [--transcripts …]`: a transcript pack.
fn import_gene_models(files: &[PathBuf], transcripts: Option<&str>, out: &Path) -> Result<i32, Error> {
    use oncoprofile::consequence::{fasta::Reference, gff::GeneModels, pack};
    let [gff, fasta] = files else {
        return Err(Error::Usage(
            "kb import gene-models needs two files: the GFF3/GTF and the genome FASTA".into(),
        ));
    };
    let only = match transcripts {
        None => None,
        Some(t) if Path::new(t).is_file() => {
            let text = oncoprofile::lines::read_to_string(Path::new(t)).map_err(|e| Error::io(t, e))?;
            Some(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(str::to_string)
                    .collect(),
            )
        }
        Some(t) => Some(
            t.split(',')
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
        ),
    };
    // The library's errors start with the file's name: given once.
    let input = |file: &Path, e: &dyn std::fmt::Display| {
        let text = e.to_string();
        let prefix = format!("{}: ", file.display());
        Error::input(file, text.strip_prefix(&prefix).unwrap_or(&text))
    };
    let models = GeneModels::from_path(gff).map_err(|e| input(gff, &e))?;
    let reference = Reference::open(fasta).map_err(|e| input(fasta, &e))?;
    let summary = pack::write(&models, &reference, only.as_ref(), (gff, fasta), out).map_err(|e| match e {
        pack::PackError::File { path, reason } => Error::Output {
            file: path,
            reason,
            cause: None,
        },
        pack::PackError::NoTranscript { ref models, .. } => input(models, &e),
        pack::PackError::Fasta(_) => input(fasta, &e),
        other => input(gff, &other),
    })?;
    super::print(&format!("{summary}\n"))
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
