//! Rows of GFF3 (`key=value;…`, `ID`/`Parent` links) and GTF (`key "value"; …`,
//! `gene_id`/`transcript_id`) into transcripts, and sniffing a gene-model
//! file's format (GFF3, GTF or BED) by content.
//!
//! GTF: `gene` rows name genes (`gene_name`, `gene_type`/`gene_biotype`);
//! every row with a `transcript_id` belongs to that transcript (created by its
//! first row; biotype `transcript_type`/`transcript_biotype`, repeated `tag`
//! attributes); `stop_codon` rows join the CDS (GTF writes the stop codon
//! outside the CDS, GFF3 inside it); `start_codon`, `Selenocysteine` and
//! other rows are ignored.
//!
//! RefSeq (NCBI) GFF3: `ID=rna-NM_…`/`Parent=gene-…` links, `transcript_id=`,
//! `gene=` names, `tag=MANE Select`/`RefSeq Select`, and the biotype from the row
//! type and `gbkey` ([`ncbi_biotype`]); seqids `NC_0000NN.v` meet `chrN`/`N` through
//! [`crate::genome::normalise_chrom`].

use std::collections::HashMap;
use std::path::Path;

use super::{GffError, Strand, Transcript};

/// What a `--gene-models` file holds, from its first data line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ModelFormat {
    Gff3,
    Gtf,
    /// BED intervals (`chrom start end …`).
    Bed,
    Unknown,
}

/// Sniff a gene-model file (plain or gzip): 9 tab-separated columns with
/// numeric columns 4 and 5 are GFF3 (attributes `key=value`) or GTF (`key "value"`);
/// numeric columns 2 and 3 make BED.
pub(crate) fn detect(path: &Path) -> std::io::Result<ModelFormat> {
    for line in crate::lines::lines(super::open_text(path)?).take(10_000) {
        let line = line?;
        if line.starts_with("##gff-version 3") {
            return Ok(ModelFormat::Gff3);
        }
        if line.starts_with('#') || line.starts_with("track") || line.starts_with("browser") || line.trim().is_empty() {
            continue;
        }
        let c: Vec<&str> = line.split('\t').collect();
        let num = |i: usize| c.get(i).is_some_and(|v| v.trim().parse::<u64>().is_ok());
        if c.len() >= 9 && num(3) && num(4) {
            return Ok(if is_gtf(c[8]) {
                ModelFormat::Gtf
            } else {
                ModelFormat::Gff3
            });
        }
        if c.len() >= 3 && num(1) && num(2) {
            return Ok(ModelFormat::Bed);
        }
        return Ok(ModelFormat::Unknown);
    }
    Ok(ModelFormat::Unknown)
}

/// GTF attributes: `key "value";` pairs, no `key=value`.
fn is_gtf(attrs: &str) -> bool {
    let first = attrs.split(';').next().unwrap_or("").trim();
    !first.contains('=') && first.contains(' ')
}

/// A row's attributes, split once: (key, value) pairs, GFF3 `key=v1,v2` (the value as written)
/// or GTF `key "v"` (unquoted; a key may repeat). Lookups scan these pairs, not the text.
struct Attrs<'a>(smallvec::SmallVec<[(&'a str, &'a str); 8]>);

impl<'a> Attrs<'a> {
    fn parse(attrs: &'a str) -> Attrs<'a> {
        Attrs(
            attrs
                .split(';')
                .filter_map(|kv| {
                    let kv = kv.trim();
                    match kv.split_once('=') {
                        Some((k, v)) => Some((k.trim(), v)),
                        None => kv.split_once(' ').map(|(k, v)| (k, v.trim().trim_matches('"'))),
                    }
                })
                .collect(),
        )
    }

    /// Every value of `key` (GFF3 values split at commas), trimmed, empty ones left out.
    fn values<'s>(&'s self, key: &'s str) -> impl Iterator<Item = &'a str> + 's {
        self.0
            .iter()
            .filter(move |(k, _)| *k == key)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }

    fn get(&self, key: &str) -> Option<&'a str> {
        self.values(key).next()
    }
}

/// An id without its type prefix: Ensembl's `transcript:`/`gene:`, NCBI's `rna-`/`gene-`.
fn strip_prefix(id: &str) -> &str {
    match id.split_once(':') {
        Some((p, rest)) if matches!(p, "gene" | "transcript" | "rna" | "RNA" | "mRNA") && !rest.is_empty() => rest,
        _ => ["rna-", "gene-"]
            .iter()
            .find_map(|p| id.strip_prefix(p).filter(|r| !r.is_empty()))
            .unwrap_or(id),
    }
}

/// A RefSeq (NCBI) transcript's biotype, which NCBI writes as the row type and `gbkey` rather
/// than as a `biotype`: `mRNA` rows are protein-coding, `lnc_RNA` rows lncRNA, other rows
/// their `gbkey` (`ncRNA`, `misc_RNA`, `tRNA`, …).
fn ncbi_biotype(kind: &str, gbkey: &str) -> String {
    match (kind, gbkey) {
        ("mRNA", _) | (_, "mRNA") => "protein_coding",
        ("lnc_RNA", _) => "lncRNA",
        (_, g) => g,
    }
    .to_string()
}

fn percent_decoded(s: &str) -> String {
    crate::protein::percent_decode(s).into_owned()
}

#[derive(Default)]
struct RawTranscript {
    id: String,
    gene_key: String,
    /// The transcript row's own gene name (NCBI `gene=`, GTF `gene_name`), used when no gene row names it.
    gene_name: Option<String>,
    biotype: Option<String>,
    is_mrna: bool,
    chrom: String,
    strand: Option<Strand>,
    start: u64,
    end: u64,
    exons: Vec<(u64, u64)>,
    cds: Vec<(u64, u64)>,
    /// (start, end, phase) of each CDS row.
    phases: Vec<(u64, u64, u8)>,
    utr: Vec<(u64, u64)>,
    /// GTF stop codons, joined to the CDS at the end.
    stops: Vec<(u64, u64)>,
    canonical: bool,
    mane_select: bool,
}

struct RawGene {
    name: String,
    biotype: Option<String>,
}

/// One data line's columns.
struct Row<'a> {
    chrom: &'a str,
    kind: &'a str,
    start: u64,
    end: u64,
    strand: Option<Strand>,
    phase: u8,
    attrs: Attrs<'a>,
    /// GTF attribute syntax (`key "value"`), else GFF3.
    gtf: bool,
}

/// Child row kinds: exon, CDS, UTR, stop codon.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Child {
    Exon,
    Cds,
    Utr,
    Stop,
}

fn child_kind(kind: &str) -> Option<Child> {
    Some(match kind {
        "exon" => Child::Exon,
        "CDS" => Child::Cds,
        "five_prime_UTR" | "three_prime_UTR" | "UTR" | "five_prime_utr" | "three_prime_utr" => Child::Utr,
        "stop_codon" => Child::Stop,
        _ => return None,
    })
}

/// Collects rows; children may come before their transcript.
#[derive(Default)]
pub(super) struct Builder {
    genes: HashMap<String, RawGene>,
    txs: Vec<RawTranscript>,
    tx_by_key: HashMap<String, usize>,
    pending: Vec<(String, Child, (u64, u64), u8)>,
    /// The assembly the header names (`#!genome-build GRCh38.p14`, GENCODE's `##description: … (GRCh38)`).
    pub(super) declared_build: Option<String>,
    /// Rows of feature types the engine does not use (genes, regions) whose coordinates are not
    /// positions: how many, and the first (line, column, value). Tolerated with a warning.
    pub(super) unusable_spans: (u64, Option<(u64, &'static str, String)>),
}

/// The assembly named by a header line, if it names one.
fn declared_build(line: &str) -> Option<String> {
    for key in ["#!genome-build", "#!genome-version", "##genome-build"] {
        if let Some(rest) = line.strip_prefix(key) {
            return Some(rest.trim().to_string()).filter(|s| !s.is_empty());
        }
    }
    let d = line.strip_prefix("##description:")?;
    let (_, rest) = d.split_once('(')?;
    let (build, _) = rest.split_once(')')?;
    Some(build.trim().to_string()).filter(|s| !s.is_empty())
}

fn gene_from(attrs: &Attrs<'_>, id: &str) -> RawGene {
    let name = attrs
        .get("Name")
        .or_else(|| attrs.get("gene_name"))
        .or_else(|| attrs.get("gene_id"))
        .unwrap_or(strip_prefix(id));
    RawGene {
        name: percent_decoded(name),
        biotype: attrs
            .get("biotype")
            .or_else(|| attrs.get("gene_biotype"))
            .or_else(|| attrs.get("gene_type"))
            .map(str::to_string),
    }
}

fn transcript_from(r: &Row<'_>, id: &str, gene_key: &str) -> RawTranscript {
    // Ensembl/GENCODE write `MANE_Select`, NCBI `MANE Select` (and `RefSeq Select` for its
    // one representative transcript of a gene without MANE, read as canonical).
    let a = &r.attrs;
    let has_tag = |t: &[&str]| a.values("tag").any(|x| t.contains(&x));
    let biotype = a
        .get("biotype")
        .or_else(|| a.get("transcript_biotype"))
        .or_else(|| a.get("transcript_type"))
        .map(|b| if b == "mRNA" { "protein_coding" } else { b }.to_string())
        .or_else(|| a.get("gbkey").map(|g| ncbi_biotype(r.kind, g)));
    RawTranscript {
        id: id.to_string(),
        gene_key: gene_key.to_string(),
        gene_name: a.get("gene").or_else(|| a.get("gene_name")).map(percent_decoded),
        biotype,
        is_mrna: r.kind == "mRNA",
        chrom: r.chrom.to_string(),
        strand: r.strand,
        start: r.start,
        end: r.end,
        canonical: has_tag(&["Ensembl_canonical", "RefSeq Select"]),
        mane_select: has_tag(&["MANE_Select", "MANE Select"]),
        ..RawTranscript::default()
    }
}

/// The GFF3/GTF columns read by number, 0-based, with the names errors give them.
const START: (usize, &str) = (3, "column 4 (start)");
const END: (usize, &str) = (4, "column 5 (end)");

/// An unusable coordinate of a gene row: (line, column, value).
type Unusable = (u64, &'static str, String);

/// One data line split and checked: None for comments and rows of feature types whose span is
/// never used (sequence regions). A gene row's span is not used either: a coordinate there that is
/// not a position reads as 0 and is returned beside the row, for the caller's warning (bcftools
/// csq accepts such files too).
fn row<'a>(line: &'a str, line_no: u64, path: &Path) -> Result<Option<(Row<'a>, Option<Unusable>)>, GffError> {
    if line.starts_with('#') || line.trim().is_empty() {
        return Ok(None);
    }
    // The first nine columns (any further ones are ignored), found by one byte scan.
    let mut cols = [""; 9];
    let mut found = 0;
    let mut from = 0;
    for (i, &b) in line.as_bytes().iter().enumerate() {
        if b == b'\t' {
            cols[found] = line.get(from..i).unwrap_or_default();
            found += 1;
            from = i + 1;
            if found == cols.len() {
                break;
            }
        }
    }
    if found < cols.len() {
        cols[found] = line.get(from..).unwrap_or_default();
        found += 1;
    }
    if found < 9 {
        return Err(GffError::Columns {
            path: path.to_path_buf(),
            line: line_no,
            found,
        });
    }
    // Sequence regions and genes carry spans we never use (excerpts shift them to negative starts).
    let unused = matches!(
        cols[2],
        "chromosome" | "region" | "scaffold" | "supercontig" | "contig" | "biological_region"
    );
    let gtf = is_gtf(cols[8]);
    let gene_row = (!gtf && !cols[8].contains("Parent=")) || (gtf && cols[2] == "gene");
    if unused {
        return Ok(None);
    }
    let pos =
        |(i, field): (usize, &'static str)| cols[i].trim().parse::<u64>().map_err(|_| (field, cols[i].to_string()));
    let mut unusable = None;
    let (start, end) = match (pos(START), pos(END)) {
        (Ok(s), Ok(e)) => (s, e),
        (Err((field, value)), _) | (_, Err((field, value))) => {
            if !gene_row {
                return Err(GffError::Position {
                    path: path.to_path_buf(),
                    line: line_no,
                    field,
                    value,
                });
            }
            unusable = Some((line_no, field, value));
            (0, 0)
        }
    };
    if !gene_row && (start > end || start == 0) {
        return Err(GffError::Span {
            path: path.to_path_buf(),
            line: line_no,
            start,
            end,
        });
    }
    let strand = match cols[6] {
        "+" => Some(Strand::Plus),
        "-" => Some(Strand::Minus),
        "." | "?" => None,
        other => {
            return Err(GffError::Strand {
                path: path.to_path_buf(),
                line: line_no,
                value: other.to_string(),
            })
        }
    };
    let row = Row {
        chrom: cols[0],
        kind: cols[2],
        start,
        end,
        strand,
        // An unreadable phase counts as 0, as for exon and UTR rows ('.').
        phase: cols[7].trim().parse::<u8>().unwrap_or(0).min(2),
        attrs: Attrs::parse(cols[8]),
        gtf,
    };
    Ok(Some((row, unusable)))
}

impl Builder {
    pub(super) fn line(&mut self, line: &str, line_no: u64, path: &Path) -> Result<(), GffError> {
        if line.starts_with('#') && self.declared_build.is_none() {
            self.declared_build = declared_build(line);
        }
        let Some((r, unusable)) = row(line, line_no, path)? else {
            return Ok(());
        };
        if let Some(u) = unusable {
            self.unusable_spans.0 += 1;
            self.unusable_spans.1.get_or_insert(u);
        }
        if r.gtf {
            self.gtf(&r);
        } else {
            self.gff3(&r);
        }
        Ok(())
    }

    fn gff3(&mut self, r: &Row<'_>) {
        if let Some(k) = child_kind(r.kind) {
            for p in r.attrs.values("Parent") {
                self.pending.push((p.to_string(), k, (r.start, r.end), r.phase));
            }
            return;
        }
        let Some(id) = r.attrs.get("ID") else { return };
        match r.attrs.get("Parent") {
            None => {
                self.genes.insert(id.to_string(), gene_from(&r.attrs, id));
            }
            Some(parent) => {
                let tid = r.attrs.get("transcript_id").unwrap_or(strip_prefix(id));
                self.tx_by_key.insert(id.to_string(), self.txs.len());
                self.txs.push(transcript_from(r, tid, parent));
            }
        }
    }

    fn gtf(&mut self, r: &Row<'_>) {
        let Some(gene_id) = r.attrs.get("gene_id") else {
            return;
        };
        if r.kind == "gene" {
            self.genes.insert(gene_id.to_string(), gene_from(&r.attrs, gene_id));
            return;
        }
        let Some(tid) = r.attrs.get("transcript_id") else {
            return;
        };
        if !self.genes.contains_key(gene_id) {
            self.genes.insert(gene_id.to_string(), gene_from(&r.attrs, gene_id));
        }
        let i = match self.tx_by_key.get(tid) {
            Some(&i) => i,
            None => {
                self.tx_by_key.insert(tid.to_string(), self.txs.len());
                self.txs.push(transcript_from(r, tid, gene_id));
                self.txs.len() - 1
            }
        };
        let t = &mut self.txs[i];
        t.start = t.start.min(r.start);
        t.end = t.end.max(r.end);
        if r.kind == "transcript" {
            let fresh = transcript_from(r, tid, gene_id);
            t.biotype = t.biotype.take().or(fresh.biotype);
            t.canonical |= fresh.canonical;
            t.mane_select |= fresh.mane_select;
        }
        if let Some(k) = child_kind(r.kind) {
            self.pending.push((tid.to_string(), k, (r.start, r.end), r.phase));
        }
    }

    pub(super) fn finish(mut self) -> Vec<Transcript> {
        for (parent, k, span, phase) in std::mem::take(&mut self.pending) {
            if let Some(&i) = self.tx_by_key.get(&parent) {
                let t = &mut self.txs[i];
                match k {
                    Child::Exon => t.exons.push(span),
                    Child::Cds => {
                        t.cds.push(span);
                        t.phases.push((span.0, span.1, phase));
                    }
                    Child::Utr => t.utr.push(span),
                    Child::Stop => t.stops.push(span),
                }
            }
        }
        let genes = self.genes;
        self.txs.into_iter().filter_map(|t| finish(t, &genes)).collect()
    }
}

/// Merge overlapping or adjacent spans after sorting.
fn merged(mut v: Vec<(u64, u64)>) -> Vec<(u64, u64)> {
    v.sort_unstable();
    let mut out: Vec<(u64, u64)> = Vec::with_capacity(v.len());
    for (s, e) in v {
        match out.last_mut() {
            Some(last) if s <= last.1 + 1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// GTF stop codons extend the CDS row they touch (or stand alone across an intron).
fn join_stops(cds: &mut Vec<(u64, u64)>, stops: &[(u64, u64)]) {
    for &(s, e) in stops {
        if cds.iter().any(|&(a, b)| a <= s && e <= b) {
            continue;
        }
        if let Some(c) = cds.iter_mut().find(|c| c.1 + 1 == s || e + 1 == c.0) {
            c.0 = c.0.min(s);
            c.1 = c.1.max(e);
        } else {
            cds.push((s, e));
        }
    }
    cds.sort_unstable();
}

fn finish(t: RawTranscript, genes: &HashMap<String, RawGene>) -> Option<Transcript> {
    let gene = genes.get(&t.gene_key);
    let mut exons = t.exons;
    if exons.is_empty() {
        exons = t.cds.iter().chain(t.utr.iter()).copied().collect();
    }
    if exons.is_empty() {
        // A transcript row alone (a small RNA written without exon rows): one exon.
        exons.push((t.start, t.end));
    }
    let exons = merged(exons);
    let mut cds = t.cds;
    cds.sort_unstable();
    cds.dedup();
    if !cds.is_empty() {
        join_stops(&mut cds, &t.stops);
    }
    let strand = t.strand.unwrap_or(Strand::Plus);
    let five_prime = match strand {
        Strand::Plus => t.phases.iter().min_by_key(|p| p.0),
        Strand::Minus => t.phases.iter().max_by_key(|p| p.1),
    };
    let cds_phase = five_prime.map_or(0, |p| p.2);
    let biotype = t
        .biotype
        .or_else(|| gene.and_then(|g| g.biotype.clone()))
        .unwrap_or_else(|| if t.is_mrna { "protein_coding" } else { "" }.to_string());
    let start = t.start.min(exons.first()?.0);
    let end = t.end.max(exons.last()?.1);
    Some(Transcript {
        gene: gene
            .map(|g| g.name.clone())
            .or(t.gene_name)
            .unwrap_or_else(|| strip_prefix(&t.gene_key).to_string())
            .into(),
        id: t.id.into(),
        biotype: biotype.into(),
        chrom: t.chrom,
        strand,
        start,
        end,
        exons,
        cds,
        cds_phase,
        canonical: t.canonical,
        mane_select: t.mane_select,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consequence::gff::GeneModels;

    /// KRAS-201 style GENCODE GTF rows (minus strand, CDS without the stop codon).
    const GTF: &str = "12\tHAVANA\tgene\t100\t400\t.\t-\t.\tgene_id \"ENSG00000133703.13\"; gene_type \"protein_coding\"; gene_name \"KRAS\";\n\
12\tHAVANA\ttranscript\t100\t400\t.\t-\t.\tgene_id \"ENSG00000133703.13\"; transcript_id \"ENST00000311936.8\"; gene_name \"KRAS\"; transcript_type \"protein_coding\"; tag \"basic\"; tag \"Ensembl_canonical\"; tag \"MANE_Select\";\n\
12\tHAVANA\texon\t300\t400\t.\t-\t.\tgene_id \"ENSG00000133703.13\"; transcript_id \"ENST00000311936.8\"; exon_number 1;\n\
12\tHAVANA\tCDS\t300\t350\t.\t-\t0\tgene_id \"ENSG00000133703.13\"; transcript_id \"ENST00000311936.8\";\n\
12\tHAVANA\texon\t100\t200\t.\t-\t.\tgene_id \"ENSG00000133703.13\"; transcript_id \"ENST00000311936.8\"; exon_number 2;\n\
12\tHAVANA\tCDS\t153\t200\t.\t-\t0\tgene_id \"ENSG00000133703.13\"; transcript_id \"ENST00000311936.8\";\n\
12\tHAVANA\tstop_codon\t150\t152\t.\t-\t0\tgene_id \"ENSG00000133703.13\"; transcript_id \"ENST00000311936.8\";\n";

    #[test]
    fn gencode_gtf() {
        let text = format!(
            "##description: evidence-based annotation of the human genome (GRCh38), version 44 (Ensembl 110)\n{GTF}"
        );
        let m = GeneModels::from_reader(text.as_bytes(), Path::new("g.gtf")).unwrap();
        assert_eq!(m.declared_build(), Some("GRCh38"));
        let t = &m.transcripts()[0];
        assert_eq!((&*t.id, &*t.gene), ("ENST00000311936.8", "KRAS"));
        assert_eq!(&*t.biotype, "protein_coding");
        assert_eq!(t.cds, vec![(150, 200), (300, 350)]);
        assert_eq!(t.exons, vec![(100, 200), (300, 400)]);
        assert!(t.canonical && t.mane_select);
        assert_eq!(t.strand, Strand::Minus);
    }

    /// NCBI RefSeq GFF3 rows: `rna-`/`gene-` ids, `gene=`, `gbkey`, `tag=MANE Select`, an accession seqid.
    #[test]
    fn refseq_gff3() {
        let text = "##gff-version 3\n#!genome-build GRCh38.p14\n\
NC_000017.11\tRefSeq\tregion\t1\t3000\t.\t+\t.\tID=NC_000017.11:1..3000;Name=17;chromosome=17;gbkey=Src\n\
NC_000017.11\tBestRefSeq\tgene\t101\t900\t.\t-\t.\tID=gene-TP53;Dbxref=GeneID:7157;Name=TP53;gbkey=Gene;gene=TP53;gene_biotype=protein_coding\n\
NC_000017.11\tBestRefSeq\tmRNA\t101\t900\t.\t-\t.\tID=rna-NM_000546.6;Parent=gene-TP53;Name=NM_000546.6;gbkey=mRNA;gene=TP53;tag=MANE Select;transcript_id=NM_000546.6\n\
NC_000017.11\tBestRefSeq\texon\t101\t900\t.\t-\t.\tID=exon-NM_000546.6-1;Parent=rna-NM_000546.6;gbkey=mRNA;gene=TP53;transcript_id=NM_000546.6\n\
NC_000017.11\tBestRefSeq\tCDS\t201\t800\t.\t-\t0\tID=cds-NP_000537.3;Parent=rna-NM_000546.6;gbkey=CDS;gene=TP53;protein_id=NP_000537.3;tag=MANE Select\n\
NC_000017.11\tBestRefSeq\tlnc_RNA\t950\t1200\t.\t+\t.\tID=rna-NR_1.1;Parent=gene-X1;gbkey=ncRNA;gene=X1;transcript_id=NR_1.1\n\
NC_000017.11\tBestRefSeq\texon\t950\t1200\t.\t+\t.\tID=exon-NR_1.1-1;Parent=rna-NR_1.1;gbkey=ncRNA;gene=X1\n";
        let m = GeneModels::from_reader(text.as_bytes(), Path::new("r.gff3")).unwrap();
        assert_eq!(m.declared_build(), Some("GRCh38.p14"));
        let t = &m.transcripts()[0];
        assert_eq!(
            (&*t.id, &*t.gene, &*t.biotype),
            ("NM_000546.6", "TP53", "protein_coding")
        );
        assert!(t.mane_select && !t.canonical);
        assert_eq!((t.cds.clone(), t.exons.clone()), (vec![(201, 800)], vec![(101, 900)]));
        // No gene row: the name comes from the transcript's `gene=`; the biotype from the row type.
        let nc = &m.transcripts()[1];
        assert_eq!((&*nc.id, &*nc.gene, &*nc.biotype), ("NR_1.1", "X1", "lncRNA"));
        // The accession meets `chr17` and `17`.
        assert_eq!(m.overlapping("chr17", 500, 500, 0).len(), 1);
        assert_eq!(m.overlapping("17", 1000, 1000, 0).len(), 1);
        assert_eq!(ncbi_biotype("transcript", "misc_RNA"), "misc_RNA");
        assert_eq!(strip_prefix("gene-TP53"), "TP53");
    }

    proptest::proptest! {
        /// Arbitrary rows (GFF3- or GTF-like) give models or a typed error, never a panic.
        #[test]
        fn arbitrary_rows_never_panic(rows in proptest::collection::vec(
            ("[0-9A-Za-z]{0,3}", "(gene|mRNA|transcript|exon|CDS|stop_codon|five_prime_UTR|x)", "-?[0-9]{0,4}", "-?[0-9]{0,4}", "[+.?x-]", "[0-9.]{0,2}",
             "((ID|Parent|gene_id|transcript_id|tag|Name)(=| \"|)[A-Za-z0-9:,]{0,6}\"?;){0,4}"),
            0..12,
        )) {
            let text: String = rows
                .iter()
                .map(|(c, k, s, e, st, ph, a)| format!("{c}\t.\t{k}\t{s}\t{e}\t.\t{st}\t{ph}\t{a}\n"))
                .collect();
            let _ = GeneModels::from_reader(text.as_bytes(), Path::new("p.gff3"));
        }
    }

    #[test]
    fn sniffing() {
        let dir = tempfile::tempdir().unwrap();
        let w = |name: &str, text: &str| {
            let p = dir.path().join(name);
            std::fs::write(&p, text).unwrap();
            p
        };
        assert_eq!(detect(&w("a.gtf", GTF)).unwrap(), ModelFormat::Gtf);
        assert_eq!(
            detect(&w("a.gff3", "##gff-version 3\n1\t.\tgene\t1\t9\t.\t+\t.\tID=g\n")).unwrap(),
            ModelFormat::Gff3
        );
        assert_eq!(
            detect(&w("b.gff3", "1\t.\tgene\t1\t9\t.\t+\t.\tID=g\n")).unwrap(),
            ModelFormat::Gff3
        );
        assert_eq!(
            detect(&w("e.bed", "track x\n7\t100\t200\tEGFR_e19\n")).unwrap(),
            ModelFormat::Bed
        );
        assert_eq!(detect(&w("x.txt", "hello\n")).unwrap(), ModelFormat::Unknown);
    }
}
