//! BEDPE rearrangements (`chrom1 start1 end1 chrom2 start2 end2 … strand1 strand2`, or LUMPY's
//! `CHROM_A START_A END_A CHROM_B START_B END_B … STRAND_A STRAND_B`, with a header line, `#`
//! optional: PCAWG, the 560-breast set, LUMPY/bedtools) → junctions, which
//! [`super::junction`] maps to genes and 5'/3' partners.
//!
//! Each side is a 0-based half-open interval; its breakpoint is the middle of the 1-based interval
//! `min(start, end) + 1 ..= max(start, end)` (files that write `start > end`, like the 560-breast
//! set, are read with the two swapped). The strand says which side of the breakpoint the joined
//! DNA keeps: `+` its left (lower coordinates), `-` its right, as in PCAWG and LUMPY, where a
//! deletion is `+ -` and a tandem duplication `- +`. A `filter`/`FILTER` column other than
//! `PASS`/`.` drops a row unless `--include-filtered`; the sample column (`sample`) narrows a
//! multi-sample file to one sample.

use super::junction::{self, End, Junction, Tally};
use super::Fusion;
use crate::cna::table::{Row, Table};
use crate::cna::CnaError;

/// The column names of each field: the BEDPE convention and LUMPY's.
const COLUMNS: [[&str; 2]; 8] = [
    ["chrom1", "CHROM_A"],
    ["start1", "START_A"],
    ["end1", "END_A"],
    ["strand1", "STRAND_A"],
    ["chrom2", "CHROM_B"],
    ["start2", "START_B"],
    ["end2", "END_B"],
    ["strand2", "STRAND_B"],
];

/// Whether a header is BEDPE's (both sides' contig, start and end named in one convention).
pub fn is_header(h: &[String]) -> bool {
    let has = |n: &str| h.iter().any(|x| x.eq_ignore_ascii_case(n));
    (0..2).any(|style| [0, 1, 2, 4, 5, 6].iter().all(|&i| has(COLUMNS[i][style])))
}

/// The breakpoint of one side (1-based, the interval's middle).
fn side(t: &Table, row: &Row, cols: [usize; 4]) -> Result<End, CnaError> {
    let [c, s, e, strand] = cols;
    let (a, b) = (t.pos(row, s)?, t.pos(row, e)?);
    let (lo, hi) = (a.min(b), a.max(b));
    let pos = lo
        .saturating_add(1)
        .saturating_add(hi.saturating_sub(lo).saturating_sub(1) / 2);
    let keeps_left = match t.text(row, strand) {
        "+" => true,
        "-" => false,
        v => return Err(t.field_err(row, strand, format!("`{v}` is not a strand (+ or -)"))),
    };
    Ok(End {
        contig: crate::genome::normalise_chrom(t.text(row, c)).to_string(),
        pos,
        keeps_left,
    })
}

/// The junctions of `rows` (already narrowed to one sample), with the filtered rows counted.
pub fn junctions(t: &Table, rows: &[&Row], include_filtered: bool) -> Result<(Vec<Junction>, Tally), CnaError> {
    let need = |i: usize| t.need(&COLUMNS[i]);
    let one = [need(0)?, need(1)?, need(2)?, need(3)?];
    let two = [need(4)?, need(5)?, need(6)?, need(7)?];
    let filter = t.col(&["filter"]);
    let mut tally = Tally::default();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        tally.records += 1;
        if let Some(f) = filter {
            let v = t.text(row, f);
            if !(include_filtered || v == "PASS" || v == "." || v.is_empty()) {
                tally.filtered += 1;
                continue;
            }
        }
        out.push(Junction {
            a: side(t, row, one)?,
            b: side(t, row, two)?,
            line: row.line,
            reads: None,
        });
    }
    Ok((out, tally))
}

/// The fusions of a BEDPE's rows over the embedded spans of `build`.
pub fn read(
    t: &Table,
    rows: &[&Row],
    genes: junction::Genes<'_>,
    include_filtered: bool,
) -> Result<(Vec<Fusion>, Tally), CnaError> {
    let (js, mut tally) = junctions(t, rows, include_filtered)?;
    let fusions = js
        .iter()
        .filter_map(|j| junction::to_fusion(genes, j, &mut tally))
        .collect();
    Ok((fusions, tally))
}
