//! Repeat context of an indel: from the caller's own fields (Mutect2
//! `STR`/`RU`/`RPA`, Strelka2 `RU`/`RC`) or from the reference sequence around it.
//!
//! An indel is "in a microsatellite" when the minimal repeat unit of the
//! inserted/deleted sequence occurs in tandem in the reference at the site:
//! a 1 bp unit at least `homopolymer_min` times (a homopolymer ≥ 5 bp), or a
//! 2–6 bp unit at least `unit_min_copies` times and over at least `min_length`
//! bases. Longer units are not microsatellites.

use super::error::ReferenceError;
use crate::model::CallerRepeat;
use std::collections::BTreeMap;
use std::path::Path;

/// The repeat definition (values from `thresholds.toml`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RepeatRules {
    pub(crate) homopolymer_min: u32,
    pub(crate) unit_min_copies: u32,
    pub(crate) min_length: u32,
}

impl Default for RepeatRules {
    fn default() -> Self {
        RepeatRules {
            homopolymer_min: 5,
            unit_min_copies: 3,
            min_length: 10,
        }
    }
}

impl RepeatRules {
    /// True when `copies` tandem copies of a unit of `unit_len` bases make a microsatellite.
    pub(crate) fn is_microsatellite(&self, unit_len: usize, copies: u32) -> bool {
        match unit_len {
            1 => copies >= self.homopolymer_min,
            2..=6 => copies >= self.unit_min_copies && unit_len as u64 * copies as u64 >= self.min_length as u64,
            _ => false,
        }
    }
}

/// Repeat context of one indel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct RepeatCall {
    /// In a microsatellite (per [`RepeatRules`]).
    pub repeat: bool,
    /// A 1 bp insertion/deletion in a homopolymer.
    pub(crate) homopolymer_1bp: bool,
}

/// The inserted or deleted sequence of an anchored indel (`AT`→`A`: `T`;
/// `A`→`ATT`: `TT`), or None for SNVs, MNVs and complex substitutions.
pub(crate) fn indel_sequence<'a>(ref_allele: &'a str, alt: &'a str) -> Option<&'a str> {
    let (r, a) = (ref_allele.as_bytes(), alt.as_bytes());
    if r.is_empty() || a.is_empty() || r.len() == a.len() || r[0] != a[0] {
        return None;
    }
    if r.len() > a.len() {
        // Deletion: REF = anchor + deleted (after suffix trimming ALT is the anchor alone).
        if a.len() == 1 {
            return ref_allele.get(1..);
        }
        if r.starts_with(a) {
            return ref_allele.get(a.len()..);
        }
    } else {
        if r.len() == 1 {
            return alt.get(1..);
        }
        if a.starts_with(r) {
            return alt.get(r.len()..);
        }
    }
    None
}

/// The shortest unit `u` with `s = u^k`.
pub(crate) fn minimal_unit(s: &[u8]) -> &[u8] {
    let n = s.len();
    for p in 1..=n {
        if n % p == 0 && s.chunks(p).all(|c| c == &s[..p]) {
            return &s[..p];
        }
    }
    s
}

/// What the caller's repeat fields say about one indel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CallerContext {
    /// The record carries repeat fields (or the STR flag): classified.
    Fields(RepeatCall),
    /// The file defines repeat fields but this record has none. Mutect2 writes
    /// `STR`/`RU`/`RPA` only for repeats, so this means "not a repeat" when
    /// other indels in the file carry fields; if no indel does, the fields
    /// were stripped (or never written) and the context is unknown.
    Absent,
    /// The file has no repeat fields, or the variant is not an anchored indel.
    None,
}

/// Repeat context from the caller's fields.
pub(crate) fn from_caller(rep: &CallerRepeat, ref_allele: &str, alt: &str, rules: &RepeatRules) -> CallerContext {
    if !rep.known {
        return CallerContext::None;
    }
    let Some(seq) = indel_sequence(ref_allele, alt) else {
        return CallerContext::None;
    };
    if !rep.is_str && rep.unit.is_none() && rep.ref_count.is_none() {
        return CallerContext::Absent;
    }
    let change = seq.len();
    let unit_len = match &rep.unit {
        Some(u) if !u.is_empty() => u.len(),
        _ => minimal_unit(seq.as_bytes()).len(),
    };
    let repeat = match rep.ref_count {
        Some(count) => rules.is_microsatellite(unit_len, count),
        // Flag without counts: trust the caller.
        None => rep.is_str,
    };
    CallerContext::Fields(RepeatCall {
        repeat,
        homopolymer_1bp: repeat && unit_len == 1 && change == 1,
    })
}

/// Tandem copies of `unit` in `seq` around the boundary `at` (copies ending
/// at `at` plus copies starting at `at`).
pub(crate) fn tandem_copies(seq: &[u8], at: usize, unit: &[u8]) -> u32 {
    let u = unit.len();
    if u == 0 || at > seq.len() {
        return 0;
    }
    let mut copies = 0u32;
    let mut i = at;
    while i + u <= seq.len() && seq[i..i + u].eq_ignore_ascii_case(unit) {
        copies += 1;
        i += u;
    }
    let mut j = at;
    while j >= u && seq[j - u..j].eq_ignore_ascii_case(unit) {
        copies += 1;
        j -= u;
    }
    copies
}

/// Repeat context from reference sequence. `window` holds reference bases
/// starting at 1-based position `window_start`; the variant's REF must match.
pub(crate) fn from_sequence(
    window: &[u8],
    window_start: u64,
    pos: u64,
    ref_allele: &str,
    alt: &str,
    rules: &RepeatRules,
) -> Result<Option<RepeatCall>, ReferenceError> {
    let Some(seq) = indel_sequence(ref_allele, alt) else {
        return Ok(None);
    };
    if pos < window_start {
        return Err(ReferenceError::BeforeWindow);
    }
    let anchor = (pos - window_start) as usize;
    let r = ref_allele.as_bytes();
    match window.get(anchor..anchor + r.len()) {
        Some(w) if w.eq_ignore_ascii_case(r) => {}
        Some(w) => {
            return Err(ReferenceError::RefMismatch {
                ref_allele: ref_allele.to_string(),
                found: String::from_utf8_lossy(w).into_owned(),
            })
        }
        None => return Err(ReferenceError::PastContigEnd),
    }
    let unit = minimal_unit(seq.as_bytes());
    let first_changed = anchor + 1 + (r.len().min(alt.len()) - 1);
    let copies = tandem_copies(window, first_changed, unit);
    let repeat = rules.is_microsatellite(unit.len(), copies);
    Ok(Some(RepeatCall {
        repeat,
        homopolymer_1bp: repeat && unit.len() == 1 && seq.len() == 1,
    }))
}

/// Flank fetched on each side of an indel.
pub(crate) const FLANK: u64 = 100;

/// An indexed FASTA (`.fai` beside it), queried by contig name in any
/// `chr`/no-`chr` spelling.
pub struct Reference {
    reader: noodles::fasta::io::IndexedReader<noodles::fasta::io::BufReader<std::fs::File>>,
    /// Normalised contig name → (name in the FASTA, length).
    contigs: BTreeMap<String, (String, u64)>,
}

impl Reference {
    pub fn open(path: &Path) -> Result<Reference, ReferenceError> {
        // A .fai that disagrees with the FASTA (truncated file, stale index) is refused.
        crate::consequence::fasta::check_fai(path).map_err(|e| ReferenceError::Open {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
        })?;
        let reader = noodles::fasta::io::indexed_reader::Builder::default()
            .build_from_path(path)
            .map_err(|source| ReferenceError::Open {
                path: path.to_path_buf(),
                source,
            })?;
        let mut contigs = BTreeMap::new();
        for r in reader.index().as_ref() {
            let name = String::from_utf8_lossy(r.name().as_ref()).into_owned();
            contigs
                .entry(crate::genome::normalise_chrom(&name).to_string())
                .or_insert((name, r.length()));
        }
        Ok(Reference { reader, contigs })
    }

    /// Reference bases `[start, end]` (1-based, inclusive, clamped to the
    /// contig) and the clamped start; None when the contig is not in the FASTA.
    pub fn fetch(&mut self, chrom: &str, start: u64, end: u64) -> Result<Option<(u64, Vec<u8>)>, ReferenceError> {
        let Some((name, len)) = self.contigs.get(crate::genome::normalise_chrom(chrom)).cloned() else {
            return Ok(None);
        };
        let s = start.max(1);
        let e = end.min(len);
        if e < s {
            return Ok(Some((s, Vec::new())));
        }
        let sp = noodles::core::Position::try_from(s as usize).map_err(ReferenceError::Position)?;
        let ep = noodles::core::Position::try_from(e as usize).map_err(ReferenceError::Position)?;
        let region = noodles::core::Region::new(name.as_str(), sp..=ep);
        let rec = self.reader.query(&region).map_err(|source| ReferenceError::Read {
            region: format!("{name}:{s}-{e}"),
            source,
        })?;
        Ok(Some((s, rec.sequence().as_ref().to_vec())))
    }

    /// Repeat context of one indel; Ok(None) when the contig is absent or the
    /// variant is not an anchored indel.
    pub(crate) fn repeat_context(
        &mut self,
        chrom: &str,
        pos: u64,
        ref_allele: &str,
        alt: &str,
        rules: &RepeatRules,
    ) -> Result<Option<RepeatCall>, ReferenceError> {
        let end = pos.saturating_add(ref_allele.len() as u64).saturating_add(FLANK);
        let Some((start, window)) = self.fetch(chrom, pos.saturating_sub(FLANK), end)? else {
            return Ok(None);
        };
        from_sequence(&window, start, pos, ref_allele, alt, rules)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indel_sequences_and_units() {
        assert_eq!(indel_sequence("AT", "A"), Some("T"));
        assert_eq!(indel_sequence("A", "ATT"), Some("TT"));
        assert_eq!(indel_sequence("ACAC", "AC"), Some("AC"));
        assert_eq!(indel_sequence("A", "G"), None);
        assert_eq!(indel_sequence("AC", "GT"), None);
        assert_eq!(indel_sequence("ACG", "T"), None);
        assert_eq!(minimal_unit(b"AAAA"), b"A");
        assert_eq!(minimal_unit(b"ATAT"), b"AT");
        assert_eq!(minimal_unit(b"ATG"), b"ATG");
        assert_eq!(minimal_unit(b"ATA"), b"ATA");
    }

    #[test]
    fn microsatellite_rule() {
        let r = RepeatRules::default();
        assert!(r.is_microsatellite(1, 5));
        assert!(!r.is_microsatellite(1, 4));
        assert!(!r.is_microsatellite(2, 4)); // 8 bp
        assert!(r.is_microsatellite(2, 5)); // 10 bp
        assert!(!r.is_microsatellite(3, 3)); // 9 bp
        assert!(r.is_microsatellite(4, 3)); // 12 bp
        assert!(!r.is_microsatellite(7, 10));
    }

    fn m2(unit: Option<&str>, count: Option<u32>, is_str: bool) -> CallerRepeat {
        CallerRepeat {
            is_str,
            unit: unit.map(str::to_string),
            ref_count: count,
            known: true,
        }
    }

    fn fields(c: CallerContext) -> RepeatCall {
        match c {
            CallerContext::Fields(r) => r,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn caller_fields() {
        let r = RepeatRules::default();
        // Mutect2: STR;RU=T;RPA=7,6 — 1 bp deletion in a T7 run.
        let c = fields(from_caller(&m2(Some("T"), Some(7), true), "AT", "A", &r));
        assert_eq!(
            c,
            RepeatCall {
                repeat: true,
                homopolymer_1bp: true
            }
        );
        // 2 bp deletion of TT from the same run: repeat, not 1 bp.
        let c = fields(from_caller(&m2(Some("T"), Some(7), true), "ATT", "A", &r));
        assert!(c.repeat && !c.homopolymer_1bp);
        // Strelka2: RU=A;RC=1 — not a repeat although RU is present.
        let c = fields(from_caller(&m2(Some("A"), Some(1), true), "CA", "C", &r));
        assert!(!c.repeat);
        // Strelka2 dinucleotide: RU=CA;RC=6 (12 bp).
        assert!(fields(from_caller(&m2(Some("CA"), Some(6), true), "GCA", "G", &r)).repeat);
        // Mutect2 indel without STR (or a stripped record): fields absent.
        assert_eq!(
            from_caller(&m2(None, None, false), "GC", "G", &r),
            CallerContext::Absent
        );
        // Flag without counts: trusted.
        assert!(fields(from_caller(&m2(None, None, true), "GC", "G", &r)).repeat);
        // No repeat fields in the file, or an SNV: nothing.
        assert_eq!(
            from_caller(&CallerRepeat::default(), "AT", "A", &r),
            CallerContext::None
        );
        assert_eq!(
            from_caller(&m2(Some("T"), Some(7), true), "A", "T", &r),
            CallerContext::None
        );
    }

    #[test]
    fn sequence_context() {
        let r = RepeatRules::default();
        //          1234567890123456
        let w = b"GCGCAAAAAAGCGCGC";
        // Deletion of one A from AAAAAA (anchor C at 4): repeat, 1 bp homopolymer.
        let c = from_sequence(w, 1, 4, "CA", "C", &r).unwrap().unwrap();
        assert!(c.repeat && c.homopolymer_1bp);
        // Same deletion written right-shifted (anchor A at 7): still 6 copies.
        let c = from_sequence(w, 1, 7, "AA", "A", &r).unwrap().unwrap();
        assert!(c.repeat && c.homopolymer_1bp);
        // Insertion of A after the run.
        let c = from_sequence(w, 1, 10, "A", "AA", &r).unwrap().unwrap();
        assert!(c.repeat);
        // Insertion of T: no T run → not a repeat.
        let c = from_sequence(w, 1, 10, "A", "AT", &r).unwrap().unwrap();
        assert!(!c.repeat);
        // GC dinucleotide at the end: GCGCGC = 3 copies, 6 bp < 10 → not a repeat.
        let c = from_sequence(w, 1, 10, "AGC", "A", &r).unwrap().unwrap();
        assert!(!c.repeat);
        // A window offset: same site with the window starting at 101.
        let c = from_sequence(w, 101, 104, "CA", "C", &r).unwrap().unwrap();
        assert!(c.repeat);
        // REF mismatch is an error.
        assert!(from_sequence(w, 1, 4, "GA", "G", &r)
            .unwrap_err()
            .to_string()
            .contains("does not match"));
        // AAAA (4) is too short.
        let c = from_sequence(b"GCAAAAGC", 1, 2, "CA", "C", &r).unwrap().unwrap();
        assert!(!c.repeat);
        // SNV: no context.
        assert_eq!(from_sequence(w, 1, 4, "C", "T", &r).unwrap(), None);
    }
}
