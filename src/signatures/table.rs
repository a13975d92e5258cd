//! Labelled numeric tables: a SigProfiler matrix (`MutationType` then one
//! column per sample) or a signature set (COSMIC v3.x `Type` then one column
//! per signature; or `Mutation type`,`Trinucleotide` then signatures, as in
//! SigProfiler's synthetic ground truths). Tab or comma separated, quotes
//! stripped, CRLF accepted. Row names are mapped onto our catalogue rows
//! ([`Kind::row`]), so any row order is read.

use std::path::Path;

use super::catalogue::{sbs96_labels, DBS78};
use super::indel::id83_labels;
use super::SignatureError;

/// Which catalogue a table's rows belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Kind {
    Sbs96,
    Dbs78,
    Id83,
}

impl Kind {
    pub fn rows(self) -> usize {
        match self {
            Kind::Sbs96 => 96,
            Kind::Dbs78 => 78,
            Kind::Id83 => 83,
        }
    }

    pub fn labels(self) -> Vec<String> {
        match self {
            Kind::Sbs96 => sbs96_labels(),
            Kind::Dbs78 => DBS78.iter().map(|s| s.to_string()).collect(),
            Kind::Id83 => id83_labels(),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Sbs96 => "SBS96",
            Kind::Dbs78 => "DBS78",
            Kind::Id83 => "ID83",
        }
    }

    /// The row of a label in any accepted spelling (`A[C>A]A`; `C>A`+`ACA`;
    /// `AC>CA`; `1:Del:C:0` or COSMIC's `DEL_C_1_0`, `INS_repeats_5+_5+`, `DEL_MH_2_1`).
    pub(crate) fn row(self, label: &str) -> Option<usize> {
        let l = normalise_label(label);
        self.labels().iter().position(|x| *x == l)
    }

    /// The kind whose labels include this one.
    pub(crate) fn of_label(label: &str) -> Option<Kind> {
        [Kind::Sbs96, Kind::Dbs78, Kind::Id83]
            .into_iter()
            .find(|k| k.row(label).is_some())
    }
}

fn normalise_label(label: &str) -> String {
    let l = label.trim();
    // "C>A,ACA" (two columns joined by the reader with ',')
    if let Some((sub, tri)) = l.split_once(',') {
        let (s, t) = (sub.as_bytes(), tri.as_bytes());
        if s.len() == 3 && t.len() == 3 {
            return format!("{}[{sub}]{}", t[0] as char, t[2] as char);
        }
    }
    let parts: Vec<&str> = l.split('_').collect();
    if let [kind @ ("DEL" | "INS"), what, size, n] = parts.as_slice() {
        let kind = if *kind == "DEL" { "Del" } else { "Ins" };
        let what = match *what {
            "repeats" => "R",
            "MH" => "M",
            b => b,
        };
        return format!(
            "{}:{kind}:{what}:{}",
            size.trim_end_matches('+'),
            n.trim_end_matches('+')
        );
    }
    l.to_string()
}

/// A table of counts or weights: column names and, per column, values in catalogue row order.
#[derive(Debug, Clone)]
pub struct Table {
    pub kind: Kind,
    pub columns: Vec<String>,
    /// `values[column][row]`.
    pub values: Vec<Vec<f64>>,
}

fn split(line: &str, sep: char) -> Vec<String> {
    line.split(sep)
        .map(|f| f.trim().trim_matches('"').to_string())
        .collect()
}

/// Read a labelled table from text (see the module docs).
pub fn parse(path: &Path, text: &str) -> Result<Table, SignatureError> {
    let err = |line: usize, field: Option<&str>, reason: String| SignatureError::Table {
        path: path.to_path_buf(),
        line,
        field: field.map(str::to_string),
        reason,
    };
    let mut lines = text
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
    let (_, header) = lines.next().ok_or_else(|| err(1, None, "empty file".into()))?;
    let sep = if header.contains('\t') { '\t' } else { ',' };
    let head = split(header, sep);
    // Two label columns: "Mutation type","Trinucleotide".
    let label_cols = if head.len() > 1 && head[1].eq_ignore_ascii_case("trinucleotide") {
        2
    } else {
        1
    };
    let columns: Vec<String> = head.iter().skip(label_cols).cloned().collect();
    if columns.is_empty() {
        return Err(err(1, None, "no data columns after the row names".into()));
    }
    let mut kind = None;
    let mut values: Vec<Vec<f64>> = Vec::new();
    let mut seen = Vec::new();
    for (i, line) in lines {
        let n = i + 1;
        let f = split(line, sep);
        if f.len() != head.len() {
            return Err(err(
                n,
                None,
                format!("{} fields, the header has {}", f.len(), head.len()),
            ));
        }
        let label = f[..label_cols].join(",");
        let k = match kind {
            Some(k) => k,
            None => {
                let k = Kind::of_label(&label).ok_or_else(|| {
                    err(
                        n,
                        Some(&head[0]),
                        format!("{label:?} is not an SBS96, DBS78 or ID83 row"),
                    )
                })?;
                values = vec![vec![0.0; k.rows()]; columns.len()];
                seen = vec![false; k.rows()];
                kind = Some(k);
                k
            }
        };
        let row = k
            .row(&label)
            .ok_or_else(|| err(n, Some(&head[0]), format!("{label:?} is not a {} row", k.name())))?;
        if std::mem::replace(&mut seen[row], true) {
            return Err(err(n, Some(&head[0]), format!("row {label:?} appears twice")));
        }
        for (c, v) in f[label_cols..].iter().enumerate() {
            let x: f64 = v
                .parse()
                .ok()
                .filter(|x: &f64| x.is_finite() && *x >= 0.0)
                .ok_or_else(|| {
                    err(
                        n,
                        Some(&head[c + label_cols]),
                        format!("{v:?} is not a non-negative number"),
                    )
                })?;
            values[c][row] = x;
        }
    }
    let kind = kind.ok_or_else(|| err(1, None, "no data rows".into()))?;
    if let Some(missing) = seen.iter().position(|s| !s) {
        return Err(err(
            1,
            None,
            format!("{} row {} is missing", kind.name(), kind.labels()[missing]),
        ));
    }
    Ok(Table { kind, columns, values })
}

/// Read a labelled table from a file.
pub fn read(path: &Path) -> Result<Table, SignatureError> {
    let text = crate::lines::read_to_string(path).map_err(|source| SignatureError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse(path, &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_map_to_rows() {
        assert_eq!(Kind::Sbs96.row("A[C>A]A"), Some(0));
        assert_eq!(Kind::Sbs96.row("C>A,TCT"), Kind::Sbs96.row("T[C>A]T"));
        assert_eq!(Kind::Id83.row("DEL_C_1_0"), Kind::Id83.row("1:Del:C:0"));
        assert_eq!(Kind::Id83.row("INS_repeats_5+_5+"), Kind::Id83.row("5:Ins:R:5"));
        assert_eq!(Kind::Id83.row("DEL_MH_2_1"), Some(72));
        assert_eq!(Kind::of_label("TT>GG"), Some(Kind::Dbs78));
        assert_eq!(Kind::of_label("X[C>A]A"), None);
    }

    #[test]
    fn reads_any_row_order_with_crlf_and_quotes() {
        let labels = sbs96_labels();
        let mut text = String::from("\"Type\"\t\"S1\"\t\"S2\"\r\n");
        for (i, l) in labels.iter().enumerate().rev() {
            text.push_str(&format!("{l}\t{i}\t{}\r\n", 2 * i));
        }
        let t = parse(Path::new("x.txt"), &text).unwrap();
        assert_eq!(t.kind, Kind::Sbs96);
        assert_eq!(t.columns, ["S1", "S2"]);
        assert_eq!(t.values[0][5], 5.0);
        assert_eq!(t.values[1][95], 190.0);
    }

    #[test]
    fn errors_name_line_and_field() {
        let e = parse(Path::new("m.tsv"), "MutationType\tS1\nA[C>A]A\t-1\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "m.tsv: line 2, field S1: \"-1\" is not a non-negative number"
        );
        let e = parse(Path::new("m.tsv"), "MutationType\tS1\nA[C>A]A\t1\n").unwrap_err();
        assert!(e.to_string().contains("row A[C>A]C is missing"), "{e}");
    }
}
