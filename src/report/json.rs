//! JSON output: pretty-printed, keys in declaration order, a trailing newline; byte-identical for
//! the same input and options. Streamed to the writer, never held whole in memory.

use super::Report;
use std::io::Write;

pub(super) fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}
