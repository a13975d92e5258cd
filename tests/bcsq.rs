//! VCFs annotated by `bcftools csq` (INFO/BCSQ): the classification fixture's
//! 16 variants in BCSQ form (test-data/classify/bcsq_grch37.vcf) give the same
//! drivers through `oncoprofile report` as their VEP form.

mod common;

use serde_json::Value;

fn find<'a>(r: &'a Value, gene: &str, change: &str) -> Option<&'a Value> {
    r["alterations"]
        .as_array()
        .expect("alterations")
        .iter()
        .find(|a| a["gene"] == gene && a["protein_change"] == change)
}

#[test]
fn bcsq_fixture_gives_the_vep_drivers() {
    let bcsq = common::report(&common::fixture("classify/bcsq_grch37.vcf"), &["--all-variants"]);
    let vep = common::report(&common::fixture("classify/vep_grch37.vcf"), &["--all-variants"]);
    assert_eq!(bcsq["input"]["annotation"], "bcftools_csq");
    // (gene, BCSQ protein change, VEP protein change, oncogenicity)
    let expected = [
        ("BRAF", "p.V600E", "p.V600E", "oncogenic"),
        ("KRAS", "p.G12D", "p.G12D", "oncogenic"),
        ("KRAS", "p.Q61H", "p.Q61H", "oncogenic"),
        ("PIK3CA", "p.H1047R", "p.H1047R", "oncogenic"),
        ("TP53", "p.R175H", "p.R175H", "oncogenic"),
        ("TP53", "p.P152fs", "p.P152Lfs*18", "oncogenic"),
        ("RB1", "p.R320*", "p.R320*", "oncogenic"),
        ("BRCA1", "p.Q1756fs", "p.Q1756Pfs*74", "oncogenic"),
        ("EGFR", "p.E746_A750del", "p.E746_A750del", "oncogenic"),
        ("TP53", "p.R213=", "p.R213=", "likely_benign"),
        ("TTN", "p.R334W", "p.R334W", "vus"),
    ];
    for (gene, b, v, onc) in expected {
        let a = find(&bcsq, gene, b).unwrap_or_else(|| panic!("{gene} {b} missing"));
        let w = find(&vep, gene, v).unwrap_or_else(|| panic!("VEP {gene} {v} missing"));
        assert_eq!(a["oncogenicity"], onc, "{gene} {b}");
        assert_eq!(a["oncogenicity"], w["oncogenicity"], "{gene} {b}");
        assert_eq!(a["driver"], w["driver"], "{gene} {b}");
        assert_eq!(a["hotspot"], w["hotspot"], "{gene} {b}");
        assert_eq!(a["annotation_source"], "bcftools_csq", "{gene} {b}");
        assert_eq!(a["transcript"], w["transcript"], "{gene} {b}");
    }
    assert_eq!(bcsq["summary"]["drivers"], vep["summary"]["drivers"]);
    common::assert_schema_valid(&bcsq);
}
