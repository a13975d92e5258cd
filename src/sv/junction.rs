//! One DNA junction (from an SV VCF record or a BEDPE row) → a [`Fusion`]: each end is mapped to
//! the embedded gene spans ([`crate::cna::spans`], GRCh38), and the 5'/3' partners follow from
//! the genes' strands and which side of each breakpoint the junction keeps.
//!
//! The piece of a gene kept left of its breakpoint is its 5' part on the `+` strand (its 3' part
//! on `-`), and the right piece the reverse: a junction of a 5' and a 3' piece is a fusion of
//! those partners; two 5' (or two 3') pieces make no sense transcript. An end outside the
//! embedded spans (a partner the knowledge base does not hold) is named by its locus
//! (`2:42260000`). Where the embedded exon models hold a partner, each end also gets its exon or
//! intron and the exons its piece keeps ([`super::exons`]).

use super::{exons, Breakpoint, Fusion};
use crate::cna::spans;
use crate::genome::GenomeBuild;

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

fn map_end<'a>(build: GenomeBuild, e: &'a End) -> Mapped<'a> {
    match spans::at(build, &e.contig, e.pos) {
        Some(g) => Mapped {
            name: g.gene.clone(),
            five: Some(is_five_prime(g.strand, e.keeps_left)),
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
pub fn to_fusion(build: GenomeBuild, j: &Junction, tally: &mut Tally) -> Option<Fusion> {
    let (ma, mb) = (map_end(build, &j.a), map_end(build, &j.b));
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
        exons::place(&five.name, five.end.pos, true),
        exons::place(&three.name, three.end.pos, false),
    ];
    let intragenic = (five.name == three.name)
        .then(|| exons::intragenic(&five.name, five.end.pos, three.end.pos))
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
        let f = to_fusion(GenomeBuild::GRCh38, &j, &mut t);
        let f = f
            .as_ref()
            .map(|f| (f.name(), f.exons[1].as_ref().map(|p| p.location.clone())));
        assert_eq!(f, Some(("EML4::ALK".into(), Some("intron 19".into()))));
    }
}
