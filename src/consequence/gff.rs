//! Gene models from Ensembl-style or RefSeq (NCBI) GFF3, or GENCODE/Ensembl GTF
//! (plain or gzip/BGZF); the row parsing and format sniffing live in [`parse`].
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
//! `transcript:`/`rna-` style prefix; gene name = gene `Name`, else `gene_name`,
//! `gene_id`, else the transcript's `gene=`/`gene_name`, then the gene `ID`
//! without prefix; biotype = transcript
//! `biotype`/`transcript_biotype`/`transcript_type`, else the gene's
//! `biotype`/`gene_biotype`/`gene_type`, else `protein_coding` for `mRNA`
//! rows (RefSeq: see [`parse`]); `tag=` values `Ensembl_canonical` (NCBI: `RefSeq
//! Select`) and `MANE_Select` (NCBI: `MANE Select`) set the flags.
//! A transcript is coding when it has CDS rows. A transcript with CDS rows
//! but no exon rows takes its CDS and UTR rows as exons; one with no child
//! rows at all is one exon over its span.
//!
//! Contig names are kept as written; lookups go through
//! [`crate::genome::normalise_chrom`] (`chr1` = `1`, `chrM` = `MT` = `M`, RefSeq
//! `NC_000001.11` = `1`).

// FxHash: the contig index is looked up once per record.
use rustc_hash::FxHashMap as HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::genome::normalise_chrom;

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
    #[error("{}: line {line}: {source}", path.display())]
    Line {
        path: PathBuf,
        line: u64,
        #[source]
        source: std::io::Error,
    },
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
    /// Shared with every [`super::predict::Prediction`] of the transcript (no copy per variant).
    pub id: Arc<str>,
    pub gene: Arc<str>,
    pub(crate) biotype: Arc<str>,
    /// Contig as written in the GFF.
    pub chrom: String,
    pub(crate) strand: Strand,
    pub start: u64,
    pub end: u64,
    pub(crate) exons: Vec<(u64, u64)>,
    pub(crate) cds: Vec<(u64, u64)>,
    /// GFF phase of the 5'-most CDS row: bases before the first whole codon
    /// (non-zero for a 5' incomplete CDS).
    pub(crate) cds_phase: u8,
    pub canonical: bool,
    pub mane_select: bool,
}

impl Transcript {
    pub(crate) fn is_coding(&self) -> bool {
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
    /// The assembly the file's header names, as written.
    declared_build: Option<String>,
    /// Normalised contig → (indices sorted by start, running maximum of end).
    index: HashMap<String, (Vec<usize>, Vec<u64>)>,
}

mod parse;

use crate::text::open_text_file as open_text;

pub(crate) use parse::{detect, ModelFormat};

impl GeneModels {
    /// Read a GFF3 file, plain or gzip/BGZF compressed (detected by its magic bytes).
    pub fn from_path(path: &Path) -> Result<GeneModels, GffError> {
        let reader = open_text(path).map_err(|source| GffError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_reader(reader, path)
    }

    /// Read GFF3 or GTF text (told apart per line by the attribute syntax);
    /// `path` names the source in errors.
    pub fn from_reader<R: BufRead>(reader: R, path: &Path) -> Result<GeneModels, GffError> {
        let mut b = parse::Builder::default();
        for (no, line) in crate::lines::lines(reader).enumerate() {
            let line = line.map_err(|source| GffError::Line {
                path: path.to_path_buf(),
                line: no as u64 + 1,
                source,
            })?;
            if line.starts_with("##FASTA") {
                break;
            }
            b.line(&line, no as u64 + 1, path)?;
        }
        let declared_build = b.declared_build.take();
        if let (n, Some((line, field, value))) = std::mem::take(&mut b.unusable_spans) {
            tracing::warn!(
                "{}: {n} gene row(s) have a {field} that is not a position (first: line {line}, {value:?}): \
                 ignored, as the engine does not use a gene's span",
                path.display()
            );
        }
        let transcripts = b.finish();
        if transcripts.is_empty() {
            return Err(GffError::Empty {
                path: path.to_path_buf(),
            });
        }
        Ok(GeneModels {
            declared_build,
            ..GeneModels::new(transcripts)
        })
    }

    /// Build the index over finished transcripts.
    pub fn new(transcripts: Vec<Transcript>) -> GeneModels {
        let mut by: HashMap<String, Vec<usize>> = HashMap::default();
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
        GeneModels {
            transcripts,
            index,
            declared_build: None,
        }
    }

    /// The assembly the header names (`#!genome-build GRCh38.p14` → `GRCh38.p14`), as written.
    pub(crate) fn declared_build(&self) -> Option<&str> {
        self.declared_build.as_deref()
    }

    pub(crate) fn transcripts(&self) -> &[Transcript] {
        &self.transcripts
    }

    /// Size in megabases of the union of all CDS rows (each base once,
    /// whatever the number of transcripts covering it).
    pub(crate) fn coding_mb(&self) -> f64 {
        let mut bases = 0u64;
        for order in self.index.values().map(|(o, _)| o) {
            let mut spans: Vec<(u64, u64)> = order
                .iter()
                .flat_map(|&i| self.transcripts[i].cds.iter().copied())
                .collect();
            spans.sort_unstable();
            let mut end = 0u64;
            for (s, e) in spans {
                let from = s.max(end + 1);
                if e >= from {
                    bases += e - from + 1;
                }
                end = end.max(e);
            }
        }
        bases as f64 / 1e6
    }

    /// Transcripts on `chrom` whose span, widened by `flank` bases each side,
    /// overlaps `[start, end]` (1-based inclusive), in start order.
    pub(crate) fn overlapping(&self, chrom: &str, start: u64, end: u64, flank: u64) -> Vec<&Transcript> {
        self.overlapping_ids(chrom, start, end, flank)
            .map(|i| &self.transcripts[i])
            .collect()
    }

    /// Like [`GeneModels::overlapping`], as indices into [`GeneModels::transcripts`] (no allocation).
    pub(crate) fn overlapping_ids<'a>(
        &'a self,
        chrom: &str,
        start: u64,
        end: u64,
        flank: u64,
    ) -> impl Iterator<Item = usize> + 'a {
        let (order, window): (&[usize], std::ops::Range<usize>) = match self.index.get(normalise_chrom(chrom)) {
            Some((order, max_end)) => {
                let hi = order.partition_point(|&i| self.transcripts[i].start <= end.saturating_add(flank));
                let lo = max_end.partition_point(|&e| e.saturating_add(flank) < start);
                (order, lo.min(hi)..hi)
            }
            None => (&[], 0..0),
        };
        order[window]
            .iter()
            .copied()
            .filter(move |&i| self.transcripts[i].end.saturating_add(flank) >= start)
    }
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
        assert_eq!(&*t.id, "ENST00000218032");
        assert_eq!(&*t.gene, "TLR8");
        assert_eq!(&*t.biotype, "protein_coding");
        assert_eq!(t.exons, vec![(21, 110), (12445, 16570)]);
        assert_eq!(t.cds, vec![(108, 110), (12445, 15567)]);
        assert_eq!(t.cds_len(), 3126);
        assert!((m.coding_mb() - 0.003126).abs() < 1e-12);
        assert!(t.canonical && t.mane_select && t.is_coding());
        assert_eq!(m.overlapping("chrX", 100, 100, 0).len(), 1);
        assert_eq!(m.overlapping("X", 16571, 16600, 0).len(), 0);
        assert_eq!(m.overlapping("X", 16571, 16600, 5000).len(), 1);
        assert_eq!(m.overlapping("1", 100, 100, 0).len(), 0);
    }

    /// bcftools csq's own case: a gene row starting at a negative coordinate (an excerpt) is read,
    /// its span unused; the transcript under it keeps its gene name.
    #[test]
    fn gene_rows_with_unusable_coordinates_are_tolerated() {
        let m = parse(
            "4\tensembl_havana\tgene\t-15\t64876\t.\t+\t.\tID=gene:G1;Name=ABC1;biotype=protein_coding\n\
             4\tensembl_havana\tmRNA\t10\t500\t.\t+\t.\tID=transcript:T1;Parent=gene:G1;biotype=protein_coding\n\
             4\tensembl_havana\texon\t10\t500\t.\t+\t.\tParent=transcript:T1\n\
             4\tensembl_havana\tCDS\t20\t301\t.\t+\t0\tParent=transcript:T1\n",
        )
        .unwrap();
        assert_eq!(m.transcripts().len(), 1);
        assert_eq!(&*m.transcripts()[0].gene, "ABC1");
        assert_eq!(m.transcripts()[0].cds, vec![(20, 301)]);
    }

    #[test]
    fn typed_errors_name_line_and_field() {
        let e = parse("X\tx\texon\t10\n").unwrap_err();
        assert!(matches!(e, GffError::Columns { line: 1, found: 4, .. }), "{e}");
        let e = parse("#c\nX\tx\texon\tten\t20\t.\t+\t.\tParent=t\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.gff3: line 2: column 4 (start) is not a position: \"ten\""
        );
        let e = parse("X\tx\tmRNA\t10\t-20\t.\t+\t.\tID=t;Parent=g\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.gff3: line 1: column 5 (end) is not a position: \"-20\""
        );
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
        assert_eq!((&*t.id, &*t.gene, &*t.biotype), ("rna1", "ABC", "protein_coding"));
        assert_eq!(t.exons, vec![(10, 90)]);
        assert_eq!(t.strand, Strand::Minus);
    }
}
