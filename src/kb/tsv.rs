//! Minimal TSV reader for the knowledge-base files: a fixed header, `#`
//! comment lines and blank lines skipped, every cell located by line and
//! (1-based, character) column so errors can point at it.

use super::KbError;

pub struct Row {
    pub(crate) file: String,
    pub line: usize,
    /// (1-based character column where the cell starts, cell text)
    pub(crate) cells: Vec<(usize, String)>,
    pub header: &'static [&'static str],
}

impl Row {
    fn idx(&self, col: &str) -> Option<usize> {
        self.header.iter().position(|h| *h == col)
    }
    /// Cell text of a header column ("" when absent).
    pub(crate) fn get(&self, col: &str) -> &str {
        self.idx(col)
            .and_then(|i| self.cells.get(i))
            .map(|(_, s)| s.as_str())
            .unwrap_or("")
    }
    /// An error located at a cell, naming its column.
    pub(crate) fn err(&self, col: &str, reason: impl std::fmt::Display) -> KbError {
        let column = self
            .idx(col)
            .and_then(|i| self.cells.get(i))
            .map(|(c, _)| *c)
            .unwrap_or(1);
        KbError::new(&self.file, self.line, column, format!("column {col}: {reason}"))
    }
}

pub struct Table {
    pub rows: Vec<Row>,
}

fn split_cells(line: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut col = 1;
    for cell in line.split('\t') {
        out.push((col, cell.to_string()));
        col += cell.chars().count() + 1;
    }
    out
}

impl Table {
    /// Parse `text`; the first non-comment line must equal `header`.
    /// Errors go to `errors`; None when the header itself is wrong.
    pub fn parse(text: &str, file: &str, header: &'static [&'static str], errors: &mut Vec<KbError>) -> Option<Table> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
            .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
        let Some((hline, htext)) = lines.next() else {
            errors.push(KbError::new(
                file,
                1,
                1,
                format!("empty file: expected the header line {}", header.join("<TAB>")),
            ));
            return None;
        };
        let hcells = split_cells(htext);
        let mut ok = hcells.len() == header.len();
        for (i, (col, name)) in hcells.iter().enumerate() {
            match header.get(i) {
                Some(h) if h == name => {}
                Some(h) => {
                    errors.push(KbError::new(
                        file,
                        hline,
                        *col,
                        format!("header: expected column {h}, found {name:?}"),
                    ));
                    ok = false;
                }
                None => {
                    errors.push(KbError::new(
                        file,
                        hline,
                        *col,
                        format!("header: unexpected extra column {name:?}"),
                    ));
                    ok = false;
                }
            }
        }
        if hcells.len() < header.len() {
            let col = htext.chars().count() + 1;
            errors.push(KbError::new(
                file,
                hline,
                col,
                format!("header: missing column(s) {}", header[hcells.len()..].join(", ")),
            ));
        }
        if !ok {
            return None;
        }
        let mut rows = Vec::new();
        for (n, l) in lines {
            let cells = split_cells(l);
            if cells.len() != header.len() {
                let col = if cells.len() > header.len() {
                    cells[header.len()].0
                } else {
                    l.chars().count() + 1
                };
                errors.push(KbError::new(
                    file,
                    n,
                    col,
                    format!("expected {} tab-separated columns, found {}", header.len(), cells.len()),
                ));
                continue;
            }
            rows.push(Row {
                file: file.to_string(),
                line: n,
                cells,
                header,
            });
        }
        Some(Table { rows })
    }
}

// Cell helpers shared by the table parsers.

/// Split a source cell on `; ` into distinct citations.
pub(crate) fn split_sources(text: &str) -> Vec<String> {
    text.split("; ")
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != ".")
        .map(str::to_string)
        .collect()
}

/// A cell that may be `.` (missing).
pub(crate) fn opt(s: &str) -> Option<&str> {
    let s = s.trim();
    if s.is_empty() || s == "." {
        None
    } else {
        Some(s)
    }
}

pub(crate) fn list(s: &str) -> Vec<String> {
    opt(s)
        .map(|s| {
            s.split(',')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

pub(crate) fn require_source(row: &Row, col: &str, errors: &mut Vec<KbError>) -> String {
    let s = row.get(col).trim();
    if opt(s).is_none() {
        errors.push(row.err(col, "every row must name its source"));
    }
    s.to_string()
}

pub(crate) fn is_symbol(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_')
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
}
