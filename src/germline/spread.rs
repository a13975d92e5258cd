//! The spread of the sample's VAFs: a fixed histogram of every passing call's tumour VAF (0.001
//! wide bins), filled while the file streams and merged across chunks in any order, from which
//! the median is read. Memory is constant however many calls the file holds.

/// Bins of width 0.001 over [0, 1].
const BINS: usize = 1001;

/// Tumour VAFs of the passing calls, binned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VafSpread {
    /// Empty until the first VAF (chunks without calls stay small).
    counts: Vec<u64>,
    n: u64,
}

impl VafSpread {
    /// Count one call's VAF (a missing or non-finite VAF is not counted).
    pub fn observe(&mut self, vaf: Option<f64>) {
        let Some(v) = vaf.filter(|v| v.is_finite()) else { return };
        if self.counts.is_empty() {
            self.counts = vec![0; BINS];
        }
        let i = (v.clamp(0.0, 1.0) * 1000.0).round() as usize;
        if let Some(c) = self.counts.get_mut(i.min(BINS - 1)) {
            *c += 1;
        }
        self.n += 1;
    }

    pub fn merge(&mut self, o: VafSpread) {
        if o.counts.is_empty() {
            return;
        }
        if self.counts.is_empty() {
            *self = o;
            return;
        }
        for (a, b) in self.counts.iter_mut().zip(o.counts) {
            *a += b;
        }
        self.n += o.n;
    }

    /// Calls with a VAF.
    pub fn len(&self) -> u64 {
        self.n
    }

    /// The median VAF (lower median, to the bin's 0.001), or None without calls.
    pub fn median(&self) -> Option<f64> {
        if self.n == 0 {
            return None;
        }
        let half = self.n.div_ceil(2);
        let mut seen = 0;
        for (i, c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= half {
                return Some(i as f64 / 1000.0);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_merged_chunks() {
        let mut a = VafSpread::default();
        for v in [0.30, 0.35, 0.06] {
            a.observe(Some(v));
        }
        let mut b = VafSpread::default();
        b.observe(Some(0.40));
        b.observe(None);
        b.observe(Some(f64::NAN));
        b.observe(Some(0.33));
        a.merge(b);
        assert_eq!(a.len(), 5);
        assert_eq!(a.median(), Some(0.33));
        assert_eq!(VafSpread::default().median(), None);
    }
}
