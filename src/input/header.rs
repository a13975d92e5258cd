//! A lenient VCF header model: what the pipeline needs from `##` meta lines
//! and the `#CHROM` line. Strict structural checks (missing `#CHROM`, a
//! `##fileformat` that is not first) give errors with the line number.

use crate::error::{Error, Result};
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDef {
    pub id: String,
    /// `Number=` as written (`1`, `A`, `R`, `G`, `.`).
    pub(crate) number: String,
    /// `Type=` as written (`Integer`, `Float`, `String`, `Flag`, `Character`).
    pub(crate) ty: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Contig {
    pub name: String,
    pub(crate) length: Option<u64>,
    pub(crate) assembly: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    pub(crate) file_format: Option<String>,
    pub info: Vec<FieldDef>,
    pub format: Vec<FieldDef>,
    pub filters: Vec<String>,
    pub(crate) contigs: Vec<Contig>,
    /// Other `##key=value` lines, in order (`source`, `reference`, `tumor_sample`, …).
    pub(crate) other: Vec<(String, String)>,
    /// Sample names from the `#CHROM` line.
    pub samples: Vec<String>,
    /// Number of header lines (meta lines + `#CHROM`).
    pub lines: u64,
}

impl Header {
    pub fn info_def(&self, id: &str) -> Option<&FieldDef> {
        self.info.iter().find(|d| d.id == id)
    }
    pub fn format_def(&self, id: &str) -> Option<&FieldDef> {
        self.format.iter().find(|d| d.id == id)
    }
    /// Description of an INFO field (e.g. the VEP `CSQ` field with its `Format:` list).
    pub(crate) fn info_description(&self, id: &str) -> Option<&str> {
        self.info_def(id).map(|d| d.description.as_str())
    }
    /// First value of an unstructured meta line (`##source=…`).
    pub(crate) fn meta(&self, key: &str) -> Option<&str> {
        self.other.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
    pub(crate) fn metas<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.other
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// One `##key=value` line (`rest`: after the `##`).
    fn meta_line(&mut self, rest: &str, line: &str, lineno: u64, file: &Path) -> Result<()> {
        let Some((key, value)) = rest.split_once('=') else {
            return Err(Error::at_line(
                file,
                lineno,
                format!("meta line without '=': {}", clip(line)),
            ));
        };
        if lineno == 1 && key != "fileformat" {
            // Tolerated: many tools omit it; the VCF spec requires it first.
        }
        match key {
            "fileformat" => {
                if lineno != 1 {
                    return Err(Error::at_line(file, lineno, "##fileformat must be the first line"));
                }
                self.file_format = Some(value.to_string());
            }
            "INFO" | "FORMAT" => {
                let fields = parse_structured(value)
                    .ok_or_else(|| Error::at_line(file, lineno, format!("malformed ##{key} line: {}", clip(line))))?;
                let get = |k: &str| fields.iter().find(|(a, _)| a == k).map(|(_, b)| b.clone());
                let id = get("ID").ok_or_else(|| Error::at_line(file, lineno, format!("##{key} line without ID")))?;
                if id.is_empty() {
                    return Err(Error::at_line(file, lineno, format!("##{key} line with an empty ID")));
                }
                let def = FieldDef {
                    id,
                    number: get("Number").unwrap_or_else(|| ".".into()),
                    ty: get("Type").unwrap_or_else(|| "String".into()),
                    description: get("Description").unwrap_or_default(),
                };
                if key == "INFO" {
                    self.info.push(def)
                } else {
                    self.format.push(def)
                }
            }
            "FILTER" => {
                if let Some(fields) = parse_structured(value) {
                    if let Some((_, id)) = fields.iter().find(|(a, _)| a == "ID") {
                        self.filters.push(id.clone());
                    }
                }
            }
            "contig" => {
                let fields = parse_structured(value)
                    .ok_or_else(|| Error::at_line(file, lineno, format!("malformed ##contig line: {}", clip(line))))?;
                let get = |k: &str| fields.iter().find(|(a, _)| a == k).map(|(_, b)| b.clone());
                let name = get("ID").ok_or_else(|| Error::at_line(file, lineno, "##contig line without ID"))?;
                let length = match get("length") {
                    Some(l) => Some(l.parse::<u64>().map_err(|_| {
                        Error::at_line(file, lineno, format!("##contig length is not a number: {}", clip(&l)))
                    })?),
                    None => None,
                };
                self.contigs.push(Contig {
                    name,
                    length,
                    assembly: get("assembly"),
                });
            }
            _ => self.other.push((key.to_string(), value.to_string())),
        }
        Ok(())
    }

    /// The `#CHROM` line (`rest`: after the `#`): the fixed columns and the sample names.
    fn chrom_line(&mut self, rest: &str, lineno: u64, file: &Path) -> Result<()> {
        // Tab-separated per the spec; some hand-edited files use spaces on this line only.
        let cols: Vec<&str> = if rest.contains('\t') {
            rest.split('\t').collect()
        } else {
            rest.split_whitespace().collect()
        };
        const FIXED: [&str; 8] = ["CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO"];
        if cols.len() < 8 || cols[..8] != FIXED {
            return Err(Error::at_line(
                file,
                lineno,
                "the #CHROM line must have the tab-separated columns CHROM POS ID REF ALT QUAL FILTER INFO",
            ));
        }
        if cols.len() > 8 {
            if cols[8] != "FORMAT" {
                return Err(Error::at_line(file, lineno, "the 9th #CHROM column must be FORMAT"));
            }
            self.samples = cols[9..].iter().map(|s| s.to_string()).collect();
            let mut seen = std::collections::BTreeSet::new();
            for s in &self.samples {
                if !seen.insert(s.as_str()) {
                    return Err(Error::at_line(
                        file,
                        lineno,
                        format!("duplicate sample name {}", clip(s)),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Parse header text (every line up to and including `#CHROM`).
    pub fn parse(text: &str, file: &Path) -> Result<Header> {
        let mut h = Header::default();
        let mut saw_chrom = false;
        for (i, raw) in text.lines().enumerate() {
            let lineno = i as u64 + 1;
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            if line.is_empty() {
                continue;
            }
            if saw_chrom {
                return Err(Error::at_line(file, lineno, "header continues after the #CHROM line"));
            }
            h.lines = lineno;
            if let Some(rest) = line.strip_prefix("##") {
                h.meta_line(rest, line, lineno, file)?;
            } else if let Some(rest) = line.strip_prefix('#') {
                h.chrom_line(rest, lineno, file)?;
                saw_chrom = true;
            } else {
                return Err(Error::at_line(
                    file,
                    lineno,
                    "expected a ## meta line or the #CHROM line",
                ));
            }
        }
        if !saw_chrom {
            return Err(Error::input(
                file,
                "no #CHROM header line: not a VCF, or the header is missing or truncated",
            ));
        }
        Ok(h)
    }
}

/// Parse `<ID=X,Number=1,Type=String,Description="a, b">` into key/value pairs.
pub(crate) fn parse_structured(value: &str) -> Option<Vec<(String, String)>> {
    let inner = value.strip_prefix('<')?.strip_suffix('>')?;
    let mut out = Vec::new();
    let b = inner.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let ks = i;
        while i < b.len() && b[i] != b'=' && b[i] != b',' {
            i += 1;
        }
        let key = inner[ks..i].trim().to_string();
        if i >= b.len() || b[i] == b',' {
            out.push((key, String::new()));
            i += 1;
            continue;
        }
        i += 1; // '='
        let mut val = String::new();
        if i < b.len() && b[i] == b'"' {
            i += 1;
            let mut closed = false;
            while i < b.len() {
                let c = b[i];
                if c == b'\\' && i + 1 < b.len() {
                    // The escaped character whole (it may be more than one byte).
                    let ch = inner.get(i + 1..)?.chars().next()?;
                    val.push(ch);
                    i += 1 + ch.len_utf8();
                    continue;
                }
                if c == b'"' {
                    closed = true;
                    i += 1;
                    break;
                }
                // push the full UTF-8 char
                let ch = inner.get(i..)?.chars().next()?;
                val.push(ch);
                i += ch.len_utf8();
            }
            if !closed {
                return None;
            }
            while i < b.len() && b[i] != b',' {
                i += 1;
            }
        } else {
            let vs = i;
            while i < b.len() && b[i] != b',' {
                i += 1;
            }
            val = inner[vs..i].to_string();
        }
        out.push((key, val));
        i += 1;
    }
    Some(out)
}

fn clip(s: &str) -> String {
    if s.chars().count() > 80 {
        let t: String = s.chars().take(80).collect();
        format!("{t}…")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the `header` fuzz target: a backslash before a multi-byte character had sliced the
    /// text inside that character (a panic).
    #[test]
    fn an_escaped_multibyte_character_is_kept_whole() {
        let v = parse_structured("<ID=X,Description=\"a\\\u{2e4d}b\">").unwrap();
        assert_eq!(v[1], ("Description".into(), "a\u{2e4d}b".into()));
        assert_eq!(parse_structured("<ID=X,Description=\"\\\u{2e4d}"), None);
        let text = "##fileformat=VCFv4.2\n##FILTER=<ID=q,Description=\"\\\u{2e4d}\">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";
        assert!(Header::parse(text, Path::new("x.vcf")).is_ok());
    }

    #[test]
    fn parses_structured_with_quotes_and_commas() {
        let v = parse_structured(r#"<ID=CSQ,Number=.,Type=String,Description="Format: A|B, with \"q\"">"#).unwrap();
        assert_eq!(v[0], ("ID".into(), "CSQ".into()));
        assert_eq!(v[3], ("Description".into(), "Format: A|B, with \"q\"".into()));
    }

    #[test]
    fn parses_header() {
        let t = "##fileformat=VCFv4.2\n##tumor_sample=T1\n##contig=<ID=chr1,length=248956422>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tN\tT\n";
        let h = Header::parse(t, Path::new("x.vcf")).unwrap();
        assert_eq!(h.samples, vec!["N", "T"]);
        assert_eq!(h.meta("tumor_sample"), Some("T1"));
        assert_eq!(h.contigs[0].length, Some(248956422));
    }

    #[test]
    fn missing_chrom_line_is_an_error() {
        let e = Header::parse("##fileformat=VCFv4.2\n", Path::new("x.vcf")).unwrap_err();
        assert!(e.to_string().contains("no #CHROM"), "{e}");
    }
}
