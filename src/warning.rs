//! Warnings as typed values. A stage says what a warning is about with a [`WarningKind`]; the
//! report decides from the kind where it goes and how it is prefixed, and merges or drops warnings
//! by kind, never by searching their sentences. The JSON `warnings` list stays a list of strings.
//!
//! Ground floor: this module imports nothing of the crate.

/// What a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WarningKind {
    /// The input files, their samples and records.
    Input,
    /// The TMB stage.
    Tmb,
    /// The TMB stage on unannotated input without a region: the input's own unannotated warning
    /// already says it, so the report shows it only inside the TMB section.
    TmbNeedsAnnotation,
    /// The MSI stage.
    Msi,
    /// The MSI stage's statement of its method (the counting region it used): a method note,
    /// shown in Methods and the report's `method_notes`, not a warning.
    MsiMethod,
    /// `--tumor-type` is not in the knowledge base: therapies were matched as for an unknown type.
    UnknownTumourType,
    /// The therapy stage (conflicts, demotions, tumour-type caveats).
    Therapy,
    /// An interpretation pattern that fired with a caveat.
    Caution,
}

/// One warning: its kind and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub kind: WarningKind,
    pub text: String,
}

impl Warning {
    pub fn new(kind: WarningKind, text: impl Into<String>) -> Warning {
        Warning {
            kind,
            text: text.into(),
        }
    }
}

/// A stage's warnings in the order they arose, each of the stage's own kind unless said otherwise.
#[derive(Debug, Clone)]
pub(crate) struct StageWarnings {
    kind: WarningKind,
    list: Vec<Warning>,
}

impl StageWarnings {
    pub fn new(kind: WarningKind) -> StageWarnings {
        StageWarnings { kind, list: Vec::new() }
    }

    /// A warning of the stage's kind.
    pub(crate) fn push(&mut self, text: String) {
        self.list.push(Warning::new(self.kind, text));
    }

    /// A warning of the stage's kind, before the others.
    #[cfg(test)]
    pub(crate) fn push_first(&mut self, text: String) {
        self.list.insert(0, Warning::new(self.kind, text));
    }

    /// A warning of another kind.
    pub(crate) fn push_kind(&mut self, kind: WarningKind, text: impl Into<String>) {
        self.list.push(Warning::new(kind, text));
    }

    pub(crate) fn into_vec(self) -> Vec<Warning> {
        self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_keeps_order_and_kinds() {
        let mut w = StageWarnings::new(WarningKind::Tmb);
        w.push("b".into());
        w.push_first("a".into());
        w.push_kind(WarningKind::TmbNeedsAnnotation, "c");
        let v = w.into_vec();
        assert_eq!(v.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(v[2].kind, WarningKind::TmbNeedsAnnotation);
        assert_eq!(v[0].kind, WarningKind::Tmb);
    }
}
