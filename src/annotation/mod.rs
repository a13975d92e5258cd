//! Pre-computed annotations: Ensembl VEP `INFO/CSQ` and SnpEff `INFO/ANN` /
//! legacy `INFO/EFF`. One transcript consequence is picked per ALT allele.
//!
//! # Which annotation
//!
//! `CSQ` with a `Format:` list in its header description → VEP (without a
//! list: VEP's legacy default order `Allele|Gene|Feature|Feature_type|Consequence|…`).
//! `ANN` whose description has a VEP `Format:` list naming `Allele` and
//! `Consequence` (VEP `--vcf_info_field ANN`) → VEP; other `ANN` → SnpEff;
//! `EFF` → legacy SnpEff; `BCSQ` → `bcftools csq` ([`bcsq`]). CSQ wins over
//! ANN, ANN over BCSQ, BCSQ over EFF (one engine per file, chosen from the header).
//!
//! # Matching entries to ALT alleles (VEP)
//!
//! Each CSQ entry is matched to an ALT at one of three levels; only the best
//! level that has any entry for that ALT is used:
//! 0. `ALLELE_NUM` names the ALT (1-based; an in-range ALLELE_NUM alone decides,
//!    an out-of-range one falls back to the Allele string), or
//!    `Allele` equals VEP's own allele string for it: SNVs/MNVs as written;
//!    when any ALT differs in length from REF, a single ALT loses its first base
//!    if it shares it with REF (`A`→`ACGT` gives `CGT`, `AG`→`A` gives `-`), and
//!    several ALTs lose it only if REF and every ALT (ignoring `*`) share it;
//! 1. `Allele` equals the full ALT or the ALT without a first base it shares with REF;
//! 2. single-ALT records only: any entry (`--minimal`, symbolic ALTs).
//!
//! `*` ALTs get no annotation.
//!
//! Limitation: a record split from a multi-allelic one *after* VEP keeps the
//! CSQ of every original ALT and the original ALLELE_NUMs. Out-of-range
//! ALLELE_NUMs are ignored and the allele string is matched as above, which
//! is ambiguous when the original ALTs had different first bases (REF `G`,
//! ALTs `A`,`GA`: is Allele `A` the SNV or the trimmed insertion?). Split
//! before VEP (`bcftools norm -m-`), or run VEP with `--allele_number`.
//!
//! # Picking one entry per ALT (VEP)
//!
//! Among the matched entries the one with the smallest key wins; the key is
//! compared field by field, in this order:
//! 1. location class: 0 = a protein-coding transcript the variant lies in
//!    (`Feature_type` Transcript, `BIOTYPE=protein_coding` — or no BIOTYPE in
//!    the Format — and any consequence other than
//!    `upstream_gene_variant`/`downstream_gene_variant`); 1 = another
//!    transcript the variant lies in (NMD, lncRNA, retained_intron, …);
//!    2 = a transcript the variant is only up- or downstream of;
//!    3 = anything else (RegulatoryFeature, MotifFeature, intergenic_variant);
//! 2. `PICK=1` before others (VEP's own `--flag_pick` choice, kept within its class);
//! 3. MANE Select before others (`MANE_SELECT` non-empty, or `MANE` non-empty
//!    and not a Plus Clinical value);
//! 4. `CANONICAL=YES` before others;
//! 5. most severe consequence first: the lowest Ensembl rank among the entry's
//!    `&`-joined terms ([`consequence_rank`]);
//! 6. transcript id (`Feature`) in ascending byte order, empty last;
//! 7. position in the CSQ string.
//!
//! So the MANE Select / canonical transcript is reported even when another
//! transcript has a more severe consequence, but neither a MANE transcript of
//! a neighbouring gene the variant is only near, nor VEP's pick of a
//! non-coding transcript, hides a protein-coding transcript the variant lies in.
//!
//! # Picking (SnpEff)
//!
//! `ANN` entries match an ALT when `Allele` equals it (or, cancer mode,
//! `ALT-REF`); then the first-base-trimmed ALT; then, single-ALT records only,
//! any entry. `EFF` entries match by `Genotype_Number` (single-ALT records:
//! any). The key is: location class (as above; protein-coding = biotype
//! `protein_coding`/`Coding`, EFF also no biotype with `Gene_Coding=CODING`),
//! most severe consequence, then file order (SnpEff's own order). SnpEff-only
//! SO terms are mapped to Ensembl's (`disruptive_inframe_deletion` →
//! `inframe_deletion`, `intergenic_region` → `intergenic_variant`); legacy EFF
//! names are mapped to SO terms.
//!
//! # Fields
//!
//! - `gene`: VEP `SYMBOL`; when SYMBOL is empty, the gene id (`Gene`, e.g.
//!   `ENSG00000284874`, not a purely numeric Entrez id) of a transcript
//!   feature, so the locus stays named (it will match no knowledge-base
//!   gene); None for intergenic and regulatory entries. SnpEff: `Gene_Name`, else `Gene_ID`; None when intergenic.
//! - `transcript`: `Feature` of a Transcript (None for regulatory features).
//! - `consequences`: SO terms, most severe first, duplicates removed.
//! - `hgvsc`/`hgvsp`: as written, percent-decoded (`%3D` → `=`).
//! - `protein_change`: one-letter form of HGVSp ([`short_protein_change`]); when
//!   HGVSp is empty (or just `p.=`), built from `Protein_position` +
//!   `Amino_acids` (`600` + `V/E` → `p.V600E`).
//! - `protein_position`: first number of `Protein_position` (SnpEff `AA.pos`).
//! - `exon`: VEP `EXON` (`19/28`); SnpEff `Rank` unless the variant is intronic.
//! - `impact`: `IMPACT` / `Annotation_Impact`, else derived from the top term.
//! - `population_af`: see [`population`].
//!
//! Malformed input: entries without enough fields are skipped; a record whose
//! annotation has no usable entry at all is an error naming the INFO key.

pub mod bcsq;
mod error;
pub mod kb_fallback;
pub mod population;
pub(crate) mod snpeff;
pub(crate) mod vep;

pub(crate) use error::AnnotationError;

use crate::input::header::Header;
use crate::model::Annotation;
use crate::model::AnnotationKind;

#[derive(Debug, Clone)]
enum Engine {
    None,
    Vep(Box<vep::VepLayout>),
    Ann,
    Eff(snpeff::EffLayout),
    Bcsq(bcsq::BcsqLayout),
}

/// Built once per file from the header; annotates each record.
#[derive(Debug, Clone)]
pub struct Annotator {
    kind: AnnotationKind,
    engine: Engine,
}

impl Annotator {
    pub fn from_header(header: &Header) -> Annotator {
        let vep = |key: &str| {
            header
                .info_description(key)
                .and_then(|d| vep::VepLayout::from_description(key, d))
        };
        let engine = if header.info_def("CSQ").is_some() {
            match vep("CSQ") {
                Some(l) => Engine::Vep(Box::new(l)),
                None => {
                    let desc = header.info_description("CSQ").unwrap_or("");
                    if desc.contains("Format:") {
                        // A Format list without Allele/Consequence: not usable.
                        Engine::None
                    } else {
                        Engine::Vep(Box::new(vep::VepLayout::legacy("CSQ")))
                    }
                }
            }
        } else if header.info_def("ANN").is_some() {
            match vep("ANN") {
                Some(l) => Engine::Vep(Box::new(l)),
                None => Engine::Ann,
            }
        } else if let Some(d) = header.info_description("BCSQ") {
            Engine::Bcsq(bcsq::BcsqLayout::from_description(d))
        } else if let Some(d) = header.info_description("EFF") {
            Engine::Eff(snpeff::EffLayout::from_description(d))
        } else {
            Engine::None
        };
        let kind = match engine {
            Engine::None => AnnotationKind::None,
            Engine::Vep(_) => AnnotationKind::Vep,
            Engine::Ann | Engine::Eff(_) => AnnotationKind::Snpeff,
            Engine::Bcsq(_) => AnnotationKind::Bcftools,
        };
        Annotator { kind, engine }
    }

    pub fn kind(&self) -> AnnotationKind {
        self.kind
    }

    /// Annotate every ALT of one record from its INFO column, split once by the record reader (the
    /// annotation's value comes from that pass). The result has one entry per ALT in `alts` (None
    /// where no consequence applies); an error when the annotation string is malformed beyond use.
    /// The transcript-level detail of an ALT's annotation (transcript, impact, HGVS, protein
    /// change, exon) may be left out when `detail` says no for its gene (`None`: no gene); gene,
    /// consequences and population AF are always read. Only the VEP reader skips the detail.
    pub fn annotate_info_gated(
        &self,
        info: &crate::input::fields::Info<'_>,
        ref_allele: &str,
        alts: &[&str],
        detail: &dyn Fn(Option<&str>) -> bool,
    ) -> Result<Vec<Option<Annotation>>, AnnotationError> {
        let value = self.key().and_then(|k| info.get(k));
        self.annotate_value(value, info.raw(), ref_allele, alts, detail)
    }

    /// The INFO key the annotation is read from.
    fn key(&self) -> Option<&str> {
        match &self.engine {
            Engine::None => None,
            Engine::Vep(layout) => Some(&layout.key),
            Engine::Ann => Some("ANN"),
            Engine::Bcsq(_) => Some("BCSQ"),
            Engine::Eff(_) => Some("EFF"),
        }
    }

    /// Annotate from the annotation's INFO value, the first `KEY=value` item (`None`: the record
    /// has none); `info` the whole column.
    fn annotate_value(
        &self,
        value: Option<&str>,
        info: &str,
        ref_allele: &str,
        alts: &[&str],
        detail: &dyn Fn(Option<&str>) -> bool,
    ) -> Result<Vec<Option<Annotation>>, AnnotationError> {
        let Some(v) = value else {
            return Ok(vec![None; alts.len()]);
        };
        match &self.engine {
            Engine::None => Ok(vec![None; alts.len()]),
            Engine::Vep(layout) => layout.annotate_gated(v, ref_allele, alts, detail),
            Engine::Ann => snpeff::annotate_ann(v, info, ref_allele, alts),
            Engine::Bcsq(layout) => bcsq::annotate(v, *layout, ref_allele, alts),
            Engine::Eff(layout) => snpeff::annotate_eff(v, *layout, info, alts),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protein::{self, short_protein_change};
    use crate::so::is_truncating;
    use std::path::Path;

    /// The raw-column route, the reference the one-pass route is tested against: the
    /// annotation's value is the first `KEY=value` item of the whole INFO column.
    trait RawRoute {
        fn annotate_record(
            &self,
            info: &str,
            r: &str,
            alts: &[&str],
        ) -> Result<Vec<Option<Annotation>>, AnnotationError>;
    }

    impl RawRoute for Annotator {
        fn annotate_record(
            &self,
            info: &str,
            r: &str,
            alts: &[&str],
        ) -> Result<Vec<Option<Annotation>>, AnnotationError> {
            let value = self.key().and_then(|k| info_value(info, k));
            self.annotate_value(value, info, r, alts, &|_| true)
        }
    }

    /// The value of `key` in a raw INFO column (`None` when absent or a flag).
    fn info_value<'a>(info: &'a str, key: &str) -> Option<&'a str> {
        crate::text::split_byte(info, b';').find_map(|item| {
            let rest = item.strip_prefix(key)?;
            rest.strip_prefix('=')
        })
    }

    const FORMAT: &str = "Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp|cDNA_position|CDS_position|Protein_position|Amino_acids|Codons|Existing_variation|ALLELE_NUM|DISTANCE|STRAND|FLAGS|CANONICAL|MANE_SELECT|gnomADe_AF|gnomADe_NFE_AF|MAX_AF|MAX_AF_POPS";

    fn header_with(info_lines: &str) -> Header {
        let t = format!("##fileformat=VCFv4.2\n{info_lines}#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n");
        Header::parse(&t, Path::new("x.vcf")).unwrap()
    }

    fn vep_annotator(format: &str) -> Annotator {
        let h = header_with(&format!(
            "##INFO=<ID=CSQ,Number=.,Type=String,Description=\"Consequence annotations from Ensembl VEP. Format: {format}\">\n"
        ));
        let a = Annotator::from_header(&h);
        assert_eq!(a.kind(), AnnotationKind::Vep);
        a
    }

    /// One CSQ entry in FORMAT order from the fields that matter.
    #[allow(clippy::too_many_arguments)]
    fn entry(
        allele: &str,
        csq: &str,
        symbol: &str,
        tx: &str,
        biotype: &str,
        hgvsp: &str,
        pos: &str,
        aa: &str,
        num: &str,
        canonical: &str,
        mane: &str,
        af: &str,
    ) -> String {
        let ft = if tx.starts_with("ENSR") {
            "RegulatoryFeature"
        } else {
            "Transcript"
        };
        format!(
            "{allele}|{csq}|MODERATE|{symbol}|ENSG1|{ft}|{tx}|{biotype}|2/5||{tx}:c.1A>G|{hgvsp}|||{pos}|{aa}||rs1|{num}||1||{canonical}|{mane}|{af}|0.5|0.01|EUR"
        )
    }

    #[test]
    fn mane_beats_more_severe_non_mane() {
        let a = vep_annotator(FORMAT);
        let csq = [
            entry(
                "T",
                "stop_gained",
                "G1",
                "ENST2",
                "protein_coding",
                "ENSP2:p.Arg10Ter",
                "10",
                "R/*",
                "",
                "",
                "",
                "",
            ),
            entry(
                "T",
                "missense_variant",
                "G1",
                "ENST9",
                "protein_coding",
                "ENSP9:p.Arg20His",
                "20",
                "R/H",
                "",
                "YES",
                "NM_1.2",
                "0.001",
            ),
            entry(
                "T",
                "synonymous_variant",
                "G1",
                "ENST1",
                "protein_coding",
                "",
                "30",
                "L",
                "",
                "YES",
                "",
                "",
            ),
        ]
        .join(",");
        let r = a.annotate_record(&format!("DP=5;CSQ={csq};X=1"), "C", &["T"]).unwrap();
        let ann = r[0].as_ref().unwrap();
        assert_eq!(ann.transcript.as_deref(), Some("ENST9"));
        assert_eq!(ann.protein_change.as_deref(), Some("p.R20H"));
        assert!(ann.mane_select && ann.canonical);
        // gnomADe_NFE_AF = 0.5 beats gnomADe_AF 0.001 and MAX_AF 0.01
        assert_eq!(ann.population_af, Some(0.5));
        assert_eq!(ann.population_af_field.as_deref(), Some("gnomADe_NFE_AF"));
    }

    #[test]
    fn canonical_then_severity_then_biotype_then_id() {
        let a = vep_annotator(FORMAT);
        // canonical beats more severe
        let csq = [
            entry(
                "T",
                "stop_gained",
                "G1",
                "ENST2",
                "protein_coding",
                "",
                "10",
                "R/*",
                "",
                "",
                "",
                "",
            ),
            entry(
                "T",
                "intron_variant",
                "G1",
                "ENST3",
                "protein_coding",
                "",
                "",
                "",
                "",
                "YES",
                "",
                "",
            ),
        ]
        .join(",");
        let r = a.annotate_record(&format!("CSQ={csq}"), "C", &["T"]).unwrap();
        assert_eq!(r[0].as_ref().unwrap().transcript.as_deref(), Some("ENST3"));
        // no MANE/canonical: protein_coding first, then severity, then transcript id
        let csq = [
            entry(
                "T",
                "stop_gained",
                "G1",
                "ENST5",
                "nonsense_mediated_decay",
                "",
                "10",
                "R/*",
                "",
                "",
                "",
                "",
            ),
            entry(
                "T",
                "missense_variant",
                "G1",
                "ENST7",
                "protein_coding",
                "",
                "20",
                "R/H",
                "",
                "",
                "",
                "",
            ),
            entry(
                "T",
                "splice_region_variant&missense_variant",
                "G1",
                "ENST6",
                "protein_coding",
                "",
                "21",
                "R/C",
                "",
                "",
                "",
                "",
            ),
            entry(
                "T",
                "synonymous_variant",
                "G1",
                "ENST4",
                "protein_coding",
                "",
                "22",
                "L",
                "",
                "",
                "",
                "",
            ),
        ]
        .join(",");
        let r = a.annotate_record(&format!("CSQ={csq}"), "C", &["T"]).unwrap();
        let ann = r[0].as_ref().unwrap();
        assert_eq!(ann.transcript.as_deref(), Some("ENST6"));
        assert_eq!(ann.consequences, vec!["missense_variant", "splice_region_variant"]);
        assert_eq!(ann.protein_change.as_deref(), Some("p.R21C"));
        // a MANE transcript the variant is only downstream of does not beat an overlapping one
        let csq = [
            entry(
                "T",
                "downstream_gene_variant",
                "G2",
                "ENST1",
                "protein_coding",
                "",
                "",
                "",
                "",
                "YES",
                "NM_9",
                "",
            ),
            entry(
                "T",
                "intron_variant",
                "G1",
                "ENST8",
                "lncRNA",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ),
            entry(
                "T",
                "regulatory_region_variant",
                "",
                "ENSR1",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ),
        ]
        .join(",");
        let r = a.annotate_record(&format!("CSQ={csq}"), "C", &["T"]).unwrap();
        assert_eq!(r[0].as_ref().unwrap().transcript.as_deref(), Some("ENST8"));
    }

    #[test]
    fn pick_is_kept_within_its_location_class() {
        let pick_format = format!("{FORMAT}|PICK");
        let a = vep_annotator(&pick_format);
        let e = |allele: &str, csq: &str, tx: &str, biotype: &str, canonical: &str, pick: &str| {
            format!(
                "{}|{pick}",
                entry(allele, csq, "G1", tx, biotype, "", "", "", "", canonical, "", "")
            )
        };
        // PICK=1 beats the canonical, more severe protein-coding entry.
        let csq = [
            e("T", "stop_gained", "ENST1", "protein_coding", "YES", ""),
            e("T", "missense_variant", "ENST2", "protein_coding", "", "1"),
        ]
        .join(",");
        let r = a.annotate_record(&format!("CSQ={csq}"), "C", &["T"]).unwrap();
        assert_eq!(r[0].as_ref().unwrap().transcript.as_deref(), Some("ENST2"));
        // PICK=1 on a non-coding transcript does not beat a protein-coding transcript the variant lies in.
        let csq = [
            e(
                "T",
                "intron_variant&NMD_transcript_variant",
                "ENST3",
                "nonsense_mediated_decay",
                "YES",
                "1",
            ),
            e("T", "missense_variant", "ENST4", "protein_coding", "", ""),
        ]
        .join(",");
        let r = a.annotate_record(&format!("CSQ={csq}"), "C", &["T"]).unwrap();
        assert_eq!(r[0].as_ref().unwrap().transcript.as_deref(), Some("ENST4"));
    }

    #[test]
    fn allele_matching_by_convention_and_allele_num() {
        let a = vep_annotator(FORMAT);
        // insertion A -> ACGT (Allele CGT) and deletion AG -> A (Allele -)
        let e = entry(
            "CGT",
            "frameshift_variant",
            "G1",
            "ENST1",
            "protein_coding",
            "ENSP1:p.Lys132AsnfsTer5",
            "132",
            "K/NX",
            "",
            "YES",
            "",
            "",
        );
        let r = a.annotate_record(&format!("CSQ={e}"), "A", &["ACGT"]).unwrap();
        assert_eq!(r[0].as_ref().unwrap().protein_change.as_deref(), Some("p.K132Nfs*5"));
        let e = entry(
            "-",
            "inframe_deletion",
            "EGFR",
            "ENST1",
            "protein_coding",
            "",
            "746-750",
            "ELREA/-",
            "",
            "YES",
            "",
            "",
        );
        let r = a
            .annotate_record(&format!("CSQ={e}"), "AGGAATTAAGAGAAGC", &["A"])
            .unwrap();
        let ann = r[0].as_ref().unwrap();
        assert_eq!(ann.protein_change.as_deref(), Some("p.E746_A750del"));
        assert_eq!(ann.protein_position, Some(746));
        assert_eq!(ann.hgvsp, None);
        // multi-allelic, differing lengths, all share the first base: GA -> G,GAA gives -, AA
        let csq = [
            entry(
                "-",
                "frameshift_variant",
                "G1",
                "ENST1",
                "protein_coding",
                "",
                "5",
                "K/X",
                "",
                "",
                "",
                "",
            ),
            entry(
                "AA",
                "frameshift_variant",
                "G1",
                "ENST1",
                "protein_coding",
                "",
                "6",
                "E/X",
                "",
                "",
                "",
                "",
            ),
        ]
        .join(",");
        let r = a.annotate_record(&format!("CSQ={csq}"), "GA", &["G", "GAA"]).unwrap();
        assert_eq!(r[0].as_ref().unwrap().protein_change.as_deref(), Some("p.K5fs"));
        assert_eq!(r[1].as_ref().unwrap().protein_change.as_deref(), Some("p.E6fs"));
        // multi-allelic with a different first base: nothing trimmed (G -> A, GA)
        let csq = [
            entry(
                "A",
                "missense_variant",
                "G1",
                "ENST1",
                "protein_coding",
                "",
                "28",
                "S/F",
                "",
                "",
                "",
                "",
            ),
            entry(
                "GA",
                "frameshift_variant",
                "G1",
                "ENST1",
                "protein_coding",
                "",
                "28",
                "S/FX",
                "",
                "",
                "",
                "",
            ),
        ]
        .join(",");
        let r = a.annotate_record(&format!("CSQ={csq}"), "G", &["A", "GA"]).unwrap();
        assert_eq!(r[0].as_ref().unwrap().consequences, vec!["missense_variant"]);
        assert_eq!(r[1].as_ref().unwrap().consequences, vec!["frameshift_variant"]);
        // ALLELE_NUM wins over the allele string
        let csq = [
            entry(
                "T",
                "missense_variant",
                "G1",
                "ENST1",
                "protein_coding",
                "",
                "5",
                "A/V",
                "2",
                "",
                "",
                "",
            ),
            entry(
                "T",
                "synonymous_variant",
                "G1",
                "ENST1",
                "protein_coding",
                "",
                "5",
                "A",
                "1",
                "",
                "",
                "",
            ),
        ]
        .join(",");
        let r = a.annotate_record(&format!("CSQ={csq}"), "C", &["G", "T"]).unwrap();
        assert_eq!(r[0].as_ref().unwrap().protein_change.as_deref(), Some("p.A5="));
        assert_eq!(r[1].as_ref().unwrap().protein_change.as_deref(), Some("p.A5V"));
        // an ALT with no entry gets None; `*` gets None
        let e = entry(
            "T",
            "missense_variant",
            "G1",
            "ENST1",
            "protein_coding",
            "",
            "5",
            "A/V",
            "",
            "",
            "",
            "",
        );
        let r = a.annotate_record(&format!("CSQ={e}"), "C", &["T", "G", "*"]).unwrap();
        assert!(r[0].is_some() && r[1].is_none() && r[2].is_none());
    }

    #[test]
    fn percent_decoding_and_missing_csq() {
        let a = vep_annotator(FORMAT);
        let e = entry(
            "T",
            "synonymous_variant",
            "G1",
            "ENST1",
            "protein_coding",
            "ENSP1.2:p.Ala376%3D",
            "376",
            "A",
            "",
            "YES",
            "",
            "",
        );
        let r = a.annotate_record(&format!("CSQ={e}"), "C", &["T"]).unwrap();
        let ann = r[0].as_ref().unwrap();
        assert_eq!(ann.hgvsp.as_deref(), Some("ENSP1.2:p.Ala376="));
        assert_eq!(ann.protein_change.as_deref(), Some("p.A376="));
        assert_eq!(ann.exon.as_deref(), Some("2/5"));
        assert_eq!(a.annotate_record("DP=3", "C", &["T"]).unwrap(), vec![None]);
        assert_eq!(a.annotate_record(".", "C", &["T", "G"]).unwrap(), vec![None, None]);
        // CSQ present but no entry has the fields
        let err = a.annotate_record("CSQ=T", "C", &["T"]).unwrap_err();
        assert!(err.to_string().starts_with("CSQ:"), "{err}");
        assert!(matches!(err, AnnotationError::Vep { expected, .. } if expected > 1));
    }

    #[test]
    fn detects_snpeff_and_vep_in_ann() {
        let h = header_with("##INFO=<ID=ANN,Number=.,Type=String,Description=\"Functional annotations: 'Allele | Annotation | Annotation_Impact | Gene_Name | Gene_ID | Feature_Type | Feature_ID | Transcript_BioType | Rank | HGVS.c | HGVS.p | cDNA.pos / cDNA.length | CDS.pos / CDS.length | AA.pos / AA.length | Distance | ERRORS / WARNINGS / INFO' \">\n");
        let a = Annotator::from_header(&h);
        assert_eq!(a.kind(), AnnotationKind::Snpeff);
        let r = a
            .annotate_record(
                "ANN=A|missense_variant|MODERATE|BRAF|ENSG00000157764|transcript|ENST00000288602.6|protein_coding|15/18|c.1799T>A|p.Val600Glu|1860/2480|1799/2301|600/766||",
                "T",
                &["A"],
            )
            .unwrap();
        assert_eq!(r[0].as_ref().unwrap().protein_change.as_deref(), Some("p.V600E"));
        let h = header_with(&format!(
            "##INFO=<ID=ANN,Number=.,Type=String,Description=\"Consequence annotations from Ensembl VEP. Format: {FORMAT}\">\n"
        ));
        assert_eq!(Annotator::from_header(&h).kind(), AnnotationKind::Vep);
        let h = header_with("##INFO=<ID=EFF,Number=.,Type=String,Description=\"Predicted effects for this variant.Format: 'Effect ( Effect_Impact | Functional_Class | Codon_Change | Amino_Acid_Change| Amino_Acid_length | Gene_Name | Transcript_BioType | Gene_Coding | Transcript_ID | Exon_Rank  | Genotype [ | ERRORS | WARNINGS ] )' \">\n");
        let a = Annotator::from_header(&h);
        assert_eq!(a.kind(), AnnotationKind::Snpeff);
        let r = a
            .annotate_record("EFF=STOP_GAINED(HIGH|NONSENSE|Cga/Tga|p.Arg213Ter/c.637C>T|393|TP53|protein_coding|CODING|ENST00000269305|6|1)", "G", &["A"])
            .unwrap();
        let ann = r[0].as_ref().unwrap();
        assert_eq!(ann.protein_change.as_deref(), Some("p.R213*"));
        assert!(is_truncating(&ann.consequences));
        assert_eq!(Annotator::from_header(&header_with("")).kind(), AnnotationKind::None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        /// Arbitrary INFO strings never panic, whatever the engine.
        #[test]
        fn arbitrary_info_never_panics(
            info in "(CSQ|ANN|EFF|DP)=[-A-Za-z0-9|,&%*()/:.;=_ ]{0,120}",
            r in "[ACGTN]{1,4}",
            alts in proptest::collection::vec("[ACGTN*<>]{1,4}", 1..4),
        ) {
            let alts: Vec<&str> = alts.iter().map(String::as_str).collect();
            for a in [vep_annotator(FORMAT), vep_annotator("Allele|Consequence")] {
                let _ = a.annotate_record(&info, &r, &alts);
            }
            let h = header_with("##INFO=<ID=ANN,Number=.,Type=String,Description=\"Functional annotations\">\n##INFO=<ID=EFF,Number=.,Type=String,Description=\"x\">\n");
            let _ = Annotator::from_header(&h).annotate_record(&info, &r, &alts);
            let h = header_with("##INFO=<ID=EFF,Number=.,Type=String,Description=\"x\">\n");
            let _ = Annotator::from_header(&h).annotate_record(&info, &r, &alts);
        }

        /// The record path's one-pass INFO split gives the annotation the raw-INFO route gives, for
        /// every engine: flags, empty values, repeated and look-alike keys included.
        #[test]
        fn one_pass_info_annotates_as_the_raw_column_does(
            items in proptest::collection::vec(
                "(CSQ|ANN|EFF|BCSQ|CSQX|XCSQ|DP|SOMATIC)(=[-A-Za-z0-9|,&()/:._]{0,40})?", 0..6),
            r in "[ACGT]{1,3}",
            alts in proptest::collection::vec("[ACGT*]{1,3}", 1..3),
        ) {
            let info = if items.is_empty() { ".".to_string() } else { items.join(";") };
            let alts: Vec<&str> = alts.iter().map(String::as_str).collect();
            let headers = [
                format!("##INFO=<ID=CSQ,Number=.,Type=String,Description=\"Consequence annotations from Ensembl VEP. Format: {FORMAT}\">\n"),
                "##INFO=<ID=ANN,Number=.,Type=String,Description=\"Functional annotations\">\n".to_string(),
                "##INFO=<ID=BCSQ,Number=.,Type=String,Description=\"Local consequence annotation from BCFtools/csq. Format: Consequence|gene|transcript|biotype|strand|amino_acid_change|dna_change\">\n".to_string(),
                "##INFO=<ID=EFF,Number=.,Type=String,Description=\"x\">\n".to_string(),
            ];
            for h in &headers {
                let a = Annotator::from_header(&header_with(h));
                let split = crate::input::fields::Info::new(&info);
                let one_pass = a.annotate_info_gated(&split, &r, &alts, &|_| true);
                let raw = a.annotate_record(&info, &r, &alts);
                proptest::prop_assert_eq!(format!("{one_pass:?}"), format!("{raw:?}"), "{}", h);
            }
        }

        /// Structured CSQ entries with arbitrary field values never panic.
        #[test]
        fn arbitrary_csq_fields_never_panic(
            entries in proptest::collection::vec(proptest::collection::vec("[-ACGTKEV0-9/&?*%]{0,7}", 0..30), 1..5),
            r in "[ACGT]{1,3}",
            alts in proptest::collection::vec("[ACGT*]{1,3}", 1..3),
        ) {
            let alts: Vec<&str> = alts.iter().map(String::as_str).collect();
            let csq: Vec<String> = entries.iter().map(|e| e.join("|")).collect();
            let info = format!("CSQ={}", csq.join(","));
            let _ = vep_annotator(FORMAT).annotate_record(&info, &r, &alts);
            let ann = format!("ANN={}", csq.join(","));
            let h = header_with("##INFO=<ID=ANN,Number=.,Type=String,Description=\"Functional annotations\">\n");
            let _ = Annotator::from_header(&h).annotate_record(&ann, &r, &alts);
        }

        #[test]
        fn arbitrary_protein_strings_never_panic(p in "\\PC{0,30}", aa in "[A-Z*/-]{0,12}", pos in "[0-9?-]{0,12}") {
            let _ = short_protein_change(&p);
            let _ = protein::from_position_and_aa(&pos, &aa, &["frameshift_variant".to_string()]);
            let _ = protein::from_position_and_aa(&pos, &aa, &[]);
            let _ = protein::percent_decode(&p);
        }
    }

    fn shared(rel: &str) -> Option<std::path::PathBuf> {
        let p = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/vcf")).join(rel);
        if p.exists() {
            Some(p)
        } else {
            eprintln!("skipping: {} is absent", p.display());
            None
        }
    }

    /// Header + data lines of a plain VCF: (annotator, [(info, ref, alts)]).
    fn load(path: &Path) -> (Annotator, Vec<(String, String, Vec<String>)>) {
        let text = std::fs::read_to_string(path).unwrap();
        let mut head = String::new();
        let mut recs = Vec::new();
        for line in text.lines() {
            if line.starts_with('#') {
                head.push_str(line);
                head.push('\n');
            } else if !line.is_empty() {
                let c: Vec<&str> = line.split('\t').collect();
                recs.push((
                    c[7].to_string(),
                    c[3].to_string(),
                    c[4].split(',').map(String::from).collect(),
                ));
            }
        }
        (Annotator::from_header(&Header::parse(&head, path).unwrap()), recs)
    }

    #[test]
    fn pvactools_multiple_transcripts_per_alt() {
        let Some(p) = shared("pvactools/input_multiple_transcripts_per_alt.vcf") else {
            return;
        };
        let (a, recs) = load(&p);
        assert_eq!(recs.len(), 1);
        let (info, r, alts) = &recs[0];
        let alts: Vec<&str> = alts.iter().map(String::as_str).collect();
        let out = a.annotate_record(info, r, &alts).unwrap();
        let ann = out[0].as_ref().unwrap();
        // Five entries for C; only ENST00000359086 (SFTA2 missense, N/S at 37) has PICK=1.
        assert_eq!(ann.gene.as_deref(), Some("SFTA2"));
        assert_eq!(ann.transcript.as_deref(), Some("ENST00000359086"));
        assert_eq!(ann.consequences, vec!["missense_variant"]);
        assert_eq!(ann.protein_change.as_deref(), Some("p.N37S"));
        assert_eq!(ann.hgvsp, None);
        assert_eq!(ann.protein_position, Some(37));
        assert_eq!(ann.exon.as_deref(), Some("2/3"));
        assert_eq!(ann.impact.as_deref(), Some("MODERATE"));
        // ExAC_NFE_AF 0.1871 is the largest of the nine ExAC fields.
        assert_eq!(ann.population_af, Some(0.1871));
        assert_eq!(ann.population_af_field.as_deref(), Some("ExAC_NFE_AF"));
    }

    #[test]
    fn pvactools_edge_cases() {
        if let Some(p) = shared("pvactools/input_conflicting_alts.vcf") {
            let (a, recs) = load(&p);
            let (info, r, alts) = &recs[0];
            let alts: Vec<&str> = alts.iter().map(String::as_str).collect();
            assert_eq!(alts, vec!["A", "GA"]);
            let out = a.annotate_record(info, r, &alts).unwrap();
            // REF G, ALTs A and GA: no shared first base, so Alleles are A and GA.
            // No canonical flags: protein_coding, then the most severe: ENST00000367036.3 for both.
            let s = out[0].as_ref().unwrap();
            assert_eq!(s.transcript.as_deref(), Some("ENST00000367036.3"));
            assert_eq!(s.protein_change.as_deref(), Some("p.S28F"));
            let i = out[1].as_ref().unwrap();
            assert_eq!(i.consequences, vec!["frameshift_variant"]);
            assert_eq!(i.protein_change.as_deref(), Some("p.S28fs"));
        }
        if let Some(p) = shared("pvactools/input_dash_csq_allele.vcf") {
            let (a, recs) = load(&p);
            let want = [
                ("SPOPL", "p.M351_M359del"),
                ("C3orf38", "p.K108fs"),
                ("C16orf62", "p.G236fs"),
                ("HIPK4", "p.P184fs"),
            ];
            for ((info, r, alts), (gene, pc)) in recs.iter().zip(want) {
                let alts: Vec<&str> = alts.iter().map(String::as_str).collect();
                let out = a.annotate_record(info, r, &alts).unwrap();
                let ann = out[0].as_ref().unwrap();
                assert_eq!(ann.gene.as_deref(), Some(gene));
                assert_eq!(ann.protein_change.as_deref(), Some(pc));
            }
        }
        if let Some(p) = shared("pvactools/input_no_gene_name.vcf") {
            let (a, recs) = load(&p);
            let (info, r, alts) = &recs[0];
            let alts: Vec<&str> = alts.iter().map(String::as_str).collect();
            let ann = a.annotate_record(info, r, &alts).unwrap()[0].clone().unwrap();
            assert_eq!(ann.gene.as_deref(), Some("ENSG00000284874"));
            assert_eq!(ann.protein_change.as_deref(), Some("p.Q8K"));
            assert_eq!(ann.hgvsp.as_deref(), Some("ENSP00000391731.1:p.Gln8Lys"));
            assert!(ann.canonical && !ann.mane_select);
        }
    }

    #[test]
    fn pvactools_pick_on_lncrna_does_not_hide_cdkn2a() {
        let Some(p) = shared("pvactools/input_protein_altering_variants.vcf") else {
            return;
        };
        let (a, recs) = load(&p);
        // chr9:21971105 G>GAGAGTAGAT: VEP's PICK=1 is on AL359922.1 (NMD transcript, intron);
        // CDKN2A's canonical protein-coding transcript ENST00000498124.1 is protein_altering.
        let (info, r, alts) = recs.iter().find(|(i, _, _)| i.contains("ENST00000498124.1")).unwrap();
        let alts: Vec<&str> = alts.iter().map(String::as_str).collect();
        let ann = a.annotate_record(info, r, &alts).unwrap()[0].clone().unwrap();
        assert_eq!(ann.gene.as_deref(), Some("CDKN2A"));
        assert_eq!(ann.transcript.as_deref(), Some("ENST00000498124.1"));
        assert_eq!(ann.protein_change.as_deref(), Some("p.A85delinsDLLS"));
        assert_eq!(ann.exon.as_deref(), Some("2/4"));
        assert!(ann.canonical);
    }

    #[test]
    fn every_shared_vep_file_annotates_without_error() {
        let files = [
            "pvactools/full_input.vcf",
            "pvactools/input_protein_altering_variants.vcf",
            "pvactools/input_multiple_transcripts.vcf",
            "pvactools/input_frameshift_variant_feature_truncation.vcf",
            "pvactools/input_inframe_deletion_aa_deletion.vcf",
            "bcftools-split-vep/split-vep.2.vcf",
            "bcftools-split-vep/split-vep.5.vcf",
            "bcftools-split-vep/split-vep.6.vcf",
            "bcftools-split-vep/split-vep.7.vcf",
            "bcftools-split-vep/split-vep.10.vcf",
        ];
        for f in files {
            let Some(p) = shared(f) else { return };
            let (a, recs) = load(&p);
            assert_eq!(a.kind(), AnnotationKind::Vep, "{f}");
            let mut annotated = 0;
            for (info, r, alts) in &recs {
                let alts: Vec<&str> = alts.iter().map(String::as_str).collect();
                let out = a.annotate_record(info, r, &alts).unwrap_or_else(|e| panic!("{f}: {e}"));
                assert_eq!(out.len(), alts.len());
                for ann in out.iter().flatten() {
                    annotated += 1;
                    assert!(!ann.consequences.is_empty(), "{f}");
                    if ann.has_consequence("missense_variant") {
                        let pc = ann.protein_change.as_deref().unwrap_or_else(|| panic!("{f}: {ann:?}"));
                        assert!(
                            pc.starts_with("p.") && !pc.contains("Val") && !pc.contains("Ter"),
                            "{f}: {pc}"
                        );
                    }
                }
            }
            assert!(annotated > 0, "{f}");
        }
    }

    #[test]
    fn split_vep_6_mane_and_overlap() {
        let Some(p) = shared("bcftools-split-vep/split-vep.6.vcf") else {
            return;
        };
        let (a, recs) = load(&p);
        let get = |i: usize| {
            let (info, r, alts) = &recs[i];
            let alts: Vec<&str> = alts.iter().map(String::as_str).collect();
            a.annotate_record(info, r, &alts).unwrap()[0].clone().unwrap()
        };
        // 1:979496: PLEKHN1's MANE transcript is only downstream; PERM1's canonical
        // ENST00000433179 (missense) is picked over the non-canonical ENST00000341290.
        let x = get(0);
        assert_eq!(x.transcript.as_deref(), Some("ENST00000433179"));
        assert_eq!(x.protein_change.as_deref(), Some("p.S512G"));
        // 1:979560: synonymous, HGVSp p.Ala490%3D
        assert_eq!(get(1).protein_change.as_deref(), Some("p.A490="));
        // 1:999842: HES4 MANE transcript (intron) beats the canonical missense transcript.
        let x = get(2);
        assert_eq!(x.transcript.as_deref(), Some("ENST00000304952"));
        assert!(x.mane_select && !x.canonical);
        assert_eq!(x.protein_change, None);
        // 1:12716215: MANE + canonical stop_gained
        let x = get(3);
        assert_eq!(x.protein_change.as_deref(), Some("p.C13*"));
        assert!(x.mane_select && x.canonical);
        assert!(is_truncating(&x.consequences));
    }
}
