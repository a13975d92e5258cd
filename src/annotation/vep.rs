//! Ensembl VEP `INFO/CSQ` (or VEP output written under another key, e.g. `ANN`).
//!
//! The field order comes from the header's `Format:` list and is turned into
//! indices once. Per record, each entry is scanned field by field without
//! allocating; only the picked entry per ALT is split fully and turned into an
//! [`Annotation`]. See the parent module for the matching and picking rules.

use super::error::AnnotationError;
use super::population::{is_population_af_field, MaxAf};
use crate::model::{Annotation, AnnotationSource};
use crate::protein::{first_number, from_position_and_aa, percent_decode, short_protein_change};
use crate::so::{class_and_rank, impact_of, normalise_term, sort_by_severity};
use crate::text::trim;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Idx {
    allele: usize,
    consequence: usize,
    impact: Option<usize>,
    symbol: Option<usize>,
    gene: Option<usize>,
    feature_type: Option<usize>,
    feature: Option<usize>,
    biotype: Option<usize>,
    exon: Option<usize>,
    hgvsc: Option<usize>,
    hgvsp: Option<usize>,
    protein_position: Option<usize>,
    amino_acids: Option<usize>,
    canonical: Option<usize>,
    mane_select: Option<usize>,
    mane: Option<usize>,
    allele_num: Option<usize>,
    pick: Option<usize>,
}

/// The CSQ field layout of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VepLayout {
    /// INFO key holding the VEP string (`CSQ`, or `ANN` with `--vcf_info_field ANN`).
    pub key: String,
    /// Field names in order.
    pub names: Vec<String>,
    /// Number of leading fields the scan of every entry must read (the pick fields).
    scan_len: usize,
    /// Number of leading fields the picked entry's annotation reads.
    build_len: usize,
    idx: Idx,
    /// Indices of population allele-frequency fields.
    af: Vec<usize>,
}

/// VEP's field order before `Format:` was written into headers (VEP ≤ 72).
const LEGACY_DEFAULT: &str = "Allele|Gene|Feature|Feature_type|Consequence|cDNA_position|CDS_position|Protein_position|Amino_acids|Codons|Existing_variation|DISTANCE|STRAND";

impl VepLayout {
    /// Parse the `Format: Allele|Consequence|…` list of a header description.
    /// None when there is no `Format:` list or it lacks `Allele` or `Consequence`.
    pub(crate) fn from_description(key: &str, description: &str) -> Option<VepLayout> {
        let at = description.find("Format:")?;
        let list = description[at + "Format:".len()..]
            .trim()
            .trim_matches(|c| c == '"' || c == '\'')
            .trim();
        Self::from_list(key, list)
    }

    /// The legacy default layout, for a CSQ header without a `Format:` list.
    pub(crate) fn legacy(key: &str) -> VepLayout {
        // ok: the constant list names Allele and Consequence.
        Self::from_list(key, LEGACY_DEFAULT).unwrap_or_else(|| unreachable!())
    }

    fn from_list(key: &str, list: &str) -> Option<VepLayout> {
        let names: Vec<String> = list.split('|').map(|s| s.trim().to_string()).collect();
        let find = |n: &str| names.iter().position(|x| x == n);
        let find_ci = |n: &str| names.iter().position(|x| x.eq_ignore_ascii_case(n));
        let idx = Idx {
            allele: find("Allele")?,
            consequence: find("Consequence")?,
            impact: find("IMPACT"),
            symbol: find("SYMBOL"),
            gene: find("Gene"),
            feature_type: find("Feature_type"),
            feature: find("Feature"),
            biotype: find("BIOTYPE"),
            exon: find("EXON"),
            hgvsc: find("HGVSc"),
            hgvsp: find("HGVSp"),
            protein_position: find("Protein_position"),
            amino_acids: find("Amino_acids"),
            canonical: find("CANONICAL"),
            mane_select: find_ci("MANE_SELECT"),
            mane: find("MANE"),
            allele_num: find("ALLELE_NUM"),
            pick: find("PICK"),
        };
        let scanned = [
            idx.allele_num,
            idx.pick,
            idx.canonical,
            idx.mane_select,
            idx.mane,
            idx.biotype,
            idx.feature_type,
            idx.feature,
        ];
        let last = |it: &mut dyn Iterator<Item = usize>| it.max().map_or(0, |i| i + 1);
        let scan_len = last(
            &mut [idx.allele, idx.consequence]
                .into_iter()
                .chain(scanned.into_iter().flatten()),
        );
        let af: Vec<usize> = names
            .iter()
            .enumerate()
            .filter(|(_, n)| is_population_af_field(n))
            .map(|(i, _)| i)
            .collect();
        let built = [
            idx.impact,
            idx.symbol,
            idx.gene,
            idx.exon,
            idx.hgvsc,
            idx.hgvsp,
            idx.protein_position,
            idx.amino_acids,
        ];
        let build_len = last(&mut built.into_iter().flatten().chain(af.iter().copied())).max(scan_len);
        Some(VepLayout {
            key: key.to_string(),
            names,
            scan_len,
            build_len,
            idx,
            af,
        })
    }

    fn has_biotype(&self) -> bool {
        self.idx.biotype.is_some()
    }

    /// The pick fields of one entry.
    /// `buf`: `scan_len` slots for the separators' offsets.
    fn scan<'a>(&self, entry: &'a str, buf: &mut [usize]) -> Scan<'a> {
        let fields = crate::text::DenseFields::split(entry, b'|', buf);
        let field = |i: Option<usize>| i.and_then(|i| fields.get(i));
        Scan {
            allele: fields.get(self.idx.allele),
            consequence: fields.get(self.idx.consequence).unwrap_or(""),
            allele_num: field(self.idx.allele_num).and_then(|f| trim(f).parse().ok()),
            pick: field(self.idx.pick).is_some_and(|f| trim(f) == "1"),
            canonical: field(self.idx.canonical).is_some_and(|f| trim(f) == "YES"),
            mane: field(self.idx.mane_select).is_some_and(|f| !trim(f).is_empty())
                || field(self.idx.mane).is_some_and(is_mane_select_value),
            biotype: field(self.idx.biotype).unwrap_or(""),
            feature_type: field(self.idx.feature_type).unwrap_or(""),
            feature: field(self.idx.feature).unwrap_or(""),
            nfields: fields.count(),
        }
    }

    /// Annotate every ALT of one record from the CSQ value (`csq` without the key), with the picked entry's transcript-level detail (transcript,
    /// impact, HGVS, protein change and position, exon) read only when `detail` says so for its
    /// gene (`None`: no gene): the gene, consequences, population AF, canonical and MANE flags
    /// are always read.
    pub(crate) fn annotate_gated(
        &self,
        csq: &str,
        ref_allele: &str,
        alts: &[&str],
        detail: &dyn Fn(Option<&str>) -> bool,
    ) -> Result<Vec<Option<Annotation>>, AnnotationError> {
        let mut out = vec![None; alts.len()];
        if csq.is_empty() || csq == "." || alts.is_empty() {
            return Ok(out);
        }
        let keys = AlleleKeys::new(ref_allele, alts);
        // best[alt]: the least (level, key) so far, i.e. the least key of the lowest match level,
        // with its entry and how many of its separator offsets `saved` holds.
        let mut best: smallvec::SmallVec<[Option<Best<'_>>; 2]> = smallvec::smallvec![None; alts.len()];
        let mut usable = 0usize;
        let mut first_nfields = None;
        let (mut stack, mut heap) = ([0usize; 64], Vec::new());
        let ends = crate::text::slots(&mut stack, &mut heap, self.scan_len);
        // The scan's separator offsets of each ALT's best entry, so that its annotation resumes
        // the split where the scan stopped instead of splitting the entry again.
        let (mut saved_stack, mut saved_heap) = ([0usize; 128], Vec::new());
        let saved = crate::text::slots(&mut saved_stack, &mut saved_heap, self.scan_len * alts.len());
        for (index, entry) in crate::text::split_byte(csq, b',').enumerate() {
            let s = self.scan(entry, ends);
            first_nfields.get_or_insert(s.nfields);
            let Some(allele) = s.allele else { continue };
            if s.nfields <= self.idx.consequence || trim(s.consequence).is_empty() {
                continue;
            }
            usable += 1;
            let mut key: Option<PickKey<'_>> = None;
            for (ai, alt) in alts.iter().enumerate() {
                let Some(level) = keys.level(ai, alt, allele, s.allele_num) else {
                    continue;
                };
                let k = *key.get_or_insert_with(|| PickKey::of(&s, self.has_biotype(), index));
                let slot = &mut best[ai];
                if slot.as_ref().is_none_or(|b| (level, k) < (b.level, b.key)) {
                    let known = (s.nfields - 1).min(self.scan_len);
                    let at = ai * self.scan_len;
                    if let (Some(to), Some(from)) = (saved.get_mut(at..at + known), ends.get(..known)) {
                        to.copy_from_slice(from);
                    }
                    *slot = Some(Best {
                        level,
                        key: k,
                        entry,
                        known,
                    });
                }
            }
        }
        if usable == 0 {
            return Err(AnnotationError::Vep {
                key: self.key.clone(),
                expected: self.names.len(),
                found: first_nfields.unwrap_or(0),
            });
        }
        for (ai, b) in best.iter().enumerate() {
            if let Some(b) = b {
                let at = ai * self.scan_len;
                let prefix = saved.get(at..at + b.known).unwrap_or(&[]);
                out[ai] = Some(self.build(b.entry, prefix, detail));
            }
        }
        Ok(out)
    }

    /// `prefix`: the entry's first separator offsets, as its scan found them.
    fn build(&self, entry: &str, prefix: &[usize], detail: &dyn Fn(Option<&str>) -> bool) -> Annotation {
        let (mut stack, mut heap) = ([0usize; 64], Vec::new());
        let ends = crate::text::slots(&mut stack, &mut heap, self.build_len);
        let known = prefix.len().min(ends.len());
        if let (Some(to), Some(from)) = (ends.get_mut(..known), prefix.get(..known)) {
            to.copy_from_slice(from);
        }
        let fields = crate::text::DenseFields::split_from(entry, b'|', ends, known);
        let get = |o: Option<usize>| o.and_then(|i| fields.get(i)).map(trim).filter(|s| !s.is_empty());
        let mut consequences: Vec<String> = get(Some(self.idx.consequence))
            .unwrap_or("")
            .split('&')
            .map(|t| normalise_term(trim(t)).to_string())
            .filter(|t| !t.is_empty())
            .collect();
        sort_by_severity(&mut consequences);
        let feature_type = get(self.idx.feature_type);
        let is_transcript = feature_type.is_none_or(|t| t == "Transcript");
        let intergenic = consequences.iter().all(|c| c == "intergenic_variant");
        let gene = if intergenic {
            None
        } else {
            get(self.idx.symbol).or(if is_transcript {
                get(self.idx.gene).filter(|g| !g.bytes().all(|b| b.is_ascii_digit()))
            } else {
                None
            })
        }
        .map(|s| percent_decode(s).into_owned());
        let mut af = MaxAf::default();
        for &i in &self.af {
            if let (Some(v), Some(name)) = (fields.get(i), self.names.get(i)) {
                af.offer(name, v);
            }
        }
        let canonical = get(self.idx.canonical) == Some("YES");
        let mane_select = get(self.idx.mane_select).is_some() || get(self.idx.mane).is_some_and(is_mane_select_value);
        if !detail(gene.as_deref()) {
            return Annotation {
                source: Some(AnnotationSource::Vep),
                gene,
                transcript: None,
                consequences,
                impact: None,
                hgvsc: None,
                hgvsp: None,
                protein_change: None,
                protein_position: None,
                exon: None,
                canonical,
                mane_select,
                population_af: af.value,
                population_af_field: af.field,
            };
        }
        let transcript = if is_transcript {
            get(self.idx.feature).map(str::to_string)
        } else {
            None
        };
        let impact = get(self.idx.impact)
            .map(str::to_string)
            .or_else(|| consequences.first().map(|c| impact_of(c).to_string()));
        let hgvsc = get(self.idx.hgvsc).map(|s| percent_decode(s).into_owned());
        let hgvsp = get(self.idx.hgvsp).map(|s| percent_decode(s).into_owned());
        let position = get(self.idx.protein_position);
        let amino_acids = get(self.idx.amino_acids);
        let mut protein_change = hgvsp.as_deref().and_then(short_protein_change);
        if protein_change.as_deref().is_none_or(|p| p == "p.=") {
            if let (Some(p), Some(a)) = (position, amino_acids) {
                if let Some(built) = from_position_and_aa(p, a, &consequences) {
                    protein_change = Some(built);
                }
            }
        }
        let protein_position = position
            .and_then(first_number)
            .or_else(|| protein_change.as_deref().and_then(first_number));
        Annotation {
            source: Some(AnnotationSource::Vep),
            gene,
            transcript,
            consequences,
            impact,
            hgvsc,
            hgvsp,
            protein_change,
            protein_position,
            exon: get(self.idx.exon).map(str::to_string),
            canonical,
            mane_select,
            population_af: af.value,
            population_af_field: af.field,
        }
    }
}

/// VEP 103–104 `MANE` holds the MANE Select RefSeq id; later versions may write
/// `MANE_Select` / `MANE_Plus_Clinical`. Plus Clinical is not Select.
fn is_mane_select_value(v: &str) -> bool {
    let v = trim(v);
    !v.is_empty() && !v.as_bytes().windows(4).any(|w| w.eq_ignore_ascii_case(b"plus"))
}

#[derive(Debug, Default)]
struct Scan<'a> {
    allele: Option<&'a str>,
    consequence: &'a str,
    allele_num: Option<usize>,
    pick: bool,
    canonical: bool,
    mane: bool,
    biotype: &'a str,
    feature_type: &'a str,
    feature: &'a str,
    nfields: usize,
}

/// The best entry so far of one ALT at each allele-match level: (its key, the entry).
/// An ALT's best entry so far: its match level (0: the converted allele or ALLELE_NUM, 1: the
/// ALT as written or trimmed, 2: the only ALT), pick key, text, and the number of its separator
/// offsets kept from the scan.
#[derive(Clone, Copy)]
struct Best<'a> {
    level: usize,
    key: PickKey<'a>,
    entry: &'a str,
    known: usize,
}

/// Sort key of a candidate entry: smaller is better (derive(Ord) compares in field order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct PickKey<'a> {
    class: u8,
    not_pick: bool,
    not_mane: bool,
    not_canonical: bool,
    severity: u32,
    no_feature: bool,
    feature: &'a str,
    index: usize,
}

impl<'a> PickKey<'a> {
    fn of(s: &Scan<'a>, has_biotype: bool, index: usize) -> PickKey<'a> {
        let feature = trim(s.feature);
        let ft = trim(s.feature_type);
        let is_transcript = ft.is_empty() || ft.eq_ignore_ascii_case("Transcript");
        let protein_coding = !has_biotype || trim(s.biotype) == "protein_coding";
        let (class, severity) = class_and_rank(is_transcript, protein_coding, s.consequence);
        PickKey {
            class,
            not_pick: !s.pick,
            not_mane: !s.mane,
            not_canonical: !s.canonical,
            severity,
            no_feature: feature.is_empty(),
            feature,
            index,
        }
    }
}

/// How each ALT is written in the CSQ `Allele` field.
pub(crate) struct AlleleKeys<'a> {
    /// VEP's convention for this record.
    conv: crate::text::Fields<'a, 4>,
    /// The ALT with its first base trimmed when it shares it with REF (`-` if empty).
    trimmed: crate::text::Fields<'a, 4>,
    single: bool,
}

impl<'a> AlleleKeys<'a> {
    /// VEP (Parser::VCF): a record is an indel when any ALT differs in length
    /// from REF. A single-ALT indel loses its first base when REF and ALT share
    /// it; a multi-ALT indel loses it only when REF and every ALT (ignoring `*`)
    /// share it. Empty alleles become `-`. SNVs/MNVs are never trimmed.
    pub fn new(r: &str, alts: &[&'a str]) -> AlleleKeys<'a> {
        let first = |s: &str| s.as_bytes().first().map(|b| b.to_ascii_uppercase());
        let chop = |s: &'a str| s.get(1..).filter(|t| !t.is_empty()).unwrap_or("-");
        let is_indel = alts.iter().any(|a| a.len() != r.len());
        let trim_all = is_indel
            && if alts.len() > 1 {
                alts.iter().filter(|a| !a.contains('*')).all(|a| first(a) == first(r))
            } else {
                first(alts[0]) == first(r)
            };
        let symbolic = |a: &str| a.starts_with('<') || a.contains('[') || a.contains(']') || a.contains('*');
        let conv = alts
            .iter()
            .map(|&a| {
                if trim_all && !symbolic(a) && a.is_char_boundary(1) {
                    chop(a)
                } else {
                    a
                }
            })
            .collect();
        let trimmed = alts
            .iter()
            .map(|&a| {
                if first(a) == first(r) && !symbolic(a) && a.is_char_boundary(1) && a.len() != r.len() {
                    chop(a)
                } else {
                    a
                }
            })
            .collect();
        AlleleKeys {
            conv,
            trimmed,
            single: alts.len() == 1,
        }
    }

    /// The first-base-trimmed form of ALT `ai`.
    pub(crate) fn trimmed_of(&self, ai: usize) -> &str {
        self.trimmed.get(ai).copied().unwrap_or("")
    }

    /// Match level of an entry for ALT `ai` (0 best), or None.
    /// 0: `ALLELE_NUM` names this ALT, or the Allele equals VEP's convention;
    /// 1: the Allele equals the full ALT or its first-base-trimmed form;
    /// 2: single-ALT record, any other Allele (`--minimal`, symbolic ALTs).
    fn level(&self, ai: usize, alt: &str, allele: &str, allele_num: Option<usize>) -> Option<usize> {
        if alt == "*" {
            return None;
        }
        let n = self.conv.len();
        if let Some(num) = allele_num {
            if (1..=n).contains(&num) {
                return (num == ai + 1).then_some(0);
            }
        }
        let allele = trim(allele);
        if allele.eq_ignore_ascii_case(self.conv[ai]) {
            return Some(0);
        }
        if allele.eq_ignore_ascii_case(alt) || allele.eq_ignore_ascii_case(self.trimmed[ai]) {
            return Some(1);
        }
        if self.single {
            return Some(2);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PVAC_FORMAT: &str = "Consequence annotations from Ensembl VEP. Format: Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp|cDNA_position|CDS_position|Protein_position|Amino_acids|Codons|Existing_variation|DISTANCE|STRAND|FLAGS|PICK|SYMBOL_SOURCE|HGNC_ID|ExAC_AF|ExAC_Adj_AF|ExAC_AFR_AF|ExAC_AMR_AF|ExAC_EAS_AF|ExAC_FIN_AF|ExAC_NFE_AF|ExAC_OTH_AF|ExAC_SAS_AF|CLIN_SIG|SOMATIC|PHENO|FrameshiftSequence|WildtypeProtein|TSL";

    #[test]
    fn parses_format_list() {
        let l = VepLayout::from_description("CSQ", PVAC_FORMAT).unwrap();
        assert_eq!(l.names.len(), 39);
        assert_eq!(l.idx.allele, 0);
        assert_eq!(l.idx.consequence, 1);
        assert_eq!(l.idx.symbol, Some(3));
        assert_eq!(l.idx.hgvsp, Some(11));
        assert_eq!(l.idx.protein_position, Some(14));
        assert_eq!(l.idx.pick, Some(21));
        assert_eq!(l.af, (24..=32).collect::<Vec<_>>());
        assert_eq!(l.scan_len, 22);
        assert_eq!(l.build_len, 33);
        assert!(VepLayout::from_description("CSQ", "no list").is_none());
        assert!(VepLayout::from_description("CSQ", "Format: A|B").is_none());
        let legacy = VepLayout::legacy("CSQ");
        assert_eq!(legacy.idx.consequence, 4);
        assert_eq!(legacy.idx.feature, Some(2));
    }

    #[test]
    fn allele_conventions() {
        // SNV
        let conv = |r: &str, a: &[&'static str]| AlleleKeys::new(r, a).conv.to_vec();
        assert_eq!(conv("C", &["T"]), vec!["T"]);
        // insertion and deletion
        assert_eq!(conv("A", &["ACGT"]), vec!["CGT"]);
        assert_eq!(conv("AG", &["A"]), vec!["-"]);
        // MNV: not trimmed
        assert_eq!(conv("AT", &["GC"]), vec!["GC"]);
        // multi-allelic, all share the first base
        assert_eq!(conv("GA", &["G", "GAA"]), vec!["-", "AA"]);
        // multi-allelic, differing first bases: nothing trimmed
        assert_eq!(conv("G", &["A", "GA"]), vec!["A", "GA"]);
        // multi-allelic SNVs
        assert_eq!(conv("A", &["C", "T"]), vec!["C", "T"]);
        // spanning deletion ignored for the first-base test
        assert_eq!(conv("GA", &["G", "*"]), vec!["-", "*"]);
    }
}
