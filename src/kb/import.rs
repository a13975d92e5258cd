//! `oncoprofile kb import SOURCE FILE… --out DIR [--base DIR]`: build a complete
//! knowledge-base directory from the base (embedded, or `--base`) plus rows
//! imported from a user's copy of a public resource:
//!
//! - `cancerhotspots`: the Cancer Hotspots v2 allele tables (GRCh37 and/or
//!   GRCh38; headerless TSV: chrom, pos, ref, alt, gene, class, protein change,
//!   …). SNV/MNV missense and nonsense alleles become `exact` rows of
//!   `hotspots.imported.tsv` (both builds when both tables are given), plus one
//!   `codon` row per missense residue. Indel rows are skipped: their alleles are
//!   MAF-style (`-`) without the VCF padding base, and their protein labels are
//!   unreliable.
//! - `intogen`: `Compendium_Cancer_Genes.tsv`; genes not in the base become
//!   rows of `genes.imported.tsv` (role from ROLE: Act → oncogene, LoF →
//!   tumor_suppressor, ambiguous → both).
//! - `civic`: handled by [`crate::kb::therapies::import_civic`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::{
    parse_simple_change, GenomicSpec, KnowledgeBase, GENES_HEADER, HOTSPOTS_HEADER, IMPORTED_GENES, IMPORTED_HOTSPOTS,
    REQUIRED_FILES,
};
use crate::input::GenomeBuild;
use crate::Error;

pub const CANCER_HOTSPOTS_SOURCE: &str = "Cancer Hotspots v2 (Chang et al. 2018, PMID 29247016)";
pub const INTOGEN_SOURCE: &str = "IntOGen Compendium 2020-02-02";

/// `source` is `cancerhotspots`, `intogen` or `civic`. Writes a complete knowledge-base
/// directory to `out`: the base (embedded, or `base`) plus the imported rows.
/// Returns a one-paragraph summary for the user.
pub fn import(source: &str, files: &[PathBuf], base: Option<&Path>, out: &Path) -> Result<String, Error> {
    let source = source.to_ascii_lowercase();
    if !matches!(source.as_str(), "cancerhotspots" | "intogen" | "civic") {
        return Err(Error::Usage(format!(
            "unknown import source {source:?} (expected cancerhotspots, intogen or civic)"
        )));
    }
    if files.is_empty() {
        return Err(Error::Usage(format!("kb import {source}: no input file given")));
    }
    for f in files {
        if !f.is_file() {
            return Err(Error::io(f, "no such file"));
        }
    }
    let base_kb = write_base(base, out)?;
    let summary = match source.as_str() {
        "cancerhotspots" => import_cancerhotspots(files, &base_kb, out)?,
        "intogen" => import_intogen(files, &base_kb, out)?,
        _ => crate::kb::therapies::import_civic(files, out)?,
    };
    bump_version(out, &base_kb.version, &source)?;
    let kb = KnowledgeBase::load_dir(out).map_err(|errs| {
        let first: Vec<String> = errs.iter().take(5).map(|e| e.to_string()).collect();
        Error::Kb(format!(
            "the imported knowledge base in {} is invalid ({} error(s)): {}",
            out.display(),
            errs.len(),
            first.join("; ")
        ))
    })?;
    Ok(format!(
        "{summary}\nknowledge base written to {} (version {}); use it with --annotations {}",
        out.display(),
        kb.version,
        out.display()
    ))
}

/// Copy the base files into `out` and return the base knowledge base.
fn write_base(base: Option<&Path>, out: &Path) -> Result<KnowledgeBase, Error> {
    std::fs::create_dir_all(out).map_err(|e| Error::Output {
        file: out.to_path_buf(),
        reason: e.to_string(),
    })?;
    let out_err = |e: std::io::Error| Error::Output {
        file: out.to_path_buf(),
        reason: e.to_string(),
    };
    match base {
        None => {
            KnowledgeBase::write_embedded_files(out).map_err(out_err)?;
            KnowledgeBase::embedded().map_err(|e| Error::Kb(format!("embedded knowledge base invalid: {e:?}")))
        }
        Some(dir) => {
            let kb = KnowledgeBase::load_dir(dir).map_err(|errs| {
                let first: Vec<String> = errs.iter().take(5).map(|e| e.to_string()).collect();
                Error::Kb(format!("--base {}: {}", dir.display(), first.join("; ")))
            })?;
            let same = std::fs::canonicalize(dir).ok() == std::fs::canonicalize(out).ok();
            if !same {
                for name in REQUIRED_FILES.iter().chain([IMPORTED_GENES, IMPORTED_HOTSPOTS].iter()) {
                    let from = dir.join(name);
                    if from.exists() {
                        std::fs::copy(&from, out.join(name)).map_err(out_err)?;
                    }
                }
            }
            Ok(kb)
        }
    }
}

fn bump_version(out: &Path, base_version: &str, source: &str) -> Result<(), Error> {
    let tag = format!("imported.{source}");
    let v = if base_version.contains(&tag) {
        base_version.to_string()
    } else if base_version.contains('+') {
        format!("{base_version}.{tag}")
    } else {
        format!("{base_version}+{tag}")
    };
    let path = out.join("VERSION");
    std::fs::write(&path, format!("{v}\n")).map_err(|e| Error::Output {
        file: path,
        reason: e.to_string(),
    })
}

/// Read an existing imported file's data lines (without header), if present.
fn existing_rows(path: &Path, header: &[&str]) -> Result<Vec<String>, Error> {
    if !path.exists() {
        return Ok(vec![]);
    }
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let h = header.join("\t");
    Ok(text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && *l != h)
        .map(str::to_string)
        .collect())
}

fn write_rows(path: &Path, header: &[&str], comment: &str, rows: &[String]) -> Result<(), Error> {
    let mut s = format!("# {comment}\n{}\n", header.join("\t"));
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    std::fs::write(path, s).map_err(|e| Error::Output {
        file: path.to_path_buf(),
        reason: e.to_string(),
    })
}

/// One allele row of a Cancer Hotspots table.
#[derive(Debug, Clone)]
struct ChRow {
    chrom: String,
    pos: u64,
    ref_allele: String,
    alt: String,
    gene: String,
    class: String,
    change: String,
}

fn read_cancerhotspots(path: &Path) -> Result<(Vec<ChRow>, usize), Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut rows = Vec::new();
    let mut skipped = 0;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 7 {
            return Err(Error::at_line(
                path,
                i as u64 + 1,
                format!(
                    "expected ≥ 7 tab-separated columns (chrom, pos, ref, alt, gene, class, protein change), found {}",
                    f.len()
                ),
            ));
        }
        let Ok(pos) = f[1].trim().parse::<u64>() else {
            // A header line (e.g. `Chromosome Start_Position …`) is skipped.
            if i == 0 {
                continue;
            }
            return Err(Error::at_line(
                path,
                i as u64 + 1,
                format!("invalid position {:?}", f[1]),
            ));
        };
        let (r, a) = (f[2].trim().to_ascii_uppercase(), f[3].trim().to_ascii_uppercase());
        let ok_allele = |s: &str| !s.is_empty() && s.chars().all(|c| matches!(c, 'A' | 'C' | 'G' | 'T'));
        if !ok_allele(&r) || !ok_allele(&a) || r.len() != a.len() {
            skipped += 1;
            continue;
        }
        rows.push(ChRow {
            chrom: crate::model::normalise_chrom(f[0].trim()).to_string(),
            pos,
            ref_allele: r,
            alt: a,
            gene: f[4].trim().to_string(),
            class: f[5].trim().to_string(),
            change: f[6].trim().trim_start_matches("p.").to_string(),
        });
    }
    Ok((rows, skipped))
}

/// The build of a Cancer Hotspots table: from the file name, else by
/// matching its alleles against the base's curated hotspot alleles.
fn detect_build(path: &Path, rows: &[ChRow], kb: &KnowledgeBase) -> Result<GenomeBuild, Error> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let has37 = ["grch37", "hg19", "b37"].iter().any(|k| name.contains(k));
    let has38 = ["grch38", "hg38", "b38"].iter().any(|k| name.contains(k));
    if has37 != has38 {
        return Ok(if has37 {
            GenomeBuild::GRCh37
        } else {
            GenomeBuild::GRCh38
        });
    }
    let mut n37 = 0usize;
    let mut n38 = 0usize;
    for r in rows {
        if !kb
            .hotspots_by_allele(GenomeBuild::GRCh37, &r.chrom, r.pos, &r.ref_allele, &r.alt)
            .is_empty()
        {
            n37 += 1;
        }
        if !kb
            .hotspots_by_allele(GenomeBuild::GRCh38, &r.chrom, r.pos, &r.ref_allele, &r.alt)
            .is_empty()
        {
            n38 += 1;
        }
    }
    match n37.cmp(&n38) {
        std::cmp::Ordering::Greater => Ok(GenomeBuild::GRCh37),
        std::cmp::Ordering::Less => Ok(GenomeBuild::GRCh38),
        std::cmp::Ordering::Equal => Err(Error::input(
            path,
            "cannot tell the genome build (name the file with GRCh37/GRCh38, or check it is a Cancer Hotspots allele table)",
        )),
    }
}

fn import_cancerhotspots(files: &[PathBuf], kb: &KnowledgeBase, out: &Path) -> Result<String, Error> {
    let mut per_build: BTreeMap<&'static str, Vec<ChRow>> = BTreeMap::new();
    let mut skipped = 0;
    for f in files {
        let (rows, s) = read_cancerhotspots(f)?;
        skipped += s;
        let b = detect_build(f, &rows, kb)?;
        let key = b.as_str();
        if per_build.contains_key(key) {
            return Err(Error::Usage(format!(
                "two {key} tables given; give at most one per build"
            )));
        }
        per_build.insert(key, rows);
    }
    // Pair alleles across builds by (gene, change, ref, alt, occurrence).
    type Key = (String, String, String, String, usize);
    let keyed = |rows: &[ChRow]| -> BTreeMap<Key, ChRow> {
        let mut count: BTreeMap<(String, String, String, String), usize> = BTreeMap::new();
        let mut m = BTreeMap::new();
        for r in rows {
            let k = (r.gene.clone(), r.change.clone(), r.ref_allele.clone(), r.alt.clone());
            let n = count.entry(k.clone()).or_insert(0);
            m.insert((k.0, k.1, k.2, k.3, *n), r.clone());
            *n += 1;
        }
        m
    };
    let k37 = per_build.get("GRCh37").map(|r| keyed(r)).unwrap_or_default();
    let k38 = per_build.get("GRCh38").map(|r| keyed(r)).unwrap_or_default();
    let keys: BTreeSet<&Key> = k37.keys().chain(k38.keys()).collect();
    let mut rows: BTreeSet<String> = existing_rows(&out.join(IMPORTED_HOTSPOTS), HOTSPOTS_HEADER)?
        .into_iter()
        .collect();
    let before = rows.len();
    let mut codons: BTreeSet<(String, char, u32)> = BTreeSet::new();
    let (mut both, mut one, mut unusable) = (0usize, 0usize, 0usize);
    let coord = |r: Option<&ChRow>| {
        r.map(|r| format!("{}:{}:{}:{}", r.chrom, r.pos, r.ref_allele, r.alt))
            .unwrap_or_else(|| ".".into())
    };
    for k in keys {
        let (a, b) = (k37.get(k), k38.get(k));
        let Some(any) = a.or(b) else { continue };
        let class = match any.class.as_str() {
            "Missense_Mutation" => "missense",
            "Nonsense_Mutation" => "nonsense",
            _ => {
                unusable += 1;
                continue;
            }
        };
        let Some((r, p, alt)) = parse_simple_change(&any.change) else {
            unusable += 1;
            continue;
        };
        if (class == "nonsense") != (alt == '*') || !is_gene_symbol(&any.gene) {
            unusable += 1;
            continue;
        }
        if a.is_some() && b.is_some() {
            both += 1;
        } else {
            one += 1;
        }
        let label = format!("{} {}{}", any.gene, r, p);
        rows.insert(
            [
                any.gene.as_str(),
                &label,
                "exact",
                &p.to_string(),
                &p.to_string(),
                &r.to_string(),
                &any.change,
                class,
                ".",
                "likely_oncogenic",
                &coord(a),
                &coord(b),
                CANCER_HOTSPOTS_SOURCE,
            ]
            .join("\t"),
        );
        if class == "missense" {
            codons.insert((any.gene.clone(), r, p));
        }
    }
    for (g, r, p) in &codons {
        rows.insert(
            [
                g.as_str(),
                &format!("{g} {r}{p}"),
                "codon",
                &p.to_string(),
                &p.to_string(),
                &r.to_string(),
                ".",
                "missense",
                ".",
                "likely_oncogenic",
                ".",
                ".",
                CANCER_HOTSPOTS_SOURCE,
            ]
            .join("\t"),
        );
    }
    let rows: Vec<String> = rows.into_iter().collect();
    write_rows(
        &out.join(IMPORTED_HOTSPOTS),
        HOTSPOTS_HEADER,
        &format!("Imported by oncoprofile kb import cancerhotspots from {CANCER_HOTSPOTS_SOURCE}"),
        &rows,
    )?;
    let builds: Vec<&str> = per_build.keys().copied().collect();
    Ok(format!(
        "cancerhotspots ({}): {} allele rows ({} on both builds, {} on one build) and {} residue rows; {} new rows in {}; skipped {} indel row(s) over the tables (MAF-style alleles without padding base) and {} unusable row(s)",
        builds.join(" + "),
        both + one,
        both,
        one,
        codons.len(),
        rows.len().saturating_sub(before),
        IMPORTED_HOTSPOTS,
        skipped,
        unusable
    ))
}

fn is_gene_symbol(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_')
}

fn import_intogen(files: &[PathBuf], kb: &KnowledgeBase, out: &Path) -> Result<String, Error> {
    // symbol → (role, cancer types)
    let mut genes: BTreeMap<String, (String, BTreeSet<String>)> = BTreeMap::new();
    let mut ambiguous_roles = 0usize;
    for path in files {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
        let Some((hline, header)) = lines.next() else {
            return Err(Error::input(path, "empty file"));
        };
        let h: Vec<&str> = header
            .trim_start_matches('\u{feff}')
            .split('\t')
            .map(str::trim)
            .collect();
        let col = |name: &str| h.iter().position(|x| *x == name);
        let (Some(ci_sym), Some(ci_role)) = (col("SYMBOL"), col("ROLE")) else {
            return Err(Error::at_line(
                path,
                hline as u64 + 1,
                "not an IntOGen compendium: the header needs SYMBOL and ROLE columns",
            ));
        };
        let ci_ct = col("CANCER_TYPE");
        for (i, l) in lines {
            let f: Vec<&str> = l.split('\t').collect();
            let (Some(sym), Some(role)) = (f.get(ci_sym), f.get(ci_role)) else {
                return Err(Error::at_line(path, i as u64 + 1, "too few columns"));
            };
            let sym = sym.trim();
            if !is_gene_symbol(sym) {
                return Err(Error::at_line(
                    path,
                    i as u64 + 1,
                    format!("invalid gene symbol {sym:?}"),
                ));
            }
            let role = match role.trim() {
                "Act" => "oncogene",
                "LoF" => "tumor_suppressor",
                "ambiguous" | "amb" => "both",
                "" => continue,
                other => {
                    return Err(Error::at_line(
                        path,
                        i as u64 + 1,
                        format!("unknown ROLE {other:?} (Act, LoF, ambiguous)"),
                    ))
                }
            };
            let e = genes
                .entry(sym.to_string())
                .or_insert_with(|| (role.to_string(), BTreeSet::new()));
            if e.0 != role {
                ambiguous_roles += 1;
                e.0 = "both".into();
            }
            if let Some(ct) = ci_ct.and_then(|c| f.get(c)) {
                if !ct.trim().is_empty() {
                    e.1.insert(ct.trim().to_string());
                }
            }
        }
    }
    let path = out.join(IMPORTED_GENES);
    let mut rows: BTreeMap<String, String> = existing_rows(&path, GENES_HEADER)?
        .into_iter()
        .map(|l| (l.split('\t').next().unwrap_or_default().to_string(), l))
        .collect();
    let before = rows.len();
    let mut in_base = 0usize;
    for (sym, (role, _types)) in &genes {
        if kb.gene(sym).is_some() {
            in_base += 1;
            continue;
        }
        rows.entry(sym.clone())
            .or_insert_with(|| [sym.as_str(), ".", role, "no", "other", ".", ".", INTOGEN_SOURCE].join("\t"));
    }
    let lines: Vec<String> = rows.into_values().collect();
    write_rows(
        &path,
        GENES_HEADER,
        &format!("Imported by oncoprofile kb import intogen from the {INTOGEN_SOURCE} (role: Act → oncogene, LoF → tumor_suppressor, ambiguous → both)"),
        &lines,
    )?;
    Ok(format!(
        "intogen: {} driver genes read; {} already in the base (curated rows kept); {} new rows in {}{}",
        genes.len(),
        in_base,
        lines.len().saturating_sub(before),
        IMPORTED_GENES,
        if ambiguous_roles > 0 {
            format!("; {ambiguous_roles} conflicting role row(s) set to both")
        } else {
            String::new()
        }
    ))
}

/// For tests and tools: the genomic allele of an exact row on a build.
pub fn allele_of(spec: &GenomicSpec) -> Option<(String, u64, String, String)> {
    match spec {
        GenomicSpec::Allele(a) => Some((a.chrom.clone(), a.pos, a.ref_allele.clone(), a.alt.clone())),
        _ => None,
    }
}
