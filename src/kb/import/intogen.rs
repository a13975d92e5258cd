//! `oncoprofile kb import intogen`: the IntOGen compendium → `genes.imported.tsv`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::{existing_rows, is_gene_symbol, write_rows};
use crate::kb::genes::GENES_HEADER;
use crate::kb::{KnowledgeBase, IMPORTED_GENES};
use crate::Error;

const INTOGEN_SOURCE: &str = "IntOGen Compendium 2020-02-02";

/// symbol → (role, cancer types)
type Genes = BTreeMap<String, (String, BTreeSet<String>)>;

pub(super) fn import_intogen(files: &[PathBuf], kb: &KnowledgeBase, out: &Path) -> Result<String, Error> {
    // symbol → (role, cancer types)
    let mut genes: Genes = BTreeMap::new();
    let mut ambiguous_roles = 0usize;
    for path in files {
        read_intogen(path, &mut genes, &mut ambiguous_roles)?;
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
        rows.entry(sym.clone()).or_insert_with(|| {
            [
                sym.as_str(),
                ".",
                role,
                "no",
                "other",
                ".",
                ".",
                INTOGEN_SOURCE,
                ".",
                ".",
            ]
            .join("\t")
        });
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

/// Add the driver genes of one compendium file to `genes`.
fn read_intogen(path: &Path, genes: &mut Genes, ambiguous_roles: &mut usize) -> Result<(), Error> {
    let text = crate::lines::read_to_string(path).map_err(|e| Error::io(path, e))?;
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
            *ambiguous_roles += 1;
            e.0 = "both".into();
        }
        if let Some(ct) = ci_ct.and_then(|c| f.get(c)) {
            if !ct.trim().is_empty() {
                e.1.insert(ct.trim().to_string());
            }
        }
    }
    Ok(())
}
