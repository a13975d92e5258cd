//! The `oncoprofile` binary: parse the command line, call the library, map errors to exit codes.

mod cli;

/// mimalloc: the pipeline allocates many small strings per record; the system allocator spent a
/// quarter of the run time in malloc/free (see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;
use cli::{Cli, Command, CommonArgs, KbCommand};
use oncoprofile::error::{exit, Error};
use oncoprofile::kb::KnowledgeBase;
use oncoprofile::pipeline::{self, Options};
use oncoprofile::{batch, biomarkers::BiomarkerOptions, filter::FilterOptions};
use std::path::PathBuf;

fn main() {
    // A panic is a bug; patients are isolated with catch_unwind, so keep the default hook quiet and
    // let the error row / message carry it.
    std::panic::set_hook(Box::new(|info| {
        tracing::debug!("panic: {info}");
    }));
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => exit::OK,
                _ => exit::USAGE,
            };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    let level = if cli.quiet { "error" } else { "warn" };
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ONCOPROFILE_LOG").unwrap_or_else(|_| level.into()),
        )
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .without_time()
        .try_init();
    let code = match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("oncoprofile: error: {e}");
            e.exit_code()
        }
    };
    std::process::exit(code);
}

fn load_kb(dir: Option<&PathBuf>) -> Result<KnowledgeBase, Error> {
    let r = match dir {
        Some(d) => KnowledgeBase::load_dir(d),
        None => KnowledgeBase::embedded(),
    };
    r.map_err(|errs| {
        let n = errs.len();
        let first: Vec<String> = errs.iter().take(5).map(|e| e.to_string()).collect();
        Error::Kb(format!("{n} error(s): {}", first.join("; ")))
    })
}

fn options(c: &CommonArgs, quiet: bool) -> Result<Options, Error> {
    for (name, v) in [("--min-vaf", c.min_vaf), ("--max-pop-af", c.max_pop_af)] {
        if !(0.0..=1.0).contains(&v) {
            return Err(Error::Usage(format!("{name} must be between 0 and 1, got {v}")));
        }
    }
    if let Some(x) = c.target_mb {
        if !(x > 0.0 && x.is_finite()) {
            return Err(Error::Usage(format!("--target-mb must be a positive number, got {x}")));
        }
    }
    let given = [c.targets.is_some(), c.target_mb.is_some(), c.assay.is_some()]
        .iter()
        .filter(|x| **x)
        .count();
    if given > 1 {
        return Err(Error::Usage(
            "give only one of --targets, --target-mb and --assay".into(),
        ));
    }
    Ok(Options {
        tumor_type: c.tumor_type.clone(),
        genome: c.genome,
        filter: FilterOptions {
            include_filtered: c.include_filtered,
            min_depth: c.min_depth,
            min_alt_reads: c.min_alt_reads,
            min_vaf: c.min_vaf,
        },
        all_variants: c.all_variants,
        vaf_tag: c.vaf_tag.clone(),
        depth_tag: c.depth_tag.clone(),
        biomarkers: BiomarkerOptions {
            targets: c.targets.clone(),
            target_mb: c.target_mb,
            assay: c.assay.clone(),
            tmb_include_synonymous: c.tmb_include_synonymous,
            max_pop_af: c.max_pop_af,
            tmb_threshold: c.tmb_threshold,
            reference: c.reference.clone(),
            gene_models: c.gene_models.clone(),
        },
        progress: !quiet,
        ..Options::default()
    })
}

fn pool(threads: Option<usize>) -> Result<rayon::ThreadPool, Error> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        if n == 0 {
            return Err(Error::Usage("--threads must be at least 1".into()));
        }
        b = b.num_threads(n);
    }
    b.build().map_err(|e| Error::Internal(e.to_string()))
}

fn run(cli: Cli) -> Result<i32, Error> {
    match cli.command {
        Command::Schema => {
            print!("{}", oncoprofile::report::schema_json());
            Ok(exit::OK)
        }
        Command::Report(a) => {
            let kb = load_kb(a.common.annotations.as_ref())?;
            let mut o = options(&a.common, cli.quiet)?;
            o.patient = a.patient.clone();
            o.sample = a.sample.clone();
            o.normal = a.normal.clone();
            let pool = pool(a.common.threads)?;
            let report = pool.install(|| pipeline::run_report_isolated(&a.vcf, &o, &kb))?;
            let out = a.out.unwrap_or_else(|| PathBuf::from("-"));
            oncoprofile::report::write(oncoprofile::report::Format::Json, &out, &report)?;
            Ok(exit::OK)
        }
        Command::Batch(a) => {
            let kb = load_kb(a.common.annotations.as_ref())?;
            let base = options(&a.common, cli.quiet)?;
            let mut jobs = match &a.manifest {
                Some(m) => batch::read_manifest(m, &base)?,
                None => vec![],
            };
            jobs.extend(batch::jobs_from_files(&a.vcfs, &base));
            if jobs.is_empty() {
                return Err(Error::Usage("batch needs VCF files or --manifest".into()));
            }
            let pool = pool(a.common.threads)?;
            let rows = pool.install(|| batch::run_batch(&jobs, &kb, &a.outdir, a.force, !cli.quiet))?;
            batch::write_cohort(&a.outdir, &rows)?;
            let failed: Vec<&batch::CohortRow> = rows.iter().filter(|r| r.status != "ok").collect();
            let reused = rows.iter().filter(|r| r.reused).count();
            if !cli.quiet {
                eprintln!(
                    "oncoprofile: {} patient(s): {} ok ({} up to date, skipped), {} failed; summary in {}",
                    rows.len(),
                    rows.len() - failed.len(),
                    reused,
                    failed.len(),
                    a.outdir.join("cohort.tsv").display()
                );
            }
            for r in &failed {
                eprintln!(
                    "oncoprofile: failed: {}: {}",
                    r.patient,
                    r.error.as_deref().unwrap_or("")
                );
            }
            Ok(if failed.is_empty() { exit::OK } else { exit::PARTIAL })
        }
        Command::Cohort(a) => {
            let jobs = match &a.manifest {
                Some(m) => Some(batch::read_manifest(m, &Options::default())?),
                None => None,
            };
            if a.reports.is_empty() && a.reports_dir.is_none() {
                return Err(Error::Usage("cohort needs report files or --reports-dir".into()));
            }
            let rows = batch::rows_from_reports(&a.reports, jobs.as_deref(), a.reports_dir.as_deref())?;
            std::fs::create_dir_all(&a.outdir).map_err(|e| Error::Output {
                file: a.outdir.clone(),
                reason: e.to_string(),
            })?;
            batch::write_cohort(&a.outdir, &rows)?;
            let failed = rows.iter().filter(|r| r.status != "ok").count();
            Ok(if failed == 0 { exit::OK } else { exit::PARTIAL })
        }
        Command::Kb(k) => match k {
            KbCommand::Info { annotations } => {
                let kb = load_kb(annotations.as_ref())?;
                print!("{}", kb.info());
                Ok(exit::OK)
            }
            KbCommand::Check { dir } => match KnowledgeBase::load_dir(&dir) {
                Ok(kb) => {
                    println!(
                        "ok: {} is a valid knowledge base (version {})",
                        dir.display(),
                        kb.version
                    );
                    Ok(exit::OK)
                }
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
            },
            KbCommand::Export { out } => {
                KnowledgeBase::write_embedded_files(&out).map_err(|e| Error::Output {
                    file: out.clone(),
                    reason: e.to_string(),
                })?;
                Ok(exit::OK)
            }
            KbCommand::Import {
                source,
                files,
                out,
                base,
            } => {
                let summary = oncoprofile::kb::import::import(&source, &files, base.as_deref(), &out)?;
                println!("{summary}");
                Ok(exit::OK)
            }
        },
    }
}
