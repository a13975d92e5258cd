//! What the header says about the file: the genome build (from `##contig` lengths, assembly tags
//! or `##reference`) and the caller.

use super::header::Header;
use crate::genome::GenomeBuild;

/// Genome build from `##contig` lengths (chr1, chr2, …), `##contig` assembly tags or `##reference`.
pub fn detect_build(h: &Header) -> (Option<GenomeBuild>, Option<&'static str>) {
    // (contig, GRCh37 length, GRCh38 length)
    const LENGTHS: [(&str, u64, u64); 5] = [
        ("1", 249_250_621, 248_956_422),
        ("2", 243_199_373, 242_193_529),
        ("7", 159_138_663, 159_345_973),
        ("12", 133_851_895, 133_275_309),
        ("17", 81_195_210, 83_257_441),
    ];
    for c in &h.contigs {
        let name = crate::genome::normalise_chrom(&c.name);
        if let (Some(len), Some((_, l37, l38))) = (c.length, LENGTHS.iter().find(|(n, _, _)| *n == name)) {
            if len == *l37 {
                return (Some(GenomeBuild::GRCh37), Some("contig_lengths"));
            }
            if len == *l38 {
                return (Some(GenomeBuild::GRCh38), Some("contig_lengths"));
            }
        }
    }
    for c in &h.contigs {
        if let Some(b) = c.assembly.as_deref().and_then(GenomeBuild::find_in) {
            return (Some(b), Some("contig_assembly"));
        }
    }
    if let Some(b) = h.metas("reference").find_map(GenomeBuild::find_in) {
        return (Some(b), Some("reference_line"));
    }
    (None, None)
}

/// The variant caller, when the header says.
pub fn detect_caller(h: &Header) -> Option<String> {
    let mut texts: Vec<String> = h.metas("source").map(|s| s.to_string()).collect();
    for (k, v) in &h.other {
        if k.ends_with("CommandLine") || k == "GATKCommandLine" || k == "DRAGENVersion" || k == "DRAGENCommandLine" {
            texts.push(format!("{k} {v}"));
        }
    }
    let all = texts.join(" ").to_ascii_lowercase();
    let known = [
        ("mutect2", "Mutect2"),
        ("dragen", "DRAGEN"),
        ("strelka", "Strelka2"),
        ("varscan", "VarScan2"),
        ("vardict", "VarDict"),
        ("muse", "MuSE"),
        ("somaticsniper", "SomaticSniper"),
        ("mutect", "MuTect"),
        ("lofreq", "LoFreq"),
        ("freebayes", "freebayes"),
        ("pindel", "Pindel"),
        ("delly", "Delly"),
        ("manta", "Manta"),
        ("octopus", "Octopus"),
        ("deepsomatic", "DeepSomatic"),
        ("radia", "RADIA"),
    ];
    for (needle, name) in known {
        if all.contains(needle) {
            // Strelka 1 vs 2: version line.
            if name == "Strelka2"
                && h.meta("source_version").is_none_or(|v| v.starts_with('1'))
                && !all.contains("strelka2")
            {
                return Some("Strelka".into());
            }
            return Some(name.into());
        }
    }
    if h.format_def("AU").is_some() && h.format_def("TU").is_some() {
        return Some("Strelka".into());
    }
    h.meta("source").map(|s| s.chars().take(60).collect())
}
