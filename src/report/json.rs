//! JSON output: pretty-printed, keys in declaration order, a trailing newline; byte-identical for
//! the same input and options. Streamed to the writer, never held whole in memory.

use super::Report;
use std::io::Write;

pub(super) fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    // The serializer writes a few bytes at a time: a buffer of a concrete type takes them
    // without a dynamic call each (the writer behind `out` is buffered too, but is `dyn`).
    let mut w = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut w, report).map_err(std::io::Error::other)?;
    w.write_all(b"\n")?;
    w.flush()
}
