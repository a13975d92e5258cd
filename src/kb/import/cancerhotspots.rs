//! `oncoprofile kb import cancerhotspots`: Cancer Hotspots v2 allele tables → `hotspots.imported.tsv`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::{existing_rows, is_gene_symbol, write_rows};
use crate::genome::GenomeBuild;
use crate::kb::hotspots::{parse_simple_change, HOTSPOTS_HEADER};
use crate::kb::{KnowledgeBase, IMPORTED_HOTSPOTS};
use crate::Error;

const CANCER_HOTSPOTS_SOURCE: &str = "Cancer Hotspots v2 (Chang et al. 2018, PMID 29247016)";

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
    let text = crate::lines::read_to_string(path).map_err(|e| Error::io(path, e))?;
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
            chrom: crate::genome::normalise_chrom(f[0].trim()).to_string(),
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

pub(super) fn import_cancerhotspots(files: &[PathBuf], kb: &KnowledgeBase, out: &Path) -> Result<String, Error> {
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
    let k37 = per_build.get("GRCh37").map(|r| keyed(r)).unwrap_or_default();
    let k38 = per_build.get("GRCh38").map(|r| keyed(r)).unwrap_or_default();
    let mut rows: BTreeSet<String> = existing_rows(&out.join(IMPORTED_HOTSPOTS), HOTSPOTS_HEADER)?
        .into_iter()
        .collect();
    let before = rows.len();
    let mut codons: BTreeSet<(String, char, u32)> = BTreeSet::new();
    let (both, one, unusable) = exact_rows(&k37, &k38, &mut rows, &mut codons);
    for (g, r, p) in &codons {
        rows.insert(hotspot_line(
            g,
            &format!("{g} {r}{p}"),
            "codon",
            *p,
            *r,
            ".",
            "missense",
            ".",
            ".",
        ));
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

/// (gene, change, ref, alt, occurrence): pairs an allele across builds.
type Key = (String, String, String, String, usize);

/// Key the rows of one build so that alleles pair across builds.
fn keyed(rows: &[ChRow]) -> BTreeMap<Key, ChRow> {
    let mut count: BTreeMap<(String, String, String, String), usize> = BTreeMap::new();
    let mut m = BTreeMap::new();
    for r in rows {
        let k = (r.gene.clone(), r.change.clone(), r.ref_allele.clone(), r.alt.clone());
        let n = count.entry(k.clone()).or_insert(0);
        m.insert((k.0, k.1, k.2, k.3, *n), r.clone());
        *n += 1;
    }
    m
}

/// One `hotspots.imported.tsv` line (likely_oncogenic, no biomarker class).
#[allow(clippy::too_many_arguments)]
fn hotspot_line(
    gene: &str,
    label: &str,
    kind: &str,
    pos: u32,
    ref_aa: char,
    change: &str,
    class: &str,
    grch37: &str,
    grch38: &str,
) -> String {
    [
        gene,
        label,
        kind,
        &pos.to_string(),
        &pos.to_string(),
        &ref_aa.to_string(),
        change,
        class,
        ".",
        "likely_oncogenic",
        grch37,
        grch38,
        CANCER_HOTSPOTS_SOURCE,
    ]
    .join("\t")
}

/// Add the exact rows (and note the missense codons); returns (on both builds, on one, unusable).
fn exact_rows(
    k37: &BTreeMap<Key, ChRow>,
    k38: &BTreeMap<Key, ChRow>,
    rows: &mut BTreeSet<String>,
    codons: &mut BTreeSet<(String, char, u32)>,
) -> (usize, usize, usize) {
    let (mut both, mut one, mut unusable) = (0usize, 0usize, 0usize);
    let coord = |r: Option<&ChRow>| {
        r.map(|r| format!("{}:{}:{}:{}", r.chrom, r.pos, r.ref_allele, r.alt))
            .unwrap_or_else(|| ".".into())
    };
    let keys: BTreeSet<&Key> = k37.keys().chain(k38.keys()).collect();
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
        rows.insert(hotspot_line(
            &any.gene,
            &label,
            "exact",
            p,
            r,
            &any.change,
            class,
            &coord(a),
            &coord(b),
        ));
        if class == "missense" {
            codons.insert((any.gene.clone(), r, p));
        }
    }
    (both, one, unusable)
}
