//! The listed alterations that no stage after reading needs, kept in their report form outside
//! the heap (issue 13: peak memory flat as the input grows).
//!
//! The biomarkers, the interpretation and the therapy matching read only some of the listed
//! alterations (drivers, mismatch-repair and POLE/POLD1 genes, those a therapy rule could match:
//! the pipeline decides). Every other one is only ever written out, so it is converted to its
//! report form as the chunks are processed and encoded compactly ([`Rest::push`]); once more than
//! [`spill_after`] of them are held, the encoded bytes go to an anonymous temporary file
//! (`tempfile::tempfile`, in `TMPDIR`) in blocks, one list per oncogenicity level, so a small
//! report never touches the disk. The report's [`Alterations`] then read them back one at a time,
//! in report order, between the alterations kept in memory: the JSON, TSV and HTML writers
//! stream them.
//!
//! Ids: an alteration's id is its place in the report order (`A1` first). The pipeline gives the
//! alterations it keeps their ids and places; the spilled ones fill the other places of their
//! level in file order and get their ids when they are read back.

mod codec;

use super::model::{AlterationOut, Oncogenicity};
use crate::model::Alteration;
use codec::{decode, encode};
use serde::de::{Deserialize, Deserializer};
use serde::ser::{Error as _, Serialize, SerializeSeq, Serializer};
use std::borrow::Cow;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::sync::{Arc, Mutex, OnceLock};

/// Oncogenicity levels: the lists of a [`Rest`] (the pipeline's slots, strongest first).
pub(crate) const LEVELS: usize = 4;

/// Spilled alterations held in memory before they go to the temporary file.
pub(crate) const DEFAULT_SPILL_AFTER: usize = 4096;

/// Bytes of one level held in memory, once spilling, before they are written as one block.
const BLOCK: usize = 1 << 16;

/// The number of spillable alterations held in memory before they go to disk:
/// [`DEFAULT_SPILL_AFTER`], or the environment variable `ONCOPROFILE_SPILL_AFTER` (a hidden
/// setting for tests and measurements: `ONCOPROFILE_SPILL_AFTER=0` spills from the first
/// alteration). Read once per process.
pub(crate) fn spill_after() -> usize {
    static AFTER: OnceLock<usize> = OnceLock::new();
    *AFTER.get_or_init(|| {
        std::env::var("ONCOPROFILE_SPILL_AFTER")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(DEFAULT_SPILL_AFTER)
    })
}

/// Writing or reading back the spilled alterations failed.
#[derive(Debug, thiserror::Error)]
pub enum SpillError {
    #[error("temporary file of the listed alterations: {0}")]
    Io(#[from] std::io::Error),
    #[error("temporary file of the listed alterations is damaged: {0}")]
    Corrupt(&'static str),
}

/// One level's encoded alterations: blocks in the file, then a tail in memory.
#[derive(Debug, Default)]
struct Level {
    /// (offset, length) of each block in the file, in file order.
    blocks: Vec<(u64, usize)>,
    tail: Vec<u8>,
    /// Alterations in the tail.
    tail_count: usize,
    /// All the level's alterations.
    count: u64,
}

/// The spillable alterations of a chunk or of the whole file, per level in file order.
#[derive(Debug)]
pub struct Rest {
    levels: [Level; LEVELS],
    file: Option<File>,
    /// End of the file's written part.
    end: u64,
    after: usize,
    error: Option<SpillError>,
}

impl Default for Rest {
    fn default() -> Rest {
        Rest::with_threshold(spill_after())
    }
}

impl Rest {
    /// A store that spills once more than `after` alterations are held in memory.
    pub(crate) fn with_threshold(after: usize) -> Rest {
        Rest {
            levels: Default::default(),
            file: None,
            end: 0,
            after,
            error: None,
        }
    }

    /// All the alterations, spilled or not.
    pub fn len(&self) -> u64 {
        self.levels.iter().map(|l| l.count).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The alterations of one level.
    pub(crate) fn len_of(&self, level: usize) -> u64 {
        self.levels.get(level).map_or(0, |l| l.count)
    }

    /// True once alterations went to the temporary file.
    #[cfg(test)]
    pub(crate) fn spilled(&self) -> bool {
        self.file.is_some()
    }

    /// One alteration of `level`, after the ones before it (in memory: a chunk never spills).
    pub(crate) fn push(&mut self, level: usize, a: Alteration) {
        let alt_index = a.variant.alt_index as u64;
        let out = super::alteration::alteration(a);
        let l = &mut self.levels[level.min(LEVELS - 1)];
        encode(&mut l.tail, alt_index, &out);
        l.tail_count += 1;
        l.count += 1;
    }

    /// A later chunk's alterations, after these; spills when over the threshold.
    pub(crate) fn append(&mut self, mut later: Rest) {
        if let Some(e) = later.error.take() {
            self.error.get_or_insert(e);
        }
        for (i, theirs) in later.levels.iter_mut().enumerate() {
            let bytes = match later.file.as_mut() {
                // Not made by the pipeline (a chunk never spills); kept correct all the same.
                Some(f) if !theirs.blocks.is_empty() => match read_all(f, theirs) {
                    Ok(b) => b,
                    Err(e) => {
                        self.error.get_or_insert(e);
                        continue;
                    }
                },
                _ => std::mem::take(&mut theirs.tail),
            };
            let mine = &mut self.levels[i];
            mine.tail.extend_from_slice(&bytes);
            mine.tail_count += theirs.count as usize;
            mine.count += theirs.count;
        }
        self.spill();
    }

    /// Write the tails out if spilling (or past the threshold).
    fn spill(&mut self) {
        if self.error.is_some() {
            return;
        }
        let held: usize = self.levels.iter().map(|l| l.tail_count).sum();
        if self.file.is_none() && held <= self.after {
            return;
        }
        if self.file.is_none() {
            match tempfile::tempfile() {
                Ok(f) => self.file = Some(f),
                Err(e) => {
                    self.error = Some(e.into());
                    return;
                }
            }
        }
        let Some(file) = self.file.as_mut() else { return };
        for l in &mut self.levels {
            if l.tail.is_empty() || (l.tail.len() < BLOCK && l.tail_count <= self.after) {
                continue;
            }
            if let Err(e) = file.write_all(&l.tail) {
                self.error = Some(e.into());
                return;
            }
            l.blocks.push((self.end, l.tail.len()));
            self.end += l.tail.len() as u64;
            l.tail.clear();
            l.tail.shrink_to(BLOCK);
            l.tail_count = 0;
        }
    }

    /// The first error writing the temporary file, if any (the alterations are then incomplete).
    pub(crate) fn take_error(&mut self) -> Option<SpillError> {
        self.error.take()
    }

    /// The same alterations, each level sorted by file order (record, then ALT), in memory; with
    /// the sorted (record, ALT index) keys of each level. The fallback for chunks merged out of
    /// file order, which the engine never does.
    pub(crate) fn into_sorted(mut self) -> Result<(Rest, LevelKeys), SpillError> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        let mut out = Rest::with_threshold(usize::MAX);
        let mut keys: LevelKeys = Default::default();
        for (i, level) in self.levels.iter_mut().enumerate() {
            let bytes = match self.file.as_mut() {
                Some(f) => read_all(f, level)?,
                None => std::mem::take(&mut level.tail),
            };
            let mut items = Vec::with_capacity(level.count as usize);
            let mut at = 0;
            while at < bytes.len() {
                let (alt_index, a) = decode(&bytes, &mut at)?;
                items.push((a.record, alt_index, a));
            }
            if items.len() as u64 != level.count {
                return Err(SpillError::Corrupt("fewer alterations than were written"));
            }
            items.sort_by_key(|(r, i, _)| (*r, *i));
            let l = &mut out.levels[i];
            for (r, alt_index, a) in items {
                keys[i].push((r, alt_index));
                encode(&mut l.tail, alt_index, &a);
                l.tail_count += 1;
                l.count += 1;
            }
        }
        Ok((out, keys))
    }
}

/// The sorted (record, ALT index) keys of each level.
pub(crate) type LevelKeys = [Vec<(u64, u64)>; LEVELS];

/// A level's blocks and tail, read whole (the out-of-order fallback only).
fn read_all(f: &mut File, level: &mut Level) -> Result<Vec<u8>, SpillError> {
    let mut bytes = Vec::new();
    for &(offset, len) in &level.blocks {
        let start = bytes.len();
        bytes.resize(start + len, 0);
        f.seek(SeekFrom::Start(offset))?;
        f.read_exact(&mut bytes[start..])?;
    }
    level.blocks.clear();
    bytes.append(&mut level.tail);
    Ok(bytes)
}

/// The spilled alterations once the file is read, for reading back.
#[derive(Debug)]
struct Spilled {
    levels: [Level; LEVELS],
    file: Option<Mutex<File>>,
}

/// The listed alterations of a report, in report order: those kept in memory (every driver among
/// them) and, between them, those read back from the spill. Serialised as the plain list; its
/// JSON Schema is that of `Vec<AlterationOut>`.
#[derive(Clone)]
pub struct Alterations {
    kept: Vec<AlterationOut>,
    /// The report place (0-based) of each kept alteration; empty when all are kept.
    places: Vec<u64>,
    rest: Option<Arc<Spilled>>,
    /// Per level, the report place after its last alteration.
    ends: [u64; LEVELS],
    len: u64,
}

impl Alterations {
    /// `kept` (report order, with their ids) at `places`, and the others from `rest`.
    pub fn new(kept: Vec<AlterationOut>, places: Vec<u64>, rest: Rest) -> Alterations {
        let mut ends = [0u64; LEVELS];
        let mut end = 0;
        for (i, e) in ends.iter_mut().enumerate() {
            end += kept.iter().filter(|a| level_of(a.oncogenicity) == i).count() as u64 + rest.len_of(i);
            *e = end;
        }
        let Rest { levels, file, .. } = rest;
        Alterations {
            kept,
            places,
            rest: Some(Arc::new(Spilled {
                levels,
                file: file.map(Mutex::new),
            })),
            ends,
            len: end,
        }
    }

    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The alterations held in memory, in report order: every driver and every alteration a
    /// later stage read (all of them in a report read from JSON).
    pub(crate) fn in_memory(&self) -> &[AlterationOut] {
        &self.kept
    }

    /// Every alteration in report order; the spilled ones are read back one at a time.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            alts: self,
            place: 0,
            kept: 0,
            level: 0,
            reader: Reader::default(),
        }
    }

    /// All of them in memory (tests and small reports).
    #[cfg(test)]
    pub(crate) fn to_vec(&self) -> Result<Vec<AlterationOut>, SpillError> {
        self.iter().map(|a| a.map(Cow::into_owned)).collect()
    }
}

fn level_of(o: Oncogenicity) -> usize {
    match o {
        Oncogenicity::Oncogenic => 0,
        Oncogenicity::LikelyOncogenic => 1,
        Oncogenicity::Vus => 2,
        Oncogenicity::LikelyBenign => 3,
    }
}

impl From<Vec<AlterationOut>> for Alterations {
    fn from(kept: Vec<AlterationOut>) -> Alterations {
        let len = kept.len() as u64;
        Alterations {
            kept,
            places: Vec::new(),
            rest: None,
            ends: [len; LEVELS],
            len,
        }
    }
}

impl Default for Alterations {
    fn default() -> Alterations {
        Alterations::from(Vec::new())
    }
}

impl std::fmt::Debug for Alterations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Alterations")
            .field("len", &self.len)
            .field("in_memory", &self.kept.len())
            .finish()
    }
}

impl PartialEq for Alterations {
    fn eq(&self, other: &Alterations) -> bool {
        self.len == other.len
            && self
                .iter()
                .zip(other.iter())
                .all(|(a, b)| matches!((a, b), (Ok(a), Ok(b)) if *a == *b))
    }
}

impl Serialize for Alterations {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for a in self.iter() {
            let a = a.map_err(S::Error::custom)?;
            seq.serialize_element(&*a)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Alterations {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Alterations, D::Error> {
        Vec::<AlterationOut>::deserialize(d).map(Alterations::from)
    }
}

impl schemars::JsonSchema for Alterations {
    fn inline_schema() -> bool {
        <Vec<AlterationOut>>::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        <Vec<AlterationOut>>::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        <Vec<AlterationOut>>::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Vec<AlterationOut>>::json_schema(generator)
    }
}

/// Where a level is being read: the block read last (or the tail).
#[derive(Default)]
struct Reader {
    block: usize,
    buf: Vec<u8>,
    in_tail: bool,
    at: usize,
}

/// The alterations in report order ([`Alterations::iter`]).
pub struct Iter<'a> {
    alts: &'a Alterations,
    place: u64,
    kept: usize,
    level: usize,
    reader: Reader,
}

impl<'a> Iterator for Iter<'a> {
    type Item = Result<Cow<'a, AlterationOut>, SpillError>;

    fn next(&mut self) -> Option<Self::Item> {
        let alts = self.alts;
        if self.place >= alts.len {
            return None;
        }
        let place = self.place;
        self.place += 1;
        let kept_here = match alts.places.get(self.kept) {
            Some(&p) => p == place,
            None => alts.places.is_empty() && self.kept < alts.kept.len(),
        };
        if kept_here {
            let a = alts.kept.get(self.kept)?;
            self.kept += 1;
            return Some(Ok(Cow::Borrowed(a)));
        }
        let r = self.spilled(place);
        if r.is_err() {
            // Nothing after a failed read.
            self.place = alts.len;
        }
        Some(r.map(Cow::Owned))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = (self.alts.len - self.place) as usize;
        (n, Some(n))
    }
}

impl Iter<'_> {
    /// The spilled alteration at `place`.
    fn spilled(&mut self, place: u64) -> Result<AlterationOut, SpillError> {
        let rest = self
            .alts
            .rest
            .as_deref()
            .ok_or(SpillError::Corrupt("an alteration is missing"))?;
        while self.level < LEVELS && place >= self.alts.ends[self.level] {
            self.level += 1;
            self.reader = Reader::default();
        }
        let level = rest
            .levels
            .get(self.level)
            .ok_or(SpillError::Corrupt("an alteration is missing"))?;
        let r = &mut self.reader;
        loop {
            let bytes: &[u8] = if r.in_tail { &level.tail } else { &r.buf };
            if r.at < bytes.len() {
                let (_, mut a) = decode(bytes, &mut r.at)?;
                a.id = format!("A{}", place + 1);
                return Ok(a);
            }
            if let Some(&(offset, len)) = level.blocks.get(r.block) {
                let file = rest
                    .file
                    .as_ref()
                    .ok_or(SpillError::Corrupt("a block without a file"))?;
                let mut f = file.lock().map_err(|_| SpillError::Corrupt("a reader failed"))?;
                r.buf.resize(len, 0);
                f.seek(SeekFrom::Start(offset))?;
                f.read_exact(&mut r.buf)?;
                r.block += 1;
                r.at = 0;
            } else if !r.in_tail {
                r.in_tail = true;
                r.at = 0;
            } else {
                return Err(SpillError::Corrupt("fewer alterations than were written"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::model::{Evidence, VariantKind};

    pub(super) fn full(record: u64) -> AlterationOut {
        AlterationOut {
            id: String::new(),
            chrom: "chr7".into(),
            pos: 140_753_336,
            ref_allele: "A".into(),
            alt: "T".into(),
            kind: VariantKind::Snv,
            record,
            gene: Some("BRAF".into()),
            transcript: Some("ENST00000646891".into()),
            consequence: vec!["missense_variant".into(), "splice_region_variant".into()],
            exon: Some("15/18".into()),
            hgvsc: Some("c.1799T>A".into()),
            hgvsp: Some("p.Val600Glu".into()),
            protein_change: Some("p.Q1276*".into()),
            protein_change_input: Some("p.Q1276X".into()),
            annotation_source: Some("VEP".into()),
            vaf: Some(0.1 + 0.2),
            depth: Some(u32::MAX),
            alt_depth: Some(0),
            normal_vaf: Some(f64::MIN_POSITIVE),
            normal_depth: None,
            population_af: Some(-0.0),
            filters: vec!["PASS".into()],
            oncogenicity: Oncogenicity::LikelyOncogenic,
            driver: true,
            gene_role: Some("oncogene".into()),
            pathways: vec!["RTK_RAS".into(), "MAPK".into()],
            hotspot: Some("V600 (Cancer Hotspots v2)".into()),
            evidence: vec![Evidence {
                reason: "hotspot \u{2014} ünïcode".into(),
                source: "PMID 26619011".into(),
            }],
        }
    }

    pub(super) fn sparse(record: u64) -> AlterationOut {
        AlterationOut {
            gene: None,
            transcript: None,
            consequence: vec![],
            exon: None,
            hgvsc: None,
            hgvsp: None,
            protein_change: None,
            annotation_source: None,
            vaf: None,
            depth: None,
            alt_depth: None,
            normal_vaf: None,
            population_af: None,
            filters: vec![],
            oncogenicity: Oncogenicity::Vus,
            driver: false,
            gene_role: None,
            pathways: vec![],
            hotspot: None,
            evidence: vec![],
            kind: VariantKind::Symbolic,
            ..full(record)
        }
    }

    #[test]
    fn a_rest_past_its_threshold_reads_back_in_order_from_the_file() {
        // 3 levels × 200 alterations, threshold 10, written in 64 KiB blocks.
        let mut total = Rest::with_threshold(10);
        for chunk in 0..20u64 {
            let mut c = Rest::with_threshold(10);
            for j in 0..30u64 {
                let r = chunk * 30 + j;
                let level = (r % 3) as usize + 1;
                let mut b = Vec::new();
                let mut a = sparse(r);
                a.oncogenicity = [
                    Oncogenicity::Oncogenic,
                    Oncogenicity::LikelyOncogenic,
                    Oncogenicity::Vus,
                    Oncogenicity::LikelyBenign,
                ][level];
                encode(&mut b, 1, &a);
                let l = &mut c.levels[level];
                l.tail.extend_from_slice(&b);
                l.tail_count += 1;
                l.count += 1;
            }
            total.append(c);
        }
        assert!(total.spilled());
        assert_eq!(
            (total.len_of(0), total.len_of(1), total.len_of(2), total.len_of(3)),
            (0, 200, 200, 200)
        );
        let all = Alterations::new(Vec::new(), Vec::new(), total);
        assert_eq!(all.len(), 600);
        let got: Vec<(String, u64)> = all
            .iter()
            .map(|a| a.map(|a| (a.id.clone(), a.record)).expect("read back"))
            .collect();
        // Level by level, file order within each; ids follow the places.
        let want: Vec<(String, u64)> = (1..4u64)
            .flat_map(|l| (0..600u64).filter(move |r| r % 3 + 1 == l))
            .enumerate()
            .map(|(i, r)| (format!("A{}", i + 1), r))
            .collect();
        assert_eq!(got, want);
        // Two readers at once (JSON and TSV of one report) each see the whole list.
        let mut a = all.iter();
        let mut b = all.iter();
        assert_eq!(a.next().map(|x| x.map(|x| x.record).ok()), Some(Some(0)));
        assert_eq!(b.next().map(|x| x.map(|x| x.record).ok()), Some(Some(0)));
        assert_eq!(all.to_vec().expect("all").len(), 600);
    }
}
