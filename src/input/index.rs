//! Tabix (`.tbi`) and CSI (`.csi`) indexes of BGZF VCF files, read by our own bounded parser
//! (every count is checked against the bytes left before anything is allocated), and the reader
//! that serves only the index chunks overlapping a set of regions (`-r/-R` with an index).
//!
//! The query is the standard binning scheme (SAM/tabix specification, section 5): the bins that
//! overlap each region, their chunks merged into disjoint, sorted virtual-offset ranges. The
//! linear index is not used to trim chunks (a speed refinement only). Records inside the chunks
//! but outside the regions are dropped by the record stage's exact overlap test.

use crate::genome::RegionSet;
use noodles::bgzf;
use std::collections::BTreeMap;
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};

/// Largest index accepted, decompressed (a human exome index is well under 1 MB).
const MAX_INDEX_BYTES: u64 = 512 << 20;

/// Per reference: bin → chunks (begin, end virtual offsets).
#[derive(Debug, Default)]
pub(crate) struct Index {
    min_shift: u32,
    depth: u32,
    /// Normalised contig name → bins.
    refs: BTreeMap<String, BTreeMap<u32, Vec<(u64, u64)>>>,
}

/// The index beside `vcf` (`.tbi`, else `.csi`), if any.
pub(crate) fn find(vcf: &Path) -> Option<PathBuf> {
    ["tbi", "csi"].iter().find_map(|ext| {
        let mut p = vcf.as_os_str().to_os_string();
        p.push(".");
        p.push(ext);
        let p = PathBuf::from(p);
        p.is_file().then_some(p)
    })
}

/// Why a `.tbi`/`.csi` index cannot be used.
#[derive(Debug, thiserror::Error)]
pub(crate) enum IndexError {
    #[error("cannot open: {0}")]
    Open(#[source] std::io::Error),
    #[error("cannot read: {0}")]
    Read(#[source] std::io::Error),
    #[error("larger than {0} bytes")]
    TooLarge(u64),
    #[error("ends early (at byte {at} of {len})")]
    EndsEarly { at: usize, len: usize },
    #[error("negative {what} count {n}")]
    NegativeCount { what: &'static str, n: i32 },
    #[error("{what} count {n} is larger than the index")]
    CountTooLarge { what: &'static str, n: usize },
    #[error("bad CSI min_shift {min_shift} / depth {depth}")]
    CsiShape { min_shift: i32, depth: i32 },
    #[error("not a tabix or CSI index")]
    NotAnIndex,
    #[error("{names} contig names for {refs} references")]
    Names { names: usize, refs: usize },
}

struct Bytes<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Bytes<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], IndexError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.b.len())
            .ok_or(IndexError::EndsEarly {
                at: self.at,
                len: self.b.len(),
            })?;
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn i32(&mut self) -> Result<i32, IndexError> {
        let s = self.take(4)?;
        Ok(i32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn u64(&mut self) -> Result<u64, IndexError> {
        let s = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(s);
        Ok(u64::from_le_bytes(a))
    }
    /// A count of items of `size` bytes each that must fit in what is left.
    fn count(&mut self, size: usize, what: &'static str) -> Result<usize, IndexError> {
        let n = self.i32()?;
        let n = usize::try_from(n).map_err(|_| IndexError::NegativeCount { what, n })?;
        if n.saturating_mul(size) > self.b.len() - self.at {
            return Err(IndexError::CountTooLarge { what, n });
        }
        Ok(n)
    }
    fn left(&self) -> usize {
        self.b.len() - self.at
    }
}

/// Contig names of the tabix-style header (`format` … `names`).
fn tabix_names(r: &mut Bytes<'_>) -> Result<Vec<String>, IndexError> {
    for _ in 0..6 {
        r.i32()?; // format, col_seq, col_beg, col_end, meta, skip
    }
    let l_nm = r.count(1, "name bytes")?;
    let names = r.take(l_nm)?;
    Ok(names
        .split(|&b| b == 0)
        .filter(|n| !n.is_empty())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect())
}

impl Index {
    /// Read a `.tbi` or `.csi` file.
    pub fn read(path: &Path) -> Result<Index, IndexError> {
        let f = std::fs::File::open(path).map_err(IndexError::Open)?;
        let mut data = Vec::new();
        bgzf::io::Reader::new(f)
            .take(MAX_INDEX_BYTES + 1)
            .read_to_end(&mut data)
            .map_err(IndexError::Read)?;
        if data.len() as u64 > MAX_INDEX_BYTES {
            return Err(IndexError::TooLarge(MAX_INDEX_BYTES));
        }
        let mut r = Bytes { b: &data, at: 0 };
        let magic = r.take(4)?;
        let (min_shift, depth, names, n_ref, csi) = match magic {
            b"TBI\x01" => {
                let n_ref = r.count(4, "reference")?;
                (14, 5, tabix_names(&mut r)?, n_ref, false)
            }
            b"CSI\x01" => {
                let min_shift = r.i32()?;
                let depth = r.i32()?;
                if !(0..=31).contains(&min_shift) || !(0..=10).contains(&depth) || min_shift + 3 * depth > 62 {
                    return Err(IndexError::CsiShape { min_shift, depth });
                }
                let l_aux = r.count(1, "aux bytes")?;
                let aux = r.take(l_aux)?;
                let names = if l_aux >= 28 {
                    tabix_names(&mut Bytes { b: aux, at: 0 })?
                } else {
                    vec![]
                };
                let n_ref = r.count(4, "reference")?;
                (min_shift as u32, depth as u32, names, n_ref, true)
            }
            _ => return Err(IndexError::NotAnIndex),
        };
        if names.len() != n_ref {
            return Err(IndexError::Names {
                names: names.len(),
                refs: n_ref,
            });
        }
        let mut refs = BTreeMap::new();
        for name in names {
            let n_bin = r.count(8, "bin")?;
            let mut bins: BTreeMap<u32, Vec<(u64, u64)>> = BTreeMap::new();
            for _ in 0..n_bin {
                let bin = r.i32()? as u32;
                if csi {
                    r.u64()?; // loffset
                }
                let n_chunk = r.count(16, "chunk")?;
                let v = bins.entry(bin).or_default();
                for _ in 0..n_chunk {
                    let (b, e) = (r.u64()?, r.u64()?);
                    v.push((b, e));
                }
            }
            if !csi {
                let n_intv = r.count(8, "linear index")?;
                r.take(n_intv * 8)?;
            }
            refs.insert(crate::genome::normalise_chrom(&name).to_string(), bins);
        }
        let _ = r.left();
        Ok(Index { min_shift, depth, refs })
    }

    /// Bins overlapping the 0-based half-open `[beg, end)`.
    fn bins(&self, beg: u64, end: u64) -> Vec<u32> {
        let end = end.saturating_sub(1).max(beg);
        let mut out = Vec::new();
        let mut t: u64 = 0;
        let mut s = self.min_shift + self.depth * 3;
        for l in 0..=self.depth {
            let (b, e) = (t + (beg >> s), t + (end >> s));
            // Bins of one level that a region spans; a whole-contig region spans them all.
            out.extend((b..=e.min(b + (1 << (3 * l)))).map(|x| x as u32));
            t += 1 << (l * 3);
            s = s.saturating_sub(3);
        }
        out
    }

    /// The merged, sorted chunks holding every record that may overlap `regions`.
    pub(crate) fn chunks(&self, regions: &RegionSet) -> Vec<(u64, u64)> {
        let max_end: u64 = 1 << (self.min_shift + self.depth * 3);
        let mut all = Vec::new();
        for (chrom, beg, end) in regions.intervals() {
            let Some(bins) = self.refs.get(chrom) else { continue };
            for bin in self.bins(beg.min(max_end - 1), end.min(max_end)) {
                if let Some(c) = bins.get(&bin) {
                    all.extend_from_slice(c);
                }
            }
        }
        all.sort_unstable();
        let mut merged: Vec<(u64, u64)> = Vec::with_capacity(all.len());
        for (b, e) in all {
            match merged.last_mut() {
                Some(last) if b <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((b, e)),
            }
        }
        merged
    }
}

/// The bytes of a BGZF file inside the given chunks, in order: what the text reader reads
/// instead of the whole file.
pub(crate) struct ChunkReader {
    inner: bgzf::io::Reader<std::fs::File>,
    chunks: std::vec::IntoIter<(u64, u64)>,
    end: Option<bgzf::VirtualPosition>,
}

impl ChunkReader {
    pub fn new(file: std::fs::File, chunks: Vec<(u64, u64)>) -> ChunkReader {
        ChunkReader {
            inner: bgzf::io::Reader::new(file),
            chunks: chunks.into_iter(),
            end: None,
        }
    }

    /// Bytes that may be read before the current chunk ends (0 when it has).
    fn room(&mut self) -> io::Result<usize> {
        loop {
            let Some(end) = self.end else {
                match self.chunks.next() {
                    Some((b, e)) => {
                        self.inner.seek(bgzf::VirtualPosition::from(b))?;
                        self.end = Some(bgzf::VirtualPosition::from(e));
                        continue;
                    }
                    None => return Ok(0),
                }
            };
            let avail = self.inner.fill_buf()?.len();
            let vp = self.inner.virtual_position();
            if avail == 0 || vp >= end {
                self.end = None;
                if avail == 0 && self.chunks.len() == 0 {
                    return Ok(0);
                }
                continue;
            }
            let (vb, vu) = <(u64, u16)>::from(vp);
            let (eb, eu) = <(u64, u16)>::from(end);
            return Ok(if vb == eb {
                avail.min(usize::from(eu.saturating_sub(vu)))
            } else {
                avail
            });
        }
    }
}

impl Read for ChunkReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.room()?.min(buf.len());
        if n == 0 {
            return Ok(0);
        }
        let src = self.inner.fill_buf()?;
        buf[..n].copy_from_slice(&src[..n]);
        self.inner.consume(n);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabix_bins_of_a_small_region() {
        let i = Index {
            min_shift: 14,
            depth: 5,
            refs: BTreeMap::new(),
        };
        // reg2bin of [0, 1) is 4681 at the finest level; the levels above are 0, 1, 9, 73, 585.
        assert_eq!(i.bins(0, 1), vec![0, 1, 9, 73, 585, 4681]);
        let b = i.bins(140453135, 140453136);
        assert_eq!(b[0], 0);
        assert_eq!(*b.last().unwrap(), 4681 + (140453135 >> 14) as u32);
    }

    #[test]
    fn truncated_or_foreign_index_is_an_error() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("x.tbi");
        std::fs::write(&p, b"not an index").unwrap();
        assert!(Index::read(&p).is_err());
    }
}
