//! Jobs from a manifest TSV or from a list of VCF files, and [`Jobs`]: the jobs of one batch
//! run, a manifest's made one at a time as the run asks for them.

use super::Job;
use crate::error::{Error, Result};
use crate::output::safe_file_stem;
use crate::pipeline::Options;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Columns a manifest may have (`patient` and `vcf` are required). `cna`: the patient's
/// copy-number files (comma-separated, as `report --cna`), with `purity` and `ploidy`; `sv`:
/// its fusion tables (as `report --sv`). `sample_type` (`tissue`/`plasma`), `population_vcf`
/// and `panel_of_normals`: the patient's `--sample-type`, `--population-vcf`,
/// `--panel-of-normals` (a cell overrides the batch-wide option; an empty cell keeps it).
const KNOWN: [&str; 15] = [
    "patient",
    "vcf",
    "tumor_sample",
    "normal_sample",
    "tumor_type",
    "targets",
    "target_mb",
    "assay",
    "cna",
    "purity",
    "ploidy",
    "sv",
    "sample_type",
    "population_vcf",
    "panel_of_normals",
];

/// File-name stem for a patient id; the stem of a VCF path.
pub fn patient_from_path(p: &Path) -> String {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "patient".into());
    let mut stem = name.as_str();
    for ext in [".gz", ".bgz", ".vcf", ".bcf"] {
        if let Some(s) = stem.strip_suffix(ext) {
            stem = s;
        }
    }
    stem.to_string()
}

pub fn jobs_from_files(files: &[PathBuf], base: &Options) -> Vec<Job> {
    files
        .iter()
        .map(|f| Job {
            more_vcfs: vec![],
            patient: patient_from_path(f),
            vcf: f.clone(),
            options: base.clone(),
        })
        .collect()
}

/// The header of a manifest: column names (lower case) and the positions of `patient` and `vcf`.
#[derive(Debug)]
struct Header {
    cols: Vec<String>,
    patient: usize,
    vcf: usize,
    /// The manifest's folder: relative paths resolve against it.
    dir: PathBuf,
}

impl Header {
    fn col(&self, name: &str) -> Option<usize> {
        self.cols.iter().position(|c| c == name)
    }

    fn resolve(&self, s: &str) -> PathBuf {
        let p = PathBuf::from(s);
        if p.is_absolute() {
            p
        } else {
            self.dir.join(p)
        }
    }
}

/// A manifest read and checked. Its rows become jobs one at a time ([`Manifest::jobs`]): a run
/// holds the manifest's text (about 100 bytes per patient) and one job per worker, not one job
/// (with its own copy of every option, about 1.6 KB) per patient.
#[derive(Debug)]
pub struct Manifest {
    path: PathBuf,
    header: Header,
    text: String,
    base: Options,
    len: usize,
}

impl Manifest {
    /// Read a manifest TSV (header required; `patient` and `vcf` columns required, a `vcf` cell
    /// may be empty when the row names `cna` or `sv` files). Relative paths resolve against the
    /// manifest's folder. Every row is checked, and every bad row reported (with its line),
    /// before any work.
    pub fn read(path: &Path, base: &Options) -> Result<Manifest> {
        let bytes = super::cohort::read_capped(path).map_err(|e| match e {
            super::ReportError::Io(source) => Error::Io {
                file: path.to_path_buf(),
                source,
            },
            e => Error::input_from(path, e),
        })?;
        crate::lines::check_line_lengths(&bytes).map_err(|e| Error::input_from(path, e))?;
        let mut text =
            String::from_utf8(bytes).map_err(|e| Error::input(path, format!("not UTF-8 text: {e}")).caused_by(e))?;
        // Kept for the whole run: no spare capacity from reading.
        text.shrink_to_fit();
        let mut lines = content_lines(&text);
        let Some((hline, header)) = lines.next() else {
            return Err(Error::input(
                path,
                "empty manifest: expected a header line with columns patient and vcf",
            ));
        };
        let cols: Vec<String> = header.split('\t').map(|c| c.trim().to_ascii_lowercase()).collect();
        let find = |name: &str| cols.iter().position(|c| c == name);
        let (Some(pc), Some(vc)) = (find("patient"), find("vcf")) else {
            return Err(Error::at_line(
                path,
                hline as u64 + 1,
                "manifest header must have the columns 'patient' and 'vcf'",
            ));
        };
        let mut errors: Vec<String> = cols
            .iter()
            .filter(|c| !KNOWN.contains(&c.as_str()))
            .map(|c| format!("line {}: unknown column '{}'", hline + 1, c))
            .collect();
        let header = Header {
            cols,
            patient: pc,
            vcf: vc,
            dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
        };
        // Each row is made into a job and dropped: only the file stems are kept (for collisions).
        let mut len = 0;
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for (i, line) in lines {
            match job_from_row(&header, i + 1, line, base, Some(&mut seen)) {
                Ok(_) => len += 1,
                Err(e) => errors.push(e.to_string()),
            }
        }
        if !errors.is_empty() {
            return Err(Error::input(
                path,
                format!("{} bad manifest row(s): {}", errors.len(), errors.join("; ")),
            ));
        }
        if len == 0 {
            return Err(Error::input(path, "the manifest lists no patients"));
        }
        drop(seen);
        Ok(Manifest {
            path: path.to_path_buf(),
            header,
            text,
            base: base.clone(),
            len,
        })
    }

    /// The number of patients (rows).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Never true: a manifest without patients is refused by [`Manifest::read`].
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The rows' jobs, in manifest order, each made when it is asked for. A row fails here only
    /// when a file it names (`population_vcf`, `panel_of_normals`) went away after
    /// [`Manifest::read`] checked it.
    pub fn jobs(&self) -> impl Iterator<Item = Result<Job>> + Send + '_ {
        content_lines(&self.text).skip(1).map(|(i, line)| {
            job_from_row(&self.header, i + 1, line, &self.base, None)
                .map_err(|e| Error::input(&self.path, e.to_string()))
        })
    }
}

/// The lines of a manifest that hold a header or a row (not blank, not `#` comments), with
/// their 0-based line index.
fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> + Send + '_ {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

/// Every job of a manifest at once ([`Manifest::read`], then [`Manifest::jobs`]): for small
/// manifests and tests; `batch` streams them.
pub fn read_manifest(path: &Path, base: &Options) -> Result<Vec<Job>> {
    Manifest::read(path, base)?.jobs().collect()
}

/// What is wrong with one manifest row (the messages are collected before any work starts).
#[derive(Debug, thiserror::Error)]
pub(crate) enum RowError {
    #[error("line {line}: {got} columns, the header has {want}")]
    Columns { line: usize, got: usize, want: usize },
    #[error("line {0}: empty patient")]
    EmptyPatient(usize),
    #[error("line {0}: empty vcf (a patient without a VCF needs a cna or sv file)")]
    EmptyVcf(usize),
    #[error("line {line}: patient '{patient}' collides with line {prev} (both write {stem}.json)")]
    Collision {
        line: usize,
        patient: String,
        prev: usize,
        stem: String,
    },
    #[error("line {line}: target_mb '{value}' is not a positive number")]
    TargetMb { line: usize, value: String },
    #[error("line {line}: sample_type '{value}' is not tissue or plasma")]
    SampleType { line: usize, value: String },
    #[error("line {line}: {column} '{value}': no such file")]
    NoFile {
        line: usize,
        column: &'static str,
        value: String,
    },
    #[error("line {line}: {column} '{value}' is out of range ({range})")]
    CnaNumber {
        line: usize,
        column: &'static str,
        value: String,
        range: &'static str,
    },
}

/// A `purity` (0, 1] or `ploidy` [1, 8] cell.
fn cna_number(ln: usize, column: &'static str, v: &str) -> std::result::Result<f64, RowError> {
    let (lo_open, lo, hi, range) = match column {
        "purity" => (true, 0.0, 1.0, "above 0, at most 1"),
        _ => (false, 1.0, 8.0, "1 to 8"),
    };
    match v.parse::<f64>() {
        Ok(x) if x.is_finite() && x <= hi && (x > lo || (!lo_open && x == lo)) => Ok(x),
        _ => Err(RowError::CnaNumber {
            line: ln,
            column,
            value: v.to_string(),
            range,
        }),
    }
}

/// One manifest row (line `ln`) as a job. `seen`: the file stems of the rows before (collisions
/// are checked, and this row's stem added), when the manifest is first read.
fn job_from_row(
    h: &Header,
    ln: usize,
    line: &str,
    base: &Options,
    seen: Option<&mut BTreeMap<String, usize>>,
) -> std::result::Result<Job, RowError> {
    let f: Vec<&str> = line.split('\t').map(str::trim).collect();
    if f.len() != h.cols.len() {
        return Err(RowError::Columns {
            line: ln,
            got: f.len(),
            want: h.cols.len(),
        });
    }
    let get = |name: &str| {
        h.col(name)
            .map(|c| f[c])
            .filter(|v| !v.is_empty() && *v != "." && *v != "NA")
    };
    let patient = f[h.patient].to_string();
    if patient.is_empty() {
        return Err(RowError::EmptyPatient(ln));
    }
    // The VCF is optional for a patient with copy-number or fusion files (as `report --cna F`).
    let vcf_cell = Some(f[h.vcf]).filter(|v| !v.is_empty() && *v != "." && *v != "NA");
    if vcf_cell.is_none() && get("cna").is_none() && get("sv").is_none() {
        return Err(RowError::EmptyVcf(ln));
    }
    if let Some(seen) = seen {
        let stem = safe_file_stem(&patient);
        if let Some(prev) = seen.insert(stem.clone(), ln) {
            return Err(RowError::Collision {
                line: ln,
                patient,
                prev,
                stem,
            });
        }
    }
    let mut o = base.clone();
    o.patient = Some(patient.clone());
    if let Some(v) = get("tumor_sample") {
        o.sample = Some(v.to_string());
    }
    if let Some(v) = get("normal_sample") {
        o.normal = Some(v.to_string());
    }
    if let Some(v) = get("tumor_type") {
        o.tumor_type = Some(v.to_string());
    }
    if let Some(v) = get("targets") {
        o.biomarkers.targets = Some(h.resolve(v));
    }
    if let Some(v) = get("assay") {
        o.biomarkers.assay = Some(v.to_string());
    }
    if let Some(v) = get("target_mb") {
        match v.parse::<f64>() {
            Ok(x) if x > 0.0 && x.is_finite() => o.biomarkers.target_mb = Some(x),
            _ => {
                return Err(RowError::TargetMb {
                    line: ln,
                    value: v.to_string(),
                })
            }
        }
    }
    if let Some(v) = get("cna") {
        o.cna = v
            .split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(|x| h.resolve(x))
            .collect();
    }
    if let Some(v) = get("sv") {
        o.sv = v
            .split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(|x| h.resolve(x))
            .collect();
    }
    if let Some(v) = get("purity") {
        o.cna_options.purity = Some(cna_number(ln, "purity", v)?);
    }
    if let Some(v) = get("ploidy") {
        o.cna_options.ploidy = Some(cna_number(ln, "ploidy", v)?);
    }
    germline_columns(h, ln, &get, &mut o)?;
    // Several files of one patient: comma-separated in the cell.
    let mut files = vcf_cell
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| h.resolve(v));
    // No VCF: an empty path, which [`Job::files`] leaves out.
    let vcf = match files.next() {
        Some(v) => v,
        None if vcf_cell.is_none() => PathBuf::new(),
        None => return Err(RowError::EmptyVcf(ln)),
    };
    Ok(Job {
        patient,
        vcf,
        more_vcfs: files.collect(),
        options: o,
    })
}

/// The germline screen's columns of one row: `sample_type` (the default minimum VAF follows it
/// unless `--min-vaf` was given), `population_vcf`, `panel_of_normals` (must exist).
fn germline_columns<'a>(
    h: &Header,
    ln: usize,
    get: &dyn Fn(&str) -> Option<&'a str>,
    o: &mut Options,
) -> std::result::Result<(), RowError> {
    if let Some(v) = get("sample_type") {
        o.plasma = match v.to_ascii_lowercase().as_str() {
            "plasma" => true,
            "tissue" => false,
            _ => {
                return Err(RowError::SampleType {
                    line: ln,
                    value: v.to_string(),
                })
            }
        };
        if !o.min_vaf_given {
            o.filter.min_vaf = if o.plasma {
                crate::germline::plasma::MIN_VAF
            } else {
                crate::filter::FilterOptions::default().min_vaf
            };
        }
    }
    for column in ["population_vcf", "panel_of_normals"] {
        let Some(v) = get(column) else { continue };
        let p = h.resolve(v);
        if !p.is_file() {
            return Err(RowError::NoFile {
                line: ln,
                column,
                value: v.to_string(),
            });
        }
        match column {
            "population_vcf" => o.population_vcf = Some(p),
            _ => o.panel_of_normals = Some(p),
        }
    }
    Ok(())
}

/// The jobs of one batch run: a manifest's rows (made into jobs one at a time), then the jobs
/// given as a list (files on the command line, a cBioPortal study's samples).
#[derive(Debug, Default)]
pub struct Jobs {
    manifest: Option<Manifest>,
    listed: Vec<Job>,
}

impl From<Vec<Job>> for Jobs {
    fn from(listed: Vec<Job>) -> Jobs {
        Jobs { manifest: None, listed }
    }
}

impl Jobs {
    pub fn new(manifest: Option<Manifest>, listed: Vec<Job>) -> Jobs {
        Jobs { manifest, listed }
    }

    pub fn len(&self) -> usize {
        self.manifest.as_ref().map_or(0, Manifest::len) + self.listed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every job in run order: the manifest's rows, then the listed jobs.
    pub fn iter(&self) -> impl Iterator<Item = Result<Cow<'_, Job>>> + Send + '_ {
        let rows = self.manifest.iter().flat_map(|m| m.jobs().map(|j| j.map(Cow::Owned)));
        rows.chain(self.listed.iter().map(|j| Ok(Cow::Borrowed(j))))
    }

    /// Every job at once (`--check-manifest`'s plan).
    pub fn to_vec(&self) -> Result<Vec<Job>> {
        self.iter().map(|j| j.map(Cow::into_owned)).collect()
    }

    /// Refuse two jobs that would write the same report file (`ext`: the report format's
    /// extension), or `cohort.json`; with `alterations`, `cohort_alterations.tsv` too. The
    /// manifest's rows were checked among themselves when it was read: here they are checked
    /// against the listed jobs, one at a time.
    pub fn check_names(&self, ext: &str, alterations: bool) -> Result<()> {
        let mut listed: BTreeMap<String, &Job> = BTreeMap::new();
        for j in &self.listed {
            listed.entry(safe_file_stem(&j.patient)).or_insert(j);
        }
        for job in self.manifest.iter().flat_map(Manifest::jobs) {
            let job = job?;
            let stem = safe_file_stem(&job.patient);
            if stem == "cohort" {
                return Err(cohort_collision(&job.patient));
            }
            if let Some(other) = listed.get(&stem) {
                return Err(both_write(&job.patient, &job.vcf, other, &stem, ext));
            }
            if alterations && stem == "cohort_alterations" {
                return Err(alterations_collision(&job.patient));
            }
        }
        check_collisions(&self.listed, ext)?;
        match self
            .listed
            .iter()
            .find(|j| safe_file_stem(&j.patient) == "cohort_alterations")
        {
            Some(j) if alterations => Err(alterations_collision(&j.patient)),
            _ => Ok(()),
        }
    }
}

/// A patient whose report would be `cohort.json`.
fn cohort_collision(patient: &str) -> Error {
    Error::Usage(format!("patient '{patient}' would overwrite cohort.json: rename it"))
}

/// With tsv among the formats, a patient whose table would be `cohort_alterations.tsv`.
pub(crate) fn alterations_collision(patient: &str) -> Error {
    Error::Usage(format!(
        "patient '{patient}' would overwrite {}: rename it",
        super::COHORT_ALTERATIONS_TSV
    ))
}

/// Two patients with one file stem.
fn both_write(patient: &str, vcf: &Path, second: &Job, stem: &str, ext: &str) -> Error {
    Error::Usage(format!(
        "patients '{patient}' ({}) and '{}' ({}) would both write {stem}.{ext}",
        vcf.display(),
        second.patient,
        second.vcf.display()
    ))
}

/// Refuse two jobs that would write the same report file (`ext`: the report format's extension).
pub fn check_collisions(jobs: &[Job], ext: &str) -> Result<()> {
    check_name_collisions(jobs.iter().map(|j| (j.patient.as_str(), j.vcf.as_path())), ext)
}

/// [`check_collisions`] over (patient, input file) pairs.
pub(crate) fn check_name_collisions<'a>(patients: impl Iterator<Item = (&'a str, &'a Path)>, ext: &str) -> Result<()> {
    let mut seen: BTreeMap<String, (&str, &Path)> = BTreeMap::new();
    for (patient, vcf) in patients {
        let stem = safe_file_stem(patient);
        if stem == "cohort" {
            return Err(cohort_collision(patient));
        }
        if let Some((prev, prev_vcf)) = seen.insert(stem.clone(), (patient, vcf)) {
            return Err(Error::Usage(format!(
                "patients '{prev}' ({}) and '{patient}' ({}) would both write {stem}.{ext}",
                prev_vcf.display(),
                vcf.display()
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_rows_and_errors() {
        let d = tempfile::tempdir().unwrap();
        let m = d.path().join("m.tsv");
        std::fs::write(
            &m,
            "patient\tvcf\ttumor_type\ttarget_mb\nP1\ta.vcf\tNEC\t30\nP2\t/abs/b.vcf\t\t\n",
        )
        .unwrap();
        let jobs = read_manifest(&m, &Options::default()).unwrap();
        assert_eq!(jobs.len(), 2);
        assert_eq!(jobs[0].vcf, d.path().join("a.vcf"));
        assert_eq!(jobs[0].options.tumor_type.as_deref(), Some("NEC"));
        assert_eq!(jobs[0].options.biomarkers.target_mb, Some(30.0));
        assert_eq!(jobs[1].vcf, PathBuf::from("/abs/b.vcf"));
        std::fs::write(
            &m,
            "patient\tvcf\ttarget_mb\nP1\ta.vcf\tx\nP/1\tb.vcf\t1\nP_1\tc.vcf\t2\n",
        )
        .unwrap();
        let e = read_manifest(&m, &Options::default()).unwrap_err().to_string();
        assert!(e.contains("line 2: target_mb 'x'"), "{e}");
        assert!(e.contains("line 4: patient 'P_1' collides with line 3"), "{e}");
    }

    #[test]
    fn manifest_cna_columns() {
        let d = tempfile::tempdir().unwrap();
        let m = d.path().join("m.tsv");
        std::fs::write(
            &m,
            "patient\tvcf\tcna\tpurity\tploidy\nP1\ta.vcf\ta.cns, /abs/a.seg\t0.6\t3.1\nP2\tb.vcf\t.\t\t\n",
        )
        .unwrap();
        let jobs = read_manifest(&m, &Options::default()).unwrap();
        assert_eq!(
            jobs[0].options.cna,
            vec![d.path().join("a.cns"), PathBuf::from("/abs/a.seg")]
        );
        assert_eq!(
            (jobs[0].options.cna_options.purity, jobs[0].options.cna_options.ploidy),
            (Some(0.6), Some(3.1))
        );
        assert!(jobs[1].options.cna.is_empty());
        std::fs::write(&m, "patient\tvcf\tpurity\tploidy\nP1\ta.vcf\t0\t9\n").unwrap();
        let e = read_manifest(&m, &Options::default()).unwrap_err().to_string();
        assert!(
            e.contains("line 2: purity '0' is out of range (above 0, at most 1)"),
            "{e}"
        );
    }

    #[test]
    fn manifest_jobs_are_made_one_at_a_time_and_checked_against_listed_jobs() {
        let d = tempfile::tempdir().unwrap();
        let m = d.path().join("m.tsv");
        std::fs::write(
            &m,
            "# comment\npatient\tvcf\ttumor_type\n\nP1\ta.vcf\tNEC\n# between\nP2\tb.vcf,c.vcf\t\n",
        )
        .unwrap();
        let manifest = Manifest::read(&m, &Options::default()).unwrap();
        assert_eq!(manifest.len(), 2);
        let jobs: Vec<Job> = manifest.jobs().collect::<Result<_>>().unwrap();
        assert_eq!(jobs[0].patient, "P1");
        assert_eq!(jobs[0].options.patient.as_deref(), Some("P1"));
        assert_eq!(jobs[0].options.tumor_type.as_deref(), Some("NEC"));
        assert_eq!(jobs[1].patient, "P2");
        assert_eq!(jobs[1].more_vcfs, vec![d.path().join("c.vcf")]);
        // Manifest rows first, then the listed jobs; names checked across both.
        let listed = jobs_from_files(&[PathBuf::from("x/Q9.vcf.gz")], &Options::default());
        let all = Jobs::new(Some(manifest), listed);
        assert_eq!(all.len(), 3);
        let names: Vec<String> = all.iter().map(|j| j.unwrap().patient.clone()).collect();
        assert_eq!(names, ["P1", "P2", "Q9"]);
        all.check_names("json", true).unwrap();
        let clash = jobs_from_files(&[PathBuf::from("y/P2.vcf")], &Options::default());
        let all = Jobs::new(Some(Manifest::read(&m, &Options::default()).unwrap()), clash);
        assert_eq!(
            all.check_names("json", false).unwrap_err().to_string(),
            format!(
                "patients 'P2' ({}) and 'P2' (y/P2.vcf) would both write P2.json",
                d.path().join("b.vcf").display()
            )
        );
        std::fs::write(&m, "patient\tvcf\ncohort_alterations\ta.vcf\n").unwrap();
        let all = Jobs::new(Some(Manifest::read(&m, &Options::default()).unwrap()), vec![]);
        all.check_names("json", false).unwrap();
        assert!(all
            .check_names("json", true)
            .unwrap_err()
            .to_string()
            .contains("cohort_alterations.tsv"));
    }

    #[test]
    fn patient_names_from_paths() {
        assert_eq!(patient_from_path(Path::new("/x/P1.vcf.gz")), "P1");
        assert_eq!(patient_from_path(Path::new("P2.bcf")), "P2");
    }
}
