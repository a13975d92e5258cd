//! Variant lists that carry each substitution's reference context, turned into
//! catalogues without a FASTA:
//! - SigProfiler's simulated/"text" variant list: tab-separated `chrom`, `pos`,
//!   `sample`, `ref`, `alt`, … with the + strand trinucleotide in a later
//!   column (the first three-base A/C/G/T field whose middle base is REF);
//! - a MAF's GDC `CONTEXT` column (an odd number of reference bases centred on
//!   the variant), read by [`centre_trinucleotide`].
//!
//! A line without a usable context counts as unplaced, never guessed.

use std::path::Path;

use super::catalogue::Catalogue;
use super::SignatureError;

/// The three reference bases at the centre of a GDC MAF `CONTEXT` value (odd length ≥ 3).
#[cfg(test)]
pub(crate) fn centre_trinucleotide(context: &str) -> Option<&[u8]> {
    let b = context.as_bytes();
    if b.len() < 3 || b.len() % 2 == 0 {
        return None;
    }
    let m = b.len() / 2;
    Some(&b[m - 1..=m + 1])
}

/// Per-sample catalogues (in first-seen order) from a SigProfiler text variant
/// list with trinucleotide context. Doublets and indels are not in such lists'
/// SBS contexts and are counted as unplaced.
pub fn read_context_list(path: &Path) -> Result<Vec<(String, Catalogue)>, SignatureError> {
    let text = crate::lines::read_to_string(path).map_err(|source| SignatureError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out: Vec<(String, Catalogue)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 5 {
            return Err(SignatureError::Table {
                path: path.to_path_buf(),
                line: i + 1,
                field: None,
                reason: format!("{} fields; expected chrom, pos, sample, ref, alt, …", f.len()),
            });
        }
        let (sample, r, a) = (f[2], f[3].as_bytes(), f[4].as_bytes());
        let at = match out.iter().position(|(s, _)| s == sample) {
            Some(p) => p,
            None => {
                out.push((sample.to_string(), Catalogue::default()));
                out.len() - 1
            }
        };
        let cat = &mut out[at].1;
        let context = f[5..].iter().map(|s| s.as_bytes()).find(|c| {
            c.len() == 3
                && r.len() == 1
                && c[1].eq_ignore_ascii_case(&r[0])
                && c.iter().all(|b| b"ACGTacgt".contains(b))
        });
        match (context, r, a) {
            (Some(c), [r], [a]) => {
                cat.add_sbs(c, *r, *a);
            }
            _ => cat.unplaced += 1,
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gdc_context_centre() {
        assert_eq!(centre_trinucleotide("GGCATCTGCCT"), Some(&b"TCT"[..]));
        assert_eq!(centre_trinucleotide("ACG"), Some(&b"ACG"[..]));
        assert_eq!(centre_trinucleotide("ACGT"), None);
    }

    #[test]
    fn reads_a_context_list() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("v.txt");
        std::fs::write(
            &p,
            "X\t1\tS1\tA\tT\t.\tSim\tGRCh37\tTAG\t-1\nX\t2\tS1\tC\tA\t.\tSim\tGRCh37\tTCC\t+1\nX\t3\tS2\tC\tA\t.\tSim\tGRCh37\tTTC\t+1\n",
        )
        .unwrap();
        let v = read_context_list(&p).unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].1.sbs6(), [1, 0, 0, 1, 0, 0]);
        assert_eq!(v[1].1.unplaced, 1, "context middle base T is not REF C");
    }
}
