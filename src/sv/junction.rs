//! One DNA junction (from an SV VCF record or a BEDPE row) → a [`Fusion`]: each end is mapped to
//! the embedded gene spans ([`crate::cna::spans`], GRCh38), and the 5'/3' partners follow from
//! the genes' strands and which side of each breakpoint the junction keeps.
//!
//! The piece of a gene kept left of its breakpoint is its 5' part on the `+` strand (its 3' part
//! on `-`), and the right piece the reverse: a junction of a 5' and a 3' piece is a fusion of
//! those partners; two 5' (or two 3') pieces make no sense transcript. An end outside the
//! embedded spans (a partner the knowledge base does not hold) is named by its locus
//! (`2:42260000`). Where the embedded exon models hold a partner, each end also gets its exon or
//! intron and the exons its piece keeps ([`super::exons`]). Where no spans are embedded (GRCh37),
//! the user's `--gene-models` transcripts give the genes, strands and exons instead ([`Genes`]).

use super::{exons, Breakpoint, Fusion};
use crate::cna::spans;
use crate::consequence::gff::{GeneModels, Strand};
use crate::genome::GenomeBuild;

/// Where the ends of a junction find their genes and exons.
#[derive(Debug, Clone, Copy)]
pub enum Genes<'a> {
    /// The embedded spans and exon models of a build (GRCh38).
    Embedded(GenomeBuild),
    /// The user's `--gene-models` transcripts (MANE Select, else canonical, else the longest CDS).
    Models(&'a GeneModels),
}

impl Genes<'_> {
    /// The gene (and its strand) at `contig:pos`.
    fn at(&self, contig: &str, pos: u64) -> Option<(String, char)> {
        match self {
            Genes::Embedded(b) => spans::at(*b, contig, pos).map(|g| (g.gene.clone(), g.strand)),
            Genes::Models(m) => m
                .overlapping(contig, pos, pos, 0)
                .into_iter()
                .filter(|t| t.is_coding())
                .max_by_key(|t| (t.mane_select, t.canonical, t.cds_len(), std::cmp::Reverse(t.id.clone())))
                .map(|t| (t.gene.to_string(), if t.strand == Strand::Minus { '-' } else { '+' })),
        }
    }

    /// The exon place of a breakpoint of `gene` at `contig:pos` ([`exons::place`]).
    pub(crate) fn place(&self, gene: &str, contig: &str, pos: u64, five: bool) -> Option<exons::ExonPlace> {
        match self {
            Genes::Embedded(_) => exons::place(gene, pos, five),
            Genes::Models(m) => exons::place_on(super::frame::transcript(m, gene, contig, pos)?, pos, five),
        }
    }

    fn intragenic(&self, gene: &str, contig: &str, five_pos: u64, three_pos: u64) -> Option<exons::Intragenic> {
        match self {
            Genes::Embedded(_) => exons::intragenic(gene, five_pos, three_pos),
            Genes::Models(m) => exons::intragenic_on(
                super::frame::transcript(m, gene, contig, five_pos)?,
                five_pos,
                three_pos,
            ),
        }
    }
}

/// One end of a junction: a 1-based position and the side of it the joined piece keeps.
#[derive(Debug, Clone, PartialEq)]
pub struct End {
    pub contig: String,
    pub pos: u64,
    /// True when the piece left of `pos` (lower coordinates, `pos` included) is kept.
    pub keeps_left: bool,
}

/// Two joined ends, with the record's line and supporting reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Junction {
    pub a: End,
    pub b: End,
    pub line: u64,
    pub reads: Option<u32>,
}

/// What mapping junctions to genes left uncertain.
#[derive(Debug, Default)]
pub struct Tally {
    pub records: u64,
    pub filtered: u64,
    pub outside_genes: u64,
    pub antisense: u64,
    /// Junctions with one end outside the embedded gene spans (named by its locus).
    pub one_sided: u64,
}

/// Whether a gene whose kept piece lies left (or right) of the breakpoint is the 5' partner: the
/// left piece of a `+` gene (and the right piece of a `-` gene) is its upstream, 5' part.
fn is_five_prime(strand: char, left: bool) -> bool {
    left == (strand == '+')
}

/// One end mapped: its gene (or locus) and whether it is the 5' piece (None outside the spans).
struct Mapped<'a> {
    name: String,
    five: Option<bool>,
    end: &'a End,
}

fn map_end<'a>(genes: Genes<'_>, e: &'a End) -> Mapped<'a> {
    match genes.at(&e.contig, e.pos) {
        Some((gene, strand)) => Mapped {
            name: gene,
            five: Some(is_five_prime(strand, e.keeps_left)),
            end: e,
        },
        None => Mapped {
            name: format!("{}:{}", e.contig, e.pos),
            five: None,
            end: e,
        },
    }
}

/// The fusion a junction makes, or None (both ends outside genes, or no sense transcript).
pub fn to_fusion(genes: Genes<'_>, j: &Junction, tally: &mut Tally) -> Option<Fusion> {
    let (ma, mb) = (map_end(genes, &j.a), map_end(genes, &j.b));
    let (five, three) = match (ma.five, mb.five) {
        (None, None) => {
            tally.outside_genes += 1;
            return None;
        }
        (Some(x), Some(y)) if x == y => {
            tally.antisense += 1;
            return None;
        }
        (Some(true), _) | (None, Some(false)) => (ma, mb),
        _ => (mb, ma),
    };
    if five.five.is_none() || three.five.is_none() {
        tally.one_sided += 1;
    }
    let bp = |e: &End| Breakpoint {
        contig: e.contig.clone(),
        pos: e.pos,
    };
    let places = [
        genes.place(&five.name, &five.end.contig, five.end.pos, true),
        genes.place(&three.name, &three.end.contig, three.end.pos, false),
    ];
    let intragenic = (five.name == three.name)
        .then(|| genes.intragenic(&five.name, &five.end.contig, five.end.pos, three.end.pos))
        .flatten();
    let breakpoints = [Some(bp(five.end)), Some(bp(three.end))];
    Some(Fusion {
        reads: j.reads,
        exons: places,
        intragenic,
        ..Fusion::new(five.name, three.name, breakpoints, j.line)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn end(contig: &str, pos: u64, keeps_left: bool) -> End {
        End {
            contig: contig.into(),
            pos,
            keeps_left,
        }
    }

    #[test]
    fn eml4_alk_inversion_gives_the_oncogenic_order() {
        // EML4 (+, 2p21) intron 13 kept left, ALK (−) intron 19 kept left: t]p] (inversion).
        let j = Junction {
            a: end("2", 42_264_000, true),
            b: end("2", 29_223_600, true),
            line: 7,
            reads: Some(12),
        };
        let mut t = Tally::default();
        let f = to_fusion(Genes::Embedded(GenomeBuild::GRCh38), &j, &mut t);
        let f = f
            .as_ref()
            .map(|f| (f.name(), f.exons[1].as_ref().map(|p| p.location.clone())));
        assert_eq!(f, Some(("EML4::ALK".into(), Some("intron 19".into()))));
    }
}
