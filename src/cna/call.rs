//! Gene-level copy-number calls from segments over gene spans (or the genes a file names), and
//! from gene-level files.
//!
//! # Thresholds (ploidy-relative; P = the tumour ploidy, `--ploidy`, default 2)
//!
//! | call | rule | source |
//! |---|---|---|
//! | `homozygous_deletion` | lowest copy number over the gene < 0.5 | PURPLE (deletion below 0.5 copies; Priestley et al. 2019, PMID:31645765); PCGR (homozygous deletion at 0 copies) |
//! | `amplification` | highest copy number ≥ 2.5 × P (5 copies at P = 2) | PCGR documentation (amplification at 5 copies, scaled here to 2.5 × ploidy) |
//! | `loss` | lowest copy number, rounded, below P rounded | one copy fewer than the ploidy |
//! | `loh` | minor copy number < 0.5 with both copies not lost; `copy_neutral` when the total equals P | allele-specific input only |
//! | `gain` | highest copy number, rounded, above P rounded, below the amplification threshold | one copy more than the ploidy |
//! | discrete input | GISTIC 2 → amplification, 1 → gain, −1 → loss, −2 → homozygous_deletion | cBioPortal/OncoKB GISTIC convention (Mermel et al. 2011, PMID:21527027) |
//!
//! A loss with the minor allele at 0 is a `loss` with `loh` true. A gene only partly covered by
//! the segments is flagged `partial`.

use super::spans::Span;
use super::{GeneLevel, Segment};
use crate::model::AlterationClass;

/// The call of one gene.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CnCall {
    HomozygousDeletion,
    Amplification,
    Loss,
    Loh,
    Gain,
}

impl CnCall {
    /// The alteration class the call gives (`Call.classes`).
    pub fn class(self) -> AlterationClass {
        match self {
            CnCall::HomozygousDeletion => AlterationClass::HomozygousDeletion,
            CnCall::Amplification => AlterationClass::Amplification,
            CnCall::Loss => AlterationClass::Loss,
            CnCall::Loh => AlterationClass::Loh,
            CnCall::Gain => AlterationClass::Gain,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CnCall::HomozygousDeletion => "homozygous_deletion",
            CnCall::Amplification => "amplification",
            CnCall::Loss => "loss",
            CnCall::Loh => "loh",
            CnCall::Gain => "gain",
        }
    }
}

/// The thresholds in force for one patient.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    pub ploidy: f64,
    pub(crate) amplification: f64,
    pub(crate) homozygous_deletion: f64,
}

impl Thresholds {
    pub fn for_ploidy(ploidy: f64) -> Thresholds {
        Thresholds {
            ploidy,
            amplification: 2.5 * ploidy,
            homozygous_deletion: 0.5,
        }
    }
}

/// One gene's call, with the segment that decided it.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneCall {
    pub gene: String,
    pub call: CnCall,
    /// The copy number of the deciding segment (or the gene-level value).
    pub total_cn: Option<f64>,
    pub min_cn: Option<f64>,
    pub(crate) max_cn: Option<f64>,
    pub major_cn: Option<f64>,
    pub minor_cn: Option<f64>,
    pub(crate) gistic: Option<i8>,
    /// Loss of heterozygosity over the gene (minor copy number 0).
    pub(crate) loh: bool,
    /// LOH without a change of the total copy number.
    pub(crate) copy_neutral: bool,
    /// The deciding segment: contig, start, end (1-based inclusive).
    pub(crate) segment: Option<(String, u64, u64)>,
    /// The segments cover only part of the gene span.
    pub(crate) partial: bool,
    /// 1-based line of the deciding record.
    pub line: u64,
}

/// Aggregated values of the segments over one gene.
struct Over<'a> {
    segs: Vec<&'a Segment>,
    covered: u64,
    span_len: Option<u64>,
}

fn decide(gene: &str, o: &Over<'_>, t: &Thresholds) -> Option<GeneCall> {
    let min = o
        .segs
        .iter()
        .copied()
        .min_by(|a, b| a.total_cn.total_cmp(&b.total_cn))?;
    let max = o
        .segs
        .iter()
        .copied()
        .max_by(|a, b| a.total_cn.total_cmp(&b.total_cn))?;
    let minor = o
        .segs
        .iter()
        .filter_map(|s| s.minor_cn.map(|m| (m, *s)))
        .min_by(|a, b| a.0.total_cmp(&b.0));
    let p = t.ploidy.round();
    let loh = minor.is_some_and(|(m, _)| m < 0.5);
    let (call, seg) = if min.total_cn < t.homozygous_deletion {
        (CnCall::HomozygousDeletion, min)
    } else if max.total_cn >= t.amplification {
        (CnCall::Amplification, max)
    } else if min.total_cn.round() < p {
        (CnCall::Loss, min)
    } else if let Some((_, s)) = minor.filter(|_| loh) {
        (CnCall::Loh, s)
    } else if max.total_cn.round() > p {
        (CnCall::Gain, max)
    } else {
        return None;
    };
    Some(GeneCall {
        gene: gene.to_string(),
        call,
        total_cn: Some(seg.total_cn),
        min_cn: Some(min.total_cn),
        max_cn: Some(max.total_cn),
        major_cn: seg.major_cn,
        minor_cn: seg.minor_cn,
        gistic: None,
        loh,
        copy_neutral: call == CnCall::Loh && seg.total_cn.round() == p,
        segment: Some((seg.contig.clone(), seg.start, seg.end)),
        partial: o.span_len.is_some_and(|l| o.covered < l),
        line: seg.line,
    })
}

/// Calls over gene spans; `segs` sorted by contig and start, without overlaps.
pub(crate) fn over_spans(segs: &[Segment], spans: &[&Span], t: &Thresholds) -> Vec<GeneCall> {
    let mut out = Vec::new();
    for span in spans {
        // The first segment of the contig that may reach the span.
        let i = segs.partition_point(|s| (s.contig.as_str(), s.end) < (span.contig.as_str(), span.start));
        let mut o = Over {
            segs: vec![],
            covered: 0,
            span_len: Some(span.length()),
        };
        for s in segs[i..]
            .iter()
            .take_while(|s| s.contig == span.contig && s.start <= span.end)
        {
            if s.end >= span.start {
                o.covered += s.end.min(span.end) - s.start.max(span.start) + 1;
                o.segs.push(s);
            }
        }
        out.extend(decide(&span.gene, &o, t));
    }
    out
}

/// Calls over the genes the segments name (CNVkit's `gene` column), for a build without spans.
pub(crate) fn over_named(segs: &[Segment], keep: impl Fn(&str) -> bool, t: &Thresholds) -> Vec<GeneCall> {
    let mut by: std::collections::BTreeMap<&str, Over<'_>> = Default::default();
    for s in segs {
        for g in s.genes.iter().filter(|g| keep(g)) {
            let o = by.entry(g.as_str()).or_insert_with(|| Over {
                segs: vec![],
                covered: 0,
                span_len: None,
            });
            o.segs.push(s);
        }
    }
    by.iter().filter_map(|(g, o)| decide(g, o, t)).collect()
}

/// Calls of gene-level records.
pub(crate) fn gene_level(records: &[GeneLevel], t: &Thresholds) -> Vec<GeneCall> {
    let mut out = Vec::new();
    for r in records {
        let call = match (r.gistic, r.min_cn, r.max_cn) {
            (Some(2), ..) => CnCall::Amplification,
            (Some(1), ..) => CnCall::Gain,
            (Some(-1), ..) => CnCall::Loss,
            (Some(-2), ..) => CnCall::HomozygousDeletion,
            (None, Some(min), Some(max)) => {
                let seg = |cn: f64, minor| Segment {
                    contig: String::new(),
                    start: 1,
                    end: 1,
                    total_cn: cn,
                    major_cn: None,
                    minor_cn: minor,
                    log2: None,
                    genes: vec![],
                    line: r.line,
                };
                let (a, b) = (seg(min, r.minor_cn), seg(max, None));
                let o = Over {
                    segs: vec![&a, &b],
                    covered: 0,
                    span_len: None,
                };
                match decide(&r.gene, &o, t) {
                    Some(c) => {
                        out.push(GeneCall { segment: None, ..c });
                        continue;
                    }
                    None => continue,
                }
            }
            _ => continue,
        };
        out.push(GeneCall {
            gene: r.gene.clone(),
            call,
            total_cn: None,
            min_cn: None,
            max_cn: None,
            major_cn: None,
            minor_cn: None,
            gistic: r.gistic,
            loh: false,
            copy_neutral: false,
            segment: None,
            partial: false,
            line: r.line,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::genome::GenomeBuild;

    fn seg(contig: &str, start: u64, end: u64, cn: f64, minor: Option<f64>) -> Segment {
        Segment {
            contig: contig.into(),
            start,
            end,
            total_cn: cn,
            major_cn: minor.map(|m| cn - m),
            minor_cn: minor,
            log2: None,
            genes: vec![],
            line: 2,
        }
    }

    fn span(gene: &str, contig: &str, start: u64, end: u64) -> Span {
        Span {
            gene: gene.into(),
            build: GenomeBuild::GRCh38,
            contig: contig.into(),
            start,
            end,
            strand: '+',
        }
    }

    #[test]
    fn ploidy_relative_calls() {
        let t = Thresholds::for_ploidy(2.0);
        let segs = vec![
            seg("1", 1, 100, 0.0, None),
            seg("1", 101, 200, 12.0, None),
            seg("1", 201, 300, 1.0, Some(0.0)),
            seg("1", 301, 400, 2.0, Some(0.0)),
            seg("1", 401, 500, 3.0, Some(1.0)),
            seg("1", 501, 600, 2.0, Some(1.0)),
        ];
        let spans = [
            span("A", "1", 10, 20),
            span("B", "1", 150, 160),
            span("C", "1", 250, 260),
            span("D", "1", 350, 360),
            span("E", "1", 450, 460),
            span("F", "1", 550, 560),
            span("G", "1", 590, 700),
        ];
        let refs: Vec<&Span> = spans.iter().collect();
        let calls = over_spans(&segs, &refs, &t);
        let got: Vec<(&str, CnCall, bool, bool)> = calls
            .iter()
            .map(|c| (c.gene.as_str(), c.call, c.loh, c.partial))
            .collect();
        assert_eq!(
            got,
            vec![
                ("A", CnCall::HomozygousDeletion, false, false),
                ("B", CnCall::Amplification, false, false),
                ("C", CnCall::Loss, true, false),
                ("D", CnCall::Loh, true, false),
                ("E", CnCall::Gain, false, false),
            ]
        );
        assert!(calls[3].copy_neutral);
        // Tetraploid: 6 copies is a gain, not an amplification (2.5 × 4 = 10).
        let calls = over_spans(&[seg("1", 1, 100, 6.0, None)], &refs[..1], &Thresholds::for_ploidy(4.0));
        assert_eq!(calls[0].call, CnCall::Gain);
    }

    #[test]
    fn partly_covered_gene_is_flagged() {
        let calls = over_spans(
            &[seg("7", 100, 150, 9.0, None)],
            &[&span("MET", "7", 120, 400)],
            &Thresholds::for_ploidy(2.0),
        );
        assert_eq!((calls[0].call, calls[0].partial), (CnCall::Amplification, true));
    }
}
