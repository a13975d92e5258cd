//! Fast splitting on an ASCII separator.
//!
//! `str::split(char)` pays a per-match overhead that dominates on VCF lines made of many short
//! fields (CSQ entries have dozens); `memchr` finds the separators with SIMD instead.

/// `s.split(sep as char)`, for an ASCII `sep`.
pub fn split_byte(s: &str, sep: u8) -> impl Iterator<Item = &str> + '_ {
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

/// `s.split(sep as char)` for short fields (FORMAT values, ALT lists, FILTER): a plain byte loop,
/// cheaper than SIMD set-up or `char` matching when the separators are a few bytes apart.
pub fn split_short(s: &str, sep: u8) -> SplitShort<'_> {
    debug_assert!(sep.is_ascii());
    SplitShort { s, sep, done: false }
}

/// Iterator of [`split_short`].
pub struct SplitShort<'a> {
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
pub fn eq_key(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// A text file, plain or gzip/BGZF (told apart by its first two bytes, not its name), for the
/// small side files (gene models, region lists): read line by line.
pub fn open_text_file(path: &std::path::Path) -> std::io::Result<Box<dyn std::io::BufRead>> {
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

    proptest! {
        #[test]
        fn same_as_str_split(s in "[a|b,é\t;]{0,40}") {
            for sep in [b'|', b',', b'\t', b';'] {
                let ours: Vec<&str> = split_byte(&s, sep).collect();
                let std: Vec<&str> = s.split(sep as char).collect();
                prop_assert_eq!(&ours, &std);
                let short: Vec<&str> = split_short(&s, sep).collect();
                prop_assert_eq!(short, std);
            }
        }
    }
}
