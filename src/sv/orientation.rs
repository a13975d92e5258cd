//! Which partner order of a fusion is the oncogenic one. A fusion is written 5'::3' (HGNC
//! notation, `EML4::ALK`). For the receptor kinases the therapy rules name (ALK, ROS1, RET,
//! NTRK1-3, BRAF) and for NRG1, ABL1, MET, ERG, ETV1, ETV4, FLI1 and NUTM1 the driver keeps its 3'
//! part (its kinase or DNA-binding domain) behind a 5' partner's promoter and dimerisation domain;
//! so do the blood-cancer drivers PDGFRA (`FIP1L1::PDGFRA`), PDGFRB (`ETV6::PDGFRB`) and RARA, whose
//! ligand-binding part follows PML's dimerisation domain (`PML::RARA`);
//! FGFR1-3 keep their kinase as the 5' partner (`FGFR3::TACC3`, `FGFR2::BICC1`), EWSR1 its
//! transactivation domain (`EWSR1::FLI1`), and KMT2A its N-terminal part (AT hooks, CXXC domain,
//! the menin-binding motif) before the partner's C-terminus (`KMT2A::MLLT3`, `KMT2A::AFF1`). BRD4 and SS18 are found through their 3' partners
//! (`BRD4::NUTM1`, `SS18::SSX1`). The reciprocal product (`ALK::EML4`) does not carry the oncogenic
//! protein: it is reported, as not the oncogenic fusion, and matches no rule.
//! Sources: Mitelman Database of Chromosome Aberrations and Gene Fusions in Cancer (5'::3' notation);
//! the FDA labels the fusion rules cite.

/// Drivers that are the 3' partner of their oncogenic fusions.
pub(crate) const THREE_PRIME_DRIVERS: &[&str] = &[
    "ALK", "ROS1", "RET", "NTRK1", "NTRK2", "NTRK3", "NRG1", "BRAF", "ABL1", "MET", "ERG", "ETV1", "ETV4", "FLI1",
    "NUTM1", "PDGFB", "RAF1", "SSX1", "SSX2", "PDGFRA", "PDGFRB", "RARA",
];

/// Drivers that are the 5' partner of their oncogenic fusions.
pub(crate) const FIVE_PRIME_DRIVERS: &[&str] = &["FGFR2", "FGFR3", "EWSR1", "FGFR1", "KMT2A"];

/// How a partner order relates to the known oncogenic one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    /// A known driver in its oncogenic position.
    Oncogenic,
    /// A known driver in the other position only: the reciprocal product.
    Reciprocal,
    /// Both partners the same gene (a duplication or deletion inside it).
    Intragenic,
    /// No known driver among the partners.
    Unknown,
}

impl Orientation {
    pub fn as_str(self) -> &'static str {
        match self {
            Orientation::Oncogenic => "oncogenic",
            Orientation::Reciprocal => "reciprocal",
            Orientation::Intragenic => "intragenic",
            Orientation::Unknown => "unknown",
        }
    }
}

/// The orientation of `five::three`, and the driver gene (in its oncogenic position, or the one
/// misplaced for a reciprocal product).
pub fn classify(five: &str, three: &str) -> (Orientation, Option<String>) {
    if five == three {
        return (Orientation::Intragenic, Some(five.to_string()));
    }
    if THREE_PRIME_DRIVERS.contains(&three) {
        return (Orientation::Oncogenic, Some(three.to_string()));
    }
    if FIVE_PRIME_DRIVERS.contains(&five) {
        return (Orientation::Oncogenic, Some(five.to_string()));
    }
    if THREE_PRIME_DRIVERS.contains(&five) {
        return (Orientation::Reciprocal, Some(five.to_string()));
    }
    if FIVE_PRIME_DRIVERS.contains(&three) {
        return (Orientation::Reciprocal, Some(three.to_string()));
    }
    (Orientation::Unknown, None)
}

/// An unordered pair (`GeneA GeneB` lists) put in the oncogenic order where one is known;
/// otherwise as given.
pub(crate) fn order(a: &str, b: &str) -> (String, String) {
    match classify(b, a) {
        (Orientation::Oncogenic, _) => (b.to_string(), a.to_string()),
        _ => (a.to_string(), b.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orientation_of_known_fusions() {
        assert_eq!(classify("EML4", "ALK"), (Orientation::Oncogenic, Some("ALK".into())));
        assert_eq!(classify("ALK", "EML4"), (Orientation::Reciprocal, Some("ALK".into())));
        assert_eq!(
            classify("FGFR3", "TACC3"),
            (Orientation::Oncogenic, Some("FGFR3".into()))
        );
        assert_eq!(classify("TACC3", "FGFR3").0, Orientation::Reciprocal);
        assert_eq!(classify("EGFR", "EGFR").0, Orientation::Intragenic);
        assert_eq!(classify("STX16", "RAE1").0, Orientation::Unknown);
        assert_eq!(order("ALK", "EML4"), ("EML4".into(), "ALK".into()));
        assert_eq!(order("EML4", "ALK"), ("EML4".into(), "ALK".into()));
        assert_eq!(order("FGFR3", "TACC3"), ("FGFR3".into(), "TACC3".into()));
        assert_eq!(
            classify("KMT2A", "MLLT3"),
            (Orientation::Oncogenic, Some("KMT2A".into()))
        );
        assert_eq!(order("MLLT3", "KMT2A"), ("KMT2A".into(), "MLLT3".into()));
        // The blood-cancer fusions of the knowledge base (issue 28): the reciprocal products are
        // not the oncogenic fusion.
        for (five, three) in [
            ("BCR", "ABL1"),
            ("PML", "RARA"),
            ("FIP1L1", "PDGFRA"),
            ("ETV6", "PDGFRB"),
        ] {
            assert_eq!(classify(five, three), (Orientation::Oncogenic, Some(three.into())));
            assert_eq!(classify(three, five), (Orientation::Reciprocal, Some(three.into())));
            assert_eq!(order(three, five), (five.into(), three.into()));
        }
    }
}
