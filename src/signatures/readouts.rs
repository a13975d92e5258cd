//! Clinical readouts from a fit (and the indicators), each with its caveat and
//! source. A signature group counts as present when it carries at least
//! [`PRESENT`] of the sample's mutations (our threshold, the same 5 % used to
//! score false signatures in the recovery test) and, when bootstrapped, the
//! lower bound of at least one of its signatures is above zero. A fit with
//! "not enough mutations" gives no readout.
//!
//! Signature groups and aetiologies: COSMIC v3.x, Alexandrov et al. 2020,
//! Nature 578:94–101, PMID 32025018.

use super::fit::Fit;
use super::indicators::Indicators;

/// Share of a sample's mutations for a signature group to count as present (our threshold).
pub(crate) const PRESENT: f64 = 0.05;

const ALEXANDROV_2020: &str = "Alexandrov et al. 2020, Nature 578:94-101, PMID 32025018 (COSMIC v3 aetiologies)";

/// The MSI call the report made from the variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MsiCall {
    High,
    Stable,
    Unknown,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Readout {
    /// `mmr`, `pole`, `hrd`, `origin` or `treatment`.
    pub(crate) topic: &'static str,
    pub signatures: Vec<String>,
    /// Share of the sample's mutations the group carries.
    pub(crate) share: f64,
    pub(crate) finding: String,
    /// Disagreement with another call: shown as a warning.
    pub(crate) warning: bool,
    pub(crate) caveat: &'static str,
    pub source: &'static str,
}

/// What the readouts compare the fit with.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub msi: MsiCall,
    /// A POLE exonuclease-domain variant found in the sample (its label).
    pub(crate) pole_exo_variant: Option<&'a str>,
    pub(crate) indicators: Option<&'a Indicators>,
}

const MMR: [&str; 7] = ["SBS6", "SBS14", "SBS15", "SBS20", "SBS21", "SBS26", "SBS44"];
const POLE: [&str; 5] = ["SBS10a", "SBS10b", "SBS10c", "SBS10d", "SBS28"];

/// The share of the sample's mutations carried by the named signatures present in the set.
fn group(names: &[String], fit: &Fit, members: &[&str]) -> Option<(Vec<String>, f64)> {
    let x = fit.exposures.as_ref()?;
    let mut sigs = Vec::new();
    let mut sum = 0.0;
    for (i, n) in names.iter().enumerate() {
        if members.contains(&n.as_str()) && x[i] > 0.0 {
            let supported = fit.intervals.as_ref().is_none_or(|ci| ci[i].0 > 0.0);
            if supported {
                sigs.push(n.clone());
                sum += x[i];
            }
        }
    }
    let share = if fit.mutations > 0.0 { sum / fit.mutations } else { 0.0 };
    Some((sigs, share))
}

/// MMR signatures against the MSI call.
fn mmr(names: &[String], fit: &Fit, msi: MsiCall) -> Option<Readout> {
    let (sigs, share) = group(names, fit, &MMR)?;
    let (finding, warning) = match (msi, share >= PRESENT) {
        (MsiCall::High, true) => ("MMR signatures agree with the MSI-high call: confidence raised", false),
        (MsiCall::Stable, false) => ("no MMR signature, in agreement with the MSS call", false),
        (MsiCall::High, false) => ("MSI-high call without an MMR signature: check the MSI call", true),
        (MsiCall::Stable, true) => (
            "MMR signatures in a tumour called MSS: check MSI by another assay",
            true,
        ),
        (MsiCall::Unknown, true) => ("MMR signatures present (no MSI call to compare)", false),
        (MsiCall::Unknown, false) => ("no MMR signature (no MSI call to compare)", false),
    };
    Some(Readout {
        topic: "mmr",
        signatures: sigs,
        share,
        finding: finding.into(),
        warning,
        caveat: "An independent witness of MSI, not a test: MMR signatures overlap the clock-like SBS1/SBS5 and are weak in panels and exomes.",
        source: ALEXANDROV_2020,
    })
}

/// POLE signatures with or without a POLE exonuclease-domain variant (nothing when neither).
fn pole(names: &[String], fit: &Fit, variant: Option<&str>) -> Option<Readout> {
    let (sigs, share) = group(names, fit, &POLE)?;
    let (finding, warning) = match (share >= PRESENT, variant) {
        (true, Some(v)) => (format!("POLE signatures with the exonuclease-domain variant {v}: proofreading loss supported"), false),
        (true, None) => ("POLE signatures without a POLE exonuclease-domain variant found".into(), true),
        (false, Some(v)) => (format!("POLE exonuclease-domain variant {v} without POLE signatures: its pathogenicity is not supported by the spectrum"), true),
        (false, None) => return None,
    };
    Some(Readout {
        topic: "pole",
        signatures: sigs,
        share,
        finding,
        warning,
        caveat: "POLE-ultramutated tumours are usually MSS; the spectrum criteria were set in endometrial cancer.",
        source: "León-Castillo et al. 2020, J Pathol 250:323-335, doi:10.1002/path.5372; Alexandrov et al. 2020, PMID 32025018",
    })
}

/// The readouts for one fitted sample.
pub(crate) fn readouts(names: &[String], fit: &Fit, ctx: &Context) -> Vec<Readout> {
    let mut out = Vec::new();
    let Some(m) = mmr(names, fit, ctx.msi) else {
        return out;
    };
    out.push(m);
    out.extend(pole(names, fit, ctx.pole_exo_variant));
    let mut simple = |topic, members: &[&str], finding: &str, caveat, source| {
        if let Some((sigs, share)) = group(names, fit, members) {
            if share >= PRESENT {
                out.push(Readout {
                    topic,
                    signatures: sigs,
                    share,
                    finding: finding.to_string(),
                    warning: false,
                    caveat,
                    source,
                });
            }
        }
    };
    simple(
        "hrd",
        &["SBS3"],
        "SBS3 present: a hint of homologous-recombination deficiency",
        "Never alone a reason for a PARP inhibitor: HRProfiler's authors caution against single HRD-associated signatures as clinical biomarkers; use a validated HRD assay.",
        "Abbasi et al. 2024, medRxiv doi:10.1101/2024.07.14.24310383 (HRProfiler)",
    );
    simple(
        "origin",
        &["SBS4"],
        "tobacco signature (SBS4): a hint of a smoking-related primary",
        "An origin hint for a tumour of unknown primary, not a diagnosis.",
        ALEXANDROV_2020,
    );
    simple(
        "origin",
        &["SBS7a", "SBS7b", "SBS7c", "SBS7d"],
        "UV signatures (SBS7): a hint of a skin primary (e.g. UV-driven rather than virus-driven Merkel cell carcinoma)",
        "An origin hint, not a diagnosis; check the reference-free UV hallmark too.",
        ALEXANDROV_2020,
    );
    simple(
        "treatment",
        &["SBS11"],
        "temozolomide signature (SBS11): history of alkylating treatment",
        "History, not a prediction; SBS11 marks hypermutation after temozolomide (e.g. CAPTEM).",
        ALEXANDROV_2020,
    );
    simple(
        "treatment",
        &["SBS31", "SBS35"],
        "platinum signatures (SBS31/SBS35): history of platinum treatment",
        "History, not a prediction of platinum response.",
        ALEXANDROV_2020,
    );
    if let Some(uv) = ctx.indicators.and_then(|i| i.uv.uv_like) {
        if uv && !out.iter().any(|r| r.finding.starts_with("UV")) {
            out.push(Readout {
                topic: "origin",
                signatures: vec![],
                share: 0.0,
                finding: "UV hallmark (C>T at dipyrimidines, CC>TT) without an SBS7 exposure".into(),
                warning: false,
                caveat: "Reference-free hallmark; an origin hint, not a diagnosis.",
                source: "Brash 2015, Photochem Photobiol 91:15-26, doi:10.1111/php.12377",
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fit(x: &[f64]) -> Fit {
        Fit {
            mutations: x.iter().sum(),
            exposures: Some(x.to_vec()),
            cosine: Some(0.95),
            intervals: None,
            note: "",
        }
    }

    fn names() -> Vec<String> {
        ["SBS1", "SBS3", "SBS6", "SBS10a", "SBS11", "SBS31"]
            .map(String::from)
            .to_vec()
    }

    fn ctx(msi: MsiCall, pole: Option<&str>) -> Context<'_> {
        Context {
            msi,
            pole_exo_variant: pole,
            indicators: None,
        }
    }

    #[test]
    fn mmr_versus_msi() {
        let f = fit(&[500.0, 0.0, 300.0, 0.0, 0.0, 0.0]);
        let r = readouts(&names(), &f, &ctx(MsiCall::High, None));
        assert_eq!((r[0].topic, r[0].warning, r[0].share), ("mmr", false, 0.375));
        let r = readouts(&names(), &f, &ctx(MsiCall::Stable, None));
        assert!(r[0].warning && r[0].finding.contains("called MSS"));
        let none = fit(&[800.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
        let r = readouts(&names(), &none, &ctx(MsiCall::High, None));
        assert!(r[0].warning && r[0].finding.contains("without an MMR signature"));
    }

    #[test]
    fn pole_hrd_and_treatment() {
        let f = fit(&[300.0, 100.0, 0.0, 500.0, 60.0, 40.0]);
        let r = readouts(&names(), &f, &ctx(MsiCall::Stable, Some("POLE p.P286R")));
        let topics: Vec<&str> = r.iter().map(|r| r.topic).collect();
        assert_eq!(topics, ["mmr", "pole", "hrd", "treatment"]);
        assert!(!r[1].warning && r[1].finding.contains("P286R"));
        assert!(r[2].caveat.starts_with("Never alone a reason for a PARP inhibitor"));
        assert_eq!(r[3].signatures, ["SBS11"], "SBS31 at 4 % is below the threshold");
        let r = readouts(&names(), &f, &ctx(MsiCall::Stable, None));
        assert!(r[1].warning, "POLE signature without the variant");
    }

    #[test]
    fn no_readout_without_a_fit() {
        let f = Fit {
            mutations: 40.0,
            exposures: None,
            cosine: None,
            intervals: None,
            note: crate::signatures::fit::NOT_ENOUGH,
        };
        assert!(readouts(&names(), &f, &ctx(MsiCall::High, None)).is_empty());
    }

    #[test]
    fn origin_platinum_and_the_bootstrap_bound() {
        let names: Vec<String> = ["SBS1", "SBS4", "SBS7a", "SBS31", "SBS35"].map(String::from).to_vec();
        let f = fit(&[600.0, 200.0, 100.0, 60.0, 40.0]);
        let r = readouts(&names, &f, &ctx(MsiCall::Stable, None));
        let topics: Vec<(&str, Vec<String>)> = r.iter().map(|r| (r.topic, r.signatures.clone())).collect();
        assert_eq!(
            topics,
            [
                ("mmr", vec![]),
                ("origin", vec!["SBS4".to_string()]),
                ("origin", vec!["SBS7a".to_string()]),
                ("treatment", vec!["SBS31".to_string(), "SBS35".to_string()]),
            ]
        );
        assert_eq!(r[3].share, 0.1, "SBS31 + SBS35: 100 of 1,000");
        assert!(r[1].source.contains("PMID 32025018"));
        // A group whose bootstrap interval reaches zero is not counted as present.
        let mut weak = f.clone();
        weak.intervals = Some(vec![
            (500.0, 700.0),
            (0.0, 300.0),
            (50.0, 150.0),
            (20.0, 90.0),
            (10.0, 70.0),
        ]);
        let r = readouts(&names, &weak, &ctx(MsiCall::Stable, None));
        assert!(!r.iter().any(|x| x.signatures == ["SBS4"]), "{r:?}");
        // The reference-free UV hallmark, without an SBS7 exposure.
        let mut c = crate::signatures::Catalogue::default();
        let labels = crate::signatures::catalogue::sbs96_labels();
        c.sbs96[labels.iter().position(|l| l == "C[C>T]A").unwrap()] = 90;
        c.sbs96[labels.iter().position(|l| l == "A[T>A]A").unwrap()] = 10;
        c.dbs78[crate::signatures::catalogue::DBS78
            .iter()
            .position(|l| *l == "CC>TT")
            .unwrap()] = 10;
        let ind = crate::signatures::indicators::indicators(&c);
        let no_uv = fit(&[600.0, 200.0, 0.0, 0.0, 0.0]);
        let context = Context {
            msi: MsiCall::Unknown,
            pole_exo_variant: None,
            indicators: Some(&ind),
        };
        let r = readouts(&names, &no_uv, &context);
        let last = r.last().unwrap();
        assert_eq!(last.topic, "origin");
        assert!(last.finding.starts_with("UV hallmark"), "{}", last.finding);
        assert!(last.source.starts_with("Brash 2015"));
    }
}
