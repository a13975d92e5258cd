//! MAF rows without `HGVSp` go through our consequence engine with `--gene-models`/`--reference`,
//! as unannotated VCF records do, and get the protein change the MAF's own VEP run gave.
//!
//! The rows are vcf2maf's GRCh38 test MAF (`../shared/data/vcf/vcf2maf/test_b38_output.maf`):
//! its coding SNVs with an `HGVSp_Short`. No genome or gene models come with it, so the test
//! writes a synthetic genome and GFF3 in which each MAF transcript is laid out from its rows'
//! `HGVSc` (strand from the reference base, one exon per `c.`/genomic offset, the codon of each
//! row chosen to encode the row's reference and alternate residues); the contig is compacted
//! (transcripts kept apart by 1 kb instead of megabases). Indels are left out: their `fs*N` needs
//! the real downstream sequence. The MAF given to `report` has the `HGVSp` columns removed; the
//! engine's protein change must equal the removed `HGVSp_Short` on every row.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

const CODE: &[u8; 64] = b"FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG";

fn idx(b: u8) -> usize {
    match b {
        b'T' => 0,
        b'C' => 1,
        b'A' => 2,
        _ => 3,
    }
}

fn aa(codon: &[u8]) -> u8 {
    CODE[idx(codon[0]) * 16 + idx(codon[1]) * 4 + idx(codon[2])]
}

fn comp(b: u8) -> u8 {
    match b {
        b'A' => b'T',
        b'T' => b'A',
        b'C' => b'G',
        _ => b'C',
    }
}

/// A codon with `r` at `phase` encoding `ref_aa`, and `alt_aa` when `r` becomes `a`.
fn solve(phase: usize, r: u8, a: u8, ref_aa: u8, alt_aa: u8) -> Option<[u8; 3]> {
    let bases = *b"TCAG";
    for x in bases {
        for y in bases {
            for z in bases {
                let mut c = [x, y, z];
                if c[phase] != r || aa(&c) != ref_aa {
                    continue;
                }
                c[phase] = a;
                if aa(&c) == alt_aa {
                    c[phase] = r;
                    return Some(c);
                }
            }
        }
    }
    None
}

/// One selected MAF row.
#[derive(Clone)]
struct Row {
    cells: Vec<String>,
    gene: String,
    pos: u64,
    c: u64,
    ref_t: u8,
    alt_t: u8,
    hgvsp: String,
}

/// One transcript laid out: its exons (genomic, ascending) and CDS bases (transcript order).
struct Tx {
    id: String,
    gene: String,
    plus: bool,
    /// (c start, c end, offset K): genomic = K + c (plus) or K - c (minus).
    exons: Vec<(u64, u64, i64)>,
    cds: Vec<u8>,
    rows: Vec<Row>,
}

impl Tx {
    fn genomic(&self, c: u64, k: i64) -> u64 {
        if self.plus {
            (k + c as i64) as u64
        } else {
            (k - c as i64) as u64
        }
    }
    fn span(&self) -> (u64, u64) {
        let ends: Vec<u64> = self
            .exons
            .iter()
            .flat_map(|&(s, e, k)| [self.genomic(s, k), self.genomic(e, k)])
            .collect();
        (*ends.iter().min().unwrap(), *ends.iter().max().unwrap())
    }
}

fn parse_change(hgvsc: &str, hgvsp: &str) -> Option<(u64, u8, u8, u8, u8)> {
    let body = hgvsc.strip_prefix("c.")?;
    let digits: String = body.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = &body[digits.len()..];
    let b = rest.as_bytes();
    if b.len() != 3 || b[1] != b'>' {
        return None;
    }
    let p = hgvsp.strip_prefix("p.")?.as_bytes();
    let (ref_aa, alt_aa) = (p[0], *p.last()?);
    let alt_aa = if alt_aa == b'=' { ref_aa } else { alt_aa };
    if !(ref_aa.is_ascii_uppercase() || ref_aa == b'*') || !(alt_aa.is_ascii_uppercase() || alt_aa == b'*') {
        return None;
    }
    Some((digits.parse().ok()?, b[0], b[2], ref_aa, alt_aa))
}

/// Lay out one transcript from its rows, or None when the rows do not fit one layout.
fn layout(id: &str, rows: Vec<Row>, plus: bool, rng: &mut u64) -> Option<Tx> {
    let mut rows = rows;
    rows.sort_by_key(|r| r.c);
    let k_of = |r: &Row| {
        if plus {
            r.pos as i64 - r.c as i64
        } else {
            r.pos as i64 + r.c as i64
        }
    };
    let codon_start = |c: u64| (c - 1) / 3 * 3 + 1;
    let mut groups: Vec<(u64, u64, i64)> = vec![];
    for r in &rows {
        let k = k_of(r);
        match groups.last_mut() {
            Some(g) if g.2 == k => g.1 = r.c,
            _ => groups.push((r.c, r.c, k)),
        }
    }
    let mut exons = vec![];
    let mut start = 1;
    for (i, g) in groups.iter().enumerate() {
        if codon_start(g.0) < start || codon_start(g.0) == 1 {
            return None;
        }
        let end = codon_start(g.1) + 2 + if i + 1 == groups.len() { 3 } else { 0 };
        if let Some(next) = groups.get(i + 1) {
            // Introns go forward on the genome.
            if (plus && next.2 <= g.2) || (!plus && next.2 >= g.2) || codon_start(next.0) <= end {
                return None;
            }
        }
        exons.push((start, end, g.2));
        start = end + 1;
    }
    let len = start - 1;
    let mut next = || {
        *rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        b"ACGT"[(*rng >> 33) as usize % 4]
    };
    let mut cds = b"ATG".to_vec();
    while (cds.len() as u64) < len - 3 {
        let c = [next(), next(), next()];
        if aa(&c) != b'*' {
            cds.extend(c);
        }
    }
    cds.extend(b"TAA");
    for r in &rows {
        let s = codon_start(r.c) as usize - 1;
        let (_, _, _, ref_aa, alt_aa) =
            parse_change(&format!("c.{}{}>{}", r.c, r.ref_t as char, r.alt_t as char), &r.hgvsp)?;
        let codon = solve((r.c as usize - 1) % 3, r.ref_t, r.alt_t, ref_aa, alt_aa)?;
        cds[s..s + 3].copy_from_slice(&codon);
    }
    Some(Tx {
        id: id.to_string(),
        gene: rows[0].gene.clone(),
        plus,
        exons,
        cds,
        rows,
    })
}

#[test]
fn maf_rows_without_hgvsp_get_the_engines_protein_change() {
    let Some(path) = common::shared("vcf/vcf2maf/test_b38_output.maf") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).unwrap_or_else(|| panic!("{n}"));
    let (hugo, chrom, start, vtype, refc, alt2, hgvsc, hgvsp, tx) = (
        col("Hugo_Symbol"),
        col("Chromosome"),
        col("Start_Position"),
        col("Variant_Type"),
        col("Reference_Allele"),
        col("Tumor_Seq_Allele2"),
        col("HGVSc"),
        col("HGVSp_Short"),
        col("Transcript_ID"),
    );
    let mut by_tx: BTreeMap<(String, bool), Vec<Row>> = BTreeMap::new();
    for l in lines {
        let f: Vec<String> = l.split('\t').map(str::to_string).collect();
        if f[vtype] != "SNP" || f[chrom] != "21" {
            continue;
        }
        let Some((c, ref_t, alt_t, _, _)) = parse_change(&f[hgvsc], &f[hgvsp]) else {
            continue;
        };
        let g_ref = f[refc].as_bytes()[0];
        let plus = g_ref == ref_t;
        assert!(plus || comp(g_ref) == ref_t, "{l}");
        let g_alt = f[alt2].as_bytes()[0];
        assert_eq!(if plus { g_alt } else { comp(g_alt) }, alt_t, "{l}");
        let row = Row {
            gene: f[hugo].clone(),
            pos: f[start].parse().unwrap(),
            c,
            ref_t,
            alt_t,
            hgvsp: f[hgvsp].clone(),
            cells: f.clone(),
        };
        by_tx.entry((f[tx].clone(), plus)).or_default().push(row);
    }
    let mut rng = 7u64;
    let mut txs: Vec<Tx> = by_tx
        .into_iter()
        .filter_map(|((id, plus), rows)| layout(&id, rows, plus, &mut rng))
        .collect();
    txs.sort_by_key(|t| t.span().0);
    // Overlapping transcripts would compete for the pick: keep the first.
    let mut kept: Vec<Tx> = vec![];
    for t in txs {
        if kept.last().is_none_or(|p| p.span().1 + 1000 < t.span().0) {
            kept.push(t);
        }
    }
    assert!(kept.len() >= 8, "{} transcripts laid out", kept.len());
    // Compact the contig: each transcript's span moved to 1 kb after the previous one.
    let mut shift: Vec<i64> = vec![];
    let mut at = 1000u64;
    for t in &kept {
        let (lo, hi) = t.span();
        shift.push(at as i64 - lo as i64);
        at += hi - lo + 1000;
    }
    let mut genome: Vec<u8> = {
        let mut r = 99u64;
        (0..at + 1000)
            .map(|_| {
                r = r.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                b"ACGT"[(r >> 33) as usize % 4]
            })
            .collect()
    };
    let mut gff = String::from("##gff-version 3\n#!genome-build GRCh38.p14\n");
    let mut maf_rows: Vec<(String, u64, String)> = vec![];
    for (i, t) in kept.iter().enumerate() {
        let sh = shift[i];
        let mv = |g: u64| (g as i64 + sh) as u64;
        let (lo, hi) = t.span();
        let strand = if t.plus { '+' } else { '-' };
        gff.push_str(&format!(
            "21\tt\tgene\t{}\t{}\t.\t{strand}\t.\tID=gene:G{i};Name={};biotype=protein_coding\n",
            mv(lo),
            mv(hi),
            t.gene
        ));
        gff.push_str(&format!(
            "21\tt\tmRNA\t{}\t{}\t.\t{strand}\t.\tID=transcript:{};Parent=gene:G{i};biotype=protein_coding;tag=basic;transcript_id={}\n",
            mv(lo),
            mv(hi),
            t.id,
            t.id
        ));
        for &(s, e, k) in &t.exons {
            let (a, b) = {
                let (x, y) = (mv(t.genomic(s, k)), mv(t.genomic(e, k)));
                (x.min(y), x.max(y))
            };
            let phase = (3 - (s - 1) % 3) % 3;
            gff.push_str(&format!(
                "21\tt\texon\t{a}\t{b}\t.\t{strand}\t.\tParent=transcript:{}\n",
                t.id
            ));
            gff.push_str(&format!(
                "21\tt\tCDS\t{a}\t{b}\t.\t{strand}\t{phase}\tParent=transcript:{}\n",
                t.id
            ));
            for c in s..=e {
                let g = mv(t.genomic(c, k));
                let base = t.cds[c as usize - 1];
                genome[g as usize - 1] = if t.plus { base } else { comp(base) };
            }
        }
        for r in &t.rows {
            maf_rows.push((t.gene.clone(), mv(r.pos), r.hgvsp.clone()));
        }
    }
    // The MAF: the selected rows, moved, without any HGVSp column.
    let keep: Vec<usize> = (0..header.len())
        .filter(|&i| !matches!(header[i], "HGVSp" | "HGVSp_Short" | "Amino_acids" | "Protein_position"))
        .collect();
    let mut maf = String::new();
    let mut with_hgvsp = String::new();
    with_hgvsp.push_str(&header.join("\t"));
    with_hgvsp.push('\n');
    maf.push_str(&keep.iter().map(|&i| header[i]).collect::<Vec<_>>().join("\t"));
    maf.push('\n');
    let end = col("End_Position");
    for (i, t) in kept.iter().enumerate() {
        for r in &t.rows {
            let mut cells = r.cells.clone();
            let p = (r.pos as i64 + shift[i]) as u64;
            cells[start] = p.to_string();
            cells[end] = p.to_string();
            let g = genome[p as usize - 1];
            assert_eq!(g, cells[refc].as_bytes()[0], "{} {}", t.gene, r.hgvsp);
            maf.push_str(&keep.iter().map(|&i| cells[i].as_str()).collect::<Vec<_>>().join("\t"));
            maf.push('\n');
            if with_hgvsp.lines().count() == 1 {
                // The first row's HGVSp is made wrong: the MAF's is kept, the disagreement warned.
                cells[col("HGVSp_Short")] = "p.A9999T".into();
                cells[col("HGVSp")] = "p.Ala9999Thr".into();
            }
            with_hgvsp.push_str(&cells.join("\t"));
            with_hgvsp.push('\n');
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_fasta(&d.join("ref.fa"), "21", &genome);
    std::fs::write(d.join("models.gff3"), gff).unwrap();
    let maf_path = d.join("rows.maf");
    std::fs::write(&maf_path, maf).unwrap();
    let models = d.join("models.gff3").display().to_string();
    let fasta = d.join("ref.fa").display().to_string();

    let ours = common::report(
        &maf_path,
        &["--all-variants", "--gene-models", &models, "--reference", &fasta],
    );
    let alts = ours["alterations"].as_array().unwrap();
    let expected: HashMap<u64, (String, String)> =
        maf_rows.iter().map(|(g, p, h)| (*p, (g.clone(), h.clone()))).collect();
    let mut compared = 0;
    for (pos, (gene, hgvsp)) in &expected {
        let a = alts
            .iter()
            .find(|a| a["pos"] == *pos)
            .unwrap_or_else(|| panic!("{gene} at {pos} not listed"));
        assert_eq!(a["gene"], gene.as_str());
        assert_eq!(a["protein_change"], hgvsp.as_str(), "{gene} at {pos}: {a}");
        assert_eq!(a["annotation_source"], "gene_models", "{a}");
        compared += 1;
    }
    assert!(compared >= 15, "{compared} rows compared");
    eprintln!("{compared} MAF rows: the engine's protein change equals the removed HGVSp_Short");
    assert!(!ours["warnings"].to_string().contains("predict differently"));

    // Where the MAF has HGVSp, it is kept; a contradiction by the gene models is warned.
    let both = d.join("both.maf");
    std::fs::write(&both, with_hgvsp).unwrap();
    let r = common::report(
        &both,
        &["--all-variants", "--gene-models", &models, "--reference", &fasta],
    );
    let warned = r["warnings"].to_string();
    assert!(
        warned.contains("1 MAF row(s) have a protein change that the gene models"),
        "{warned}"
    );
    assert!(warned.contains("MAF p.A9999T"), "{warned}");
    let listed = r["alterations"].as_array().unwrap();
    assert!(listed.iter().any(|a| a["protein_change"] == "p.A9999T"));
    assert!(listed.iter().all(|a| a["annotation_source"] == "maf"));

    // Without gene models no protein change is guessed from HGVSc.
    let plain = common::report(&maf_path, &["--all-variants"]);
    let guessed: Vec<&serde_json::Value> = plain["alterations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| !a["protein_change"].is_null())
        .collect();
    assert!(guessed.is_empty(), "{guessed:?}");
}

fn write_fasta(path: &Path, name: &str, seq: &[u8]) {
    let mut fa = format!(">{name}\n");
    let offset = fa.len();
    for chunk in seq.chunks(60) {
        fa.push_str(std::str::from_utf8(chunk).unwrap());
        fa.push('\n');
    }
    std::fs::write(path, fa).unwrap();
    std::fs::write(
        format!("{}.fai", path.display()),
        format!("{name}\t{}\t{offset}\t60\t61\n", seq.len()),
    )
    .unwrap();
}
