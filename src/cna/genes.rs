//! Gene-level formats → [`GeneLevel`] records: cBioPortal's discrete matrix and long format
//! (GISTIC −2…2, or OncoKB's words), and PURPLE's gene copy-number table.

use super::detect::CnaFormat;
use super::error::CnaError;
use super::table::{Row, Table};
use super::GeneLevel;

/// A GISTIC value (−2…2) from a number or OncoKB's words (`Amplification`, `Deletion`, …).
fn gistic(t: &Table, row: &Row, col: usize) -> Result<Option<i8>, CnaError> {
    let v = t.text(row, col);
    let word = match v.to_ascii_lowercase().as_str() {
        "" | "na" | "nan" | "." => return Ok(None),
        "amplification" | "amp" => Some(2),
        "gain" => Some(1),
        "loss" | "hetloss" | "shallowdeletion" => Some(-1),
        "deletion" | "homdel" | "deepdeletion" => Some(-2),
        _ => None,
    };
    if word.is_some() {
        return Ok(word);
    }
    match v.parse::<f64>() {
        Ok(x) if (-2.0..=2.0).contains(&x) && x.fract() == 0.0 => Ok(Some(x as i8)),
        _ => Err(t.field_err(row, col, format!("`{v}` is not a GISTIC value (-2, -1, 0, 1, 2)"))),
    }
}

/// The gene-level records of one sample. `sample_col`: the matrix column of the sample
/// (discrete format); the long format's rows are already narrowed to the sample.
pub fn read(
    t: &Table,
    rows: &[&Row],
    format: CnaFormat,
    sample_col: Option<usize>,
) -> Result<Vec<GeneLevel>, CnaError> {
    let mut out = Vec::with_capacity(rows.len());
    match format {
        CnaFormat::CbioDiscrete | CnaFormat::CbioLong => {
            let gene = t.need(&["Hugo_Symbol"])?;
            let value = match (format, sample_col) {
                (CnaFormat::CbioDiscrete, Some(c)) => c,
                _ => t.need(&["Copy_Number_Alteration"])?,
            };
            for row in rows {
                let g = t.text(row, gene);
                if g.is_empty() {
                    return Err(t.field_err(row, gene, "empty gene symbol"));
                }
                if let Some(v) = gistic(t, row, value)? {
                    out.push(GeneLevel {
                        gene: g.to_string(),
                        gistic: Some(v),
                        min_cn: None,
                        max_cn: None,
                        minor_cn: None,
                        line: row.line,
                    });
                }
            }
        }
        CnaFormat::PurpleGene => {
            let gene = t.need(&["gene"])?;
            let (min, max) = (t.need(&["minCopyNumber"])?, t.need(&["maxCopyNumber"])?);
            let minor = t.col(&["minMinorAlleleCopyNumber", "minMinorAlleleCopyNumber"]);
            for row in rows {
                out.push(GeneLevel {
                    gene: t.text(row, gene).to_string(),
                    gistic: None,
                    min_cn: Some(t.num(row, min)?.max(0.0)),
                    max_cn: Some(t.num(row, max)?.max(0.0)),
                    minor_cn: t.opt_num(row, minor)?.map(|v| v.max(0.0)),
                    line: row.line,
                });
            }
        }
        _ => {
            return Err(CnaError::File {
                file: t.file.clone(),
                reason: "internal: a segment format read as genes".into(),
            })
        }
    }
    Ok(out)
}
