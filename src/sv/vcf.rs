//! Structural-variant VCFs (Manta, GRIDSS/GRIPSS, DELLY, SvABA) → junctions, which
//! [`super::junction`] maps to genes and 5'/3' partners.
//!
//! A breakend ALT says which sides are joined (VCF 4.4 §5.4): `t[p[` joins the left of this
//! position to the right of `p`; `t]p]` the left of this position to the reverse complement of the
//! left of `p`; `]p]t` the left of `p` to the right of this position; `[p[t` the reverse
//! complement of the right of `p` to the right of this position. `DEL` joins POS to END+1 as
//! `t[p[`, `DUP` joins END to POS as `]p]t`, `INV` is read as its first junction (`t]p]`).
//! Mates (`MATEID`) are read once; FILTER other than PASS/`.` drops a record unless
//! `--include-filtered`.

use super::junction::{self, End, Junction, Tally};
use super::Fusion;
use crate::cna::table::{Row, Table};
use crate::cna::CnaError;

/// Which sides of the two positions a junction joins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Join {
    /// `t[p[`: left of A, then right of B (both read forward).
    LeftRight,
    /// `t]p]`: left of A forward, then left of B backward.
    LeftLeft,
    /// `]p]t`: left of B forward, then right of A forward.
    RightLeft,
    /// `[p[t`: right of B backward, then right of A forward.
    RightRight,
}

/// The breakend form of an ALT: the join and the mate position.
fn breakend(alt: &str) -> Option<(Join, String, u64)> {
    let (open, join) = if alt.starts_with('[') {
        ('[', Join::RightRight)
    } else if alt.starts_with(']') {
        (']', Join::RightLeft)
    } else if alt.ends_with('[') {
        ('[', Join::LeftRight)
    } else if alt.ends_with(']') {
        (']', Join::LeftLeft)
    } else {
        return None;
    };
    let inner = alt.split(open).nth(1)?;
    let (c, p) = inner.rsplit_once(':')?;
    Some((join, crate::genome::normalise_chrom(c).to_string(), p.parse().ok()?))
}

fn info<'a>(info: &'a str, key: &str) -> Option<&'a str> {
    info.split(';').find_map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        (k == key).then_some(v)
    })
}

/// Which side of its position each end of a junction keeps: (A keeps its left, B keeps its left).
fn kept_left(join: Join) -> (bool, bool) {
    match join {
        Join::LeftRight => (true, false),
        Join::LeftLeft => (true, true),
        Join::RightLeft => (false, true),
        Join::RightRight => (false, false),
    }
}

/// The fusions of an SV VCF's records (the first sample's calls are not needed: SVs are somatic).
pub fn read(t: &Table, genes: junction::Genes<'_>, include_filtered: bool) -> Result<(Vec<Fusion>, Tally), CnaError> {
    let col = |n: &str| t.need(&[n]);
    let (chrom, pos, id, alt, filter, inf) = (
        col("CHROM")?,
        col("POS")?,
        col("ID")?,
        col("ALT")?,
        col("FILTER")?,
        col("INFO")?,
    );
    let mut tally = Tally::default();
    let mut seen_mates: std::collections::HashSet<String> = Default::default();
    let mut out = Vec::new();
    for row in &t.rows {
        tally.records += 1;
        let f = t.text(row, filter);
        if !(include_filtered || f == "PASS" || f == ".") {
            tally.filtered += 1;
            continue;
        }
        let record_id = t.text(row, id).to_string();
        if seen_mates.contains(&record_id) {
            continue;
        }
        let infos = t.text(row, inf);
        if let Some(m) = info(infos, "MATEID") {
            seen_mates.insert(m.to_string());
        }
        let a_contig = crate::genome::normalise_chrom(t.text(row, chrom)).to_string();
        let a_pos = t.pos(row, pos)?;
        let Some((join, b_contig, b_pos)) = junction(t, row, alt, infos, &a_contig)? else {
            continue;
        };
        let (left_a, left_b) = kept_left(join);
        let j = Junction {
            a: End {
                contig: a_contig,
                pos: a_pos,
                keeps_left: left_a,
            },
            b: End {
                contig: b_contig,
                pos: b_pos,
                keeps_left: left_b,
            },
            line: row.line,
            reads: support(t, row, infos),
        };
        out.extend(junction::to_fusion(genes, &j, &mut tally));
    }
    Ok((out, tally))
}

/// Supporting reads: INFO `SR`/`PR`/`PE` (DELLY, SvABA), else the last sample's FORMAT `PR`/`SR`
/// alt counts (Manta writes `ref,alt`; the tumour is its last sample).
fn support(t: &Table, row: &Row, infos: &str) -> Option<u32> {
    let alt = |v: &str| v.split(',').next_back().and_then(|x| x.parse::<u32>().ok());
    let from_info = ["SR", "PR", "PE"]
        .iter()
        .filter_map(|k| info(infos, k))
        .filter_map(alt)
        .reduce(|a, b| a.saturating_add(b));
    if from_info.is_some() {
        return from_info;
    }
    let fmt = t.col(&["FORMAT"])?;
    let keys: Vec<&str> = t.text(row, fmt).split(':').collect();
    let last = row.fields.len().checked_sub(1).filter(|l| *l > fmt)?;
    let values: Vec<&str> = t.text(row, last).split(':').collect();
    keys.iter()
        .zip(&values)
        .filter(|(k, _)| matches!(**k, "PR" | "SR"))
        .filter_map(|(_, v)| alt(v))
        .reduce(|a, b| a.saturating_add(b))
}

/// The junction of one record: a breakend ALT, or DEL/DUP/INV with END.
fn junction(
    t: &Table,
    row: &Row,
    alt_col: usize,
    infos: &str,
    contig: &str,
) -> Result<Option<(Join, String, u64)>, CnaError> {
    let alt = t.text(row, alt_col);
    if let Some(b) = breakend(alt) {
        return Ok(Some(b));
    }
    let svtype = info(infos, "SVTYPE").unwrap_or_else(|| alt.trim_matches(['<', '>']));
    let end = match info(infos, "END") {
        Some(e) => e.parse::<u64>().map_err(|_| {
            t.field_err(
                row,
                t.col(&["INFO"]).unwrap_or(alt_col),
                format!("END `{e}` is not a position"),
            )
        })?,
        None => return Ok(None),
    };
    Ok(match svtype {
        "DEL" => Some((Join::LeftRight, contig.to_string(), end.saturating_add(1))),
        "DUP" | "DUP:TANDEM" => Some((Join::RightLeft, contig.to_string(), end)),
        "INV" => Some((Join::LeftLeft, contig.to_string(), end)),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breakend_forms() {
        assert_eq!(
            breakend("N]chr2:29223500]"),
            Some((Join::LeftLeft, "2".into(), 29223500))
        );
        assert_eq!(breakend("G[2:100["), Some((Join::LeftRight, "2".into(), 100)));
        assert_eq!(breakend("]13:123456]T"), Some((Join::RightLeft, "13".into(), 123456)));
        assert_eq!(breakend("[17:198983[A"), Some((Join::RightRight, "17".into(), 198983)));
        assert_eq!(breakend("<DEL>"), None);
    }
}
