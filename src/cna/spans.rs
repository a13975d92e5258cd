//! The embedded gene spans (`annotations/gene_spans.tsv`): GRCh38 spans of the knowledge base's
//! cancer genes from the MANE v1.0 summary. There are no GRCh37 spans (no citable source was
//! verified): GRCh37 gene calls come from the genes a file names (CNVkit's `gene` column).

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
}
