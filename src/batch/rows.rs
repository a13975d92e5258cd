//! The cohort summary rows of a run, spilled to an anonymous temporary file as they are made
//! (issue 27: a 100,000-patient batch held every row in memory). Each row is one JSON line; memory
//! holds only its offset (12 bytes a row), the counts and the failed rows (for the closing
//! lines on stderr). The order of the rows is set apart from the order they were made in
//! ([`CohortRows::set_order`]): parallel jobs finish in any order, the summary is in job order.

use super::CohortRow;
use crate::error::{Error, Result};
use std::io::{BufWriter, Seek, SeekFrom, Write};

/// The rows of one cohort summary, on disk.
pub struct CohortRows {
    out: BufWriter<std::fs::File>,
    /// Where the next row starts in the file.
    end: u64,
    /// (start, length) of each row, in the order they were pushed.
    slots: Vec<(u64, u32)>,
    /// The order the rows are read in: indices into `slots`.
    order: Option<Vec<u32>>,
    failed: Vec<CohortRow>,
    reused: usize,
}

fn spill_error(e: impl std::error::Error + Send + Sync + 'static) -> Error {
    Error::Output {
        file: std::env::temp_dir(),
        reason: format!("cohort rows' temporary file: {e}"),
        cause: None,
    }
    .caused_by(e)
}

impl CohortRows {
    /// An empty set of rows, its temporary file created (and deleted already: it vanishes with us).
    pub fn new() -> Result<CohortRows> {
        let file = tempfile::tempfile().map_err(spill_error)?;
        Ok(CohortRows {
            out: BufWriter::with_capacity(1 << 16, file),
            end: 0,
            slots: Vec::new(),
            order: None,
            failed: Vec::new(),
            reused: 0,
        })
    }

    /// Rows held in memory before (tests and the `cohort` command's small inputs).
    pub fn from_rows(rows: &[CohortRow]) -> Result<CohortRows> {
        let mut out = CohortRows::new()?;
        for r in rows {
            out.push(r)?;
        }
        Ok(out)
    }

    /// Add a row; returns its index (for [`CohortRows::set_order`]).
    pub fn push(&mut self, row: &CohortRow) -> Result<usize> {
        let mut line = serde_json::to_vec(row).map_err(spill_error)?;
        line.push(b'\n');
        self.out.write_all(&line).map_err(spill_error)?;
        let len = u32::try_from(line.len()).map_err(spill_error)?;
        self.slots.push((self.end, len));
        self.end += u64::from(len);
        if !row.is_ok() {
            self.failed.push(row.clone());
        }
        if row.reused {
            self.reused += 1;
        }
        Ok(self.slots.len() - 1)
    }

    /// Read the rows in this order (indices returned by [`CohortRows::push`]; each once).
    pub fn set_order(&mut self, order: Vec<usize>) -> Result<()> {
        let mut seen = vec![false; self.slots.len()];
        let mut out = Vec::with_capacity(order.len());
        for i in order {
            match seen.get_mut(i) {
                Some(s) if !*s => *s = true,
                _ => {
                    return Err(Error::Internal(format!(
                        "cohort row order: index {i} repeated or out of range"
                    )))
                }
            }
            out.push(u32::try_from(i).map_err(spill_error)?);
        }
        if out.len() != self.slots.len() {
            return Err(Error::Internal("cohort row order: not every row is placed".into()));
        }
        self.order = Some(out);
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The failed rows, in the order they were pushed.
    pub fn failed(&self) -> &[CohortRow] {
        &self.failed
    }

    /// How many rows kept an up-to-date report.
    pub fn reused(&self) -> usize {
        self.reused
    }

    /// The row at `slot` (an index returned by [`CohortRows::push`]).
    pub fn get(&mut self, slot: usize) -> Result<CohortRow> {
        let (start, len) = *self
            .slots
            .get(slot)
            .ok_or_else(|| Error::Internal(format!("cohort row {slot} does not exist")))?;
        self.out.flush().map_err(spill_error)?;
        let file = self.out.get_mut();
        let mut buf = vec![0; len as usize];
        file.seek(SeekFrom::Start(start)).map_err(spill_error)?;
        std::io::Read::read_exact(file, &mut buf).map_err(spill_error)?;
        file.seek(SeekFrom::Start(self.end)).map_err(spill_error)?;
        serde_json::from_slice(&buf).map_err(spill_error)
    }

    /// Every row, in order, one at a time.
    pub fn for_each(&mut self, mut f: impl FnMut(CohortRow) -> Result<()>) -> Result<()> {
        self.out.flush().map_err(spill_error)?;
        let file = self.out.get_mut();
        let mut buf = Vec::new();
        let n = self.slots.len();
        for k in 0..n {
            let i = match &self.order {
                Some(o) => o[k] as usize,
                None => k,
            };
            let (start, len) = self.slots[i];
            buf.resize(len as usize, 0);
            file.seek(SeekFrom::Start(start)).map_err(spill_error)?;
            std::io::Read::read_exact(file, &mut buf).map_err(spill_error)?;
            f(serde_json::from_slice(&buf).map_err(spill_error)?)?;
        }
        file.seek(SeekFrom::Start(self.end)).map_err(spill_error)?;
        Ok(())
    }

    /// Every row in memory (the cohort page, which needs them all at once).
    pub fn to_vec(&mut self) -> Result<Vec<CohortRow>> {
        let mut v = Vec::with_capacity(self.len());
        self.for_each(|r| {
            v.push(r);
            Ok(())
        })?;
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::error_row;

    fn ok_row(p: &str) -> CohortRow {
        let mut r = error_row(p, None, Some("LUAD"), "x");
        r.status = "ok".into();
        r.error = None;
        r.drivers = vec![format!("{p}-KRAS p.G12D")];
        r
    }

    #[test]
    fn rows_come_back_in_order_and_counted() {
        let mut rows = CohortRows::new().unwrap();
        let a = rows.push(&ok_row("P2")).unwrap();
        let b = rows.push(&error_row("P3", None, None, "bad\tinput")).unwrap();
        let mut c_row = ok_row("P1");
        c_row.reused = true;
        let c = rows.push(&c_row).unwrap();
        rows.set_order(vec![c, a, b]).unwrap();
        let got = rows.to_vec().unwrap();
        let names: Vec<&str> = got.iter().map(|r| r.patient.as_str()).collect();
        assert_eq!(names, ["P1", "P2", "P3"]);
        assert_eq!(got[1].drivers, ["P2-KRAS p.G12D"]);
        assert_eq!(rows.failed().len(), 1);
        assert_eq!(rows.failed()[0].error.as_deref(), Some("bad input"));
        assert_eq!(rows.reused(), 1);
        // More rows after a read land after the others.
        let d = rows.push(&ok_row("P4")).unwrap();
        rows.set_order(vec![a, b, c, d]).unwrap();
        let names: Vec<String> = rows.to_vec().unwrap().into_iter().map(|r| r.patient).collect();
        assert_eq!(names, ["P2", "P3", "P1", "P4"]);
        assert_eq!(rows.get(c).unwrap().patient, "P1");
        assert!(rows.get(9).is_err());
    }

    #[test]
    fn bad_orders_are_refused() {
        let mut rows = CohortRows::from_rows(&[ok_row("A"), ok_row("B")]).unwrap();
        assert!(rows.set_order(vec![0, 0]).is_err());
        assert!(rows.set_order(vec![0]).is_err());
        assert!(rows.set_order(vec![1, 2]).is_err());
        rows.set_order(vec![1, 0]).unwrap();
        assert_eq!(rows.len(), 2);
    }
}
