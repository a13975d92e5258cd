//! Gene models from Ensembl-style GFF3 (plain or gzip/BGZF).
//!
//! Rows used: `exon`, `CDS`, `five_prime_UTR`, `three_prime_UTR` (joined to
//! their transcript through `Parent`, which may list several transcripts),
//! any row whose `Parent` names a gene row (`mRNA`, `transcript`, `lnc_RNA`,
//! `ncRNA`, … — the transcripts), and rows without a `Parent` that have an
//! `ID` (genes). Other rows (chromosome, region, biological_region,
//! `###`/`#` lines) are ignored; so are children whose transcript never
//! appears. Sequence-region rows (chromosome, region, scaffold, contig,
//! biological_region) are skipped unread: FASTA excerpts shift them to
//! negative starts.
//!
//! Attributes: transcript id = `transcript_id`, else `ID` without its
//! `transcript:` style prefix; gene name = gene `Name`, else `gene_name`,
//! `gene_id`, then the gene `ID` without prefix; biotype = transcript
//! `biotype`/`transcript_biotype`/`transcript_type`, else the gene's
//! `biotype`/`gene_biotype`/`gene_type`, else `protein_coding` for `mRNA`
//! rows; `tag=` values `Ensembl_canonical` and `MANE_Select` set the flags.
//! A transcript is coding when it has CDS rows. A transcript with CDS rows
//! but no exon rows takes its CDS and UTR rows as exons; one with no child
//! rows at all is one exon over its span.
//!
//! Contig names are kept as written; lookups go through
//! [`crate::model::normalise_chrom`] (`chr1` = `1`, `chrM` = `MT` = `M`).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::model::normalise_chrom;

/// Why a GFF3 file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GffError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: line {line}: {found} tab-separated columns, GFF3 has 9", path.display())]
    Columns { path: PathBuf, line: u64, found: usize },
    #[error("{}: line {line}: {field} is not a position: {value:?}", path.display())]
    Position {
        path: PathBuf,
        line: u64,
        field: &'static str,
        value: String,
    },
    #[error("{}: line {line}: start {start} is after end {end}", path.display())]
    Span {
        path: PathBuf,
        line: u64,
        start: u64,
        end: u64,
    },
    #[error("{}: line {line}: strand is {value:?}, expected + or -", path.display())]
    Strand { path: PathBuf, line: u64, value: String },
    #[error("{}: no transcript with exons or CDS", path.display())]
    Empty { path: PathBuf },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strand {
    Plus,
    Minus,
}

/// One transcript: 1-based inclusive genomic coordinates, segments sorted by start.
#[derive(Debug, Clone, PartialEq)]
pub struct Transcript {
    pub id: String,
    pub gene: String,
    pub biotype: String,
    /// Contig as written in the GFF.
    pub chrom: String,
    pub strand: Strand,
    pub start: u64,
    pub end: u64,
    pub exons: Vec<(u64, u64)>,
    pub cds: Vec<(u64, u64)>,
    /// GFF phase of the 5'-most CDS row: bases before the first whole codon
    /// (non-zero for a 5' incomplete CDS).
    pub cds_phase: u8,
    pub canonical: bool,
    pub mane_select: bool,
}

impl Transcript {
    pub fn is_coding(&self) -> bool {
        !self.cds.is_empty()
    }
    /// Number of coding bases (CDS rows, stop codon included as Ensembl writes it).
    pub fn cds_len(&self) -> u64 {
        self.cds.iter().map(|(s, e)| e - s + 1).sum()
    }
}

/// All transcripts of a file with a per-contig index by start.
#[derive(Debug, Clone, Default)]
pub struct GeneModels {
    transcripts: Vec<Transcript>,
    /// Normalised contig → (indices sorted by start, running maximum of end).
    index: HashMap<String, (Vec<usize>, Vec<u64>)>,
}

#[derive(Default)]
struct RawTranscript {
    id: String,
    gene_key: String,
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
    canonical: bool,
    mane_select: bool,
}

struct RawGene {
    name: String,
    biotype: Option<String>,
}

fn attr<'a>(attrs: &'a str, key: &str) -> Option<&'a str> {
    attrs.split(';').find_map(|kv| {
        let (k, v) = kv.trim().split_once('=')?;
        (k == key).then_some(v.trim()).filter(|v| !v.is_empty())
    })
}

fn strip_prefix(id: &str) -> &str {
    match id.split_once(':') {
        Some((p, rest)) if matches!(p, "gene" | "transcript" | "rna" | "RNA" | "mRNA") && !rest.is_empty() => rest,
        _ => id,
    }
}

fn percent_decoded(s: &str) -> String {
    crate::annotation::protein::percent_decode(s).into_owned()
}

impl GeneModels {
    /// Read a GFF3 file, plain or gzip/BGZF compressed (detected by its magic bytes).
    pub fn from_path(path: &Path) -> Result<GeneModels, GffError> {
        let io = |source| GffError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut f = std::fs::File::open(path).map_err(io)?;
        let mut magic = [0u8; 2];
        let n = f.read(&mut magic).map_err(io)?;
        let f = std::fs::File::open(path).map_err(io)?;
        let reader: Box<dyn BufRead> = if n == 2 && magic == [0x1f, 0x8b] {
            Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(f)))
        } else {
            Box::new(BufReader::new(f))
        };
        Self::from_reader(reader, path)
    }

    /// Read GFF3 text; `path` names the source in errors.
    pub fn from_reader<R: BufRead>(reader: R, path: &Path) -> Result<GeneModels, GffError> {
        let mut genes: HashMap<String, RawGene> = HashMap::new();
        let mut txs: Vec<RawTranscript> = Vec::new();
        let mut tx_by_key: HashMap<String, usize> = HashMap::new();
        // Children seen before their transcript: (parent key, kind, span, phase).
        let mut pending: Vec<(String, u8, (u64, u64), u8)> = Vec::new();
        for (no, line) in reader.lines().enumerate() {
            let line_no = no as u64 + 1;
            let line = line.map_err(|source| GffError::Io {
                path: path.to_path_buf(),
                source,
            })?;
            if line.starts_with("##FASTA") {
                break;
            }
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 9 {
                return Err(GffError::Columns {
                    path: path.to_path_buf(),
                    line: line_no,
                    found: cols.len(),
                });
            }
            if matches!(
                cols[2],
                "chromosome" | "region" | "scaffold" | "supercontig" | "contig" | "biological_region"
            ) {
                continue;
            }
            let kind = cols[2];
            let attrs = cols[8];
            if attr(attrs, "Parent").is_none() {
                // A gene (its span is not used: excerpts shift it to negative starts).
                if let Some(id) = attr(attrs, "ID") {
                    let name = attr(attrs, "Name")
                        .or(attr(attrs, "gene_name"))
                        .or(attr(attrs, "gene_id"))
                        .unwrap_or(strip_prefix(id));
                    let biotype = attr(attrs, "biotype")
                        .or(attr(attrs, "gene_biotype"))
                        .or(attr(attrs, "gene_type"));
                    genes.insert(
                        id.to_string(),
                        RawGene {
                            name: percent_decoded(name),
                            biotype: biotype.map(str::to_string),
                        },
                    );
                }
                continue;
            }
            let pos = |i: usize, field: &'static str| {
                cols[i].trim().parse::<u64>().map_err(|_| GffError::Position {
                    path: path.to_path_buf(),
                    line: line_no,
                    field,
                    value: cols[i].to_string(),
                })
            };
            let (start, end) = (pos(3, "start")?, pos(4, "end")?);
            if start > end || start == 0 {
                return Err(GffError::Span {
                    path: path.to_path_buf(),
                    line: line_no,
                    start,
                    end,
                });
            }
            let child = match kind {
                "exon" => Some(0u8),
                "CDS" => Some(1),
                "five_prime_UTR" | "three_prime_UTR" | "UTR" => Some(2),
                _ => None,
            };
            if let Some(k) = child {
                // An unreadable phase counts as 0, as for exon and UTR rows ('.').
                let phase = cols[7].trim().parse::<u8>().unwrap_or(0).min(2);
                for parent in attr(attrs, "Parent").unwrap_or("").split(',').filter(|p| !p.is_empty()) {
                    pending.push((parent.to_string(), k, (start, end), phase));
                }
                continue;
            }
            let Some(id) = attr(attrs, "ID") else { continue };
            let parent = attr(attrs, "Parent").unwrap_or("");
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
            let tags = attr(attrs, "tag").unwrap_or("");
            let has_tag = |t: &str| tags.split(',').any(|x| x.trim() == t);
            let tx = RawTranscript {
                id: attr(attrs, "transcript_id").unwrap_or(strip_prefix(id)).to_string(),
                gene_key: parent.split(',').next().unwrap_or("").to_string(),
                biotype: attr(attrs, "biotype")
                    .or(attr(attrs, "transcript_biotype"))
                    .or(attr(attrs, "transcript_type"))
                    .map(str::to_string),
                is_mrna: kind == "mRNA",
                chrom: cols[0].to_string(),
                strand,
                start,
                end,
                canonical: has_tag("Ensembl_canonical"),
                mane_select: has_tag("MANE_Select"),
                ..RawTranscript::default()
            };
            tx_by_key.insert(id.to_string(), txs.len());
            txs.push(tx);
        }
        for (parent, k, span, phase) in pending {
            if let Some(&i) = tx_by_key.get(&parent) {
                let t = &mut txs[i];
                match k {
                    0 => t.exons.push(span),
                    1 => {
                        t.cds.push(span);
                        t.phases.push((span.0, span.1, phase));
                    }
                    _ => t.utr.push(span),
                }
            }
        }
        let transcripts: Vec<Transcript> = txs.into_iter().filter_map(|t| finish(t, &genes)).collect();
        if transcripts.is_empty() {
            return Err(GffError::Empty {
                path: path.to_path_buf(),
            });
        }
        Ok(GeneModels::new(transcripts))
    }

    /// Build the index over finished transcripts.
    pub fn new(transcripts: Vec<Transcript>) -> GeneModels {
        let mut by: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, t) in transcripts.iter().enumerate() {
            by.entry(normalise_chrom(&t.chrom).to_string()).or_default().push(i);
        }
        let index = by
            .into_iter()
            .map(|(c, mut v)| {
                v.sort_by_key(|&i| (transcripts[i].start, transcripts[i].end));
                let mut max = 0;
                let ends = v
                    .iter()
                    .map(|&i| {
                        max = max.max(transcripts[i].end);
                        max
                    })
                    .collect();
                (c, (v, ends))
            })
            .collect();
        GeneModels { transcripts, index }
    }

    pub fn transcripts(&self) -> &[Transcript] {
        &self.transcripts
    }

    /// Transcripts on `chrom` whose span, widened by `flank` bases each side,
    /// overlaps `[start, end]` (1-based inclusive), in start order.
    pub fn overlapping(&self, chrom: &str, start: u64, end: u64, flank: u64) -> Vec<&Transcript> {
        let Some((order, max_end)) = self.index.get(normalise_chrom(chrom)) else {
            return Vec::new();
        };
        let hi = order.partition_point(|&i| self.transcripts[i].start <= end.saturating_add(flank));
        let lo = max_end.partition_point(|&e| e.saturating_add(flank) < start);
        order[lo.min(hi)..hi]
            .iter()
            .map(|&i| &self.transcripts[i])
            .filter(|t| t.end.saturating_add(flank) >= start)
            .collect()
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
    if exons.is_empty() {
        return None;
    }
    let mut cds = t.cds;
    cds.sort_unstable();
    cds.dedup();
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
    let start = t.start.min(exons[0].0);
    let end = t.end.max(exons.last().map_or(0, |e| e.1));
    Some(Transcript {
        gene: gene
            .map(|g| g.name.clone())
            .unwrap_or_else(|| strip_prefix(&t.gene_key).to_string()),
        id: t.id,
        biotype,
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

    /// TLR8 (ENST00000218032) as Ensembl writes it, on a FASTA excerpt's coordinates.
    const TLR8: &str = "X\tensembl_havana\tgene\t21\t16570\t.\t+\t.\tID=gene:ENSG00000101916;Name=TLR8;biotype=protein_coding\n\
X\tensembl_havana\ttranscript\t21\t16570\t.\t+\t.\tID=transcript:ENST00000218032;Parent=gene:ENSG00000101916;Name=TLR8-002;biotype=protein_coding;tag=basic,Ensembl_canonical,MANE_Select;transcript_id=ENST00000218032\n\
X\tensembl_havana\tfive_prime_UTR\t21\t107\t.\t+\t.\tParent=transcript:ENST00000218032\n\
X\tensembl_havana\texon\t21\t110\t.\t+\t.\tParent=transcript:ENST00000218032;rank=1\n\
X\tensembl_havana\tCDS\t108\t110\t.\t+\t0\tID=CDS:ENSP00000218032;Parent=transcript:ENST00000218032\n\
X\tensembl_havana\tCDS\t12445\t15567\t.\t+\t0\tID=CDS:ENSP00000218032;Parent=transcript:ENST00000218032\n\
X\tensembl_havana\texon\t12445\t16570\t.\t+\t.\tParent=transcript:ENST00000218032;rank=2\n\
X\tensembl_havana\tthree_prime_UTR\t15568\t16570\t.\t+\t.\tParent=transcript:ENST00000218032\n";

    fn parse(text: &str) -> Result<GeneModels, GffError> {
        GeneModels::from_reader(text.as_bytes(), Path::new("t.gff3"))
    }

    #[test]
    fn ensembl_transcript() {
        let m = parse(TLR8).unwrap();
        let t = &m.transcripts()[0];
        assert_eq!(t.id, "ENST00000218032");
        assert_eq!(t.gene, "TLR8");
        assert_eq!(t.biotype, "protein_coding");
        assert_eq!(t.exons, vec![(21, 110), (12445, 16570)]);
        assert_eq!(t.cds, vec![(108, 110), (12445, 15567)]);
        assert_eq!(t.cds_len(), 3126);
        assert!(t.canonical && t.mane_select && t.is_coding());
        assert_eq!(m.overlapping("chrX", 100, 100, 0).len(), 1);
        assert_eq!(m.overlapping("X", 16571, 16600, 0).len(), 0);
        assert_eq!(m.overlapping("X", 16571, 16600, 5000).len(), 1);
        assert_eq!(m.overlapping("1", 100, 100, 0).len(), 0);
    }

    #[test]
    fn typed_errors_name_line_and_field() {
        let e = parse("X\tx\texon\t10\n").unwrap_err();
        assert!(matches!(e, GffError::Columns { line: 1, found: 4, .. }), "{e}");
        let e = parse("#c\nX\tx\texon\tten\t20\t.\t+\t.\tParent=t\n").unwrap_err();
        assert_eq!(e.to_string(), "t.gff3: line 2: start is not a position: \"ten\"");
        let e = parse("X\tx\texon\t30\t20\t.\t+\t.\tParent=t\n").unwrap_err();
        assert!(matches!(e, GffError::Span { line: 1, .. }));
        let e = parse("X\tx\tmRNA\t10\t20\t.\tx\t.\tID=t;Parent=g\n").unwrap_err();
        assert!(matches!(e, GffError::Strand { .. }));
        assert!(matches!(
            parse("##gff-version 3\n").unwrap_err(),
            GffError::Empty { .. }
        ));
    }

    #[test]
    fn gzip_and_mrna_without_biotype() {
        let text = "1\t.\tgene\t1\t100\t.\t-\t.\tID=g1;gene_name=ABC\n1\t.\tmRNA\t1\t100\t.\t-\t.\tID=rna1;Parent=g1\n1\t.\tCDS\t10\t90\t.\t-\t0\tParent=rna1\n";
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.gff3.gz");
        let mut e = flate2::write::GzEncoder::new(std::fs::File::create(&p).unwrap(), flate2::Compression::default());
        std::io::Write::write_all(&mut e, text.as_bytes()).unwrap();
        e.finish().unwrap();
        let m = GeneModels::from_path(&p).unwrap();
        let t = &m.transcripts()[0];
        assert_eq!(
            (t.id.as_str(), t.gene.as_str(), t.biotype.as_str()),
            ("rna1", "ABC", "protein_coding")
        );
        assert_eq!(t.exons, vec![(10, 90)]);
        assert_eq!(t.strand, Strand::Minus);
    }
}
