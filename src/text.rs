//! Fast splitting on an ASCII separator.
//!
//! `str::split(char)` pays a per-match overhead that dominates on VCF lines made of many short
//! fields (CSQ entries have dozens); `memchr` finds the separators with SIMD instead.

/// Column lists of one record, on the stack for the usual sizes (no allocation per record).
pub(crate) type Fields<'a, const N: usize> = smallvec::SmallVec<[&'a str; N]>;

/// `s.split(sep as char)`, for an ASCII `sep`.
pub(crate) fn split_byte(s: &str, sep: u8) -> impl Iterator<Item = &str> + '_ {
    debug_assert!(sep.is_ascii());
    let mut start = 0;
    memchr::memchr_iter(sep, s.as_bytes())
        .map(Some)
        .chain(std::iter::once(None))
        .map(move |end| {
            let end = end.unwrap_or(s.len());
            // An ASCII separator always sits on a char boundary.
            let f = s.get(start..end).unwrap_or("");
            start = end + 1;
            f
        })
}

/// The leading fields of `s` split on an ASCII separator, for fields a few bytes apart with many
/// separators (the `|` of a CSQ or ANN entry, often empty fields): the separators of 8 bytes are
/// found at once (a word-wide comparison) and only their offsets are stored, in a buffer the
/// caller owns and reuses, so a field costs a bit scan and a store; a field is sliced only when
/// it is read ([`DenseFields::get`]).
pub(crate) struct DenseFields<'a, 'b> {
    s: &'a str,
    /// Offsets of the first separators (the end of each field), at most `limit` of them.
    ends: &'b [usize],
    /// Fields `0..limit` are readable.
    limit: usize,
}

impl<'a, 'b> DenseFields<'a, 'b> {
    /// Split `s` on `sep` (ASCII, not NUL) as far as field `buf.len() - 1` (the text after the
    /// separator that ends it is not read); `buf` receives the separators' offsets.
    pub fn split(s: &'a str, sep: u8, buf: &'b mut [usize]) -> DenseFields<'a, 'b> {
        Self::split_from(s, sep, buf, 0)
    }

    /// [`DenseFields::split`] resumed: `buf[..known]` already holds the first `known` separator
    /// offsets of `s` (an earlier split of the same text into a shorter buffer, copied in), so the
    /// search starts after the last of them. When that earlier split stopped at the end of the
    /// text, there is nothing more to find and the fields are the same.
    pub fn split_from(s: &'a str, sep: u8, buf: &'b mut [usize], known: usize) -> DenseFields<'a, 'b> {
        debug_assert!(sep.is_ascii() && sep != 0);
        let bytes = s.as_bytes();
        let pat = u64::from_ne_bytes([sep; 8]);
        let limit = buf.len();
        let known = known.min(limit);
        let start = match known.checked_sub(1) {
            Some(last) => buf.get(last).map_or(bytes.len(), |&e| e + 1),
            None => 0,
        };
        let (mut n, mut word) = (known, start);
        'words: while word < bytes.len() {
            let mut b = [0u8; 8];
            match bytes.get(word..word + 8) {
                Some(w) => b.copy_from_slice(w),
                // The tail, padded with zero bytes (never a separator).
                None => {
                    let tail = bytes.get(word..).unwrap_or(&[]);
                    b[..tail.len()].copy_from_slice(tail);
                }
            }
            let mut mask = eq_bytes(u64::from_le_bytes(b), pat);
            while mask != 0 {
                let Some(slot) = buf.get_mut(n) else {
                    break 'words;
                };
                // Little-endian byte order: the lowest set bit is the first separator.
                *slot = word + (mask.trailing_zeros() / 8) as usize;
                n += 1;
                mask &= mask - 1;
            }
            word += 8;
        }
        DenseFields {
            s,
            ends: buf.get(..n).unwrap_or(&[]),
            limit,
        }
    }

    /// Number of fields, counted up to `limit + 1` (`s.split(sep).count()`, capped).
    pub fn count(&self) -> usize {
        self.ends.len() + 1
    }

    /// Field `i`, if the text has it and `i < limit`.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&'a str> {
        if i >= self.limit {
            return None;
        }
        let start = match i.checked_sub(1) {
            Some(p) => *self.ends.get(p)? + 1,
            None => 0,
        };
        let end = match self.ends.get(i) {
            Some(&e) => e,
            None if i == self.ends.len() => self.s.len(),
            None => return None,
        };
        // An ASCII separator always sits on a char boundary.
        self.s.get(start..end)
    }
}

/// `len` slots for separator offsets ([`DenseFields::split`]): the caller's stack array when it is
/// long enough, else `heap` (grown to `len`). The caller owns both, so nothing is moved or
/// allocated per record for the usual lengths (a `SmallVec` returned by value is copied whole).
pub(crate) fn slots<'b>(stack: &'b mut [usize], heap: &'b mut Vec<usize>, len: usize) -> &'b mut [usize] {
    match stack.get_mut(..len) {
        Some(s) => s,
        None => {
            heap.resize(len, 0);
            heap
        }
    }
}

const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// High bit of each byte of `x` equal to the byte of `pat` (exact: no false positives).
#[inline]
fn eq_bytes(x: u64, pat: u64) -> u64 {
    let y = x ^ pat;
    !(((y & LOW7) + LOW7) | y | LOW7)
}

/// `s.trim()`, without the Unicode whitespace search when neither end is whitespace (the usual
/// case for VCF fields).
#[inline]
pub(crate) fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&a), Some(&z)) if a > b' ' && a < 0x80 && z > b' ' && z < 0x80 => s,
        (None, _) => s,
        _ => s.trim(),
    }
}

/// `s.split(sep as char)` for short fields (FORMAT values, ALT lists, FILTER): a plain byte loop,
/// cheaper than SIMD set-up or `char` matching when the separators are a few bytes apart.
pub(crate) fn split_short(s: &str, sep: u8) -> SplitShort<'_> {
    debug_assert!(sep.is_ascii());
    SplitShort { s, sep, done: false }
}

/// Iterator of [`split_short`].
pub(crate) struct SplitShort<'a> {
    s: &'a str,
    sep: u8,
    done: bool,
}

impl<'a> Iterator for SplitShort<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.done {
            return None;
        }
        match self.s.bytes().position(|b| b == self.sep) {
            Some(i) => {
                // An ASCII separator always sits on a char boundary.
                let (f, rest) = (self.s.get(..i).unwrap_or(""), self.s.get(i + 1..).unwrap_or(""));
                self.s = rest;
                Some(f)
            }
            None => {
                self.done = true;
                Some(self.s)
            }
        }
    }
}

/// `split_short(s, sep).collect()` into a caller's list (cleared first): one byte loop, each field
/// pushed as its separator is found, and no list returned by value (a `SmallVec` of 16 fields is
/// 264 bytes, copied whole at each move).
pub(crate) fn split_short_into<'a, const N: usize>(s: &'a str, sep: u8, out: &mut Fields<'a, N>)
where
    [&'a str; N]: smallvec::Array<Item = &'a str>,
{
    debug_assert!(sep.is_ascii());
    out.clear();
    let mut start = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if b == sep {
            // An ASCII separator always sits on a char boundary.
            out.push(s.get(start..i).unwrap_or(""));
            start = i + 1;
        }
    }
    out.push(s.get(start..).unwrap_or(""));
}

/// `a == b` for short keys (INFO/FORMAT keys), compared inline instead of calling `memcmp`.
#[inline]
pub(crate) fn eq_key(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// A text file, plain or gzip/BGZF (told apart by its first two bytes, not its name), for the
/// small side files (gene models, region lists): read line by line.
pub(crate) fn open_text_file(path: &std::path::Path) -> std::io::Result<Box<dyn std::io::BufRead>> {
    use std::io::{BufReader, Read};
    let mut f = std::fs::File::open(path)?;
    let mut magic = [0u8; 2];
    let mut n = 0;
    while n < 2 {
        match f.read(&mut magic[n..])? {
            0 => break,
            k => n += k,
        }
    }
    let f = std::fs::File::open(path)?;
    Ok(if n == 2 && magic == [0x1f, 0x8b] {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(f)))
    } else {
        Box::new(BufReader::new(f))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn filled(s: &str, sep: u8) -> Vec<&str> {
        let mut buf = vec![0; 100];
        let f = DenseFields::split(s, sep, &mut buf);
        (0..100).map_while(|i| f.get(i)).collect()
    }

    /// A short limit: its fields, and the count capped one past it.
    fn check_capped(s: &str, sep: u8, std: &[&str], limit: usize) {
        let mut buf = vec![0; limit];
        let f = DenseFields::split(s, sep, &mut buf);
        assert_eq!(f.count(), std.len().min(limit + 1), "{s:?} {limit}");
        let ours: Vec<&str> = (0..limit + 2).map_while(|i| f.get(i)).collect();
        assert_eq!(ours, std[..limit.min(std.len())], "{s:?} {limit}");
    }

    /// A split into `first` slots, resumed into `limit` slots: the fields of a split into `limit`.
    fn check_resumed(s: &str, sep: u8, std: &[&str], first: usize, limit: usize) {
        let mut short = vec![0; first];
        let known = DenseFields::split(s, sep, &mut short).count() - 1;
        let mut buf = vec![0; limit];
        buf[..known].copy_from_slice(&short[..known]);
        let f = DenseFields::split_from(s, sep, &mut buf, known);
        assert_eq!(f.count(), std.len().min(limit + 1), "{s:?} {first} {limit}");
        let ours: Vec<&str> = (0..limit + 2).map_while(|i| f.get(i)).collect();
        assert_eq!(ours, std[..limit.min(std.len())], "{s:?} {first} {limit}");
    }

    #[test]
    fn dense_split_resumed_is_the_whole_split() {
        for s in [
            "",
            "|",
            "a|b",
            "||||||||||",
            "abcdefgh|ij|klmnopqrstu|v",
            "é|ü||x|é|",
            "abc",
        ] {
            let std: Vec<&str> = s.split('|').collect();
            for first in 0..6 {
                for limit in first..first + 12 {
                    check_resumed(s, b'|', &std, first, limit);
                }
            }
        }
    }

    #[test]
    fn split_short_into_is_split() {
        let mut out: Fields<'_, 2> = Fields::new();
        for s in ["", ":", "GT:AD:AF:DP", "0/1:49,7:0.138:56:", "é:ü::x", ".", "a::"] {
            split_short_into(s, b':', &mut out);
            let std: Vec<&str> = s.split(':').collect();
            assert_eq!(out.as_slice(), std.as_slice(), "{s:?}");
            assert_eq!(split_short(s, b':').collect::<Vec<_>>(), std, "{s:?}");
        }
    }

    #[test]
    fn slots_on_the_stack_then_the_heap() {
        let (mut stack, mut heap) = ([7usize; 4], Vec::new());
        assert_eq!(slots(&mut stack, &mut heap, 3).len(), 3);
        assert!(heap.is_empty());
        assert_eq!(slots(&mut stack, &mut heap, 9), &[0; 9][..]);
        assert_eq!(heap.len(), 9);
    }

    #[test]
    fn dense_split_across_words_and_tails() {
        for s in [
            "",
            "|",
            "a",
            "||||||||",
            "|||||||||",
            "abcdefgh|",
            "abcdefghijklmnop|q",
            "é|ü||x|é",
        ] {
            let std: Vec<&str> = s.split('|').collect();
            assert_eq!(filled(s, b'|'), std, "{s:?}");
            check_capped(s, b'|', &std, 1);
            check_capped(s, b'|', &std, 2);
            check_capped(s, b'|', &std, 8);
            check_capped(s, b'|', &std, 9);
        }
    }

    proptest! {
        #[test]
        fn trim_is_str_trim(s in "[ a\t\u{a0}é]{0,6}") {
            prop_assert_eq!(trim(&s), s.trim());
        }

        #[test]
        fn same_as_str_split(s in "[a|b,é\t;]{0,60}") {
            for sep in [b'|', b',', b'\t', b';'] {
                let ours: Vec<&str> = split_byte(&s, sep).collect();
                let std: Vec<&str> = s.split(sep as char).collect();
                prop_assert_eq!(&ours, &std);
                let short: Vec<&str> = split_short(&s, sep).collect();
                prop_assert_eq!(&short, &std);
                prop_assert_eq!(&filled(&s, sep), &std);
                check_capped(&s, sep, &std, 1);
                check_capped(&s, sep, &std, 3);
                check_capped(&s, sep, &std, 9);
            }
        }
    }
}
