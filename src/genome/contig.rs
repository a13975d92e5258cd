//! Contig names unified across VCF, gene models and FASTA: `chr17` = `17`, and NCBI RefSeq
//! chromosome accessions (`NC_000017.11`, as RefSeq GFF3 and NCBI FASTA name them) = `17`
//! ([`normalise_chrom`], which every stage uses, knowledge-base coordinates included).
//!
//! The accessions are those of the primary-assembly chromosomes in NCBI's assembly
//! reports: GRCh37.p13 (GCF_000001405.25) and GRCh38.p14 (GCF_000001405.40); both
//! assemblies carry the same mitochondrion, NC_012920.1 (rCRS). Other accessions
//! (unplaced scaffolds `NT_…`, alternate loci `NW_…`) keep their names.

/// (accession, chromosome, assembly).
const REFSEQ_CHROMOSOMES: &[(&str, &str, &str)] = &[
    ("NC_000001.10", "1", "GRCh37"),
    ("NC_000002.11", "2", "GRCh37"),
    ("NC_000003.11", "3", "GRCh37"),
    ("NC_000004.11", "4", "GRCh37"),
    ("NC_000005.9", "5", "GRCh37"),
    ("NC_000006.11", "6", "GRCh37"),
    ("NC_000007.13", "7", "GRCh37"),
    ("NC_000008.10", "8", "GRCh37"),
    ("NC_000009.11", "9", "GRCh37"),
    ("NC_000010.10", "10", "GRCh37"),
    ("NC_000011.9", "11", "GRCh37"),
    ("NC_000012.11", "12", "GRCh37"),
    ("NC_000013.10", "13", "GRCh37"),
    ("NC_000014.8", "14", "GRCh37"),
    ("NC_000015.9", "15", "GRCh37"),
    ("NC_000016.9", "16", "GRCh37"),
    ("NC_000017.10", "17", "GRCh37"),
    ("NC_000018.9", "18", "GRCh37"),
    ("NC_000019.9", "19", "GRCh37"),
    ("NC_000020.10", "20", "GRCh37"),
    ("NC_000021.8", "21", "GRCh37"),
    ("NC_000022.10", "22", "GRCh37"),
    ("NC_000023.10", "X", "GRCh37"),
    ("NC_000024.9", "Y", "GRCh37"),
    ("NC_000001.11", "1", "GRCh38"),
    ("NC_000002.12", "2", "GRCh38"),
    ("NC_000003.12", "3", "GRCh38"),
    ("NC_000004.12", "4", "GRCh38"),
    ("NC_000005.10", "5", "GRCh38"),
    ("NC_000006.12", "6", "GRCh38"),
    ("NC_000007.14", "7", "GRCh38"),
    ("NC_000008.11", "8", "GRCh38"),
    ("NC_000009.12", "9", "GRCh38"),
    ("NC_000010.11", "10", "GRCh38"),
    ("NC_000011.10", "11", "GRCh38"),
    ("NC_000012.12", "12", "GRCh38"),
    ("NC_000013.11", "13", "GRCh38"),
    ("NC_000014.9", "14", "GRCh38"),
    ("NC_000015.10", "15", "GRCh38"),
    ("NC_000016.10", "16", "GRCh38"),
    ("NC_000017.11", "17", "GRCh38"),
    ("NC_000018.10", "18", "GRCh38"),
    ("NC_000019.10", "19", "GRCh38"),
    ("NC_000020.11", "20", "GRCh38"),
    ("NC_000021.9", "21", "GRCh38"),
    ("NC_000022.11", "22", "GRCh38"),
    ("NC_000023.11", "X", "GRCh38"),
    ("NC_000024.10", "Y", "GRCh38"),
    // normalise_chrom writes the mitochondrion as `M`.
    ("NC_012920.1", "M", "GRCh37/GRCh38"),
];

/// Strip a `chr` prefix and map `MT`/`chrM` to `M`; a RefSeq chromosome accession
/// (`NC_000007.14`, `NC_012920.1`) becomes its chromosome (`7`, `M`).
pub(crate) fn normalise_chrom(c: &str) -> &str {
    if let Some((_, chrom, _)) = refseq(c) {
        return chrom;
    }
    let s = c
        .strip_prefix("chr")
        .or_else(|| c.strip_prefix("CHR"))
        .or_else(|| c.strip_prefix("Chr"))
        .unwrap_or(c);
    if s == "MT" {
        "M"
    } else {
        s
    }
}

pub(crate) fn refseq(name: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    if !name.starts_with("NC_") {
        return None;
    }
    REFSEQ_CHROMOSOMES.iter().find(|(acc, _, _)| *acc == name)
}

#[cfg(test)]
mod tests {
    use super::normalise_chrom as contig_key;
    use super::*;

    #[test]
    fn accessions_and_names_meet() {
        assert_eq!(contig_key("NC_000017.11"), "17");
        assert_eq!(contig_key("NC_000017.10"), "17");
        assert_eq!(contig_key("chr17"), "17");
        assert_eq!(contig_key("NC_000023.11"), "X");
        assert_eq!(contig_key("NC_012920.1"), contig_key("chrM"));
        assert_eq!(contig_key("MT"), contig_key("NC_012920.1"));
        assert_eq!(contig_key("NT_187361.1"), "NT_187361.1");
        // One accession per chromosome and assembly.
        for build in ["GRCh37", "GRCh38"] {
            let n = REFSEQ_CHROMOSOMES.iter().filter(|r| r.2 == build).count();
            assert_eq!(n, 24, "{build}");
        }
    }
}
