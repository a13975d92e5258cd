//! Sequence Ontology consequence terms: severity rank, impact, and the
//! classes used by the classify and TMB stages.
//!
//! The rank follows Ensembl's consequence table (most severe first:
//! transcript_ablation, splice_acceptor_variant, splice_donor_variant,
//! stop_gained, frameshift_variant, stop_lost, start_lost, … intergenic_variant).
//! SnpEff-only terms are slotted next to their nearest Ensembl equivalent.
//! Legacy SnpEff `EFF` effect names are mapped to SO terms by [`legacy_effect_to_so`].

/// Ensembl's consequence order (release 110), most severe first.
const ENSEMBL_ORDER: &[&str] = &[
    "transcript_ablation",
    "splice_acceptor_variant",
    "splice_donor_variant",
    "stop_gained",
    "frameshift_variant",
    "stop_lost",
    "start_lost",
    "transcript_amplification",
    "feature_elongation",
    "feature_truncation",
    "inframe_insertion",
    "inframe_deletion",
    "missense_variant",
    "protein_altering_variant",
    "splice_donor_5th_base_variant",
    "splice_region_variant",
    "splice_donor_region_variant",
    "splice_polypyrimidine_tract_variant",
    "incomplete_terminal_codon_variant",
    "start_retained_variant",
    "stop_retained_variant",
    "synonymous_variant",
    "coding_sequence_variant",
    "mature_miRNA_variant",
    "5_prime_UTR_variant",
    "3_prime_UTR_variant",
    "non_coding_transcript_exon_variant",
    "intron_variant",
    "NMD_transcript_variant",
    "non_coding_transcript_variant",
    "coding_transcript_variant",
    "upstream_gene_variant",
    "downstream_gene_variant",
    "TFBS_ablation",
    "TFBS_amplification",
    "TF_binding_site_variant",
    "regulatory_region_ablation",
    "regulatory_region_amplification",
    "regulatory_region_variant",
    "intergenic_variant",
    "sequence_variant",
];

/// Rank of an unknown term: after every known one.
pub(crate) const UNKNOWN_RANK: u32 = 1000;

/// Position of `name` in `list` (`list.len()` when absent), at compile time.
const fn position_in(list: &[&str], name: &str) -> usize {
    let mut i = 0;
    while i < list.len() {
        let (a, b) = (list[i].as_bytes(), name.as_bytes());
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return i;
            }
        }
        i += 1;
    }
    list.len()
}

/// `consequence_rank("TFBS_ablation")`, the first regulatory or intergenic rank
/// ([`class_and_rank`] compares every term with it).
const TFBS_RANK: u32 = {
    let i = position_in(ENSEMBL_ORDER, "TFBS_ablation");
    assert!(i < ENSEMBL_ORDER.len());
    (i as u32 + 1) * 10
};

/// Severity rank of one SO term; lower = more severe. Ensembl terms get
/// `10 × position` (transcript_ablation = 10, …, sequence_variant = 410);
/// SnpEff-only terms sit between them; unknown terms get [`UNKNOWN_RANK`].
pub(crate) fn consequence_rank(so: &str) -> u32 {
    // Looked up for every CSQ entry of every record: a hash table, not a scan of the list.
    static RANKS: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, u32>> = std::sync::OnceLock::new();
    let ranks = RANKS.get_or_init(|| {
        ENSEMBL_ORDER
            .iter()
            .enumerate()
            .map(|(i, t)| (*t, (i as u32 + 1) * 10))
            .collect()
    });
    if let Some(&r) = ranks.get(so) {
        return r;
    }
    match so {
        // SnpEff terms, next to their nearest Ensembl neighbour.
        "exon_loss_variant" => 15,
        "chromosome_number_variation" | "feature_ablation" => 16,
        "gene_fusion" | "bidirectional_gene_fusion" => 17,
        "rare_amino_acid_variant" => 75,
        "disruptive_inframe_insertion" | "conservative_inframe_insertion" => 110,
        "disruptive_inframe_deletion" | "conservative_inframe_deletion" => 120,
        "structural_interaction_variant" | "protein_protein_contact" => 145,
        "initiator_codon_variant" | "non_canonical_start_codon" => 195,
        "5_prime_UTR_premature_start_codon_gain_variant" => 245,
        "5_prime_UTR_truncation" | "3_prime_UTR_truncation" => 255,
        "exon_variant" | "non_coding_exon_variant" => 270,
        "conserved_intron_variant" => 280,
        "splice_branch_variant" => 285,
        "intragenic_variant" | "gene_variant" | "transcript_variant" => 305,
        "conserved_intergenic_variant" | "intergenic_region" => 400,
        "sequence_feature" => 405,
        _ => UNKNOWN_RANK,
    }
}

/// Ensembl's IMPACT of one SO term (`HIGH`, `MODERATE`, `LOW`, `MODIFIER`).
pub(crate) fn impact_of(so: &str) -> &'static str {
    match so {
        "transcript_ablation"
        | "splice_acceptor_variant"
        | "splice_donor_variant"
        | "stop_gained"
        | "frameshift_variant"
        | "stop_lost"
        | "start_lost"
        | "transcript_amplification"
        | "feature_elongation"
        | "feature_truncation"
        | "exon_loss_variant"
        | "gene_fusion"
        | "bidirectional_gene_fusion"
        | "rare_amino_acid_variant" => "HIGH",
        "inframe_insertion"
        | "inframe_deletion"
        | "missense_variant"
        | "protein_altering_variant"
        | "regulatory_region_ablation"
        | "disruptive_inframe_insertion"
        | "conservative_inframe_insertion"
        | "disruptive_inframe_deletion"
        | "conservative_inframe_deletion" => "MODERATE",
        "splice_donor_5th_base_variant"
        | "splice_region_variant"
        | "splice_donor_region_variant"
        | "splice_polypyrimidine_tract_variant"
        | "incomplete_terminal_codon_variant"
        | "start_retained_variant"
        | "stop_retained_variant"
        | "synonymous_variant"
        | "initiator_codon_variant"
        | "5_prime_UTR_premature_start_codon_gain_variant" => "LOW",
        _ => "MODIFIER",
    }
}

/// Map SnpEff-specific SO terms onto the Ensembl term the rest of the
/// pipeline checks for (`conservative_inframe_deletion` → `inframe_deletion`,
/// `intergenic_region` → `intergenic_variant`, …). Other terms pass through.
pub(crate) fn normalise_term(so: &str) -> &str {
    match so {
        "conservative_inframe_deletion" | "disruptive_inframe_deletion" => "inframe_deletion",
        "conservative_inframe_insertion" | "disruptive_inframe_insertion" => "inframe_insertion",
        "intergenic_region" => "intergenic_variant",
        "non_coding_exon_variant" => "non_coding_transcript_exon_variant",
        // Names used by VEP before release 77.
        "nc_transcript_variant" => "non_coding_transcript_variant",
        _ => so,
    }
}

/// Legacy SnpEff `EFF` effect name → SO term (unknown names are lower-cased).
pub(crate) fn legacy_effect_to_so(effect: &str) -> String {
    let so = match effect {
        "NON_SYNONYMOUS_CODING" => "missense_variant",
        "NON_SYNONYMOUS_START" => "initiator_codon_variant",
        "NON_SYNONYMOUS_STOP" => "stop_lost",
        "SYNONYMOUS_CODING" => "synonymous_variant",
        "SYNONYMOUS_START" => "start_retained_variant",
        "SYNONYMOUS_STOP" => "stop_retained_variant",
        "STOP_GAINED" => "stop_gained",
        "STOP_LOST" => "stop_lost",
        "START_LOST" => "start_lost",
        "START_GAINED" => "5_prime_UTR_premature_start_codon_gain_variant",
        "FRAME_SHIFT" => "frameshift_variant",
        "CODON_CHANGE" => "coding_sequence_variant",
        "CODON_INSERTION" | "CODON_CHANGE_PLUS_CODON_INSERTION" => "inframe_insertion",
        "CODON_DELETION" | "CODON_CHANGE_PLUS_CODON_DELETION" => "inframe_deletion",
        "SPLICE_SITE_ACCEPTOR" => "splice_acceptor_variant",
        "SPLICE_SITE_DONOR" => "splice_donor_variant",
        "SPLICE_SITE_REGION" => "splice_region_variant",
        "SPLICE_SITE_BRANCH" | "SPLICE_SITE_BRANCH_U12" => "splice_branch_variant",
        "UTR_5_PRIME" => "5_prime_UTR_variant",
        "UTR_3_PRIME" => "3_prime_UTR_variant",
        "UTR_5_DELETED" => "5_prime_UTR_truncation",
        "UTR_3_DELETED" => "3_prime_UTR_truncation",
        "INTRON" => "intron_variant",
        "INTRON_CONSERVED" => "conserved_intron_variant",
        "INTERGENIC" => "intergenic_variant",
        "INTERGENIC_CONSERVED" => "conserved_intergenic_variant",
        "INTRAGENIC" => "intragenic_variant",
        "UPSTREAM" => "upstream_gene_variant",
        "DOWNSTREAM" => "downstream_gene_variant",
        "EXON" => "non_coding_transcript_exon_variant",
        "EXON_DELETED" => "exon_loss_variant",
        "TRANSCRIPT" => "transcript_variant",
        "GENE" => "gene_variant",
        "CDS" => "coding_sequence_variant",
        "RARE_AMINO_ACID" => "rare_amino_acid_variant",
        "MICRO_RNA" => "mature_miRNA_variant",
        "REGULATION" => "regulatory_region_variant",
        "MOTIF" => "TF_binding_site_variant",
        "CHROMOSOME_LARGE_DELETION" => "chromosome_number_variation",
        other => return other.to_ascii_lowercase(),
    };
    so.to_string()
}

/// Protein-altering or splice-site consequences: the MAF "non-synonymous"
/// classes (Missense, Nonsense, Nonstop, Frame_Shift, In_Frame, Splice_Site,
/// Translation_Start_Site).
#[cfg(test)]
const NONSYNONYMOUS: &[&str] = &[
    "transcript_ablation",
    "splice_acceptor_variant",
    "splice_donor_variant",
    "stop_gained",
    "frameshift_variant",
    "stop_lost",
    "start_lost",
    "inframe_insertion",
    "inframe_deletion",
    "missense_variant",
    "protein_altering_variant",
    "exon_loss_variant",
    "rare_amino_acid_variant",
    "initiator_codon_variant",
    "disruptive_inframe_insertion",
    "conservative_inframe_insertion",
    "disruptive_inframe_deletion",
    "conservative_inframe_deletion",
];

#[cfg(test)]
const SYNONYMOUS: &[&str] = &["synonymous_variant", "stop_retained_variant", "start_retained_variant"];

#[cfg(test)]
const OTHER_CODING: &[&str] = &["coding_sequence_variant", "incomplete_terminal_codon_variant"];

/// Exonic consequences that are not coding: UTRs and the splice region around
/// the exon boundaries. With the coding terms they make the region behind
/// [`is_exonic`] (the MSI counting region of annotated exome calls).
#[cfg(test)]
pub(crate) const EXONIC_NONCODING: &[&str] = &[
    "5_prime_UTR_variant",
    "3_prime_UTR_variant",
    "5_prime_UTR_premature_start_codon_gain_variant",
    "5_prime_UTR_truncation",
    "3_prime_UTR_truncation",
    "splice_region_variant",
    "splice_donor_5th_base_variant",
    "splice_donor_region_variant",
    "splice_polypyrimidine_tract_variant",
];

/// Truncating consequences (loss of function): the terms behind [`is_truncating`].
pub(crate) const TRUNCATING: &[&str] = &[
    "stop_gained",
    "frameshift_variant",
    "splice_acceptor_variant",
    "splice_donor_variant",
    "start_lost",
    "transcript_ablation",
    "exon_loss_variant",
];

#[cfg(test)]
fn any_in(consequences: &[String], set: &[&str]) -> bool {
    consequences.iter().any(|c| set.contains(&c.as_str()))
}

/// Bits of [`term_sets`]: one per list above.
const IN_NONSYNONYMOUS: u8 = 1;
const IN_SYNONYMOUS: u8 = 2;
const IN_OTHER_CODING: u8 = 4;
const IN_EXONIC_NONCODING: u8 = 8;
const IN_TRUNCATING: u8 = 16;
const CODING: u8 = IN_NONSYNONYMOUS | IN_SYNONYMOUS | IN_OTHER_CODING;

/// The lists above that hold `t`, as bits: one `match` (a length switch, then word compares)
/// where searching the lists compares the term with every name of each, four or five times per
/// variant. The test `term_sets_are_the_lists` keeps it equal to the lists.
fn term_sets(t: &str) -> u8 {
    const NT: u8 = IN_NONSYNONYMOUS | IN_TRUNCATING;
    match t {
        "transcript_ablation" | "splice_acceptor_variant" | "splice_donor_variant" | "stop_gained" => NT,
        "frameshift_variant" | "start_lost" | "exon_loss_variant" => NT,
        "stop_lost" | "inframe_insertion" | "inframe_deletion" | "missense_variant" => IN_NONSYNONYMOUS,
        "protein_altering_variant" | "rare_amino_acid_variant" | "initiator_codon_variant" => IN_NONSYNONYMOUS,
        "disruptive_inframe_insertion" | "conservative_inframe_insertion" => IN_NONSYNONYMOUS,
        "disruptive_inframe_deletion" | "conservative_inframe_deletion" => IN_NONSYNONYMOUS,
        "synonymous_variant" | "stop_retained_variant" | "start_retained_variant" => IN_SYNONYMOUS,
        "coding_sequence_variant" | "incomplete_terminal_codon_variant" => IN_OTHER_CODING,
        "5_prime_UTR_variant" | "3_prime_UTR_variant" | "5_prime_UTR_premature_start_codon_gain_variant" => {
            IN_EXONIC_NONCODING
        }
        "5_prime_UTR_truncation" | "3_prime_UTR_truncation" | "splice_region_variant" => IN_EXONIC_NONCODING,
        "splice_donor_5th_base_variant" | "splice_donor_region_variant" => IN_EXONIC_NONCODING,
        "splice_polypyrimidine_tract_variant" => IN_EXONIC_NONCODING,
        _ => 0,
    }
}

/// True when a consequence is in any of the lists of `bits`.
fn any_of(consequences: &[String], bits: u8) -> bool {
    consequences.iter().any(|c| term_sets(c) & bits != 0)
}

/// True when any consequence changes the protein or hits a canonical splice
/// site: missense, stop_gained, stop_lost, start_lost, frameshift, in-frame
/// insertion/deletion, protein_altering, splice acceptor/donor,
/// transcript_ablation (and the SnpEff equivalents).
pub(crate) fn is_coding_nonsynonymous(consequences: &[String]) -> bool {
    any_of(consequences, IN_NONSYNONYMOUS)
}

/// True when a consequence is synonymous (synonymous_variant,
/// stop_retained_variant, start_retained_variant) and none is non-synonymous.
#[cfg(test)]
pub(crate) fn is_synonymous(consequences: &[String]) -> bool {
    any_of(consequences, IN_SYNONYMOUS) && !is_coding_nonsynonymous(consequences)
}

/// True for loss-of-function consequences: stop_gained, frameshift_variant,
/// splice_acceptor_variant, splice_donor_variant, start_lost, transcript_ablation.
pub(crate) fn is_truncating(consequences: &[String]) -> bool {
    any_of(consequences, IN_TRUNCATING)
}

/// True when the variant lies in a coding sequence (or canonical splice site):
/// any non-synonymous or synonymous consequence, coding_sequence_variant or
/// incomplete_terminal_codon_variant.
pub(crate) fn is_coding(consequences: &[String]) -> bool {
    any_of(consequences, CODING)
}

/// True when the variant lies in an exon of a protein-coding gene or its
/// splice region: [`is_coding`], a UTR or a splice-region consequence
/// (`EXONIC_NONCODING`).
pub(crate) fn is_exonic(consequences: &[String]) -> bool {
    any_of(consequences, CODING | IN_EXONIC_NONCODING)
}

/// Sort terms most severe first (stable for equal ranks) and drop duplicates.
pub(crate) fn sort_by_severity(terms: &mut Vec<String>) {
    terms.sort_by_key(|t| consequence_rank(t));
    let mut i = 0;
    while i < terms.len() {
        if terms[..i].contains(&terms[i]) {
            terms.remove(i);
        } else {
            i += 1;
        }
    }
}

/// Most severe rank among `&`-joined terms (`missense_variant&splice_region_variant`).
pub(crate) fn joined_rank(joined: &str) -> u32 {
    joined
        .split('&')
        .map(|t| consequence_rank(normalise_term(t.trim())))
        .min()
        .unwrap_or(UNKNOWN_RANK)
}

/// Location class of an entry (smaller is preferred):
/// 0: a protein-coding transcript the variant lies in (any consequence other
///    than upstream/downstream_gene_variant);
/// 1: another transcript the variant lies in (NMD, lncRNA, retained_intron…);
/// 2: a transcript the variant is only upstream/downstream of;
/// 3: not a transcript (regulatory or motif feature, intergenic).
pub(crate) fn location_class(is_transcript: bool, protein_coding: bool, consequence: &str) -> u8 {
    class_and_rank(is_transcript, protein_coding, consequence).0
}

/// [`location_class`] and [`joined_rank`] of an entry (`&`-joined terms),
/// in one pass over its terms.
pub(crate) fn class_and_rank(is_transcript: bool, protein_coding: bool, consequence: &str) -> (u8, u32) {
    let mut tier = 2u8;
    let mut rank = UNKNOWN_RANK;
    for t in crate::text::split_short(consequence, b'&') {
        let t = normalise_term(crate::text::trim(t));
        let r = consequence_rank(t);
        rank = rank.min(r);
        let this = match t {
            "upstream_gene_variant" | "downstream_gene_variant" => 1,
            _ if (TFBS_RANK..UNKNOWN_RANK).contains(&r) => 2,
            _ => 0,
        };
        tier = tier.min(this);
    }
    let class = match tier {
        _ if !is_transcript => 3,
        0 if protein_coding => 0,
        0 => 1,
        1 => 2,
        _ => 3,
    };
    (class, rank)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn ranks_follow_ensembl_order() {
        let order = [
            "transcript_ablation",
            "splice_acceptor_variant",
            "splice_donor_variant",
            "stop_gained",
            "frameshift_variant",
            "stop_lost",
            "start_lost",
            "transcript_amplification",
            "inframe_insertion",
            "inframe_deletion",
            "missense_variant",
            "protein_altering_variant",
            "splice_region_variant",
            "synonymous_variant",
            "intron_variant",
            "upstream_gene_variant",
            "intergenic_variant",
        ];
        for w in order.windows(2) {
            assert!(consequence_rank(w[0]) < consequence_rank(w[1]), "{} < {}", w[0], w[1]);
        }
        assert_eq!(consequence_rank("transcript_ablation"), 10);
        assert_eq!(consequence_rank("missense_variant"), 130);
        assert_eq!(consequence_rank("no_such_term"), UNKNOWN_RANK);
        assert!(consequence_rank("exon_loss_variant") < consequence_rank("stop_gained"));
        assert_eq!(joined_rank("missense_variant&splice_region_variant"), 130);
        assert_eq!(joined_rank("splice_region_variant&conservative_inframe_deletion"), 120);
    }

    #[test]
    fn classes() {
        assert!(is_truncating(&v(&["stop_gained"])));
        assert!(is_truncating(&v(&["splice_donor_variant", "intron_variant"])));
        assert!(!is_truncating(&v(&["missense_variant"])));
        assert!(is_coding_nonsynonymous(&v(&[
            "missense_variant",
            "splice_region_variant"
        ])));
        assert!(!is_coding_nonsynonymous(&v(&["synonymous_variant"])));
        assert!(is_synonymous(&v(&["synonymous_variant"])));
        assert!(is_synonymous(&v(&["stop_retained_variant"])));
        assert!(!is_synonymous(&v(&["missense_variant", "synonymous_variant"])));
        assert!(is_coding(&v(&["synonymous_variant"])));
        assert!(is_coding(&v(&["coding_sequence_variant"])));
        assert!(!is_coding(&v(&["intron_variant"])));
        assert!(!is_coding(&v(&["5_prime_UTR_variant"])));
        assert!(!is_coding(&v(&["splice_region_variant", "intron_variant"])));
    }

    #[test]
    fn legacy_and_normalised_names() {
        assert_eq!(legacy_effect_to_so("NON_SYNONYMOUS_CODING"), "missense_variant");
        assert_eq!(legacy_effect_to_so("FRAME_SHIFT"), "frameshift_variant");
        assert_eq!(legacy_effect_to_so("CODON_DELETION"), "inframe_deletion");
        assert_eq!(legacy_effect_to_so("SPLICE_SITE_ACCEPTOR"), "splice_acceptor_variant");
        assert_eq!(legacy_effect_to_so("UTR_5_PRIME"), "5_prime_UTR_variant");
        assert_eq!(legacy_effect_to_so("WEIRD_THING"), "weird_thing");
        assert_eq!(normalise_term("disruptive_inframe_deletion"), "inframe_deletion");
        assert_eq!(normalise_term("intergenic_region"), "intergenic_variant");
        assert_eq!(normalise_term("nc_transcript_variant"), "non_coding_transcript_variant");
        assert_eq!(impact_of("missense_variant"), "MODERATE");
        assert_eq!(impact_of("stop_gained"), "HIGH");
        assert_eq!(impact_of("synonymous_variant"), "LOW");
        assert_eq!(impact_of("intron_variant"), "MODIFIER");
        let mut t = v(&["splice_region_variant", "missense_variant", "missense_variant"]);
        sort_by_severity(&mut t);
        assert_eq!(t, v(&["missense_variant", "splice_region_variant"]));
    }

    #[test]
    fn term_sets_are_the_lists() {
        let lists = [
            (IN_NONSYNONYMOUS, NONSYNONYMOUS),
            (IN_SYNONYMOUS, SYNONYMOUS),
            (IN_OTHER_CODING, OTHER_CODING),
            (IN_EXONIC_NONCODING, EXONIC_NONCODING),
            (IN_TRUNCATING, TRUNCATING),
        ];
        let mut terms: Vec<&str> = lists.iter().flat_map(|(_, l)| l.iter().copied()).collect();
        terms.extend(ENSEMBL_ORDER.iter().copied());
        terms.extend(["", "Missense_variant", "missense", "intron_variant", "stop_gained "]);
        for t in terms {
            for (bit, list) in lists {
                assert_eq!(term_sets(t) & bit != 0, list.contains(&t), "{t:?} {bit}");
            }
            let one = [t.to_string()];
            let any = |l: &[&str]| any_in(&one, l);
            assert_eq!(
                is_coding(&one),
                any(NONSYNONYMOUS) || any(SYNONYMOUS) || any(OTHER_CODING),
                "{t}"
            );
            assert_eq!(is_exonic(&one), is_coding(&one) || any(EXONIC_NONCODING), "{t}");
        }
    }

    #[test]
    fn tfbs_rank_is_the_looked_up_rank() {
        assert_eq!(TFBS_RANK, consequence_rank("TFBS_ablation"));
        assert_eq!(TFBS_RANK, 340);
    }

    #[test]
    fn class_and_rank_of_joined_terms() {
        let cases: [(&str, bool, bool, u8); 12] = [
            ("missense_variant", true, true, 0),
            ("missense_variant&splice_region_variant", true, true, 0),
            ("intron_variant&NMD_transcript_variant", true, false, 1),
            ("upstream_gene_variant", true, true, 2),
            ("downstream_gene_variant&regulatory_region_variant", true, true, 2),
            ("TF_binding_site_variant", true, true, 3),
            ("intergenic_variant", true, true, 3),
            ("", true, true, 0),
            ("made_up_term", true, true, 0),
            ("disruptive_inframe_deletion&upstream_gene_variant", true, true, 0),
            ("missense_variant", false, true, 3),
            ("upstream_gene_variant", false, false, 3),
        ];
        for (c, tx, pc, class) in cases {
            assert_eq!(class_and_rank(tx, pc, c), (class, joined_rank(c)), "{c}");
            assert_eq!(location_class(tx, pc, c), class, "{c}");
        }
    }
}
