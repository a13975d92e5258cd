//! Chromosomal instability (CIN) from copy-number segments: arm-level gains and losses and the
//! fraction of the genome altered, over the autosomal arms of `annotations/centromeres.tsv`
//! (UCSC cytoBand `acen` bands of hg38/hg19). The NEN interpretation reads the level as
//! supporting evidence (`CIN:high`/`CIN:low` pattern tokens, [`crate::interpret`]).
//!
//! Method (the cut-offs are this project's, stated in the README's thresholds table):
//! - a segment is *gained* where its total copy number is at least the ploidy + 0.5, *lost* where it
//!   is at most the ploidy − 0.5 (the nearest integer copy number differs from the ploidy);
//! - an arm is gained (lost) when gained (lost) segments cover at least half of its length;
//! - the fraction of the genome altered is the altered length over the length the segments cover,
//!   autosomal arms only (centromeres and the short arms of 13, 14, 15, 21 and 22 excluded);
//! - the level is `high` at a fraction altered of 0.2 or more, else `low`; CIN is not assessed
//!   when the segments cover less than half of the autosomal arms (a targeted panel's bins), when
//!   the build is unknown, or with gene-level input only.

use super::Segment;
use crate::genome::GenomeBuild;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../annotations/centromeres.tsv");

/// Copy-number deviation from the ploidy that makes a segment gained or lost.
pub const SEGMENT_DELTA: f64 = 0.5;
/// Share of an arm's length a gain (loss) must cover for an arm-level event.
pub const ARM_FRACTION: f64 = 0.5;
/// Fraction of the genome altered at or above which CIN is `high`.
pub const FGA_HIGH: f64 = 0.2;
/// Share of the autosomal arms the segments must cover for CIN to be assessed.
pub const MIN_COVERAGE: f64 = 0.5;

/// One autosomal arm, 1-based inclusive.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Arm {
    pub build: GenomeBuild,
    pub chrom: String,
    /// `p` or `q`.
    pub arm: char,
    pub start: u64,
    pub end: u64,
}

impl Arm {
    fn length(&self) -> u64 {
        self.end + 1 - self.start
    }
    fn name(&self) -> String {
        format!("{}{}", self.chrom, self.arm)
    }
}

fn parse(text: &str) -> Vec<Arm> {
    let mut out = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("build\t"))
    {
        let f: Vec<&str> = line.split('\t').collect();
        let num = |i: usize| f.get(i).and_then(|s| s.parse::<u64>().ok());
        let (Some(build), Some(chrom), Some(len), Some(cs), Some(ce)) = (
            f.first().and_then(|b| GenomeBuild::parse(b)),
            f.get(1),
            num(2),
            num(3),
            num(4),
        ) else {
            continue;
        };
        if f.get(5) == Some(&"yes") {
            out.push(Arm {
                build,
                chrom: chrom.to_string(),
                arm: 'p',
                start: 1,
                end: cs,
            });
        }
        out.push(Arm {
            build,
            chrom: chrom.to_string(),
            arm: 'q',
            start: ce + 1,
            end: len,
        });
    }
    out
}

/// The autosomal arms of one build (39 per build).
pub(crate) fn arms(build: GenomeBuild) -> Vec<&'static Arm> {
    static ARMS: OnceLock<Vec<Arm>> = OnceLock::new();
    ARMS.get_or_init(|| parse(TABLE))
        .iter()
        .filter(|a| a.build == build)
        .collect()
}

/// Gain or loss of one arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArmCall {
    Gain,
    Loss,
}

impl ArmCall {
    pub fn as_str(self) -> &'static str {
        match self {
            ArmCall::Gain => "gain",
            ArmCall::Loss => "loss",
        }
    }
}

/// One arm-level event.
#[derive(Debug, Clone, PartialEq)]
pub struct ArmEvent {
    /// `1p`, `17q`.
    pub arm: String,
    pub call: ArmCall,
    /// Share of the arm's length the gain (loss) covers.
    pub fraction: f64,
}

/// The CIN level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CinLevel {
    High,
    Low,
}

impl CinLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            CinLevel::High => "high",
            CinLevel::Low => "low",
        }
    }
}

/// The CIN summary of one patient: assessed (level and figures) or not (a reason).
#[derive(Debug, Clone, PartialEq)]
pub struct Cin {
    pub level: Option<CinLevel>,
    /// Why CIN was not assessed (`level` is None).
    pub reason: Option<String>,
    pub build: Option<GenomeBuild>,
    pub fraction_genome_altered: Option<f64>,
    /// Share of the autosomal arms the segments cover.
    pub coverage: Option<f64>,
    pub arms_assessed: usize,
    pub arm_events: Vec<ArmEvent>,
}

impl Cin {
    /// CIN not assessed, for `reason`.
    pub fn not_assessed(reason: impl Into<String>, build: Option<GenomeBuild>) -> Cin {
        Cin {
            level: None,
            reason: Some(reason.into()),
            build,
            fraction_genome_altered: None,
            coverage: None,
            arms_assessed: 0,
            arm_events: vec![],
        }
    }
}

/// Length of `[a, b]` ∩ `[c, d]` (1-based inclusive).
fn overlap(a: u64, b: u64, c: u64, d: u64) -> u64 {
    let (s, e) = (a.max(c), b.min(d));
    if e >= s {
        e + 1 - s
    } else {
        0
    }
}

/// Assess CIN over `segments` (one patient, all files) for `build` and `ploidy`.
pub fn assess(segments: &[&Segment], build: Option<GenomeBuild>, ploidy: f64) -> Cin {
    let Some(b) = build else {
        return Cin::not_assessed("genome build unknown (give --genome)", None);
    };
    if segments.is_empty() {
        return Cin::not_assessed("no copy-number segments (gene-level copy-number input only)", build);
    }
    let arms = arms(b);
    let (mut total, mut covered, mut altered) = (0u64, 0u64, 0u64);
    let mut arm_events = Vec::new();
    for arm in &arms {
        let (mut cov, mut gain, mut loss) = (0u64, 0u64, 0u64);
        for s in segments.iter().filter(|s| s.contig == arm.chrom) {
            let o = overlap(s.start, s.end, arm.start, arm.end);
            if o == 0 || !s.total_cn.is_finite() {
                continue;
            }
            cov += o;
            if s.total_cn >= ploidy + SEGMENT_DELTA {
                gain += o;
            } else if s.total_cn <= ploidy - SEGMENT_DELTA {
                loss += o;
            }
        }
        let len = arm.length() as f64;
        total += arm.length();
        covered += cov.min(arm.length());
        altered += (gain + loss).min(arm.length());
        let (g, l) = (gain as f64 / len, loss as f64 / len);
        if g >= ARM_FRACTION {
            arm_events.push(ArmEvent {
                arm: arm.name(),
                call: ArmCall::Gain,
                fraction: g,
            });
        } else if l >= ARM_FRACTION {
            arm_events.push(ArmEvent {
                arm: arm.name(),
                call: ArmCall::Loss,
                fraction: l,
            });
        }
    }
    let coverage = if total > 0 { covered as f64 / total as f64 } else { 0.0 };
    if coverage < MIN_COVERAGE {
        let mut c = Cin::not_assessed(
            format!(
                "the segments cover {:.0}% of the autosomal arms (at least {:.0}% needed)",
                coverage * 100.0,
                MIN_COVERAGE * 100.0
            ),
            build,
        );
        c.coverage = Some(coverage);
        return c;
    }
    let fga = altered as f64 / covered as f64;
    Cin {
        level: Some(if fga >= FGA_HIGH { CinLevel::High } else { CinLevel::Low }),
        reason: None,
        build,
        fraction_genome_altered: Some(fga),
        coverage: Some(coverage),
        arms_assessed: arms.len(),
        arm_events,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(contig: &str, start: u64, end: u64, cn: f64) -> Segment {
        Segment {
            contig: contig.into(),
            start,
            end,
            total_cn: cn,
            major_cn: None,
            minor_cn: None,
            log2: None,
            genes: vec![],
            line: 1,
        }
    }

    /// Diploid segments over every arm of `build`, with `f` to change some.
    fn genome(build: GenomeBuild, f: &dyn Fn(&Arm) -> f64) -> Vec<Segment> {
        arms(build)
            .iter()
            .map(|a| seg(&a.chrom, a.start, a.end, f(a)))
            .collect()
    }

    #[test]
    fn table_has_39_arms_per_build_with_ucsc_centromeres() {
        assert_eq!(arms(GenomeBuild::GRCh38).len(), 39);
        assert_eq!(arms(GenomeBuild::GRCh37).len(), 39);
        let p1 = arms(GenomeBuild::GRCh38)[0];
        assert_eq!((p1.chrom.as_str(), p1.arm, p1.end), ("1", 'p', 121_700_000));
        let q1 = arms(GenomeBuild::GRCh37)[1];
        assert_eq!((q1.arm, q1.start, q1.end), ('q', 128_900_001, 249_250_621));
        assert!(!arms(GenomeBuild::GRCh38)
            .iter()
            .any(|a| a.chrom == "13" && a.arm == 'p'));
    }

    #[test]
    fn diploid_genome_is_low_with_no_arm_event() {
        let s = genome(GenomeBuild::GRCh38, &|_| 2.0);
        let c = assess(&s.iter().collect::<Vec<_>>(), Some(GenomeBuild::GRCh38), 2.0);
        assert_eq!(c.level, Some(CinLevel::Low));
        assert_eq!(c.fraction_genome_altered, Some(0.0));
        assert!(c.arm_events.is_empty());
        assert!((c.coverage.unwrap_or(0.0) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn whole_chromosome_losses_and_a_gain_are_arm_events() {
        // Loss of chromosomes 3 and 13, gain of 8q: 5 arm events.
        let s = genome(GenomeBuild::GRCh38, &|a| match (a.chrom.as_str(), a.arm) {
            ("3" | "13", _) => 1.0,
            ("8", 'q') => 3.2,
            _ => 2.0,
        });
        let c = assess(&s.iter().collect::<Vec<_>>(), Some(GenomeBuild::GRCh38), 2.0);
        let names: Vec<String> = c
            .arm_events
            .iter()
            .map(|e| format!("{}:{}", e.arm, e.call.as_str()))
            .collect();
        assert_eq!(names, vec!["3p:loss", "3q:loss", "8q:gain", "13q:loss"]);
        let fga = c.fraction_genome_altered.unwrap_or(0.0);
        // 3 (198.3 Mb less 6.2 Mb centromere) + 13q (95.5 Mb) + 8q (97.9 Mb) of ~2,750 Mb.
        assert!(fga > 0.13 && fga < 0.15, "{fga}");
        assert_eq!(c.level, Some(CinLevel::Low));
    }

    #[test]
    fn a_focal_change_is_no_arm_event_and_a_ploidy_shift_moves_the_baseline() {
        let mut s = genome(GenomeBuild::GRCh38, &|_| 3.0);
        s.push(seg("17", 39_700_000, 39_800_000, 20.0));
        let c = assess(&s.iter().collect::<Vec<_>>(), Some(GenomeBuild::GRCh38), 3.0);
        assert!(c.arm_events.is_empty());
        assert_eq!(c.level, Some(CinLevel::Low));
        let c2 = assess(&s.iter().collect::<Vec<_>>(), Some(GenomeBuild::GRCh38), 2.0);
        assert_eq!(c2.arm_events.len(), 39);
        assert_eq!(c2.level, Some(CinLevel::High));
    }

    #[test]
    fn sparse_segments_unknown_build_or_no_segments_are_not_assessed() {
        let s = [seg("1", 1, 1_000_000, 1.0)];
        let c = assess(&s.iter().collect::<Vec<_>>(), Some(GenomeBuild::GRCh38), 2.0);
        assert_eq!(c.level, None);
        assert!(c.reason.as_deref().unwrap_or("").contains("cover 0%"), "{:?}", c.reason);
        assert_eq!(assess(&s.iter().collect::<Vec<_>>(), None, 2.0).level, None);
        assert!(assess(&[], Some(GenomeBuild::GRCh37), 2.0)
            .reason
            .unwrap_or_default()
            .contains("gene-level"));
    }
}
