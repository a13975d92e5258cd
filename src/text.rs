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

/// `s.split(sep as char)` for fields a few bytes apart with many separators (the `|` of a CSQ or
/// ANN entry, often empty fields): the separators of 8 bytes are found at once (a word-wide
/// comparison), so a field costs a bit scan instead of a search call.
pub(crate) fn split_dense(s: &str, sep: u8) -> SplitDense<'_> {
    debug_assert!(sep.is_ascii() && sep != 0);
    SplitDense {
        s,
        pat: u64::from_ne_bytes([sep; 8]),
        word: 0,
        mask: 0,
        next: 0,
        start: 0,
        done: false,
    }
}

/// Iterator of [`split_dense`].
pub(crate) struct SplitDense<'a> {
    s: &'a str,
    pat: u64,
    /// Offset of the word `mask` describes.
    word: usize,
    /// One high bit per separator byte of that word not yet returned.
    mask: u64,
    /// Offset of the next word to load.
    next: usize,
    /// Start of the current field.
    start: usize,
    done: bool,
}

const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// High bit of each byte of `x` equal to the byte of `pat` (exact: no false positives).
#[inline]
fn eq_bytes(x: u64, pat: u64) -> u64 {
    let y = x ^ pat;
    !(((y & LOW7) + LOW7) | y | LOW7)
}

impl<'a> Iterator for SplitDense<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.s.as_bytes();
        loop {
            if self.mask != 0 {
                // Little-endian byte order: the lowest set bit is the first separator.
                let at = self.word + (self.mask.trailing_zeros() / 8) as usize;
                self.mask &= self.mask - 1;
                // An ASCII separator always sits on a char boundary.
                let f = self.s.get(self.start..at).unwrap_or("");
                self.start = at + 1;
                return Some(f);
            }
            if let Some(w) = bytes.get(self.next..self.next + 8) {
                let mut b = [0u8; 8];
                b.copy_from_slice(w);
                self.mask = eq_bytes(u64::from_le_bytes(b), self.pat);
                self.word = self.next;
                self.next += 8;
            } else if self.next < bytes.len() {
                // The tail, padded with zero bytes (never a separator).
                let mut b = [0u8; 8];
                let tail = &bytes[self.next..];
                b[..tail.len()].copy_from_slice(tail);
                self.mask = eq_bytes(u64::from_le_bytes(b), self.pat);
                self.word = self.next;
                self.next = bytes.len();
            } else if self.done {
                return None;
            } else {
                self.done = true;
                return Some(self.s.get(self.start..).unwrap_or(""));
            }
        }
    }
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
            let ours: Vec<&str> = split_dense(s, b'|').collect();
            assert_eq!(ours, s.split('|').collect::<Vec<_>>(), "{s:?}");
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
                let dense: Vec<&str> = split_dense(&s, sep).collect();
                prop_assert_eq!(dense, std);
            }
        }
    }
}
