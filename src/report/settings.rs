//! What a report records of the options that made it: plain values, filled in by the pipeline
//! (`pipeline::Options::settings`), so that the report never needs to know the pipeline's options.

use super::model::Parameter;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// The options a report states: who, what tumour, how variants were filtered, and every parameter.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// `--patient`, when given (else the tumour sample or file name names the patient).
    pub patient: Option<String>,
    /// `--tumor-type` as given.
    pub tumor_type: Option<String>,
    /// Only PASS (or `.`) records were kept.
    pub(crate) pass_only: bool,
    pub min_depth: u32,
    pub min_alt_reads: u32,
    pub min_vaf: f64,
    /// The provenance parameters, sorted by name.
    pub parameters: Vec<Parameter>,
    /// `--tmb-reference FILE`: the TMB distribution the patient's percentile is taken in.
    pub tmb_reference: Option<std::sync::Arc<super::tmb_distribution::TmbDistribution>>,
}

/// A parameter's value: given, or not set. Written as a string either way (`"null"` when not
/// set), as the report schema has always had it.
#[derive(Debug, Clone, PartialEq, Eq, JsonSchema)]
#[schemars(transparent)]
pub struct ParamValue(#[schemars(with = "String")] Option<String>);

impl ParamValue {
    pub(crate) fn set(value: impl Into<String>) -> ParamValue {
        ParamValue(Some(value.into()))
    }

    #[cfg(test)]
    pub(crate) fn unset() -> ParamValue {
        ParamValue(None)
    }

    /// The value of an option that may be absent.
    pub(crate) fn of<T: ToString>(value: Option<T>) -> ParamValue {
        ParamValue(value.map(|v| v.to_string()))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_deref().unwrap_or("null")
    }
}

impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ParamValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ParamValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ParamValue, D::Error> {
        let s = String::deserialize(d)?;
        Ok(if s == "null" {
            ParamValue(None)
        } else {
            ParamValue(Some(s))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::ParamValue;

    #[test]
    fn unset_is_written_null_and_read_back() {
        assert_eq!(serde_json::to_string(&ParamValue::unset()).unwrap(), "\"null\"");
        assert_eq!(serde_json::to_string(&ParamValue::set("WES")).unwrap(), "\"WES\"");
        let back: ParamValue = serde_json::from_str("\"null\"").unwrap();
        assert_eq!(back, ParamValue::unset());
        assert_eq!(ParamValue::of(Some(2.5)).as_str(), "2.5");
        assert_eq!(ParamValue::of(None::<f64>).to_string(), "null");
    }
}
