//! Lookup tables over genes and hotspot rows, and the lookups of [`KnowledgeBase`].

use std::collections::HashMap;

use super::genes::Gene;
use super::hotspots::{GenomicAllele, GenomicSpec, Hotspot, HotspotType};
use super::KnowledgeBase;
use crate::input::GenomeBuild;

/// Lookup tables built once from the hotspot rows.
#[derive(Debug, Clone, Default)]
pub(crate) struct KbIndex {
    /// Gene symbol or alias → index in `genes`.
    pub genes: HashMap<String, usize>,
    /// (gene, protein position) → codon/exact rows.
    pub by_position: HashMap<(String, u32), Vec<usize>>,
    /// (build, chrom, pos, ref, alt) → exact rows.
    pub by_allele: HashMap<(GenomeBuild, GenomicAllele), Vec<usize>>,
    /// gene → range/domain rows.
    pub ranges: HashMap<String, Vec<usize>>,
    /// (build, chrom) → range rows with a genomic window.
    pub windows: HashMap<(GenomeBuild, String), Vec<usize>>,
}

impl KbIndex {
    pub(crate) fn build(genes: &[Gene], hotspots: &[Hotspot]) -> KbIndex {
        let mut ix = KbIndex::default();
        for (i, g) in genes.iter().enumerate() {
            ix.genes.entry(g.symbol.clone()).or_insert(i);
        }
        for (i, g) in genes.iter().enumerate() {
            for a in &g.aliases {
                ix.genes.entry(a.clone()).or_insert(i);
            }
        }
        for (i, h) in hotspots.iter().enumerate() {
            match h.kind {
                HotspotType::Codon | HotspotType::Exact => {
                    ix.by_position
                        .entry((h.gene.clone(), h.protein_start))
                        .or_default()
                        .push(i);
                }
                HotspotType::Range | HotspotType::Domain => {
                    ix.ranges.entry(h.gene.clone()).or_default().push(i);
                }
            }
            for build in [GenomeBuild::GRCh37, GenomeBuild::GRCh38] {
                match h.genomic(build) {
                    GenomicSpec::Allele(a) => ix.by_allele.entry((build, a.clone())).or_default().push(i),
                    GenomicSpec::Window(w) => ix.windows.entry((build, w.chrom.clone())).or_default().push(i),
                    GenomicSpec::None => {}
                }
            }
        }
        ix
    }
}

impl KnowledgeBase {
    fn ix(&self) -> &KbIndex {
        self.index.get_or_init(|| KbIndex::build(&self.genes, &self.hotspots))
    }

    /// A gene by symbol or alias.
    pub fn gene(&self, symbol: &str) -> Option<&Gene> {
        self.ix().genes.get(symbol).and_then(|&i| self.genes.get(i))
    }

    /// Codon/exact hotspot rows at one protein position of a gene.
    pub fn hotspots_at(&self, gene: &str, position: u32) -> impl Iterator<Item = &Hotspot> {
        self.ix()
            .by_position
            .get(&(gene.to_string(), position))
            .into_iter()
            .flatten()
            .filter_map(|&i| self.hotspots.get(i))
    }

    /// Exact rows whose genomic allele on `build` is (chrom, pos, ref, alt); chrom is normalised.
    pub fn hotspots_by_allele(
        &self,
        build: GenomeBuild,
        chrom: &str,
        pos: u64,
        ref_allele: &str,
        alt: &str,
    ) -> Vec<&Hotspot> {
        let key = (
            build,
            GenomicAllele {
                chrom: crate::model::normalise_chrom(chrom).to_string(),
                pos,
                ref_allele: ref_allele.to_ascii_uppercase(),
                alt: alt.to_ascii_uppercase(),
            },
        );
        self.ix()
            .by_allele
            .get(&key)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.hotspots.get(i))
            .collect()
    }

    /// Range/domain rows of a gene.
    pub fn ranges_of(&self, gene: &str) -> impl Iterator<Item = &Hotspot> {
        self.ix()
            .ranges
            .get(gene)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.hotspots.get(i))
    }

    /// Range rows whose genomic window on `build` overlaps [start, end] of `chrom`.
    pub fn windows_overlapping(&self, build: GenomeBuild, chrom: &str, start: u64, end: u64) -> Vec<&Hotspot> {
        let chrom = crate::model::normalise_chrom(chrom).to_string();
        self.ix()
            .windows
            .get(&(build, chrom))
            .into_iter()
            .flatten()
            .filter_map(|&i| self.hotspots.get(i))
            .filter(|h| match h.genomic(build) {
                GenomicSpec::Window(w) => w.start <= end && start <= w.end,
                _ => false,
            })
            .collect()
    }
}
