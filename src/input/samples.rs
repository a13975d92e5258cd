//! Which sample is the tumour and which the normal.
//!
//! Rules, first match wins (the report names the rule in `patient.sample_rule`):
//! 1. `cli` — `--sample` / `--normal` given on the command line.
//! 2. `mutect2_header` — `##tumor_sample=` / `##normal_sample=` header lines (GATK Mutect2, DRAGEN).
//! 3. `tumor_normal_columns` — columns named `TUMOR`/`NORMAL` (Strelka2, VarScan2, MuTect1, SomaticSniper…).
//! 4. `vardict_order` — VarDict paired output: tumour first, normal second.
//! 5. `name_pattern` — exactly one column whose name reads as tumour (`tumor`, `tumour`, `_T`, `-T`…) or normal.
//! 6. `single_sample` — one sample column: tumour-only.
//! 7. `assumed_last_sample` — anything else with ≥ 2 samples: last column taken as tumour, with a warning.

use crate::error::{Error, Result};
use crate::input::header::Header;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleChoice {
    pub tumor: Option<usize>,
    pub normal: Option<usize>,
    pub(crate) rule: &'static str,
    pub warning: Option<String>,
}

pub fn resolve(
    header: &Header,
    file: &Path,
    cli_tumor: Option<&str>,
    cli_normal: Option<&str>,
) -> Result<SampleChoice> {
    let names = &header.samples;
    if cli_tumor.is_some() || cli_normal.is_some() {
        return from_cli(names, file, cli_tumor, cli_normal);
    }
    if names.is_empty() {
        return Ok(SampleChoice {
            tumor: None,
            normal: None,
            rule: "no_samples",
            warning: Some("the VCF has no sample columns: depth and VAF come only from INFO tags, if any".into()),
        });
    }
    if let Some(c) = from_header(header) {
        return Ok(c);
    }
    Ok(from_names(names))
}

fn choice(tumor: usize, normal: Option<usize>, rule: &'static str) -> SampleChoice {
    SampleChoice {
        tumor: Some(tumor),
        normal,
        rule,
        warning: None,
    }
}

/// `--sample` / `--normal` given: both must name columns of the file.
fn from_cli(names: &[String], file: &Path, cli_tumor: Option<&str>, cli_normal: Option<&str>) -> Result<SampleChoice> {
    let find = |name: &str, what: &str| -> Result<usize> {
        names.iter().position(|s| s == name).ok_or_else(|| {
            Error::input(
                file,
                format!(
                    "{what} sample '{}' is not in the file; samples are: {}",
                    name,
                    if names.is_empty() {
                        "(none)".to_string()
                    } else {
                        names.join(", ")
                    }
                ),
            )
        })
    };
    let tumor = cli_tumor.map(|t| find(t, "--sample")).transpose()?;
    let normal = cli_normal.map(|n| find(n, "--normal")).transpose()?;
    let tumor = match tumor {
        Some(t) => Some(t),
        // --normal only: the tumour is the other sample of a pair.
        None => match (names.len(), normal) {
            (2, Some(n)) => Some(1 - n),
            _ => {
                return Err(Error::Usage(
                    "--normal needs --sample unless the file has exactly two samples".into(),
                ))
            }
        },
    };
    if tumor.is_some() && tumor == normal {
        return Err(Error::Usage("--sample and --normal name the same sample".into()));
    }
    Ok(SampleChoice {
        tumor,
        normal,
        rule: "cli",
        warning: None,
    })
}

/// What the header says: Mutect2's `##tumor_sample`, TUMOR/NORMAL columns, VarDict's order, one sample.
fn from_header(header: &Header) -> Option<SampleChoice> {
    let names = &header.samples;
    if let Some(t) = header.meta("tumor_sample") {
        if let Some(ti) = names.iter().position(|s| s == t) {
            let normal = header
                .meta("normal_sample")
                .and_then(|n| names.iter().position(|s| s == n));
            return Some(choice(ti, normal, "mutect2_header"));
        }
    }
    let upper: Vec<String> = names.iter().map(|s| s.to_ascii_uppercase()).collect();
    let ti = upper.iter().position(|s| s == "TUMOR" || s == "TUMOUR");
    let ni = upper.iter().position(|s| s == "NORMAL");
    if let Some(ti) = ti {
        return Some(choice(ti, ni, "tumor_normal_columns"));
    }
    let source = header.meta("source").unwrap_or("").to_ascii_lowercase();
    if names.len() == 2 && source.contains("vardict") {
        return Some(choice(0, Some(1), "vardict_order"));
    }
    if names.len() == 1 {
        return Some(choice(0, None, "single_sample"));
    }
    None
}

/// Sample-name patterns (`_T`, `tumour`, `normal`, …); else the last sample, with a warning.
fn from_names(names: &[String]) -> SampleChoice {
    let looks_tumor = |s: &str| {
        let l = s.to_ascii_lowercase();
        l.contains("tumor") || l.contains("tumour") || l.ends_with("_t") || l.ends_with("-t") || l.ends_with(".t")
    };
    let looks_normal = |s: &str| {
        let l = s.to_ascii_lowercase();
        l.contains("normal") || l.contains("germline") || l.ends_with("_n") || l.ends_with("-n") || l.ends_with(".n")
    };
    let tumors: Vec<usize> = (0..names.len()).filter(|&i| looks_tumor(&names[i])).collect();
    let normals: Vec<usize> = (0..names.len())
        .filter(|&i| looks_normal(&names[i]) && !looks_tumor(&names[i]))
        .collect();
    // Prefer DNA over RNA tumour columns (RADIA: DNA_NORMAL, DNA_TUMOR, RNA_TUMOR).
    let tumors: Vec<usize> = if tumors.len() > 1 {
        let dna: Vec<usize> = tumors
            .iter()
            .copied()
            .filter(|&i| !names[i].to_ascii_lowercase().contains("rna"))
            .collect();
        if dna.is_empty() {
            tumors
        } else {
            dna
        }
    } else {
        tumors
    };
    if tumors.len() == 1 {
        let normal = if normals.len() == 1 { Some(normals[0]) } else { None };
        return choice(tumors[0], normal, "name_pattern");
    }
    if names.len() == 2 && normals.len() == 1 {
        return choice(1 - normals[0], Some(normals[0]), "name_pattern");
    }
    let last = names.len() - 1;
    let normal = if names.len() == 2 { Some(0) } else { None };
    SampleChoice {
        tumor: Some(last),
        normal,
        rule: "assumed_last_sample",
        warning: Some(format!(
            "could not tell tumour from normal among samples {}; assumed the last ('{}') is the tumour — use --sample/--normal to be sure",
            names.join(", "),
            names[last]
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(samples: &[&str], other: &[(&str, &str)]) -> Header {
        Header {
            samples: samples.iter().map(|s| s.to_string()).collect(),
            other: other.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn rules() {
        let p = Path::new("x.vcf");
        let r = resolve(
            &h(&["N1", "T1"], &[("tumor_sample", "T1"), ("normal_sample", "N1")]),
            p,
            None,
            None,
        )
        .unwrap();
        assert_eq!((r.tumor, r.normal, r.rule), (Some(1), Some(0), "mutect2_header"));
        let r = resolve(&h(&["NORMAL", "TUMOR"], &[]), p, None, None).unwrap();
        assert_eq!((r.tumor, r.normal, r.rule), (Some(1), Some(0), "tumor_normal_columns"));
        let r = resolve(&h(&["a", "b"], &[("source", "VarDict_v1.8")]), p, None, None).unwrap();
        assert_eq!((r.tumor, r.normal, r.rule), (Some(0), Some(1), "vardict_order"));
        let r = resolve(&h(&["S1"], &[]), p, None, None).unwrap();
        assert_eq!((r.tumor, r.normal, r.rule), (Some(0), None, "single_sample"));
        let r = resolve(&h(&["P1_blood_normal", "P1_met"], &[]), p, None, None).unwrap();
        assert_eq!((r.tumor, r.normal, r.rule), (Some(1), Some(0), "name_pattern"));
        let r = resolve(&h(&["DNA_NORMAL", "DNA_TUMOR", "RNA_TUMOR"], &[]), p, None, None).unwrap();
        assert_eq!((r.tumor, r.normal, r.rule), (Some(1), Some(0), "name_pattern"));
        let r = resolve(&h(&["x", "y"], &[]), p, None, None).unwrap();
        assert_eq!((r.tumor, r.rule), (Some(1), "assumed_last_sample"));
        assert!(r.warning.is_some());
        let r = resolve(&h(&["x", "y"], &[]), p, Some("x"), None).unwrap();
        assert_eq!((r.tumor, r.normal, r.rule), (Some(0), None, "cli"));
        let e = resolve(&h(&["x", "y"], &[]), p, Some("z"), None).unwrap_err();
        assert!(e.to_string().contains("'z' is not in the file"), "{e}");
    }
}
