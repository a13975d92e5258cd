//! The genome build: GRCh37 or GRCh38, and the one parser of the names people and files give it.
//!
//! A name given by a user or a file's build column (`--genome`, MAF `NCBI_Build`, a GFF3
//! `#!genome-build` line) is read by [`GenomeBuild::parse`]; a build named somewhere inside a longer
//! text (a `##reference` path, a `##contig` assembly tag) by [`GenomeBuild::find_in`]. Both use the
//! same table of names.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GenomeBuild {
    GRCh37,
    GRCh38,
}

/// Whole names (case-insensitive) of each build.
const NAMES: [(&str, GenomeBuild); 8] = [
    ("grch37", GenomeBuild::GRCh37),
    ("hg19", GenomeBuild::GRCh37),
    ("b37", GenomeBuild::GRCh37),
    ("37", GenomeBuild::GRCh37),
    ("grch38", GenomeBuild::GRCh38),
    ("hg38", GenomeBuild::GRCh38),
    ("b38", GenomeBuild::GRCh38),
    ("38", GenomeBuild::GRCh38),
];

/// Words that name a build inside a longer text (file paths, assembly tags, `GRCh38.p14`).
/// GRCh38 is looked for first, as a text naming both is a GRCh38 file that mentions its liftover.
const WORDS: [(&str, GenomeBuild); 9] = [
    ("grch38", GenomeBuild::GRCh38),
    ("hg38", GenomeBuild::GRCh38),
    ("b38", GenomeBuild::GRCh38),
    ("assembly38", GenomeBuild::GRCh38),
    ("grch37", GenomeBuild::GRCh37),
    ("hg19", GenomeBuild::GRCh37),
    ("b37", GenomeBuild::GRCh37),
    ("hs37", GenomeBuild::GRCh37),
    ("human_g1k_v37", GenomeBuild::GRCh37),
];

impl GenomeBuild {
    pub fn as_str(self) -> &'static str {
        match self {
            GenomeBuild::GRCh37 => "GRCh37",
            GenomeBuild::GRCh38 => "GRCh38",
        }
    }

    /// A build name as a user or a build column gives it: `GRCh38`, `hg19`, `b37`, `37`, or an
    /// assembly name with a patch (`GRCh38.p14`). `None` for anything else (`NCBI36`).
    pub fn parse(name: &str) -> Option<GenomeBuild> {
        let l = name.trim().to_ascii_lowercase();
        NAMES
            .iter()
            .find(|(n, _)| *n == l)
            .map(|(_, b)| *b)
            .or_else(|| Self::find_in(&l))
    }

    /// The build a longer text names (`file:///ref/hs37d5.fa`, `assembly=GRCh38`), if any.
    pub(crate) fn find_in(text: &str) -> Option<GenomeBuild> {
        let l = text.to_ascii_lowercase();
        WORDS.iter().find(|(w, _)| l.contains(w)).map(|(_, b)| *b)
    }
}

#[cfg(test)]
mod tests {
    use super::GenomeBuild::{self, GRCh37, GRCh38};

    #[test]
    fn names_and_texts() {
        for (s, b) in [
            ("GRCh37", GRCh37),
            ("hg19", GRCh37),
            ("37", GRCh37),
            (" b38 ", GRCh38),
            ("GRCh38.p14", GRCh38),
        ] {
            assert_eq!(GenomeBuild::parse(s), Some(b), "{s}");
        }
        for s in ["NCBI36", "hg18", "", "36", "T2T-CHM13"] {
            assert_eq!(GenomeBuild::parse(s), None, "{s}");
        }
        assert_eq!(GenomeBuild::find_in("file:///refs/hs37d5.fa"), Some(GRCh37));
        assert_eq!(GenomeBuild::find_in("Homo_sapiens_assembly38.fasta"), Some(GRCh38));
        assert_eq!(GenomeBuild::find_in("/data/genome.fa"), None);
        assert_eq!(GRCh38.as_str(), "GRCh38");
    }
}
