//! Lookup tables over genes and hotspot rows, and the lookups of [`KnowledgeBase`].

use rustc_hash::FxHashMap as HashMap;

use super::genes::Gene;
use super::hotspots::{GenomicSpec, Hotspot, HotspotType};
use super::KnowledgeBase;
use crate::genome::GenomeBuild;
use crate::model::Shared;

/// Lookup tables built once from the hotspot rows.
#[derive(Debug, Clone, Default)]
pub(crate) struct KbIndex {
    /// Gene symbol or alias → index in `genes`.
    pub(crate) genes: HashMap<String, usize>,
    /// gene → protein position → codon/exact rows.
    pub(crate) by_position: HashMap<String, HashMap<u32, Vec<usize>>>,
    /// (build, pos) → exact rows with a genomic allele there (chrom, REF and ALT compared on lookup).
    pub(crate) by_allele: HashMap<(GenomeBuild, u64), Vec<usize>>,
    /// gene → range/domain rows.
    pub(crate) ranges: HashMap<String, Vec<usize>>,
    /// chrom → range rows with a genomic window, per build (GRCh37, GRCh38).
    pub(crate) windows: [HashMap<String, Vec<usize>>; 2],
    /// Per gene (as `genes`), the texts every call in the gene repeats, made once.
    pub(crate) texts: Vec<GeneTexts>,
}

/// The texts a call in a cancer gene carries, shared by every call in the gene: its role, its
/// pathways, its source and the gene-level reason (`TP53 is a cancer gene (tumor suppressor; …)`).
#[derive(Debug, Clone)]
pub(crate) struct GeneTexts {
    pub role: Shared,
    pub pathways: Vec<Shared>,
    pub source: Shared,
    pub reason: Shared,
}

impl GeneTexts {
    fn of(g: &Gene) -> GeneTexts {
        GeneTexts {
            role: Shared::from(g.role.as_str()),
            pathways: g.pathways.iter().map(|p| Shared::from(p.as_str())).collect(),
            source: Shared::from(g.source.as_str()),
            reason: Shared::from(format!(
                "{} is a cancer gene ({}; {})",
                g.symbol,
                g.role.replace('_', " "),
                g.pathways.join(", ")
            )),
        }
    }
}

fn build_slot(build: GenomeBuild) -> usize {
    match build {
        GenomeBuild::GRCh37 => 0,
        GenomeBuild::GRCh38 => 1,
    }
}

impl KbIndex {
    pub fn build(genes: &[Gene], hotspots: &[Hotspot]) -> KbIndex {
        let mut ix = KbIndex {
            texts: genes.iter().map(GeneTexts::of).collect(),
            ..Default::default()
        };
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
                        .entry(h.gene.clone())
                        .or_default()
                        .entry(h.protein_start)
                        .or_default()
                        .push(i);
                }
                HotspotType::Range | HotspotType::Domain => {
                    ix.ranges.entry(h.gene.clone()).or_default().push(i);
                }
            }
            for build in [GenomeBuild::GRCh37, GenomeBuild::GRCh38] {
                match h.genomic(build) {
                    GenomicSpec::Allele(a) => ix.by_allele.entry((build, a.pos)).or_default().push(i),
                    GenomicSpec::Window(w) => ix.windows[build_slot(build)]
                        .entry(w.chrom.clone())
                        .or_default()
                        .push(i),
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

    /// A gene by symbol or alias, with the texts its calls share ([`GeneTexts`]).
    pub(crate) fn gene_with_texts(&self, symbol: &str) -> Option<(&Gene, &GeneTexts)> {
        let ix = self.ix();
        let &i = ix.genes.get(symbol)?;
        Some((self.genes.get(i)?, ix.texts.get(i)?))
    }

    /// True when the knowledge base has anything under this symbol: a gene (symbol or alias) or
    /// hotspot, range or domain rows. A variant in a gene it does not know can only be counted
    /// (TMB, MSI), never classified as more than an unlisted VUS or likely benign.
    pub(crate) fn knows_symbol(&self, symbol: &str) -> bool {
        let ix = self.ix();
        ix.genes.contains_key(symbol) || ix.by_position.contains_key(symbol) || ix.ranges.contains_key(symbol)
    }

    /// Codon/exact hotspot rows at one protein position of a gene.
    pub(crate) fn hotspots_at(&self, gene: &str, position: u32) -> impl Iterator<Item = &Hotspot> {
        self.ix()
            .by_position
            .get(gene)
            .and_then(|m| m.get(&position))
            .into_iter()
            .flatten()
            .filter_map(|&i| self.hotspots.get(i))
    }

    /// Exact rows whose genomic allele on `build` is (chrom, pos, ref, alt); chrom is normalised.
    pub(crate) fn hotspots_by_allele(
        &self,
        build: GenomeBuild,
        chrom: &str,
        pos: u64,
        ref_allele: &str,
        alt: &str,
    ) -> Vec<&Hotspot> {
        // Stored alleles are upper case; the query's case is ignored (as upper-casing it would).
        let same = |stored: &str, q: &str| {
            stored.len() == q.len() && stored.bytes().zip(q.bytes()).all(|(s, q)| s == q.to_ascii_uppercase())
        };
        let chrom = crate::genome::normalise_chrom(chrom);
        self.ix()
            .by_allele
            .get(&(build, pos))
            .into_iter()
            .flatten()
            .filter_map(|&i| self.hotspots.get(i))
            .filter(|h| match h.genomic(build) {
                GenomicSpec::Allele(a) => a.chrom == chrom && same(&a.ref_allele, ref_allele) && same(&a.alt, alt),
                _ => false,
            })
            .collect()
    }

    /// Range/domain rows of a gene.
    pub(crate) fn ranges_of(&self, gene: &str) -> impl Iterator<Item = &Hotspot> {
        self.ix()
            .ranges
            .get(gene)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.hotspots.get(i))
    }

    /// Range rows whose genomic window on `build` overlaps [start, end] of `chrom`.
    pub(crate) fn windows_overlapping(&self, build: GenomeBuild, chrom: &str, start: u64, end: u64) -> Vec<&Hotspot> {
        let chrom = crate::genome::normalise_chrom(chrom);
        self.ix().windows[build_slot(build)]
            .get(chrom)
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
