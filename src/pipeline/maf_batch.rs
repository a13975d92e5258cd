//! `batch --maf`: every sample of a MAF, each report handed on as soon as its sample's rows end
//! (see [`super::maf`]), so that memory stays flat however many samples the file holds.

use super::checks::{self, TumourType};
use super::maf::{read_with, sample_report, MafInfo, SampleTally, Sink};
use super::maf_source;
use super::Options;
use crate::error::{Error, Result};
use crate::input::Input;
use crate::kb::KnowledgeBase;
use crate::report::Report;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;

/// How a batch turns one sample into its row: given the file's information, the barcode and a
/// maker of the sample's report (called only when the report is needed).
pub(crate) type OnSample<'a, R> = dyn Fn(&MafInfo, &str, Box<dyn FnOnce() -> Result<Report> + '_>) -> R + Sync + 'a;

/// Every sample of a MAF, each its own report handed to `on_sample` as soon as the sample's rows
/// end (see the module documentation); returns what `on_sample` gave, in barcode order. A bad row
/// fails its sample only; a panic in one sample's later stages is that sample's error.
/// `check_samples` sees every barcode before the first report is made (and may refuse them).
pub(crate) fn stream_reports<R: Send>(
    path: &Path,
    opts: &Options,
    kb: &KnowledgeBase,
    check_samples: &dyn Fn(&[String]) -> Result<()>,
    on_sample: &OnSample<'_, R>,
) -> Result<(MafInfo, Vec<(String, R)>)> {
    let tumour = checks::tumour_type(kb, opts.tumor_type.as_deref(), opts.strict)?;
    if opts.strict {
        checks::strict_options(&opts.biomarkers)?;
    }
    let open = || -> Result<Input> {
        let input = Input::open_with(path, opts.limits)?;
        if input.maf.is_none() {
            return Err(Error::input(
                path,
                "not a MAF: no Hugo_Symbol … Tumor_Sample_Barcode column header",
            ));
        }
        Ok(input)
    };
    // Standard input cannot be read twice: every sample is held to the end.
    let streamed = path.as_os_str() != "-";
    let scan = if streamed {
        Some(maf_source::scan(open()?)?)
    } else {
        None
    };
    let everything: HashSet<String> = HashSet::new();
    let scattered = scan.as_ref().map_or(&everything, |s| &s.scattered);
    // The gene models' CDS size (TMB denominator); the engine is cached, read_with reuses it.
    let consequence = super::consequence_engine(opts)?;
    let mut info = MafInfo {
        path: path.to_path_buf(),
        compression: None,
        sha256: scan.as_ref().map(|s| s.sha256.clone()).unwrap_or_default(),
        samples: scan.as_ref().map(|s| s.samples.clone()).unwrap_or_default(),
        repeats: scan.as_ref().map(|s| s.repeats).unwrap_or_default(),
        gene_models_cds_mb: consequence.as_ref().map(|e| e.models().coding_mb()),
        context_column: false,
    };
    if let Some(s) = &scan {
        check_samples(&s.samples)?;
    }
    let mut input = open()?;
    info.compression = input.compression;
    info.context_column = input.maf.as_ref().is_some_and(|c| c.has_context());
    let duplicates = Mutex::new(HashMap::new());
    let out: Mutex<Vec<(String, R)>> = Mutex::new(Vec::new());
    let finish = |info: &MafInfo, done: Vec<(String, SampleTally)>| {
        let rows: Vec<(String, R)> = done
            .into_par_iter()
            .map(|(barcode, t)| {
                let dups = duplicates
                    .lock()
                    .map(|mut d| d.remove(&barcode).unwrap_or(0))
                    .unwrap_or(0);
                let make = Box::new(|| isolated_report(info, &barcode, t, dups, opts, kb, tumour.clone()));
                let r = on_sample(info, &barcode, make);
                (barcode, r)
            })
            .collect();
        out.lock().unwrap_or_else(|p| p.into_inner()).extend(rows);
    };
    let sink = Sink {
        scattered,
        done: Box::new(|done| finish(&info, done)),
    };
    let (read_info, rest) = read_with(&mut input, opts, kb, None, streamed.then_some(&sink), &duplicates)?;
    drop(sink);
    let sha = input.finish_sha256();
    if streamed && sha != info.sha256 {
        return Err(Error::input(path, "the file changed while it was being read"));
    }
    info.sha256 = sha;
    if !streamed {
        info.samples = read_info.samples;
        info.repeats = read_info.repeats;
        check_samples(&info.samples)?;
    }
    finish(&info, rest.into_iter().collect());
    let mut rows = out.into_inner().unwrap_or_else(|p| p.into_inner());
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    Ok((info, rows))
}

/// One sample's report from its tally: a row error fails it, a panic is its internal error.
fn isolated_report(
    info: &MafInfo,
    barcode: &str,
    mut t: SampleTally,
    duplicates: u64,
    opts: &Options,
    kb: &KnowledgeBase,
    tumour: TumourType,
) -> Result<Report> {
    if let Some(e) = t.error.take() {
        return Err(e);
    }
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        sample_report(info, barcode, t, duplicates, opts, kb, tumour)
    }))
    .unwrap_or_else(|_| {
        Err(Error::Internal(format!(
            "{}: sample {barcode}: panic while reporting (a bug, please report)",
            info.path.display()
        )))
    })
}
