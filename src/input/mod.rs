//! Reading VCF/BCF: format sniffing, header, samples, per-caller depth/VAF.

pub mod header;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GenomeBuild {
    GRCh37,
    GRCh38,
}

impl GenomeBuild {
    pub fn as_str(self) -> &'static str {
        match self {
            GenomeBuild::GRCh37 => "GRCh37",
            GenomeBuild::GRCh38 => "GRCh38",
        }
    }
    pub fn parse(s: &str) -> Option<GenomeBuild> {
        match s.to_ascii_lowercase().as_str() {
            "grch37" | "hg19" | "b37" | "37" => Some(GenomeBuild::GRCh37),
            "grch38" | "hg38" | "b38" | "38" => Some(GenomeBuild::GRCh38),
            _ => None,
        }
    }
}
