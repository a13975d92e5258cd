//! Assay presets (`annotations/assays.tsv`): the region sizes used as TMB
//! (and MSI) denominators by `--assay NAME`.
//!
//! Format: tab-separated, `#` comment lines, one header line
//! `name aliases region_mb msi_region_mb description source`.
//! `aliases` is a comma-separated list (may be empty); `msi_region_mb` may be
//! empty (then `region_mb` is used for MSI too). Names and aliases are unique
//! case-insensitively.
use super::KbError;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assay {
    pub name: String,
    /// Other names accepted by `--assay` (case-insensitive).
    pub(crate) aliases: Vec<String>,
    /// Size of the region used as TMB denominator, in megabases.
    pub(crate) region_mb: f64,
    /// Size of the region all reported variants come from (MSI per-Mb features), in megabases.
    pub(crate) msi_region_mb: Option<f64>,
    pub description: String,
    pub source: String,
}

impl Assay {
    /// True when `name` is this assay's name or one of its aliases (case-insensitive).
    pub(crate) fn matches(&self, name: &str) -> bool {
        let n = name.trim();
        self.name.eq_ignore_ascii_case(n) || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(n))
    }
}

/// The assay called `name` (or with that alias), case-insensitively.
pub(crate) fn find<'a>(assays: &'a [Assay], name: &str) -> Option<&'a Assay> {
    assays.iter().find(|a| a.matches(name))
}

const COLUMNS: [&str; 6] = ["name", "aliases", "region_mb", "msi_region_mb", "description", "source"];

/// Why a region size cell is not a size in megabases.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub(crate) enum MbError {
    #[error("'{0}' must be a positive number of megabases")]
    NotPositive(String),
    #[error("'{text}' is not a number")]
    NotANumber {
        text: String,
        #[source]
        source: std::num::ParseFloatError,
    },
}

/// Split a line on tabs; each field with the 1-based column of its first character.
fn fields_of(line: &str) -> (Vec<&str>, Vec<usize>) {
    let fields: Vec<&str> = line.split('\t').collect();
    let mut cols = Vec::with_capacity(fields.len());
    let mut c = 1;
    for f in &fields {
        cols.push(c);
        c += f.chars().count() + 1;
    }
    (fields, cols)
}

/// Parse `assays.tsv`. Errors name the file, 1-based line and column (the
/// 1-based character position where the offending field starts).
pub fn parse(text: &str, file: &str) -> Result<Vec<Assay>, Vec<KbError>> {
    let mut errors = Vec::new();
    let mut out: Vec<Assay> = Vec::new();
    let mut header_seen = false;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (fields, cols) = fields_of(line);
        if !header_seen {
            header_seen = true;
            let got: Vec<&str> = fields.iter().map(|f| f.trim()).collect();
            if got != COLUMNS {
                errors.push(KbError::new(
                    file,
                    line_no,
                    1,
                    format!(
                        "header must be '{}' (tab-separated), found '{}'",
                        COLUMNS.join("\t"),
                        got.join("\t")
                    ),
                ));
                return Err(errors);
            }
            continue;
        }
        match parse_row(&fields, &cols, &out, file, line_no) {
            Ok(a) => out.push(a),
            Err(e) => errors.push(e),
        }
    }
    if !header_seen {
        errors.push(KbError::new(
            file,
            1,
            1,
            format!("missing header line '{}'", COLUMNS.join("\t")),
        ));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// One data row (`before` holds the rows so far); the error is located at its cell.
fn parse_row(fields: &[&str], cols: &[usize], before: &[Assay], file: &str, line: usize) -> Result<Assay, KbError> {
    let at = |column: usize, reason: String| KbError::new(file, line, column, reason);
    if fields.len() != COLUMNS.len() {
        return Err(at(
            1,
            format!(
                "expected {} tab-separated columns, found {}",
                COLUMNS.len(),
                fields.len()
            ),
        ));
    }
    let field = |i: usize| fields.get(i).copied().unwrap_or("");
    let col = |i: usize| cols.get(i).copied().unwrap_or(1);
    let name = field(0).trim();
    if name.is_empty() {
        return Err(at(col(0), "empty assay name".into()));
    }
    let aliases: Vec<String> = field(1)
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let region_mb = match parse_mb(field(2)) {
        Ok(Some(x)) => x,
        Ok(None) => return Err(at(col(2), "region_mb is required".into())),
        Err(r) => return Err(at(col(2), format!("region_mb: {r}"))),
    };
    let msi_region_mb = parse_mb(field(3)).map_err(|r| at(col(3), format!("msi_region_mb: {r}")))?;
    let description = field(4).trim();
    let source = field(5).trim();
    if source.is_empty() {
        return Err(at(col(5), format!("assay '{name}' has no source")));
    }
    for n in std::iter::once(name).chain(aliases.iter().map(String::as_str)) {
        if let Some(other) = before.iter().find(|a| a.matches(n)) {
            return Err(at(
                col(0),
                format!("name or alias '{n}' is already used by assay '{}'", other.name),
            ));
        }
    }
    Ok(Assay {
        name: name.to_string(),
        aliases,
        region_mb,
        msi_region_mb,
        description: description.to_string(),
        source: source.to_string(),
    })
}

fn parse_mb(s: &str) -> Result<Option<f64>, MbError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 => Ok(Some(x)),
        Ok(_) => Err(MbError::NotPositive(s.to_string())),
        Err(source) => Err(MbError::NotANumber {
            text: s.to_string(),
            source,
        }),
    }
}

/// The assays shipped in `annotations/assays.tsv`.
pub fn embedded() -> Result<Vec<Assay>, Vec<KbError>> {
    parse(include_str!("../../annotations/assays.tsv"), "assays.tsv")
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "name\taliases\tregion_mb\tmsi_region_mb\tdescription\tsource\n";

    #[test]
    fn embedded_file_parses_with_sources() {
        let a = embedded().unwrap();
        assert!(a.len() >= 8);
        for x in &a {
            assert!(!x.source.is_empty(), "{}", x.name);
            assert!(x.region_mb > 0.0);
        }
        assert_eq!(find(&a, "wes").unwrap().region_mb, 30.0);
        assert_eq!(find(&a, "F1CDx").unwrap().region_mb, 0.8);
        assert_eq!(find(&a, "foundationone-cdx").unwrap().name, "F1CDX");
        assert_eq!(find(&a, "MSK-IMPACT").unwrap().region_mb, 1.22);
        assert_eq!(find(&a, "msk-impact341").unwrap().region_mb, 0.98);
        assert_eq!(find(&a, "MSK-IMPACT410").unwrap().region_mb, 1.06);
        assert_eq!(find(&a, "TSO500").unwrap().region_mb, 1.33);
        assert_eq!(find(&a, "WGS").unwrap().msi_region_mb, Some(2900.0));
        assert!(find(&a, "nope").is_none());
    }

    #[test]
    fn errors_name_line_and_column() {
        let t = format!(
            "# c\n{HEADER}A\t\t1.0\t\td\ts\nB\t\tx\t\td\ts\nC\t\t-1\t\td\ts\nD\t\t1\t\td\t\nE\tA\t1\t\td\ts\nF\t1\n"
        );
        let e = parse(&t, "assays.tsv").unwrap_err();
        assert_eq!(e.len(), 5, "{e:?}");
        assert_eq!((e[0].line, e[0].column), (4, 4));
        assert!(e[0].reason.contains("'x' is not a number"));
        assert_eq!((e[1].line, e[1].column), (5, 4));
        assert!(e[1].reason.contains("positive"));
        assert_eq!(e[2].line, 6);
        assert!(e[2].reason.contains("no source"));
        assert_eq!(e[3].line, 7);
        assert!(e[3].reason.contains("already used by assay 'A'"));
        assert_eq!(e[4].line, 8);
        assert_eq!(e[0].to_string(), "assays.tsv:4:4: region_mb: 'x' is not a number");
    }

    #[test]
    fn header_is_checked() {
        let e = parse("name\tregion_mb\n", "a.tsv").unwrap_err();
        assert_eq!((e[0].line, e[0].column), (1, 1));
        assert!(parse("# only comments\n", "a.tsv").is_err());
        let ok = parse(&format!("{HEADER}X\tY, Z\t2\t3\td\ts\r\n"), "a.tsv").unwrap();
        assert_eq!(ok[0].aliases, vec!["Y".to_string(), "Z".to_string()]);
        assert_eq!(ok[0].msi_region_mb, Some(3.0));
    }
}
