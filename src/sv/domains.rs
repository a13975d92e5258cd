//! Retained protein domains of fusion partners (`annotations/fusion_domains.tsv`): for each gene
//! the table holds, whether the partner's piece keeps its named domain (the kinase domain of RET
//! and BRAF), from the exons the piece keeps ([`super::exons::ExonPlace::retained`]).
//!
//! A domain is `retained` when the kept exons cover all of its exons, `partly` when they cover some,
//! `lost` when none (or when the piece keeps no whole exon), and `not_assessed` without an exon
//! place: no breakpoint, a build without embedded exon models and no `--gene-models`, or a place
//! on another transcript than the one the table's exon numbers are given for (the domain's exon
//! numbers hold for that transcript only). The table's exon numbers are those of the MANE Select
//! transcripts of `gene_exons.tsv`; each row gives the literature's transcript and exon range and
//! its source.

use std::sync::OnceLock;

use super::Fusion;

const TABLE: &str = include_str!("../../annotations/fusion_domains.tsv");

/// One curated domain: its gene, name, transcript and exon range (MANE Select numbering).
#[derive(Debug, Clone, PartialEq)]
pub struct Domain {
    pub gene: String,
    pub name: String,
    /// The Ensembl MANE Select transcript (versioned), and its RefSeq twin.
    pub transcript: String,
    pub refseq: String,
    pub first_exon: u32,
    pub last_exon: u32,
    pub source: String,
}

fn parse(text: &str) -> Vec<Domain> {
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.starts_with("gene\t")) {
        let f: Vec<&str> = line.split('\t').collect();
        let (Some(gene), Some(name), Some(tx), Some(refseq), Some(first), Some(last), Some(source)) = (
            f.first(),
            f.get(1),
            f.get(2),
            f.get(3),
            f.get(4).and_then(|s| s.parse().ok()),
            f.get(5).and_then(|s| s.parse().ok()),
            f.get(8),
        ) else {
            continue;
        };
        out.push(Domain {
            gene: gene.to_string(),
            name: name.to_string(),
            transcript: tx.to_string(),
            refseq: refseq.to_string(),
            first_exon: first,
            last_exon: last,
            source: source.to_string(),
        });
    }
    out
}

/// Every curated domain.
pub fn table() -> &'static [Domain] {
    static ALL: OnceLock<Vec<Domain>> = OnceLock::new();
    ALL.get_or_init(|| parse(TABLE))
}

/// The curated domains of `gene`.
pub fn of_gene(gene: &str) -> impl Iterator<Item = &'static Domain> + '_ {
    table().iter().filter(move |d| d.gene == gene)
}

/// Whether a partner's piece keeps a domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Retained,
    Partly,
    Lost,
    NotAssessed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Retained => "retained",
            Status::Partly => "partly",
            Status::Lost => "lost",
            Status::NotAssessed => "not_assessed",
        }
    }
}

/// One partner's domain and whether the fusion keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct DomainCall {
    pub gene: String,
    pub domain: &'static Domain,
    pub status: Status,
    /// The whole exons the partner keeps (first, last), when placed on the table's transcript.
    pub kept: Option<(u32, u32)>,
}

/// A transcript id without its version or a GFF `transcript:` prefix.
fn bare(id: &str) -> &str {
    let id = id.strip_prefix("transcript:").unwrap_or(id);
    id.split('.').next().unwrap_or(id)
}

fn status(kept: Option<(u32, u32)>, d: &Domain) -> Status {
    match kept {
        None => Status::Lost,
        Some((a, b)) if a <= d.first_exon && d.last_exon <= b => Status::Retained,
        Some((a, b)) if b < d.first_exon || a > d.last_exon => Status::Lost,
        Some(_) => Status::Partly,
    }
}

/// The domain calls of a fusion of two genes: one per curated domain of either partner. An
/// intragenic event gets none (its pieces are one protein).
pub fn assess(f: &Fusion) -> Vec<DomainCall> {
    if f.five_prime == f.three_prime {
        return vec![];
    }
    let mut out = Vec::new();
    for (i, gene) in [&f.five_prime, &f.three_prime].into_iter().enumerate() {
        for d in of_gene(gene) {
            let place = f.exons[i]
                .as_ref()
                .filter(|p| [bare(&d.transcript), bare(&d.refseq)].contains(&bare(&p.transcript)));
            let (status, kept) = match place {
                Some(p) => (status(p.retained, d), p.retained),
                None => (Status::NotAssessed, None),
            };
            out.push(DomainCall {
                gene: gene.clone(),
                domain: d,
                status,
                kept,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sv::exons;

    fn fusion(five: &str, three: &str, places: [Option<exons::ExonPlace>; 2]) -> Fusion {
        let mut f = Fusion::new(five.into(), three.into(), [None, None], 2);
        f.exons = places;
        f
    }

    #[test]
    fn table_rows_name_their_sources() {
        let t = table();
        assert_eq!(t.len(), 2);
        let ret = of_gene("RET")
            .next()
            .map(|d| (d.first_exon, d.last_exon, d.transcript.as_str()));
        assert_eq!(ret, Some((12, 18, "ENST00000355710.8")));
        assert!(t.iter().all(|d| !d.source.is_empty()));
    }

    #[test]
    fn retained_partly_lost_and_not_assessed() {
        // RET (+): intron 11 keeps exons 12-20 (kinase domain 12-18 retained).
        let intron11 = exons::place("RET", 43_115_000, false);
        let calls = assess(&fusion("KIF5B", "RET", [None, intron11]));
        assert_eq!(
            calls.iter().map(|c| c.status).collect::<Vec<_>>(),
            vec![Status::Retained]
        );
        // Intron 18 keeps exons 19-20: lost.
        let intron18 = exons::place("RET", 43_125_500, false);
        assert_eq!(
            assess(&fusion("KIF5B", "RET", [None, intron18]))[0].status,
            Status::Lost
        );
        // Intron 14 keeps exons 15-20: partly.
        let intron14 = exons::place("RET", 43_119_900, false);
        assert_eq!(
            assess(&fusion("KIF5B", "RET", [None, intron14]))[0].status,
            Status::Partly
        );
        // No breakpoint: not assessed; the other partner has no curated domain.
        let none = assess(&fusion("KIF5B", "RET", [None, None]));
        assert_eq!((none.len(), none[0].status), (1, Status::NotAssessed));
        // A place on another transcript than the table's is not assessed.
        let mut other = exons::place("RET", 43_115_000, false);
        if let Some(p) = other.as_mut() {
            p.transcript = "ENST00000340058.5".into();
        }
        assert_eq!(
            assess(&fusion("KIF5B", "RET", [None, other]))[0].status,
            Status::NotAssessed
        );
        // BRAF (−) intron 8 (KIAA1549::BRAF) keeps exons 9-18: kinase domain 11-18 retained.
        let braf = exons::place("BRAF", 140_790_000, false);
        assert_eq!(
            assess(&fusion("KIAA1549", "BRAF", [None, braf]))[0].status,
            Status::Retained
        );
        // Intragenic: none.
        assert!(assess(&fusion("BRAF", "BRAF", [None, None])).is_empty());
    }
}
