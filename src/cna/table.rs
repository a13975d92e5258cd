//! Bounded reading of a tab- (or space-) separated table (copy-number files here, and the fusion
//! tables of [`crate::sv`]): plain or gzip text, SAM-style
//! `@` header lines kept for the build, `#` comment lines skipped, quoted fields unquoted, and a
//! file whose last line has no newline refused as truncated.

use super::error::CnaError;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// The longest line accepted (bytes).
pub const MAX_LINE_BYTES: usize = 1 << 20;
/// The most data lines accepted in one file.
pub const MAX_ROWS: usize = 5_000_000;

/// A whole table: its header names and data rows, each with its 1-based file line.
#[derive(Debug)]
pub struct Table {
    pub file: PathBuf,
    /// Header names as written (quotes removed).
    pub header: Vec<String>,
    /// 1-based line of the header.
    pub header_line: u64,
    pub rows: Vec<Row>,
    /// `@SQ` lines' and VCF `##contig` lines' (contig, length), for the build.
    pub sequences: Vec<(String, u64)>,
    /// Lines before the header that were skipped (an R warning), for a report warning.
    pub skipped_preamble: Vec<String>,
}

#[derive(Debug)]
pub struct Row {
    pub line: u64,
    pub fields: Vec<String>,
}

impl Table {
    /// Column index of the first of `names` present (case-insensitive).
    pub fn col(&self, names: &[&str]) -> Option<usize> {
        names
            .iter()
            .find_map(|n| self.header.iter().position(|h| h.eq_ignore_ascii_case(n)))
    }

    /// Like [`Table::col`], an error naming the expected column when absent.
    pub fn need(&self, names: &[&str]) -> Result<usize, CnaError> {
        self.col(names).ok_or_else(|| CnaError::Line {
            file: self.file.clone(),
            line: self.header_line,
            reason: format!("no `{}` column in the header", names.join("`/`")),
        })
    }

    pub fn field_err(&self, row: &Row, col: usize, reason: impl Into<String>) -> CnaError {
        CnaError::Field {
            file: self.file.clone(),
            line: row.line,
            field: self.header.get(col).cloned().unwrap_or_else(|| format!("#{}", col + 1)),
            reason: reason.into(),
        }
    }

    /// The text of one field (the row's width was checked when read).
    pub fn text<'r>(&self, row: &'r Row, col: usize) -> &'r str {
        row.fields.get(col).map(String::as_str).unwrap_or("")
    }

    /// A number, or an error naming the line and field.
    pub fn num(&self, row: &Row, col: usize) -> Result<f64, CnaError> {
        let t = self.text(row, col);
        t.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| self.field_err(row, col, format!("`{t}` is not a number")))
    }

    /// A number, None for the missing markers `NA`, `NaN`, `.` and empty.
    pub fn opt_num(&self, row: &Row, col: Option<usize>) -> Result<Option<f64>, CnaError> {
        let Some(c) = col else { return Ok(None) };
        let t = self.text(row, c);
        if matches!(t, "" | "." | "NA" | "NaN" | "nan" | "NULL") {
            return Ok(None);
        }
        self.num(row, c).map(Some)
    }

    /// A position: a non-negative whole number.
    pub fn pos(&self, row: &Row, col: usize) -> Result<u64, CnaError> {
        let t = self.text(row, col);
        // ABSOLUTE and R write large positions as `1.5e+07`.
        t.parse::<u64>()
            .ok()
            .or_else(|| {
                t.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite() && *v >= 0.0 && v.fract() == 0.0)
                    .map(|v| v as u64)
            })
            .ok_or_else(|| self.field_err(row, col, format!("`{t}` is not a position")))
    }
}

fn open(path: &Path) -> Result<Box<dyn BufRead>, CnaError> {
    let io = |source| CnaError::Io {
        file: path.to_path_buf(),
        source,
    };
    let mut f = std::fs::File::open(path).map_err(io)?;
    let mut magic = [0u8; 2];
    let n = f.read(&mut magic).map_err(io)?;
    let f = std::fs::File::open(path).map_err(io)?;
    if n == 2 && magic == [0x1f, 0x8b] {
        Ok(Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(f))))
    } else {
        Ok(Box::new(BufReader::new(f)))
    }
}

/// Split a line on tabs, or on runs of spaces when it has no tab; quotes around a field removed.
pub fn split(line: &str) -> Vec<String> {
    let parts: Vec<&str> = if line.contains('\t') {
        line.split('\t').collect()
    } else {
        line.split(' ').filter(|s| !s.is_empty()).collect()
    };
    parts
        .into_iter()
        .map(|p| {
            let p = p.trim();
            p.strip_prefix('"')
                .and_then(|x| x.strip_suffix('"'))
                .unwrap_or(p)
                .to_string()
        })
        .collect()
}

/// Whether a line could be a header: decides where the table starts. `is_header` comes from the
/// format detection, so that an R warning before the header is skipped and named.
pub fn read(path: &Path, is_header: impl Fn(&[String]) -> bool) -> Result<Table, CnaError> {
    let mut r = open(path)?;
    let file = path.to_path_buf();
    let mut t = Table {
        file: file.clone(),
        header: vec![],
        header_line: 0,
        rows: vec![],
        sequences: vec![],
        skipped_preamble: vec![],
    };
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        let n = (&mut r)
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|source| CnaError::Io {
                file: file.clone(),
                source,
            })?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let err = |reason: String| CnaError::Line {
            file: file.clone(),
            line: line_no,
            reason,
        };
        if buf.last() != Some(&b'\n') {
            if buf.len() > MAX_LINE_BYTES {
                return Err(err(format!("line longer than {MAX_LINE_BYTES} bytes")));
            }
            return Err(err("the last line has no newline: the file is truncated".into()));
        }
        let text = std::str::from_utf8(&buf).map_err(|_| err("not UTF-8 text".into()))?;
        let text = text.trim_end_matches(['\n', '\r']);
        if text.trim().is_empty() {
            continue;
        }
        if t.header.is_empty() {
            if let Some(sq) = text.strip_prefix("@SQ") {
                t.sequences.extend(sq_line(sq));
                continue;
            }
            if let Some(c) = text.strip_prefix("##contig=<") {
                t.sequences.extend(contig_line(c));
                continue;
            }
            if text.starts_with('@') || text.starts_with("##") {
                continue;
            }
            let fields = split(text.trim_start_matches('#'));
            if is_header(&fields) {
                t.header = fields;
                t.header_line = line_no;
            } else if t.skipped_preamble.len() < 3 && line_no <= 3 && !text.contains('\t') {
                t.skipped_preamble.push(text.to_string());
            } else {
                return Err(err("no recognised header (see the README's format tables)".into()));
            }
            continue;
        }
        if text.starts_with('#') {
            continue;
        }
        let fields = split(text);
        if fields.len() != t.header.len() {
            return Err(err(format!(
                "{} fields where the header has {}",
                fields.len(),
                t.header.len()
            )));
        }
        if t.rows.len() >= MAX_ROWS {
            return Err(err(format!("more than {MAX_ROWS} data lines")));
        }
        t.rows.push(Row { line: line_no, fields });
    }
    if t.header.is_empty() {
        return Err(CnaError::File {
            file,
            reason: "no copy-number header found".into(),
        });
    }
    Ok(t)
}

/// `ID=` and `length=` of one VCF `##contig=<…>` line.
fn contig_line(rest: &str) -> Option<(String, u64)> {
    let mut name = None;
    let mut len = None;
    for f in rest.trim_end_matches('>').split(',') {
        if let Some(n) = f.strip_prefix("ID=") {
            name = Some(n.to_string());
        } else if let Some(l) = f.strip_prefix("length=") {
            len = l.parse().ok();
        }
    }
    Some((name?, len?))
}

/// `SN:` and `LN:` of one `@SQ` line.
fn sq_line(rest: &str) -> Option<(String, u64)> {
    let mut name = None;
    let mut len = None;
    for f in rest.split('\t') {
        if let Some(n) = f.strip_prefix("SN:") {
            name = Some(n.to_string());
        } else if let Some(l) = f.strip_prefix("LN:") {
            len = l.parse().ok();
        }
    }
    Some((name?, len?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_tabs_spaces_and_quotes() {
        assert_eq!(split("\"a\"\t\"b c\""), vec!["a", "b c"]);
        assert_eq!(split("sample Chromosome  Start"), vec!["sample", "Chromosome", "Start"]);
    }

    #[test]
    fn sq_lines_give_lengths() {
        assert_eq!(sq_line("\tSN:1\tLN:249250621"), Some(("1".into(), 249250621)));
        assert_eq!(
            contig_line("ID=chr1,length=248956422,assembly=GRCh38>"),
            Some(("chr1".into(), 248956422))
        );
    }
}
