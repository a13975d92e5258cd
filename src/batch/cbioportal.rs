//! A cBioPortal study folder as a cohort (`batch --cbioportal-study DIR`): one job per sample.
//!
//! The data files are named by the study's `meta_*.txt` (`genetic_alteration_type` and
//! `data_filename`), else found by cBioPortal's usual names: `data_mutations*.txt` (MAF),
//! `data_CNA.txt` (discrete GISTIC matrix), `data_sv.txt` or `data_structural_variants.txt`, and
//! `data_clinical_sample.txt`. A folder may hold any subset of them. The samples are those of the
//! clinical file (else of the data files, in file order); each sample's `ONCOTREE_CODE` becomes
//! its tumour type (else `--tumor-type`). `meta_study.txt`'s `reference_genome` (`hg19`, the
//! cBioPortal default, or `hg38`) gives the build unless `--genome` does.
//!
//! Each job reads the MAF for its sample (`-s`), with the copy-number matrix and the SV table
//! attached only when they hold the sample (a file without it is not read for that sample, rather
//! than falling back to another sample's column). A sample with no mutation row gets a
//! copy-number/fusion report (the MAF is not given: TMB and MSI are not assessed). The MAF is
//! read once per sample with mutations.

use super::Job;
use crate::genome::GenomeBuild;
use crate::pipeline::Options;
use std::path::{Path, PathBuf};

/// Why a study folder cannot be read: always the file (or folder), with the line where it applies.
#[derive(Debug, thiserror::Error)]
pub enum StudyError {
    #[error("{}: {source}", file.display())]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: line {line}: {reason}", file.display())]
    Line { file: PathBuf, line: u64, reason: String },
    #[error("{}: {reason}", file.display())]
    File { file: PathBuf, reason: String },
}

impl From<StudyError> for crate::error::Error {
    fn from(e: StudyError) -> Self {
        use crate::error::Error;
        match e {
            StudyError::Io { file, source } => Error::Io { file, source },
            StudyError::Line { file, line, reason } => Error::at_line(file, line, reason),
            StudyError::File { file, reason } => Error::input(file, reason),
        }
    }
}

/// The files of one study folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Study {
    pub id: Option<String>,
    pub build: Option<GenomeBuild>,
    pub mutations: Option<PathBuf>,
    pub cna: Option<PathBuf>,
    pub sv: Option<PathBuf>,
    pub clinical: Option<PathBuf>,
}

/// The most lines of a `meta_*.txt` file read.
const MAX_META_LINES: usize = 1000;

fn io(file: &Path) -> impl Fn(std::io::Error) -> StudyError + '_ {
    move |source| StudyError::Io {
        file: file.to_path_buf(),
        source,
    }
}

/// `key: value` pairs of a meta file.
fn meta(path: &Path) -> Result<Vec<(String, String)>, StudyError> {
    let f = std::fs::File::open(path).map_err(io(path))?;
    let mut out = Vec::new();
    for (i, line) in crate::lines::lines(std::io::BufReader::new(f)).enumerate() {
        let line = line.map_err(io(path))?;
        if i >= MAX_META_LINES {
            return Err(StudyError::Line {
                file: path.to_path_buf(),
                line: i as u64 + 1,
                reason: format!("more than {MAX_META_LINES} lines in a meta file"),
            });
        }
        if let Some((k, v)) = line.split_once(':') {
            out.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    Ok(out)
}

fn get<'a>(m: &'a [(String, String)], key: &str) -> Option<&'a str> {
    m.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// Read a study folder's layout: meta files first, then the usual file names.
pub fn read_study(dir: &Path) -> Result<Study, StudyError> {
    let entries = std::fs::read_dir(dir).map_err(io(dir))?;
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut s = Study::default();
    for n in names.iter().filter(|n| n.starts_with("meta_") && n.ends_with(".txt")) {
        let m = meta(&dir.join(n))?;
        if let Some(id) = get(&m, "cancer_study_identifier") {
            s.id.get_or_insert_with(|| id.to_string());
        }
        if n == "meta_study.txt" {
            s.build = match get(&m, "reference_genome").map(str::to_ascii_lowercase).as_deref() {
                None | Some("hg19") | Some("grch37") => Some(GenomeBuild::GRCh37),
                Some("hg38") | Some("grch38") => Some(GenomeBuild::GRCh38),
                Some(other) => {
                    return Err(StudyError::File {
                        file: dir.join(n),
                        reason: format!("reference_genome `{other}` is not hg19 or hg38"),
                    })
                }
            };
        }
        let (Some(kind), Some(file)) = (get(&m, "genetic_alteration_type"), get(&m, "data_filename")) else {
            continue;
        };
        let path = dir.join(file);
        let datatype = get(&m, "datatype").unwrap_or("");
        match (kind, datatype) {
            ("MUTATION_EXTENDED", _) => s.mutations = s.mutations.take().or(Some(path)),
            ("COPY_NUMBER_ALTERATION", "DISCRETE") => s.cna = s.cna.take().or(Some(path)),
            ("STRUCTURAL_VARIANT", _) => s.sv = s.sv.take().or(Some(path)),
            ("CLINICAL", "SAMPLE_ATTRIBUTES") => s.clinical = s.clinical.take().or(Some(path)),
            _ => {}
        }
    }
    let named = |n: &str| names.iter().any(|x| x == n).then(|| dir.join(n));
    if s.mutations.is_none() {
        s.mutations = names
            .iter()
            .find(|n| n.starts_with("data_mutations") && n.ends_with(".txt"))
            .map(|n| dir.join(n));
    }
    s.cna = s.cna.take().or_else(|| named("data_CNA.txt"));
    s.sv =
        s.sv.take()
            .or_else(|| named("data_sv.txt"))
            .or_else(|| named("data_structural_variants.txt"));
    s.clinical = s.clinical.take().or_else(|| named("data_clinical_sample.txt"));
    for p in [&s.mutations, &s.cna, &s.sv, &s.clinical].into_iter().flatten() {
        if !p.is_file() {
            return Err(StudyError::File {
                file: p.clone(),
                reason: "named by the study's meta file but not found".into(),
            });
        }
    }
    if [&s.mutations, &s.cna, &s.sv].iter().all(|p| p.is_none()) {
        return Err(StudyError::File {
            file: dir.to_path_buf(),
            reason: "no cBioPortal data file (data_mutations*.txt, data_CNA.txt, data_sv.txt) in the folder".into(),
        });
    }
    Ok(s)
}

/// A table's header (after `#` comment lines) and its rows, split on tabs, read line by line.
fn scan(
    path: &Path,
    mut on_row: impl FnMut(&[&str], &[&str], u64) -> Result<(), StudyError>,
) -> Result<Vec<String>, StudyError> {
    let f = std::fs::File::open(path).map_err(io(path))?;
    let mut lines = crate::lines::lines(std::io::BufReader::new(f));
    let mut header: Vec<String> = Vec::new();
    while let Some(line) = lines.next() {
        let line = line.map_err(io(path))?;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if header.is_empty() {
            header = line.split('\t').map(|c| c.trim().to_string()).collect();
            continue;
        }
        let h: Vec<&str> = header.iter().map(String::as_str).collect();
        let fields: Vec<&str> = line.split('\t').collect();
        on_row(&h, &fields, lines.line_number())?;
    }
    if header.is_empty() {
        return Err(StudyError::File {
            file: path.to_path_buf(),
            reason: "no header line".into(),
        });
    }
    Ok(header)
}

/// The distinct values of the first of `cols` present, in file order.
fn column_values(path: &Path, cols: &[&str]) -> Result<Vec<String>, StudyError> {
    let mut out: Vec<String> = Vec::new();
    let mut missing = false;
    let header = scan(path, |h, f, _| {
        let Some(c) = cols
            .iter()
            .find_map(|n| h.iter().position(|x| x.eq_ignore_ascii_case(n)))
        else {
            missing = true;
            return Ok(());
        };
        if let Some(v) = f.get(c).map(|v| v.trim()).filter(|v| !v.is_empty()) {
            if !out.iter().any(|x| x == v) {
                out.push(v.to_string());
            }
        }
        Ok(())
    })?;
    if missing || !cols.iter().any(|n| header.iter().any(|x| x.eq_ignore_ascii_case(n))) {
        return Err(StudyError::File {
            file: path.to_path_buf(),
            reason: format!("no `{}` column in the header", cols.join("`/`")),
        });
    }
    Ok(out)
}

/// The sample columns of a discrete CNA matrix (every column but the gene columns).
fn matrix_samples(path: &Path) -> Result<Vec<String>, StudyError> {
    let header = scan(path, |_, _, _| Ok(()))?;
    Ok(header
        .into_iter()
        .filter(|c| {
            !["Hugo_Symbol", "Entrez_Gene_Id", "Cytoband"]
                .iter()
                .any(|g| c.eq_ignore_ascii_case(g))
        })
        .collect())
}

/// (sample, ONCOTREE_CODE) of the clinical sample file, in file order.
fn clinical(path: &Path) -> Result<Vec<(String, Option<String>)>, StudyError> {
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    let header = scan(path, |h, f, line| {
        let col = |n: &str| h.iter().position(|x| x.eq_ignore_ascii_case(n));
        let Some(s) = col("SAMPLE_ID") else { return Ok(()) };
        let id = f.get(s).map(|v| v.trim()).unwrap_or("");
        if id.is_empty() {
            return Err(StudyError::Line {
                file: path.to_path_buf(),
                line,
                reason: "empty SAMPLE_ID".into(),
            });
        }
        let code = col("ONCOTREE_CODE")
            .and_then(|c| f.get(c))
            .map(|v| v.trim())
            .filter(|v| !v.is_empty() && !v.eq_ignore_ascii_case("NA"))
            .map(str::to_string);
        if !out.iter().any(|(x, _)| x == id) {
            out.push((id.to_string(), code));
        }
        Ok(())
    })?;
    if !header.iter().any(|x| x.eq_ignore_ascii_case("SAMPLE_ID")) {
        return Err(StudyError::File {
            file: path.to_path_buf(),
            reason: "no `SAMPLE_ID` column in the header".into(),
        });
    }
    Ok(out)
}

/// One job per sample of the study in `dir`, each with `base`'s options and its own sample,
/// tumour type and files.
pub fn study_jobs(dir: &Path, base: &Options) -> Result<(Study, Vec<Job>), StudyError> {
    let study = read_study(dir)?;
    let in_maf = match &study.mutations {
        Some(p) => column_values(p, &["Tumor_Sample_Barcode"])?,
        None => vec![],
    };
    let in_cna = match &study.cna {
        Some(p) => matrix_samples(p)?,
        None => vec![],
    };
    let in_sv = match &study.sv {
        Some(p) => column_values(p, &["Sample_Id", "Tumor_Sample_Barcode"])?,
        None => vec![],
    };
    let mut samples: Vec<(String, Option<String>)> = match &study.clinical {
        Some(p) => clinical(p)?,
        None => vec![],
    };
    if study.clinical.is_none() {
        for s in in_maf.iter().chain(&in_cna).chain(&in_sv) {
            if !samples.iter().any(|(x, _)| x == s) {
                samples.push((s.clone(), None));
            }
        }
    }
    let has = |list: &[String], s: &str| list.iter().any(|x| x == s);
    let (samples, without_data): (Vec<_>, Vec<_>) = samples
        .into_iter()
        .partition(|(s, _)| has(&in_maf, s) || has(&in_cna, s) || has(&in_sv, s));
    if !without_data.is_empty() {
        tracing::warn!(
            study = %dir.display(),
            samples = without_data.len(),
            "samples of the clinical file without a row in any data file: no report"
        );
    }
    let jobs = samples
        .into_iter()
        .map(|(sample, code)| {
            let mut o = base.clone();
            o.sample = Some(sample.clone());
            o.tumor_type = code.or_else(|| base.tumor_type.clone());
            o.genome = base.genome.or(study.build);
            o.cna = study.cna.iter().filter(|_| has(&in_cna, &sample)).cloned().collect();
            o.sv = study.sv.iter().filter(|_| has(&in_sv, &sample)).cloned().collect();
            let vcf = match &study.mutations {
                Some(m) if has(&in_maf, &sample) => m.clone(),
                _ => PathBuf::new(),
            };
            Job {
                patient: sample,
                vcf,
                more_vcfs: vec![],
                options: o,
            }
        })
        .collect();
    Ok((study, jobs))
}
