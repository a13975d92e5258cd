//! The closed vocabularies of a therapy match: AMP/ASCO/CAP 2017 tiers (Li et al. 2017,
//! PMID:27993330), ESCAT tiers (Mateo et al. 2018, PMID:30137196) and the match context. Each
//! orders from strongest to weakest (so `min` is the best) and names itself with the string the
//! report has always used.

/// AMP/ASCO/CAP 2017 tier; `NotApplicable` for notes (nothing genomic triggers them).
// Tier names as the AMP/ASCO/CAP and ESCAT guidelines write them.
#[allow(clippy::upper_case_acronyms)]
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub enum AmpTier {
    #[serde(rename = "IA")]
    IA,
    #[serde(rename = "IB")]
    IB,
    #[serde(rename = "IIC")]
    IIC,
    #[serde(rename = "IID")]
    IID,
    #[serde(rename = "n/a")]
    NotApplicable,
}

impl AmpTier {
    pub fn as_str(self) -> &'static str {
        match self {
            AmpTier::IA => "IA",
            AmpTier::IB => "IB",
            AmpTier::IIC => "IIC",
            AmpTier::IID => "IID",
            AmpTier::NotApplicable => "n/a",
        }
    }
}

/// ESCAT tier; `NotApplicable` for notes.
// Tier names as the AMP/ASCO/CAP and ESCAT guidelines write them.
#[allow(clippy::upper_case_acronyms)]
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub enum EscatTier {
    #[serde(rename = "I-A")]
    IA,
    #[serde(rename = "I-B")]
    IB,
    #[serde(rename = "I-C")]
    IC,
    #[serde(rename = "II-A")]
    IIA,
    #[serde(rename = "II-B")]
    IIB,
    #[serde(rename = "III-A")]
    IIIA,
    #[serde(rename = "III-B")]
    IIIB,
    #[serde(rename = "IV")]
    IV,
    #[serde(rename = "X")]
    X,
    #[serde(rename = "n/a")]
    NotApplicable,
}

impl EscatTier {
    pub fn as_str(self) -> &'static str {
        match self {
            EscatTier::IA => "I-A",
            EscatTier::IB => "I-B",
            EscatTier::IC => "I-C",
            EscatTier::IIA => "II-A",
            EscatTier::IIB => "II-B",
            EscatTier::IIIA => "III-A",
            EscatTier::IIIB => "III-B",
            EscatTier::IV => "IV",
            EscatTier::X => "X",
            EscatTier::NotApplicable => "n/a",
        }
    }
}

/// How the rule's evidence relates to this patient's tumour type.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub enum Context {
    #[serde(rename = "on_label")]
    OnLabel,
    #[serde(rename = "tissue_agnostic")]
    TissueAgnostic,
    #[serde(rename = "off_label")]
    OffLabel,
    #[serde(rename = "investigational")]
    Investigational,
    #[serde(rename = "tumor_type_unknown")]
    TumorTypeUnknown,
}

impl Context {
    pub fn as_str(self) -> &'static str {
        match self {
            Context::OnLabel => "on_label",
            Context::TissueAgnostic => "tissue_agnostic",
            Context::OffLabel => "off_label",
            Context::Investigational => "investigational",
            Context::TumorTypeUnknown => "tumor_type_unknown",
        }
    }
}

/// The grade of one match: context and both tiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Grade {
    pub context: Context,
    pub(crate) amp: AmpTier,
    pub(crate) escat: EscatTier,
}

impl Grade {
    pub(crate) const fn new(context: Context, amp: AmpTier, escat: EscatTier) -> Grade {
        Grade { context, amp, escat }
    }
}

display_as_str!(AmpTier, EscatTier, Context);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_is_strongest_first_and_names_are_the_report_strings() {
        assert!(AmpTier::IA < AmpTier::IIC && AmpTier::IID < AmpTier::NotApplicable);
        assert!(EscatTier::IC < EscatTier::IIA && EscatTier::X < EscatTier::NotApplicable);
        assert_eq!(EscatTier::IIIA.as_str(), "III-A");
        assert_eq!(AmpTier::NotApplicable.as_str(), "n/a");
        assert_eq!(Context::TumorTypeUnknown.as_str(), "tumor_type_unknown");
    }
}
