//! Reference-free indicators: shares of the catalogue that point to one
//! process, computed from the SBS96/DBS78/ID83 counts alone (no signature
//! matrix), each with its definition and source.
//!
//! | indicator | definition | source |
//! |---|---|---|
//! | APOBEC | C>T and C>G at TCW (`T[C>T]A/T`, `T[C>G]A/T`) among all C>T and C>G; enrichment over the 2/16 share TCW has among the 16 NCN contexts, one-sided binomial p | Roberts et al. 2013, Nat Genet 45:970, PMID 23852170 (their enrichment counts contexts around each mutation in the FASTA; this is the catalogue-only approximation) |
//! | UV | C>T at dipyrimidines (`C[C>T]N`, `T[C>T]N`) among SBS; CC>TT among SBS+DBS; UV-like when ≥ 60 % and ≥ 5 % | Brash 2015, Photochem Photobiol 91:15–26, doi:10.1111/php.12377 |
//! | POLE | C>A at TCT (`T[C>A]T`) and T>G at TTT (`T[T>G]T`) among SBS; the SBS6/indel pattern of POLE-ultramutated tumours: C>A > 20 %, T>G > 4 %, C>G < 0.6 %, indels < 5 % | León-Castillo et al. 2020, J Pathol 250:323–335, doi:10.1002/path.5372 |
//! | MMR | 1-bp deletions in homopolymers of ≥ 5 bases (ID83 `1:Del:C/T:4`, `:5`) among indels | ID1/ID2, Alexandrov et al. 2020, Nature 578:94–101, PMID 32025018 |
//! | CpG clock | C>T at CpG (`N[C>T]G`) among SBS | SBS1, Alexandrov et al. 2015, Nat Genet 47:1402–1407, PMID 26551669 |
//!
//! A share needs a denominator: with fewer than [`MIN_FOR_SHARE`] events in it
//! the share is given but flagged `too_few`, and no call is made.

use statrs::distribution::{Binomial, DiscreteCDF};

use super::catalogue::{Catalogue, DBS78};
use super::indel::id83_labels;

/// APOBEC indicator's source.
pub(crate) const APOBEC_SOURCE: &str = "Roberts et al. 2013, Nat Genet 45:970-976, PMID 23852170";
/// UV indicator's source.
pub(crate) const UV_SOURCE: &str = "Brash 2015, Photochem Photobiol 91:15-26, doi:10.1111/php.12377";
/// POLE indicator's source.
pub(crate) const POLE_SOURCE: &str = "León-Castillo et al. 2020, J Pathol 250:323-335, doi:10.1002/path.5372";
/// MMR indel indicator's source (the ID1/ID2 signatures).
pub(crate) const MMR_SOURCE: &str = "ID1/ID2, Alexandrov et al. 2020, Nature 578:94-101, PMID 32025018";
/// CpG clock indicator's source (the SBS1 signature).
pub(crate) const CPG_SOURCE: &str = "SBS1, Alexandrov et al. 2015, Nat Genet 47:1402-1407, PMID 26551669";

/// Fewest events in a share's denominator for a call (the fitting minimum, [`super::fit::MIN_MUTATIONS`]).
pub(crate) const MIN_FOR_SHARE: u64 = 100;

/// One indicator's value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Share {
    pub count: u64,
    pub(crate) of: u64,
    /// `count / of`, None when `of` is 0.
    pub(crate) share: Option<f64>,
    /// `of` is below [`MIN_FOR_SHARE`]: no call from this share.
    pub(crate) too_few: bool,
}

impl Share {
    fn new(count: u64, of: u64) -> Share {
        Share {
            count,
            of,
            share: (of > 0).then(|| count as f64 / of as f64),
            too_few: of < MIN_FOR_SHARE,
        }
    }

    /// True when enough events and the share passes `test`.
    fn callable(&self, test: impl Fn(f64) -> bool) -> Option<bool> {
        if self.too_few {
            return None;
        }
        self.share.map(test)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Apobec {
    pub(crate) tcw: Share,
    /// `share / (2/16)`.
    pub(crate) enrichment: Option<f64>,
    /// One-sided binomial p that the TCW share exceeds 2/16.
    pub(crate) p_value: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Uv {
    pub(crate) c_to_t_at_dipyrimidines: Share,
    pub(crate) cc_to_tt: Share,
    /// Brash's criteria met (≥ 60 % and ≥ 5 %); None when too few.
    pub(crate) uv_like: Option<bool>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pole {
    pub(crate) c_to_a_at_tct: Share,
    pub(crate) t_to_g_at_ttt: Share,
    /// León-Castillo's four SBS6/indel criteria met; None when too few.
    pub(crate) pole_pattern: Option<bool>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Indicators {
    pub(crate) apobec: Apobec,
    pub(crate) uv: Uv,
    pub(crate) pole: Pole,
    pub(crate) mmr_homopolymer_deletions: Share,
    pub(crate) cpg_c_to_t: Share,
}

/// SBS96 rows whose label satisfies `pred` (`five`, `sub`, `three`).
fn sbs_sum(c: &Catalogue, pred: impl Fn(u8, &str, u8) -> bool) -> u64 {
    let labels = super::catalogue::sbs96_labels();
    labels
        .iter()
        .zip(c.sbs96)
        .filter(|(l, _)| {
            let b = l.as_bytes();
            pred(b[0], &l[2..5], b[6])
        })
        .map(|(_, n)| n)
        .sum()
}

/// The indicators of one catalogue.
pub(crate) fn indicators(c: &Catalogue) -> Indicators {
    let sbs = c.snvs();
    let dbs: u64 = c.dbs78.iter().sum();
    let ids: u64 = c.id83.iter().sum();
    let sbs6 = c.sbs6();
    // APOBEC
    let c_tg = sbs6[1] + sbs6[2];
    let tcw = sbs_sum(c, |f, s, t| {
        f == b'T' && (s == "C>T" || s == "C>G") && (t == b'A' || t == b'T')
    });
    let tcw = Share::new(tcw, c_tg);
    let p0 = 2.0 / 16.0;
    let p_value = (c_tg > 0).then(|| Binomial::new(p0, c_tg).ok()).flatten().map(|b| {
        if tcw.count == 0 {
            1.0
        } else {
            b.sf(tcw.count - 1)
        }
    });
    let apobec = Apobec {
        enrichment: tcw.share.map(|s| s / p0),
        p_value,
        tcw,
    };
    // UV
    let dipy = Share::new(sbs_sum(c, |f, s, _| s == "C>T" && (f == b'C' || f == b'T')), sbs);
    let cctt = DBS78.iter().position(|&l| l == "CC>TT").map_or(0, |i| c.dbs78[i]);
    let cc_to_tt = Share::new(cctt, sbs + dbs);
    let uv_like = dipy
        .callable(|s| s >= 0.60)
        .map(|d| d && cc_to_tt.share.is_some_and(|s| s >= 0.05));
    // POLE
    let tct = Share::new(sbs_sum(c, |f, s, t| f == b'T' && s == "C>A" && t == b'T'), sbs);
    let ttt = Share::new(sbs_sum(c, |f, s, t| f == b'T' && s == "T>G" && t == b'T'), sbs);
    let share6 = |i: usize| sbs6[i] as f64 / sbs.max(1) as f64;
    let pole_pattern = (sbs >= MIN_FOR_SHARE)
        .then(|| share6(0) > 0.20 && share6(5) > 0.04 && share6(1) < 0.006 && (ids as f64) < 0.05 * (sbs + ids) as f64);
    // MMR
    let labels = id83_labels();
    let hp: u64 = labels
        .iter()
        .zip(c.id83)
        .filter(|(l, _)| l.starts_with("1:Del:") && (l.ends_with(":4") || l.ends_with(":5")))
        .map(|(_, n)| n)
        .sum();
    Indicators {
        apobec,
        uv: Uv {
            c_to_t_at_dipyrimidines: dipy,
            cc_to_tt,
            uv_like,
        },
        pole: Pole {
            c_to_a_at_tct: tct,
            t_to_g_at_ttt: ttt,
            pole_pattern,
        },
        mmr_homopolymer_deletions: Share::new(hp, ids),
        cpg_c_to_t: Share::new(sbs_sum(c, |_, s, t| s == "C>T" && t == b'G'), sbs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signatures::catalogue::sbs96_labels;

    fn cat(rows: &[(&str, u64)]) -> Catalogue {
        let labels = sbs96_labels();
        let mut c = Catalogue::default();
        for (l, n) in rows {
            if let Some(i) = labels.iter().position(|x| x == l) {
                c.sbs96[i] += n;
            } else if let Some(i) = DBS78.iter().position(|x| x == l) {
                c.dbs78[i] += n;
            } else {
                let i = id83_labels().iter().position(|x| x == l).expect("label");
                c.id83[i] += n;
            }
        }
        c
    }

    #[test]
    fn apobec_tcw_enrichment() {
        let c = cat(&[("T[C>T]A", 60), ("T[C>G]T", 40), ("A[C>T]G", 100)]);
        let a = indicators(&c).apobec;
        assert_eq!((a.tcw.count, a.tcw.of), (100, 200));
        assert_eq!(a.enrichment, Some(4.0));
        assert!(a.p_value.unwrap() < 1e-20, "{:?}", a.p_value);
        let flat = indicators(&cat(&[("A[C>T]A", 175), ("T[C>T]A", 25)])).apobec;
        assert!(flat.p_value.unwrap() > 0.3, "{:?}", flat.p_value);
    }

    #[test]
    fn uv_criteria() {
        let uv = indicators(&cat(&[("C[C>T]A", 70), ("T[C>T]G", 10), ("A[T>A]A", 20), ("CC>TT", 6)])).uv;
        assert_eq!(uv.c_to_t_at_dipyrimidines.share, Some(0.8));
        assert_eq!((uv.cc_to_tt.count, uv.cc_to_tt.of), (6, 106));
        assert_eq!(uv.uv_like, Some(true));
        let few = indicators(&cat(&[("C[C>T]A", 70), ("CC>TT", 6)])).uv;
        assert_eq!(few.uv_like, None, "70 SNVs: too few for a call");
        let no_dbs = indicators(&cat(&[("C[C>T]A", 100)])).uv;
        assert_eq!(no_dbs.uv_like, Some(false));
    }

    #[test]
    fn pole_pattern_and_hallmarks() {
        let p = indicators(&cat(&[
            ("T[C>A]T", 50),
            ("A[C>T]G", 40),
            ("T[T>G]T", 10),
            ("1:Del:T:0", 2),
        ]))
        .pole;
        assert_eq!(p.c_to_a_at_tct.share, Some(0.5));
        assert_eq!(p.t_to_g_at_ttt.share, Some(0.1));
        assert_eq!(p.pole_pattern, Some(true));
        let with_cg = indicators(&cat(&[("T[C>A]T", 50), ("A[C>G]G", 40), ("T[T>G]T", 10)])).pole;
        assert_eq!(with_cg.pole_pattern, Some(false), "C>G 40 %");
    }

    #[test]
    fn mmr_and_cpg_shares() {
        let i = indicators(&cat(&[
            ("1:Del:T:5", 30),
            ("1:Del:C:4", 10),
            ("1:Del:T:1", 40),
            ("2:Ins:R:0", 20),
            ("A[C>T]G", 3),
            ("A[C>T]A", 1),
        ]));
        assert_eq!(
            (i.mmr_homopolymer_deletions.count, i.mmr_homopolymer_deletions.of),
            (40, 100)
        );
        assert!(!i.mmr_homopolymer_deletions.too_few);
        assert_eq!(i.cpg_c_to_t.share, Some(0.75));
        assert!(i.cpg_c_to_t.too_few);
    }
}
