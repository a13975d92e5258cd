//! VEP picking on real files: each alteration's gene, transcript and protein change equal those
//! of the CSQ entry that the documented rule chooses (README, "Annotation"). Expected values were
//! read by hand from the CSQ entries of each record.

mod common;
use common::*;

fn find<'a>(r: &'a serde_json::Value, pos: u64, alt: &str) -> &'a serde_json::Value {
    r["alterations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["pos"] == pos && a["alt"] == alt)
        .unwrap_or_else(|| panic!("no alteration {pos} {alt}"))
}

#[test]
fn pvactools_picks_follow_the_rule() {
    let Some(f) = shared("vcf/pvactools/input_protein_altering_variants.vcf") else {
        return;
    };
    let r = report(&f, &ALL);
    assert_eq!(r["input"]["annotation"], "vep");
    assert_eq!(r["patient"]["tumor_sample"], "TUMOR");
    // Two FIGN transcripts: the canonical protein-coding one (also PICK=1) with the protein change.
    let a = find(&r, 163610621, "TCAGGTTTTATGTGTGTGTGCCAACATTCATTAC");
    assert_eq!(a["gene"], "FIGN");
    assert_eq!(a["transcript"], "ENST00000333129.3");
    assert_eq!(a["protein_change"], "p.Y404delinsCNECWHTHIKPD");
    assert_eq!(
        a["hgvsp"],
        "ENSP00000333836.3:p.Tyr404delinsCysAsnGluCysTrpHisThrHisIleLysProAsp"
    );
    assert_eq!(a["consequence"], serde_json::json!(["protein_altering_variant"]));
    // SMG7: the canonical transcript is intronic while two others are protein-altering; canonical wins.
    let smg7 = r["alterations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["pos"] == 183542408)
        .unwrap();
    assert_eq!(smg7["gene"], "SMG7");
    assert_eq!(smg7["transcript"], "ENST00000507469.5");
    assert_eq!(smg7["consequence"], serde_json::json!(["intron_variant"]));
    assert!(smg7["protein_change"].is_null());
    // CDKN2A: PICK=1 sits on an NMD transcript intron of another gene; the protein-coding transcript the
    // variant lies in comes first.
    let cdkn2a = r["alterations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["pos"] == 21971105)
        .unwrap();
    assert_eq!(cdkn2a["gene"], "CDKN2A");
    assert_eq!(cdkn2a["transcript"], "ENST00000498124.1");
    assert_eq!(cdkn2a["protein_change"], "p.A85delinsDLLS");
    assert_eq!(cdkn2a["exon"], "2/4");
}

#[test]
fn empty_hgvsp_uses_protein_position_and_amino_acids() {
    let Some(f) = shared("vcf/pvactools/input_multiple_transcripts.vcf") else {
        return;
    };
    let r = report(&f, &ALL);
    // A>C,T: one CSQ entry per ALT, both with an empty HGVSp; Protein_position 829, Amino_acids S/A and S/T.
    let c = find(&r, 87531302, "C");
    let t = find(&r, 87531302, "T");
    assert_eq!(
        (c["gene"].as_str(), c["transcript"].as_str()),
        (Some("ABCB1"), Some("ENST00000543898"))
    );
    assert_eq!(c["protein_change"], "p.S829A");
    assert_eq!(t["protein_change"], "p.S829T");
    assert!(c["hgvsp"].is_null() && t["hgvsp"].is_null());
}

#[test]
fn mane_select_beats_a_more_severe_canonical_entry() {
    let Some(f) = shared("vcf/bcftools-split-vep/split-vep.6.vcf") else {
        return;
    };
    let r = report(&f, &ALL);
    let hes4 = r["alterations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["pos"] == 999842)
        .unwrap();
    assert_eq!(hes4["gene"], "HES4");
    assert_eq!(hes4["transcript"], "ENST00000304952");
    assert_eq!(hes4["consequence"], serde_json::json!(["intron_variant"]));
}
