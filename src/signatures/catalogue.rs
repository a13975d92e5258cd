//! Mutation catalogues: SBS96 (and its SBS6 collapse) and DBS78, in the
//! pyrimidine-strand convention with SigProfiler's row names (`A[C>A]A`,
//! `AC>CA`), in SigProfiler's row order (the lexicographic order of the names).
//!
//! A single-base substitution is written from the strand whose reference base
//! is a pyrimidine (C or T): a purine reference (`G>T` in `AGC`) is
//! reverse-complemented with its context (`G[C>A]T`). A doublet is written as
//! one of the 78 canonical reference/alternative pairs of the COSMIC DBS
//! layout, reverse-complementing both when the given strand is not canonical.
//! Indels (ID83) are in [`super::indel`].

/// The six substitution classes of SBS6, in SigProfiler's order.
pub const SBS6: [&str; 6] = ["C>A", "C>G", "C>T", "T>A", "T>C", "T>G"];

const BASES: [u8; 4] = *b"ACGT";

/// The complement of one base (`N` for anything that is not A/C/G/T).
pub(crate) fn complement(b: u8) -> u8 {
    match b.to_ascii_uppercase() {
        b'A' => b'T',
        b'C' => b'G',
        b'G' => b'C',
        b'T' => b'A',
        _ => b'N',
    }
}

/// The reverse complement of a sequence.
pub(crate) fn reverse_complement(s: &[u8]) -> Vec<u8> {
    s.iter().rev().map(|&b| complement(b)).collect()
}

/// The 96 SBS row names in SigProfiler's order: 5' base, substitution, 3' base.
pub(crate) fn sbs96_labels() -> Vec<String> {
    let mut v = Vec::with_capacity(96);
    for &five in &BASES {
        for sub in SBS6 {
            for &three in &BASES {
                v.push(format!("{}[{sub}]{}", five as char, three as char));
            }
        }
    }
    v
}

/// Row index (0..96) of a pyrimidine-strand substitution `five[ref>alt]three`.
fn sbs96_index(five: u8, r: u8, a: u8, three: u8) -> Option<usize> {
    let b = |x: u8| BASES.iter().position(|&c| c == x);
    let sub = SBS6.iter().position(|s| s.as_bytes() == [r, b'>', a])?;
    Some(b(five)? * 24 + sub * 4 + b(three)?)
}

/// The SBS96 row (0..96) of a substitution `ref>alt` whose reference
/// trinucleotide on the given (+) strand is `context` (its middle base must be
/// `ref`). None when a base is not A/C/G/T or the context does not match.
pub(crate) fn sbs96_row(context: &[u8], ref_base: u8, alt_base: u8) -> Option<usize> {
    let [five, mid, three] = <[u8; 3]>::try_from(context).ok()?.map(|b| b.to_ascii_uppercase());
    let (r, a) = (ref_base.to_ascii_uppercase(), alt_base.to_ascii_uppercase());
    if mid != r || r == a {
        return None;
    }
    if r == b'C' || r == b'T' {
        sbs96_index(five, r, a, three)
    } else {
        sbs96_index(complement(three), complement(r), complement(a), complement(five))
    }
}

/// The SBS6 class (0..6) of an SBS96 row.
pub(crate) fn sbs6_of(row: usize) -> usize {
    (row % 24) / 4
}

/// The 78 canonical doublet substitutions of the COSMIC DBS layout, in
/// SigProfiler's order (the row names; they carry no signature data).
pub(crate) const DBS78: [&str; 78] = [
    "AC>CA", "AC>CG", "AC>CT", "AC>GA", "AC>GG", "AC>GT", "AC>TA", "AC>TG", "AC>TT", "AT>CA", "AT>CC", "AT>CG",
    "AT>GA", "AT>GC", "AT>TA", "CC>AA", "CC>AG", "CC>AT", "CC>GA", "CC>GG", "CC>GT", "CC>TA", "CC>TG", "CC>TT",
    "CG>AT", "CG>GC", "CG>GT", "CG>TA", "CG>TC", "CG>TT", "CT>AA", "CT>AC", "CT>AG", "CT>GA", "CT>GC", "CT>GG",
    "CT>TA", "CT>TC", "CT>TG", "GC>AA", "GC>AG", "GC>AT", "GC>CA", "GC>CG", "GC>TA", "TA>AT", "TA>CG", "TA>CT",
    "TA>GC", "TA>GG", "TA>GT", "TC>AA", "TC>AG", "TC>AT", "TC>CA", "TC>CG", "TC>CT", "TC>GA", "TC>GG", "TC>GT",
    "TG>AA", "TG>AC", "TG>AT", "TG>CA", "TG>CC", "TG>CT", "TG>GA", "TG>GC", "TG>GT", "TT>AA", "TT>AC", "TT>AG",
    "TT>CA", "TT>CC", "TT>CG", "TT>GA", "TT>GC", "TT>GG",
];

/// The DBS78 row of a doublet `ref>alt` (two bases each, both changed), from
/// either strand. None when it is not a doublet of A/C/G/T.
pub(crate) fn dbs78_row(ref_pair: &[u8], alt_pair: &[u8]) -> Option<usize> {
    if ref_pair.len() != 2 || alt_pair.len() != 2 {
        return None;
    }
    let up = |s: &[u8]| s.to_ascii_uppercase();
    let (r, a) = (up(ref_pair), up(alt_pair));
    if r[0] == a[0] || r[1] == a[1] || !r.iter().chain(a.iter()).all(|b| BASES.contains(b)) {
        return None;
    }
    let find = |r: &[u8], a: &[u8]| {
        let key = format!("{}>{}", String::from_utf8_lossy(r), String::from_utf8_lossy(a));
        DBS78.iter().position(|&l| l == key)
    };
    find(&r, &a).or_else(|| find(&reverse_complement(&r), &reverse_complement(&a)))
}

/// Counts per row of one sample's catalogues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    pub sbs96: [u64; 96],
    pub(crate) dbs78: [u64; 78],
    pub(crate) id83: [u64; 83],
    /// Substitutions whose context could not be placed (non-ACGT base, REF not matching the context).
    pub unplaced: u64,
    /// SNVs whose trinucleotide came from the input's context column (a MAF's `CONTEXT`).
    pub(crate) column_contexts: u64,
    /// SNVs whose context column disagrees with the FASTA at the variant (the FASTA's was used).
    pub(crate) context_mismatches: u64,
    /// The last SNV seen, held until the next one shows whether the two make a doublet.
    pending: Option<PendingSnv>,
    /// Whether `pending` is the first SNV this catalogue saw.
    pending_is_first: bool,
    /// The first SNV, when it stood alone within this catalogue's chunk: held uncounted so that
    /// [`Self::merge`] can join it with the previous chunk's last SNV into a doublet.
    lead: Option<PendingSnv>,
    /// Whether an SNV was seen.
    seen_snv: bool,
}

/// An SNV held back by [`Catalogue::add_snv`]: contig, position, REF, ALT, its trinucleotide.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PendingSnv {
    chrom: String,
    pos: u64,
    ref_base: u8,
    alt_base: u8,
    context: Option<[u8; 3]>,
}

impl Default for Catalogue {
    fn default() -> Self {
        Catalogue {
            sbs96: [0; 96],
            dbs78: [0; 78],
            id83: [0; 83],
            unplaced: 0,
            column_contexts: 0,
            context_mismatches: 0,
            pending: None,
            pending_is_first: false,
            lead: None,
            seen_snv: false,
        }
    }
}

impl Catalogue {
    /// SBS6 counts, collapsed from SBS96.
    pub fn sbs6(&self) -> [u64; 6] {
        let mut s = [0; 6];
        for (i, &n) in self.sbs96.iter().enumerate() {
            s[sbs6_of(i)] += n;
        }
        s
    }

    /// Add one substitution with its (+ strand) trinucleotide; false when it could not be placed.
    pub(crate) fn add_sbs(&mut self, context: &[u8], ref_base: u8, alt_base: u8) -> bool {
        match sbs96_row(context, ref_base, alt_base) {
            Some(i) => {
                self.sbs96[i] += 1;
                true
            }
            None => {
                self.unplaced += 1;
                false
            }
        }
    }

    /// Add one doublet substitution; false when it is not a doublet of A/C/G/T.
    pub(crate) fn add_dbs(&mut self, ref_pair: &[u8], alt_pair: &[u8]) -> bool {
        match dbs78_row(ref_pair, alt_pair) {
            Some(i) => {
                self.dbs78[i] += 1;
                true
            }
            None => {
                self.unplaced += 1;
                false
            }
        }
    }

    /// Add an SNV in file order (`chrom` normalised): two SNVs at adjacent positions of one contig
    /// make one doublet (DBS78), as SigProfilerMatrixGenerator joins them; otherwise it is counted
    /// as an SBS with its trinucleotide (`None`: unplaced) once the next SNV, or [`Self::flush`],
    /// shows it stands alone.
    pub(crate) fn add_snv(&mut self, chrom: &str, pos: u64, ref_base: u8, alt_base: u8, context: Option<[u8; 3]>) {
        let first = std::mem::take(&mut self.pending_is_first);
        if let Some(p) = self.pending.take() {
            if p.chrom == chrom && p.pos + 1 == pos {
                self.add_dbs(&[p.ref_base, ref_base], &[p.alt_base, alt_base]);
                return;
            }
            if first {
                self.lead = Some(p);
            } else {
                self.count_single(p);
            }
        }
        self.pending_is_first = !self.seen_snv;
        self.seen_snv = true;
        self.pending = Some(PendingSnv {
            chrom: chrom.to_string(),
            pos,
            ref_base,
            alt_base,
            context,
        });
    }

    fn count_single(&mut self, p: PendingSnv) {
        match p.context {
            Some(c) => {
                self.add_sbs(&c, p.ref_base, p.alt_base);
            }
            None => self.unplaced += 1,
        }
    }

    /// Count the SNVs held back by [`Self::add_snv`] as single substitutions (at the end of the
    /// input).
    pub(crate) fn flush(&mut self) {
        for p in [self.lead.take(), self.pending.take()].into_iter().flatten() {
            self.count_single(p);
        }
        self.pending_is_first = false;
    }

    /// Add the counts of the catalogue of the chunk that follows this one in file order. This
    /// catalogue's last held SNV and the other's first make one doublet when they are adjacent, as
    /// within a chunk; SNVs still open at either end of the two stay held for the chunks around.
    pub fn merge(&mut self, other: &Catalogue) {
        let mut other = other.clone();
        if other.seen_snv && self.seen_snv {
            let (a_head, a_tail, a_same) = (self.lead.take(), self.pending.take(), self.pending_is_first);
            let (b_head, b_tail, b_same) = (other.lead.take(), other.pending.take(), other.pending_is_first);
            // The first open SNV of the other chunk (its only one when `b_same`).
            let b_first = if b_same { b_tail.clone() } else { b_head };
            let joined = match (&a_tail, &b_first) {
                (Some(p), Some(f)) if p.chrom == f.chrom && p.pos + 1 == f.pos => {
                    self.add_dbs(&[p.ref_base, f.ref_base], &[p.alt_base, f.alt_base]);
                    true
                }
                _ => false,
            };
            if !joined {
                // Now known to stand alone on the side where the two chunks meet.
                if let Some(p) = a_tail.clone().filter(|_| !a_same) {
                    self.count_single(p);
                }
                if let Some(f) = b_first.filter(|_| !b_same) {
                    self.count_single(f);
                }
            }
            self.lead = if a_same { a_tail.filter(|_| !joined) } else { a_head };
            self.pending = if b_same { b_tail.filter(|_| !joined) } else { b_tail };
            self.pending_is_first = false;
        } else if other.seen_snv {
            self.lead = other.lead.take();
            self.pending = other.pending.take();
            self.pending_is_first = other.pending_is_first;
        }
        self.seen_snv |= other.seen_snv;
        self.sbs96.iter_mut().zip(other.sbs96).for_each(|(a, b)| *a += b);
        self.dbs78.iter_mut().zip(other.dbs78).for_each(|(a, b)| *a += b);
        self.id83.iter_mut().zip(other.id83).for_each(|(a, b)| *a += b);
        self.unplaced += other.unplaced;
        self.column_contexts += other.column_contexts;
        self.context_mismatches += other.context_mismatches;
    }

    pub fn snvs(&self) -> u64 {
        self.sbs96.iter().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SNVs as (chrom, pos, ref, alt), counted into one catalogue, or into one catalogue per
    /// chunk (cut at `cuts`) merged in file order, then flushed.
    fn counted(snvs: &[(&str, u64, u8, u8)], cuts: &[usize]) -> Catalogue {
        let mut total = Catalogue::default();
        let mut bounds: Vec<usize> = cuts.iter().copied().filter(|&c| c <= snvs.len()).collect();
        bounds.push(0);
        bounds.push(snvs.len());
        bounds.sort_unstable();
        for w in bounds.windows(2) {
            let mut chunk = Catalogue::default();
            for &(c, p, r, a) in &snvs[w[0]..w[1]] {
                chunk.add_snv(c, p, r, a, Some([b'A', r, b'A']));
            }
            total.merge(&chunk);
        }
        total.flush();
        total
    }

    #[test]
    fn a_doublet_split_across_two_chunks_is_one_doublet() {
        let snvs = [
            ("1", 10, b'C', b'T'),
            ("1", 20, b'C', b'T'),
            ("1", 21, b'C', b'T'),
            ("1", 40, b'G', b'A'),
        ];
        let whole = counted(&snvs, &[]);
        assert_eq!((whole.snvs(), whole.dbs78.iter().sum::<u64>()), (2, 1));
        for cut in 0..=snvs.len() {
            assert_eq!(counted(&snvs, &[cut]), whole, "cut at {cut}");
        }
        // A chunk holding one SNV between two others that join it on neither side.
        assert_eq!(counted(&snvs, &[1, 2, 3]), whole);
    }

    proptest::proptest! {
        #[test]
        fn chunking_never_changes_the_counts(
            steps in proptest::collection::vec((1u64..4, 0usize..2), 0..40),
            cuts in proptest::collection::vec(0usize..40, 0..6),
        ) {
            // Positions that step by 1 to 3 (so adjacent pairs are common) on two contigs, never
            // three adjacent in a row: a run of three or more pairs greedily from its first SNV
            // within a chunk, so its split depends on where the chunk starts.
            let mut pos = 100;
            let mut last_step = 0;
            let snvs: Vec<(&str, u64, u8, u8)> = steps
                .iter()
                .map(|&(d, c)| {
                    let d = if d == 1 && last_step == 1 { 2 } else { d };
                    last_step = d;
                    pos += d;
                    (["1", "2"][c], pos, b'C', b'T')
                })
                .collect();
            proptest::prop_assert_eq!(counted(&snvs, &cuts), counted(&snvs, &[]));
        }
    }

    #[test]
    fn labels_are_in_sigprofiler_order() {
        let l = sbs96_labels();
        assert_eq!(l.len(), 96);
        assert_eq!(l[0], "A[C>A]A");
        assert_eq!(l[4], "A[C>G]A");
        assert_eq!(l[95], "T[T>G]T");
        let mut sorted = l.clone();
        sorted.sort();
        assert_eq!(sorted, l);
        let mut d = DBS78.to_vec();
        d.sort();
        d.dedup();
        assert_eq!(d.len(), 78);
        assert_eq!(d, DBS78.to_vec());
    }

    #[test]
    fn purine_references_are_reverse_complemented() {
        let l = sbs96_labels();
        // + strand AGC, G>T  ->  - strand GCT, C>A
        assert_eq!(l[sbs96_row(b"AGC", b'G', b'T').unwrap()], "G[C>A]T");
        assert_eq!(l[sbs96_row(b"TCG", b'C', b'T').unwrap()], "T[C>T]G");
        // + strand TAG, A>T -> CTA, T>A
        assert_eq!(l[sbs96_row(b"tag", b'a', b't').unwrap()], "C[T>A]A");
        assert_eq!(sbs96_row(b"TAG", b'C', b'T'), None, "REF must match the middle base");
        assert_eq!(sbs96_row(b"TNG", b'N', b'T'), None);
        assert_eq!(sbs6_of(sbs96_row(b"ACA", b'C', b'T').unwrap()), 2);
    }

    #[test]
    fn doublets_fold_to_the_canonical_strand() {
        assert_eq!(DBS78[dbs78_row(b"CC", b"TT").unwrap()], "CC>TT");
        // GG>AA on + is CC>TT on -
        assert_eq!(DBS78[dbs78_row(b"GG", b"AA").unwrap()], "CC>TT");
        // palindromic reference: AT>TG is AT>CA read on the other strand
        assert_eq!(DBS78[dbs78_row(b"AT", b"TG").unwrap()], "AT>CA");
        assert_eq!(dbs78_row(b"CC", b"CT"), None, "first base unchanged: not a doublet");
        let mut seen = [false; 78];
        for r in ["A", "C", "G", "T"]
            .iter()
            .flat_map(|a| ["A", "C", "G", "T"].map(|b| format!("{a}{b}")))
        {
            for a in ["A", "C", "G", "T"]
                .iter()
                .flat_map(|a| ["A", "C", "G", "T"].map(|b| format!("{a}{b}")))
            {
                if let Some(i) = dbs78_row(r.as_bytes(), a.as_bytes()) {
                    seen[i] = true;
                } else {
                    assert!(r.as_bytes()[0] == a.as_bytes()[0] || r.as_bytes()[1] == a.as_bytes()[1]);
                }
            }
        }
        assert!(seen.iter().all(|&s| s), "every doublet class is reachable");
    }

    #[test]
    fn sbs6_collapses_sbs96() {
        let mut c = Catalogue::default();
        assert!(c.add_sbs(b"ACA", b'C', b'A'));
        assert!(c.add_sbs(b"TGT", b'G', b'T'));
        assert!(c.add_sbs(b"ATG", b'T', b'G'));
        assert!(!c.add_sbs(b"ATG", b'C', b'G'));
        assert_eq!(c.sbs6(), [2, 0, 0, 0, 0, 1]);
        assert_eq!(c.unplaced, 1);
        assert_eq!(c.snvs(), 3);
    }
}
