//! `oncoprofile annotate IN.maf -o OUT.maf`: a MAF in, the same MAF out with our columns
//! appended, as pipelines built around the OncoKB annotator expect. Every input line is kept, in
//! order and byte for byte (comment lines, the header, repeated headers, rows we cannot read);
//! the header gains [`COLUMNS`] and each data row their values. A short row is padded to the
//! header's width first, so that our columns stay aligned.
//!
//! Each sample is profiled as `report` would, with its own tumour type (a MAF column, by default
//! `ONCOTREE_CODE` when present, else `--tumor-type`), but with no depth/VAF/FILTER threshold and
//! every passing variant listed: an annotator annotates every row. A row is then looked up by its
//! sample and allele. A row that cannot be read keeps its place with the reason in
//! `ONCOPROFILE_ERROR`; so does every row of a sample whose profile failed.

use super::common::{parse_build, KbArgs};
use super::Global;
use oncoprofile::biomarkers::repeat::Reference;
use oncoprofile::error::{exit, Error};
use oncoprofile::filter::FilterOptions;
use oncoprofile::genome::GenomeBuild;
use oncoprofile::input::{maf, Limits};
use oncoprofile::pipeline::{self, Options};
use oncoprofile::report::{tsv::therapies_of, AlterationOut, Report};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The appended columns, in order.
pub const COLUMNS: [&str; 9] = [
    "ONCOPROFILE_ONCOGENICITY",
    "ONCOPROFILE_DRIVER",
    "ONCOPROFILE_HOTSPOT",
    "ONCOPROFILE_BEST_AMP_TIER",
    "ONCOPROFILE_BEST_ESCAT_TIER",
    "ONCOPROFILE_THERAPIES",
    "ONCOPROFILE_RESISTANCE",
    "ONCOPROFILE_REASON",
    "ONCOPROFILE_ERROR",
];

/// The tumour-type column read by default when the MAF has it.
const DEFAULT_TYPE_COLUMN: &str = "ONCOTREE_CODE";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// MAF to annotate (plain or gzip; one or many samples).
    #[arg(value_name = "MAF")]
    pub maf: PathBuf,
    /// Output MAF, written atomically (gzip when the name ends in .gz) [default: standard output].
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Tumour type of every sample whose row gives none (code, alias or name, as for `report`).
    #[arg(long, value_name = "CODE")]
    pub tumor_type: Option<String>,
    /// Column holding each sample's tumour type [default: ONCOTREE_CODE when present].
    #[arg(long, value_name = "NAME")]
    pub tumor_type_column: Option<String>,
    /// Genome build [default: the rows' NCBI_Build].
    #[arg(long, value_name = "GRCh37|GRCh38", value_parser = parse_build)]
    pub genome: Option<GenomeBuild>,
    /// Indexed reference FASTA: the padding base of MAF indels.
    #[arg(long, value_name = "FASTA")]
    pub reference: Option<PathBuf>,
    #[command(flatten)]
    pub kb: KbArgs,
    /// Worker threads [default: all cores].
    #[arg(long, short = 't', value_name = "N")]
    pub threads: Option<usize>,
    /// Longest line accepted, in bytes (longer: input error, exit 2).
    #[arg(long, value_name = "BYTES", default_value_t = Limits::DEFAULT_MAX_LINE_BYTES)]
    pub max_line_bytes: usize,
}

/// A row's key: sample, contig, position, REF, ALT (VCF-style, as the report lists it).
type Key = (String, String, u64, String, String);

/// What the profiles say, by row key; and the samples whose profile failed.
struct Lookup {
    rows: HashMap<Key, [String; 8]>,
    failed: HashMap<String, String>,
}

pub fn run(a: Args, global: &Global) -> Result<i32, Error> {
    if a.maf.as_os_str() == "-" {
        return Err(Error::Usage(
            "annotate reads its MAF twice: give a file, not standard input".into(),
        ));
    }
    oncoprofile::lines::set_max_line_bytes(a.max_line_bytes);
    let kb = a.kb.load()?;
    let opts = options(&a);
    let types = tumour_types(&a.maf, a.tumor_type_column.as_deref())?;
    let pool = thread_pool(a.threads)?;
    let reports = pool.install(|| pipeline::maf::sample_reports(&a.maf, &opts, &kb, &|s| types.get(s).cloned()))?;
    let mut lookup = lookup(reports)?;
    let reference = match &a.reference {
        Some(r) => Some(Mutex::new(
            Reference::open(r).map_err(|e| Error::input(r, e.to_string()))?,
        )),
        None => None,
    };
    let padding = |chrom: &str, pos: u64| -> Option<u8> {
        let mut r = reference.as_ref()?.lock().ok()?;
        let (_, seq) = r.fetch(chrom, pos, pos).ok()??;
        seq.first().copied()
    };
    if !lookup.failed.is_empty() {
        let profile =
            |maf: &Path| pool.install(|| pipeline::maf::sample_reports(maf, &opts, &kb, &|s| types.get(s).cloned()));
        profile_again(&a.maf, &mut lookup, &padding, &profile)?;
    }
    let mut counts = Counts::default();
    let mut fill = |w: &mut dyn Write| annotate(&a.maf, &lookup, &padding, w, &mut counts);
    let code = match &a.out {
        Some(p) if p.as_os_str() != "-" => {
            let gz = p.extension().is_some_and(|e| e == "gz");
            oncoprofile::output::write_atomic_with(p, |w| {
                if gz {
                    let mut z = flate2::write::GzEncoder::new(w, flate2::Compression::default());
                    fill(&mut z)?;
                    z.finish().map(|_| ())
                } else {
                    fill(w)
                }
            })?;
            exit::OK
        }
        _ => super::to_stdout(fill)?,
    };
    if code == exit::OK && !global.quiet {
        eprintln!(
            "oncoprofile: annotate: {} row(s): {} annotated, {} not interpreted, {} with an error",
            counts.rows, counts.annotated, counts.skipped, counts.errors
        );
    }
    Ok(code)
}

/// The pipeline options of `annotate`: no depth, VAF or FILTER threshold, every variant listed.
fn options(a: &Args) -> Options {
    Options {
        tumor_type: a.tumor_type.clone(),
        genome: a.genome,
        filter: FilterOptions {
            include_filtered: true,
            min_depth: 0,
            min_alt_reads: 0,
            min_vaf: 0.0,
        },
        all_variants: true,
        biomarkers: oncoprofile::biomarkers::BiomarkerOptions {
            reference: a.reference.clone(),
            ..Default::default()
        },
        progress: false,
        limits: Limits {
            max_line_bytes: a.max_line_bytes,
            ..Limits::default()
        },
        ..Options::default()
    }
}

/// The rayon pool (`--threads`, default all cores).
fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool, Error> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        if n == 0 {
            return Err(Error::Usage("--threads must be at least 1".into()));
        }
        b = b.num_threads(n);
    }
    b.build().map_err(|e| Error::Internal(e.to_string()))
}

/// A bad row fails its sample: profile the failed samples again without their bad rows (from a
/// temporary MAF of their readable rows), so that only the bad rows carry an error.
fn profile_again(
    maf: &Path,
    lookup: &mut Lookup,
    padding: &dyn Fn(&str, u64) -> Option<u8>,
    profile: &dyn Fn(&Path) -> Result<pipeline::maf::SampleReports, Error>,
) -> Result<(), Error> {
    let dir = tempfile::tempdir().map_err(|e| Error::Internal(e.to_string()))?;
    let again = dir.path().join("readable.maf");
    let file = std::fs::File::create(&again).map_err(|e| Error::Internal(e.to_string()))?;
    let mut w = std::io::BufWriter::new(file);
    readable_rows(maf, lookup, padding, &mut w).map_err(|e| Error::input(maf, e.to_string()))?;
    w.flush().map_err(|e| Error::Internal(e.to_string()))?;
    drop(w);
    for (k, v) in self::lookup(profile(&again)?)?.rows {
        lookup.failed.remove(&k.0);
        lookup.rows.insert(k, v);
    }
    Ok(())
}

#[derive(Default)]
struct Counts {
    rows: u64,
    annotated: u64,
    skipped: u64,
    errors: u64,
}

/// The MAF's lines (plain or gzip), each with its line ending.
fn lines(path: &Path) -> Result<Box<dyn BufRead>, Error> {
    let mut f = std::fs::File::open(path).map_err(|e| Error::input(path, e.to_string()))?;
    let mut magic = [0u8; 2];
    let n = f.read(&mut magic).map_err(|e| Error::input(path, e.to_string()))?;
    let f = std::fs::File::open(path).map_err(|e| Error::input(path, e.to_string()))?;
    Ok(if n == 2 && magic == [0x1f, 0x8b] {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(f)))
    } else {
        Box::new(BufReader::new(f))
    })
}

/// Each sample's tumour type from its first row with a value in the tumour-type column.
fn tumour_types(path: &Path, column: Option<&str>) -> Result<HashMap<String, String>, Error> {
    let mut out = HashMap::new();
    let mut cols: Option<(maf::MafColumns, Option<usize>)> = None;
    let mut buf = Vec::new();
    let mut r = lines(path)?;
    loop {
        buf.clear();
        if r.read_until(b'\n', &mut buf)
            .map_err(|e| Error::input(path, e.to_string()))?
            == 0
        {
            break;
        }
        let Ok(line) = std::str::from_utf8(&buf) else { continue };
        let line = line.trim_end_matches(['\n', '\r']);
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if maf::is_header(line) {
            let c = maf::columns(line).map_err(|e| Error::input(path, e.to_string()))?;
            let want = column.unwrap_or(DEFAULT_TYPE_COLUMN);
            let at = maf::cells(line)
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(want));
            if at.is_none() && column.is_some() {
                return Err(Error::input(path, format!("no column '{want}' (--tumor-type-column)")));
            }
            cols = Some((c, at));
            continue;
        }
        let Some((c, Some(at))) = &cols else { continue };
        let cells = maf::cells(line);
        let (Some(b), Some(t)) = (c.barcode_of(&cells), cells.get(*at).map(|t| t.trim())) else {
            continue;
        };
        if !t.is_empty() && t != "." && t != "NA" {
            out.entry(b.to_string()).or_insert_with(|| t.to_string());
        }
    }
    Ok(out)
}

fn lookup(reports: Vec<(String, Result<Report, Error>)>) -> Result<Lookup, Error> {
    let mut l = Lookup {
        rows: HashMap::new(),
        failed: HashMap::new(),
    };
    for (barcode, made) in reports {
        let r = match made {
            Ok(r) => r,
            Err(e) => {
                l.failed.insert(barcode, e.to_string());
                continue;
            }
        };
        for a in r.alterations.iter() {
            let a = a.map_err(|e| Error::Internal(e.to_string()))?;
            let key = (
                barcode.clone(),
                a.chrom.clone(),
                a.pos,
                a.ref_allele.clone(),
                a.alt.clone(),
            );
            l.rows.insert(key, values(&r, &a));
        }
    }
    Ok(l)
}

/// Our values of one listed alteration, in [`COLUMNS`] order (the error column aside).
fn values(r: &Report, a: &AlterationOut) -> [String; 8] {
    let (amp, escat, therapies) = therapies_of(r, &a.id);
    let mut resistance: Vec<String> = Vec::new();
    for t in r.therapies.resistance.iter().filter(|t| t.alterations.contains(&a.id)) {
        let label = format!("{} [{}]", t.therapy, t.amp_tier);
        if !resistance.contains(&label) {
            resistance.push(label);
        }
    }
    let reasons: Vec<&str> = a.evidence.iter().map(|e| &*e.reason).collect();
    [
        oncoprofile::report::tsv::oncogenicity_name(a.oncogenicity).to_string(),
        a.driver.to_string(),
        a.hotspot.clone().unwrap_or_default(),
        amp.unwrap_or_default(),
        escat.unwrap_or_default(),
        therapies.join("; "),
        resistance.join("; "),
        reasons.join(" | "),
    ]
    .map(|s| oncoprofile::output::tsv_cell(&s))
}

/// What one MAF line is to the two copy loops.
#[derive(PartialEq)]
enum Kind {
    /// A comment, a blank line or a line before the first header.
    Other,
    /// A header line.
    Header,
    /// A data row after a header.
    Row,
}

/// One line of a MAF: its kind, its text without the line ending (`None` if not UTF-8), the
/// ending, the data record number (rows counted from 1, unreadable ones included) and the
/// columns of the latest readable header with its width.
struct MafLine<'a> {
    kind: Kind,
    body: &'a [u8],
    text: Option<&'a str>,
    ending: &'a [u8],
    record: u64,
    cols: Option<&'a (maf::MafColumns, usize)>,
}

/// The MAF's lines, read one at a time into one buffer; shared by [`annotate`] and
/// [`readable_rows`] so that both see the same header, rows and record numbers.
struct MafLines {
    r: Box<dyn BufRead>,
    buf: Vec<u8>,
    cols: Option<(maf::MafColumns, usize)>,
    record: u64,
}

impl MafLines {
    fn open(path: &Path) -> std::io::Result<MafLines> {
        let r = lines(path).map_err(std::io::Error::other)?;
        Ok(MafLines {
            r,
            buf: Vec::new(),
            cols: None,
            record: 0,
        })
    }

    fn next(&mut self) -> std::io::Result<Option<MafLine<'_>>> {
        self.buf.clear();
        if self.r.read_until(b'\n', &mut self.buf)? == 0 {
            return Ok(None);
        }
        let body_len = self.buf.len() - self.buf.iter().rev().take_while(|&&b| b == b'\n' || b == b'\r').count();
        let (body, ending) = self.buf.split_at(body_len);
        let text = std::str::from_utf8(body).ok();
        let kind = if body.is_empty() || body.starts_with(b"#") {
            Kind::Other
        } else if let Some(line) = text.filter(|l| maf::is_header(l)) {
            // A header without the required columns keeps the previous one's map.
            if let Ok(c) = maf::columns(line) {
                self.cols = Some((c, maf::cells(line).len()));
            }
            Kind::Header
        } else if self.cols.is_none() {
            Kind::Other
        } else {
            self.record += 1;
            Kind::Row
        };
        Ok(Some(MafLine {
            kind,
            body,
            text,
            ending,
            record: self.record,
            cols: self.cols.as_ref(),
        }))
    }
}

/// Copy the MAF to `w`, our columns appended.
fn annotate(
    path: &Path,
    l: &Lookup,
    padding: &dyn Fn(&str, u64) -> Option<u8>,
    w: &mut dyn Write,
    n: &mut Counts,
) -> std::io::Result<()> {
    let mut lines = MafLines::open(path)?;
    while let Some(line) = lines.next()? {
        let ending: &[u8] = if line.ending.is_empty() { b"\n" } else { line.ending };
        match (&line.kind, line.cols) {
            // Comment lines, blank lines and lines before the header are copied as they are.
            (Kind::Other, _) => {
                w.write_all(line.body)?;
                w.write_all(line.ending)?;
            }
            (Kind::Header, _) => {
                w.write_all(line.body)?;
                w.write_all(format!("\t{}", COLUMNS.join("\t")).as_bytes())?;
                w.write_all(ending)?;
            }
            (Kind::Row, None) => {}
            (Kind::Row, Some((c, width))) => {
                n.rows += 1;
                let mut ours = <[String; 9]>::default();
                match line.text {
                    None => ours[8] = format!("record {}: not UTF-8 text", line.record),
                    Some(text) => row_values(text, c, line.record, l, padding, &mut ours),
                }
                if !ours[8].is_empty() {
                    n.errors += 1;
                } else if ours[0].is_empty() {
                    n.skipped += 1;
                } else {
                    n.annotated += 1;
                }
                w.write_all(line.body)?;
                let cells = line.body.iter().filter(|&&b| b == b'\t').count() + 1;
                for _ in cells..*width {
                    w.write_all(b"\t")?;
                }
                for v in &ours {
                    w.write_all(b"\t")?;
                    w.write_all(v.as_bytes())?;
                }
                w.write_all(ending)?;
            }
        }
    }
    Ok(())
}

/// The first header and the rows of the failed samples that can be read, as a MAF.
fn readable_rows(
    path: &Path,
    l: &Lookup,
    padding: &dyn Fn(&str, u64) -> Option<u8>,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let mut lines = MafLines::open(path)?;
    let mut header_written = false;
    while let Some(line) = lines.next()? {
        let Some(text) = line.text else { continue };
        match (&line.kind, line.cols) {
            (Kind::Header, Some(_)) if !header_written => {
                writeln!(w, "{text}")?;
                header_written = true;
            }
            (Kind::Row, Some((c, _))) => {
                let cells = maf::cells(text);
                let failed = c.barcode_of(&cells).is_some_and(|b| l.failed.contains_key(b));
                if failed && maf::parse_cells(&cells, c, line.record, padding).is_ok() {
                    writeln!(w, "{text}")?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Our values of one data row: its profile's, or why it has none.
fn row_values(
    line: &str,
    c: &maf::MafColumns,
    record: u64,
    l: &Lookup,
    padding: &dyn Fn(&str, u64) -> Option<u8>,
    ours: &mut [String; 9],
) {
    let cells = maf::cells(line);
    if !c.is_small_variant(&cells) {
        ours[7] = "not interpreted: not a small variant (Variant_Classification)".into();
        return;
    }
    match maf::parse_cells(&cells, c, record, padding) {
        Err(e) => ours[8] = oncoprofile::output::tsv_cell(&format!("record {record}: field {}: {}", e.field, e.reason)),
        Ok(row) if l.failed.contains_key(&row.barcode) => {
            ours[8] = oncoprofile::output::tsv_cell(&l.failed[&row.barcode]);
        }
        Ok(row) => {
            let v = row.variant;
            let key = (row.barcode, v.chrom, v.pos, v.ref_allele, v.alt);
            match l.rows.get(&key) {
                Some(vals) => ours[..8].clone_from_slice(vals),
                None => {
                    ours[7] = "not interpreted: a symbolic or structural allele, or outside the regions read".into()
                }
            }
        }
    }
}
