//! The CIViC vocabularies: disease names → tumour-type codes, variant names → biomarkers,
//! drug names → therapy kinds.

use crate::kb::rules::{looks_like_codon, looks_like_protein_change, BiomarkerType};

/// CIViC disease names → tumour-type codes. Anything else is kept as
/// `disease:<name>` and can only ever be off-label evidence.
const CIVIC_DISEASES: &[(&str, &str)] = &[
    ("non-small cell lung carcinoma", "NSCLC"),
    ("lung non-small cell carcinoma", "NSCLC"),
    ("lung adenocarcinoma", "LUAD"),
    ("lung squamous cell carcinoma", "LUSC"),
    ("lung small cell carcinoma", "SCLC"),
    ("small cell lung carcinoma", "SCLC"),
    ("colorectal cancer", "COADREAD"),
    ("colorectal adenocarcinoma", "COADREAD"),
    ("colorectal carcinoma", "COADREAD"),
    ("colon cancer", "COAD"),
    ("colon adenocarcinoma", "COAD"),
    ("rectum cancer", "READ"),
    ("rectal adenocarcinoma", "READ"),
    ("melanoma", "MEL"),
    ("skin melanoma", "SKCM"),
    ("cutaneous melanoma", "SKCM"),
    ("uveal melanoma", "UM"),
    ("breast cancer", "BRCA"),
    ("her2-receptor positive breast cancer", "BRCA"),
    ("estrogen-receptor positive breast cancer", "BRCA"),
    ("triple-receptor negative breast cancer", "BRCA"),
    ("breast carcinoma", "BRCA"),
    ("ovarian cancer", "OV"),
    ("ovarian carcinoma", "OV"),
    ("epithelial ovarian cancer", "OV"),
    ("ovarian serous carcinoma", "HGSOC"),
    ("high grade ovarian serous adenocarcinoma", "HGSOC"),
    ("gastrointestinal stromal tumor", "GIST"),
    ("prostate cancer", "PRAD"),
    ("prostate adenocarcinoma", "PRAD"),
    ("castration-resistant prostate carcinoma", "PRAD"),
    ("pancreatic cancer", "PAAD"),
    ("pancreatic adenocarcinoma", "PAAD"),
    ("pancreatic ductal adenocarcinoma", "PAAD"),
    ("pancreatic carcinoma", "PAAD"),
    ("cholangiocarcinoma", "CHOL"),
    ("intrahepatic cholangiocarcinoma", "CHOL"),
    ("bladder carcinoma", "BLCA"),
    ("urothelial carcinoma", "BLCA"),
    ("transitional cell carcinoma", "BLCA"),
    ("bladder urothelial carcinoma", "BLCA"),
    ("thyroid carcinoma", "THCA"),
    ("thyroid gland cancer", "THCA"),
    ("thyroid gland carcinoma", "THCA"),
    ("thyroid gland papillary carcinoma", "THPA"),
    ("papillary thyroid carcinoma", "THPA"),
    ("thyroid gland anaplastic carcinoma", "THAP"),
    ("anaplastic thyroid carcinoma", "THAP"),
    ("thyroid medullary carcinoma", "THME"),
    ("thyroid gland medullary carcinoma", "THME"),
    ("medullary thyroid carcinoma", "THME"),
    ("stomach carcinoma", "STAD"),
    ("stomach cancer", "STAD"),
    ("gastric adenocarcinoma", "STAD"),
    ("stomach adenocarcinoma", "STAD"),
    ("esophagus adenocarcinoma", "EGC"),
    ("esophageal squamous cell carcinoma", "ESCC"),
    ("head and neck squamous cell carcinoma", "HNSC"),
    ("endometrial cancer", "UCEC"),
    ("endometrial carcinoma", "UCEC"),
    ("uterine corpus endometrial carcinoma", "UCEC"),
    ("glioblastoma", "GBM"),
    ("glioblastoma multiforme", "GBM"),
    ("malignant glioma", "GLIOMA"),
    ("brain glioma", "GLIOMA"),
    ("high grade glioma", "GLIOMA"),
    ("low grade glioma", "GLIOMA"),
    ("astrocytoma", "ASTR"),
    ("oligodendroglioma", "ODG"),
    ("renal cell carcinoma", "RCC"),
    ("clear cell renal cell carcinoma", "CCRCC"),
    ("hepatocellular carcinoma", "HCC"),
    ("malignant mesothelioma", "MESO"),
    ("pleural mesothelioma", "MESO"),
    ("peritoneal mesothelioma", "MESO"),
    ("sarcoma", "SARCOMA"),
    ("soft tissue sarcoma", "SARCOMA"),
    ("adrenal cortex carcinoma", "ACC"),
    ("adrenocortical carcinoma", "ACC"),
    ("cervical cancer", "CESC"),
    ("merkel cell carcinoma", "MCC"),
    ("neuroendocrine tumor", "NET"),
    ("pancreatic neuroendocrine tumor", "PANET"),
    ("neuroendocrine carcinoma", "NEC"),
    ("pheochromocytoma", "PHC"),
    ("paraganglioma", "PGNG"),
];

pub(super) fn civic_disease_code(disease: &str) -> Option<&'static str> {
    let d = disease.trim().to_ascii_lowercase();
    CIVIC_DISEASES.iter().find(|(n, _)| *n == d).map(|(_, c)| *c)
}

/// How a CIViC variant name maps onto a rule's biomarker.
pub(super) fn civic_variant(gene: &str, variant: &str) -> Option<(BiomarkerType, Vec<String>)> {
    let v = variant.trim();
    let up = v.to_ascii_uppercase();
    let one = |b: BiomarkerType, s: &str| Some((b, vec![s.to_string()]));
    match up.as_str() {
        "MUTATION"
        | "LOSS-OF-FUNCTION"
        | "LOSS OF FUNCTION"
        | "DELETERIOUS MUTATION"
        | "ACTIVATING MUTATION"
        | "ONCOGENIC MUTATION" => return one(BiomarkerType::Class, "oncogenic"),
        "TRUNCATING MUTATION" | "FRAMESHIFT TRUNCATION" | "NONSENSE MUTATION" => {
            return one(BiomarkerType::Class, "truncating")
        }
        "EXON 19 DELETION" => return one(BiomarkerType::Class, "exon19_deletion"),
        "EXON 20 INSERTION" => return one(BiomarkerType::Class, "exon20_insertion"),
        "EXON 14 SKIPPING MUTATION" | "EXON 14 SKIPPING" => return one(BiomarkerType::Class, "exon14_skipping"),
        "EXON 11 MUTATION" if gene == "KIT" => return one(BiomarkerType::Class, "exon11_mutation"),
        "EXON 2 MUTATION" if gene == "KRAS" || gene == "NRAS" => {
            return Some((BiomarkerType::Codon, vec!["G12".into(), "G13".into()]))
        }
        "FUSION" | "FUSIONS" | "REARRANGEMENT" | "TRANSLOCATION" => return one(BiomarkerType::Fusion, "fusion"),
        _ => {}
    }
    if up.ends_with(" FUSION") || up.ends_with(" FUSIONS") {
        // `ALK FUSIONS`, `EML4-ALK` style without a resistance mutation.
        let head = up.trim_end_matches(" FUSIONS").trim_end_matches(" FUSION");
        if !head.contains(' ') {
            return one(BiomarkerType::Fusion, "fusion");
        }
        return None;
    }
    if up.contains("::")
        || (up.contains('-')
            && !up.contains(' ')
            && up
                .split('-')
                .all(|p| p.len() >= 2 && p.chars().all(|c| c.is_ascii_alphanumeric()))
            && up.split('-').any(|p| p == gene))
    {
        // Bare fusion names (`ETV6::NTRK3`, `EML4-ALK`); fusions with extra tokens are skipped.
        if up.contains(' ') {
            return None;
        }
        return one(BiomarkerType::Fusion, "fusion");
    }
    // `G12/G13`, `V600E/K` are codon or change lists.
    let parts: Vec<&str> = v.split('/').map(str::trim).collect();
    if parts.iter().all(|p| looks_like_codon(p)) {
        return Some((BiomarkerType::Codon, parts.iter().map(|p| p.to_string()).collect()));
    }
    if parts.len() == 1 && looks_like_protein_change(v) && !v.contains(' ') {
        // Normalise CIViC case: `E746_A750DEL` → `E746_A750del`, `M774INSAYVM` → `M774insAYVM`.
        return one(BiomarkerType::Variant, &civic_protein_case(v));
    }
    None
}

/// Write CIViC protein changes with lower-case HGVS keywords, like the annotation does.
fn civic_protein_case(v: &str) -> String {
    let mut s = v.to_string();
    for (up, low) in [
        ("DELINS", "delins"),
        ("DEL", "del"),
        ("INS", "ins"),
        ("DUP", "dup"),
        ("FS", "fs"),
    ] {
        s = s.replace(up, low);
    }
    s
}

const CHECKPOINT: &[&str] = &[
    "pembrolizumab",
    "nivolumab",
    "ipilimumab",
    "atezolizumab",
    "durvalumab",
    "avelumab",
    "cemiplimab",
    "dostarlimab",
    "tremelimumab",
];
const CHEMO: &[&str] = &[
    "cisplatin",
    "carboplatin",
    "oxaliplatin",
    "fluorouracil",
    "capecitabine",
    "irinotecan",
    "paclitaxel",
    "docetaxel",
    "gemcitabine",
    "etoposide",
    "temozolomide",
    "doxorubicin",
    "cyclophosphamide",
    "pemetrexed",
    "cytarabine",
    "daunorubicin",
    "streptozocin",
    "idarubicin",
    "epirubicin",
    "mitomycin",
    "vinorelbine",
    "vincristine",
    "methotrexate",
    "azacitidine",
    "decitabine",
    "trabectedin",
    "eribulin",
    "topotecan",
    "lurbinectedin",
    "dacarbazine",
];
const HORMONAL: &[&str] = &[
    "tamoxifen",
    "fulvestrant",
    "letrozole",
    "anastrozole",
    "exemestane",
    "enzalutamide",
    "abiraterone",
    "elacestrant",
];

pub(super) fn civic_kind(drugs: &[String]) -> &'static str {
    let has = |list: &[&str]| drugs.iter().any(|d| list.iter().any(|x| d.contains(x)));
    if has(CHECKPOINT) {
        "immunotherapy"
    } else if drugs.iter().all(|d| CHEMO.iter().any(|x| d.contains(x))) {
        "chemotherapy"
    } else if drugs.iter().all(|d| HORMONAL.iter().any(|x| d.contains(x))) {
        "hormonal"
    } else {
        "targeted"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civic_variant_names() {
        assert_eq!(
            civic_variant("BRAF", "V600E"),
            Some((BiomarkerType::Variant, vec!["V600E".into()]))
        );
        assert_eq!(
            civic_variant("KRAS", "G12"),
            Some((BiomarkerType::Codon, vec!["G12".into()]))
        );
        assert_eq!(
            civic_variant("EGFR", "MUTATION"),
            Some((BiomarkerType::Class, vec!["oncogenic".into()]))
        );
        assert_eq!(
            civic_variant("NTRK3", "ETV6::NTRK3").map(|x| x.0),
            Some(BiomarkerType::Fusion)
        );
        assert_eq!(
            civic_variant("ALK", "EML4-ALK").map(|x| x.0),
            Some(BiomarkerType::Fusion)
        );
        assert_eq!(civic_variant("ERBB2", "AMPLIFICATION"), None);
        assert_eq!(civic_variant("ROS1", "CD74-ROS1 G2032R"), None);
        assert_eq!(
            civic_variant("EGFR", "E746_A750DEL"),
            Some((BiomarkerType::Variant, vec!["E746_A750del".into()]))
        );
    }
}
