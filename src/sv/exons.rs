//! Exon-level detail of DNA fusion breakpoints over the embedded exon models
//! (`annotations/gene_exons.tsv`: the MANE Select exons, GRCh38, of the fusion drivers, EGFR and
//! MET): the exon or intron each breakpoint lies in, the exons its partner's piece keeps, and the
//! named intragenic events.
//!
//! Exon numbers are in transcript order (exon 1 at the 5' end, whatever the strand); intron `n`
//! lies between exons `n` and `n + 1`. The 5' partner keeps exons `1..=n` for a breakpoint in
//! intron `n` (`1..n` for one inside exon `n`, which is broken), the 3' partner exons `n + 1..`.
//!
//! Named intragenic events (both ends in one gene):
//! - **EGFRvIII**: the deletion of EGFR exons 2–7 (breakpoints in introns 1 and 7), which joins
//!   exon 1 to exon 8 in frame (Sugawa et al. 1990, PMID:2236070).
//! - **MET exon 14 skipping**: a deletion that removes a splice site of MET exon 14 (its acceptor
//!   or donor dinucleotide, or the whole exon) and leaves exons 13 and 15 whole: splicing then
//!   skips exon 14, whose loss removes the CBL-binding juxtamembrane domain (FDA label Tabrecta
//!   (capmatinib) 2020 names "a mutation that leads to MET exon 14 skipping").
//! - Otherwise the exons a deletion removes or a tandem duplication repeats (`exons 20–28
//!   duplicated`), e.g. the kinase-domain duplications of ALK or BRAF.

use std::sync::OnceLock;

use crate::model::AlterationClass;

const TABLE: &str = include_str!("../../annotations/gene_exons.tsv");

/// One exon, 1-based inclusive.
#[derive(Debug, Clone, PartialEq)]
struct Exon {
    number: u32,
    start: u64,
    end: u64,
}

/// One gene's MANE Select transcript and its exons (in transcript order).
#[derive(Debug, Clone)]
struct Model {
    gene: String,
    transcript: String,
    exons: Vec<Exon>,
}

fn parse(text: &str) -> Vec<Model> {
    let mut out: Vec<Model> = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.starts_with("gene\t")) {
        let f: Vec<&str> = line.split('\t').collect();
        let (Some(gene), Some(tx), Some(number), Some(start), Some(end)) = (
            f.first(),
            f.get(1),
            f.get(3).and_then(|s| s.parse().ok()),
            f.get(4).and_then(|s| s.parse().ok()),
            f.get(5).and_then(|s| s.parse().ok()),
        ) else {
            continue;
        };
        let exon = Exon { number, start, end };
        match out.iter_mut().find(|m| m.gene == *gene) {
            Some(m) => m.exons.push(exon),
            None => out.push(Model {
                gene: gene.to_string(),
                transcript: tx.to_string(),
                exons: vec![exon],
            }),
        }
    }
    for m in &mut out {
        m.exons.sort_by_key(|e| e.number);
    }
    out
}

impl Model {
    /// The model of one `--gene-models` transcript, exons numbered in transcript order.
    fn of_transcript(t: &crate::consequence::gff::Transcript) -> Model {
        let mut exons: Vec<(u64, u64)> = t.exons.clone();
        exons.sort_unstable();
        if t.strand == crate::consequence::gff::Strand::Minus {
            exons.reverse();
        }
        Model {
            gene: t.gene.to_string(),
            transcript: t.id.to_string(),
            exons: exons
                .into_iter()
                .enumerate()
                .map(|(i, (start, end))| Exon {
                    number: i as u32 + 1,
                    start,
                    end,
                })
                .collect(),
        }
    }
}

fn model(gene: &str) -> Option<&'static Model> {
    static ALL: OnceLock<Vec<Model>> = OnceLock::new();
    ALL.get_or_init(|| parse(TABLE)).iter().find(|m| m.gene == gene)
}

/// Where one breakpoint lies in its partner's transcript, and what that partner keeps.
#[derive(Debug, Clone, PartialEq)]
pub struct ExonPlace {
    pub transcript: String,
    /// `exon 20`, `intron 19`, `upstream` or `downstream`.
    pub location: String,
    /// The whole exons the partner's piece keeps (first, last), None when it keeps none.
    pub retained: Option<(u32, u32)>,
    pub exon_count: u32,
}

/// `Exon(n)` or `Intron(n)` (between exons n and n + 1), in transcript order; 0 = upstream of
/// exon 1, `Intron(last)` = downstream of the last exon.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Loc {
    Exon(u32),
    Intron(u32),
}

fn locate(m: &Model, pos: u64) -> Loc {
    if let Some(e) = m.exons.iter().find(|e| e.start <= pos && pos <= e.end) {
        return Loc::Exon(e.number);
    }
    // Exons are numbered in transcript order: count those lying on the 5' side of `pos`.
    let plus = match (m.exons.first(), m.exons.last()) {
        (Some(a), Some(b)) => a.start <= b.start,
        _ => true,
    };
    let before = m
        .exons
        .iter()
        .filter(|e| if plus { e.end < pos } else { e.start > pos })
        .count() as u32;
    Loc::Intron(before)
}

/// The place of a breakpoint in `gene`'s embedded model (None when the gene has none): `five`
/// says whether the gene is the 5' partner (keeps the exons before the breakpoint).
pub fn place(gene: &str, pos: u64, five: bool) -> Option<ExonPlace> {
    place_in(model(gene)?, pos, five)
}

/// [`place`] on one `--gene-models` transcript (GRCh37 input, where no model is embedded).
pub(crate) fn place_on(t: &crate::consequence::gff::Transcript, pos: u64, five: bool) -> Option<ExonPlace> {
    place_in(&Model::of_transcript(t), pos, five)
}

fn place_in(m: &Model, pos: u64, five: bool) -> Option<ExonPlace> {
    let n = m.exons.len() as u32;
    let loc = locate(m, pos);
    let location = match loc {
        Loc::Exon(e) => format!("exon {e}"),
        Loc::Intron(0) => "upstream".into(),
        Loc::Intron(i) if i == n => "downstream".into(),
        Loc::Intron(i) => format!("intron {i}"),
    };
    // The last whole exon before the breakpoint, and the first whole exon after it. An RNA
    // breakpoint (Arriba, STAR-Fusion, PCGR) lies on the exon's own boundary: the 5' partner's at
    // the exon's 3' end keeps that exon, the 3' partner's at its 5' end too.
    let plus = m
        .exons
        .first()
        .zip(m.exons.last())
        .is_none_or(|(a, b)| a.start <= b.start);
    let (last_before, first_after) = match loc {
        Loc::Exon(e) => {
            let exon = m.exons.iter().find(|x| x.number == e);
            let (five_end, three_end) = match exon {
                Some(x) if plus => (x.start, x.end),
                Some(x) => (x.end, x.start),
                None => (0, 0),
            };
            (
                if pos == three_end { e } else { e - 1 },
                if pos == five_end { e } else { e + 1 },
            )
        }
        Loc::Intron(i) => (i, i + 1),
    };
    let retained = if five {
        (last_before >= 1).then_some((1, last_before.min(n)))
    } else {
        (first_after <= n).then_some((first_after.max(1), n))
    };
    Some(ExonPlace {
        transcript: m.transcript.clone(),
        location,
        retained,
        exon_count: n,
    })
}

/// A named intragenic event: its label and the class therapy rules match.
#[derive(Debug, Clone, PartialEq)]
pub struct Intragenic {
    /// `EGFRvIII: exons 2-7 deleted`, `MET exon 14 skipping`, `exons 20-28 duplicated`.
    pub label: String,
    /// `egfr_viii`, `exon14_skipping`, or None for an unnamed event.
    pub class: Option<AlterationClass>,
    /// The source naming the event (for the evidence line).
    pub source: Option<&'static str>,
}

/// The intragenic event of a junction whose 5' end is at `five_pos` and 3' end at `three_pos`
/// in one gene (None without an embedded model or when no exon is lost or repeated).
pub fn intragenic(gene: &str, five_pos: u64, three_pos: u64) -> Option<Intragenic> {
    intragenic_in(model(gene)?, five_pos, three_pos)
}

/// [`intragenic`] on one `--gene-models` transcript.
pub(crate) fn intragenic_on(
    t: &crate::consequence::gff::Transcript,
    five_pos: u64,
    three_pos: u64,
) -> Option<Intragenic> {
    intragenic_in(&Model::of_transcript(t), five_pos, three_pos)
}

fn intragenic_in(m: &Model, five_pos: u64, three_pos: u64) -> Option<Intragenic> {
    let gene = m.gene.as_str();
    let five = place_in(m, five_pos, true)?;
    let three = place_in(m, three_pos, false)?;
    let kept_to = five.retained.map(|r| r.1).unwrap_or(0);
    let kept_from = three.retained.map(|r| r.0).unwrap_or(five.exon_count + 1);
    // On the + strand the 5' piece ends at five_pos, so a deletion has five_pos < three_pos.
    let plus = m
        .exons
        .first()
        .zip(m.exons.last())
        .is_none_or(|(a, b)| a.start <= b.start);
    let deletion = (five_pos < three_pos) == plus;
    if deletion {
        let (lo, hi) = (
            five_pos.min(three_pos).saturating_add(1),
            five_pos.max(three_pos).saturating_sub(1),
        );
        if gene == "MET" && met_exon14_skipping(m, lo, hi) {
            return Some(Intragenic {
                label: "MET exon 14 skipping".into(),
                class: Some(AlterationClass::Exon14Skipping),
                source: Some("FDA label Tabrecta (capmatinib) 2020"),
            });
        }
        if kept_from <= kept_to + 1 {
            return None;
        }
        let (a, b) = (kept_to + 1, kept_from - 1);
        if gene == "EGFR" && (a, b) == (2, 7) {
            return Some(Intragenic {
                label: "EGFRvIII: exons 2-7 deleted".into(),
                class: Some(AlterationClass::EgfrViii),
                source: Some("PMID:2236070"),
            });
        }
        return Some(Intragenic {
            label: range_label(a, b, "deleted"),
            class: None,
            source: None,
        });
    }
    // A tandem duplication: the 5' piece runs past the start of the repeated 3' piece.
    (kept_from <= kept_to).then(|| Intragenic {
        label: range_label(kept_from, kept_to, "duplicated"),
        class: None,
        source: None,
    })
}

fn range_label(a: u32, b: u32, what: &str) -> String {
    if a == b {
        format!("exon {a} {what}")
    } else {
        format!("exons {a}-{b} {what}")
    }
}

/// A deletion `lo..=hi` that removes a splice site of MET exon 14 (or the exon) and leaves exons
/// 13 and 15 whole.
fn met_exon14_skipping(m: &Model, lo: u64, hi: u64) -> bool {
    let exon = |n: u32| m.exons.iter().find(|e| e.number == n);
    let (Some(e13), Some(e14), Some(e15)) = (exon(13), exon(14), exon(15)) else {
        return false;
    };
    let hits = |s: u64, e: u64| lo <= e && s <= hi;
    let splice = hits(e14.start.saturating_sub(2), e14.start - 1) || hits(e14.end + 1, e14.end + 2);
    let whole = lo <= e14.start && e14.end <= hi;
    (splice || whole) && !hits(e13.start, e13.end) && !hits(e15.start, e15.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_in_transcript_order_on_both_strands() {
        // ALK (−): intron 19 lies between exon 20 (29223342-29223528) and exon 19.
        let p = place("ALK", 29_224_000, false);
        assert_eq!(
            p.map(|p| (p.location, p.retained, p.exon_count)),
            Some(("intron 19".into(), Some((20, 29)), 29))
        );
        // EGFR (+): exon 1 ends at 55019365; intron 1 follows.
        let p = place("EGFR", 55_100_000, true);
        assert_eq!(
            p.map(|p| (p.location, p.retained)),
            Some(("intron 1".into(), Some((1, 1))))
        );
        assert_eq!(place("EGFR", 55_019_100, true).map(|p| p.retained), Some(None));
        assert!(place("TP53", 7_675_000, true).is_none());
        // RNA breakpoints on exon boundaries: ALK (−) exon 20 begins at 29223528 (its 5' end).
        assert_eq!(place("ALK", 29_223_528, false).and_then(|p| p.retained), Some((20, 29)));
        assert_eq!(place("ALK", 29_223_500, false).and_then(|p| p.retained), Some((21, 29)));
        // EGFR (+) exon 1 ends at 55019365 (its 3' end): a 5' partner keeps exon 1.
        assert_eq!(place("EGFR", 55_019_365, true).and_then(|p| p.retained), Some((1, 1)));
    }

    #[test]
    fn named_intragenic_events() {
        // EGFR intron 1 to intron 7 (exon 7 ends 55154152, exon 8 starts 55155829).
        let v3 = intragenic("EGFR", 55_100_000, 55_155_000);
        assert_eq!(v3.as_ref().and_then(|e| e.class), Some(AlterationClass::EgfrViii));
        // A deletion over MET exon 14's acceptor (exon 14: 116771849-116771989).
        let m = intragenic("MET", 116_771_800, 116_771_860);
        assert_eq!(m.as_ref().map(|e| e.label.as_str()), Some("MET exon 14 skipping"));
        // Exon 14 whole, introns 13 and 14 cut.
        assert_eq!(
            intragenic("MET", 116_771_700, 116_772_500).and_then(|e| e.class),
            Some(AlterationClass::Exon14Skipping)
        );
        // Reaching into exon 15: not exon 14 skipping.
        let wide = intragenic("MET", 116_771_700, 116_774_900);
        assert_eq!(wide.as_ref().and_then(|e| e.class), None);
        // EGFR exons 2-4 only: named by its exons.
        let d = intragenic("EGFR", 55_100_000, 55_150_000);
        assert_eq!(d.map(|e| e.label), Some("exons 2-4 deleted".into()));
        // A tandem duplication of ALK exons 20-29 (−): the 5' end lies below the 3' end.
        let dup = intragenic("ALK", 29_190_000, 29_224_000);
        assert_eq!(dup.map(|e| e.label), Some("exons 20-29 duplicated".into()));
    }
}
