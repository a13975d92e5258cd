//! The embedded gene spans (`annotations/gene_spans.tsv`): GRCh38 spans of the knowledge base's
//! cancer genes from the MANE v1.0 summary. There are no GRCh37 spans (no citable source was
//! verified): GRCh37 gene calls come from the genes a file names (CNVkit's `gene` column), or from
//! the user's `--gene-models` transcripts ([`from_models`]).

use crate::genome::GenomeBuild;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../annotations/gene_spans.tsv");

/// One gene's span, 1-based inclusive, contig normalised (`17`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Span {
    pub gene: String,
    pub build: GenomeBuild,
    pub contig: String,
    pub start: u64,
    pub end: u64,
    /// `+` or `-`.
    pub(crate) strand: char,
}

impl Span {
    pub(crate) fn length(&self) -> u64 {
        self.end - self.start + 1
    }
}

fn parse(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.starts_with("gene\t")) {
        let f: Vec<&str> = line.split('\t').collect();
        let (Some(gene), Some(build), Some(contig), Some(start), Some(end), Some(strand)) = (
            f.first(),
            f.get(1).and_then(|b| GenomeBuild::parse(b)),
            f.get(2),
            f.get(3).and_then(|s| s.parse().ok()),
            f.get(4).and_then(|s| s.parse().ok()),
            f.get(5).and_then(|s| s.chars().next()),
        ) else {
            continue;
        };
        out.push(Span {
            gene: gene.to_string(),
            build,
            contig: contig.to_string(),
            start,
            end,
            strand,
        });
    }
    out
}

/// The embedded span of a gene containing `contig:pos` (the shortest when genes overlap).
pub(crate) fn at(build: GenomeBuild, contig: &str, pos: u64) -> Option<&'static Span> {
    of_build(build)
        .into_iter()
        .filter(|s| s.contig == contig && s.start <= pos && pos <= s.end)
        .min_by_key(|s| s.length())
}

/// Every embedded span of one build.
pub(crate) fn of_build(build: GenomeBuild) -> Vec<&'static Span> {
    static ALL: OnceLock<Vec<Span>> = OnceLock::new();
    ALL.get_or_init(|| parse(TABLE))
        .iter()
        .filter(|s| s.build == build)
        .collect()
}

/// The spans of the genes of the user's `--gene-models`: per gene, its MANE Select coding
/// transcript (else the canonical one, else the longest CDS), tagged with `build`.
pub(crate) fn from_models(models: &crate::consequence::gff::GeneModels, build: GenomeBuild) -> Vec<Span> {
    let mut best: std::collections::BTreeMap<&str, &crate::consequence::gff::Transcript> = Default::default();
    for t in models.transcripts().iter().filter(|t| t.is_coding()) {
        let key = |t: &crate::consequence::gff::Transcript| (t.mane_select, t.canonical, t.cds_len());
        match best.get(&*t.gene) {
            Some(b) if key(b) >= key(t) => {}
            _ => {
                best.insert(&t.gene, t);
            }
        }
    }
    best.into_values()
        .map(|t| Span {
            gene: t.gene.to_string(),
            build,
            contig: crate::genome::normalise_chrom(&t.chrom).to_string(),
            start: t.start,
            end: t.end,
            strand: if t.strand == crate::consequence::gff::Strand::Minus {
                '-'
            } else {
                '+'
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_has_the_cna_genes() {
        let s = of_build(GenomeBuild::GRCh38);
        assert!(s.len() > 300, "{}", s.len());
        let erbb2 = s
            .iter()
            .find(|x| x.gene == "ERBB2")
            .map(|x| (x.contig.clone(), x.start, x.end));
        assert_eq!(erbb2, Some(("17".into(), 39700064, 39728658)));
        assert!(s.iter().any(|x| x.gene == "MTAP"));
        assert!(of_build(GenomeBuild::GRCh37).is_empty());
    }

    #[test]
    fn spans_from_gene_models_prefer_mane_select() {
        use crate::consequence::gff::{GeneModels, Strand, Transcript};
        use std::sync::Arc;
        let tx = |id: &str, start: u64, end: u64, mane: bool| Transcript {
            id: Arc::from(id),
            gene: Arc::from("BRAF"),
            biotype: Arc::from("protein_coding"),
            chrom: "chr7".into(),
            strand: Strand::Minus,
            start,
            end,
            exons: vec![(start, end)],
            cds: vec![(start + 10, end - 10)],
            cds_phase: 0,
            canonical: false,
            mane_select: mane,
        };
        // The longer transcript loses to the MANE Select one.
        let m = GeneModels::new(vec![tx("T1", 100, 9_000, false), tx("T2", 500, 2_000, true)]);
        let s = from_models(&m, GenomeBuild::GRCh37);
        assert_eq!(
            s.iter()
                .map(|x| (x.gene.as_str(), x.contig.as_str(), x.start, x.end, x.strand))
                .collect::<Vec<_>>(),
            vec![("BRAF", "7", 500, 2_000, '-')]
        );
    }
}
