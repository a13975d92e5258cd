//! The BCF side of [`Input`]: opening the BGZF stream, reading the header's dictionaries, and
//! decoding each record with the bounded decoder of [`super::bcf`] into a VCF text line.

use super::header::Header;
use super::{bcf, read_full, Input, Lines, Raw};
use crate::error::{Error, Result};
use noodles::bgzf;
use std::io::Read;

/// The BCF record stream: the BGZF reader, the header's dictionaries and a record buffer.
pub(super) struct BcfStream {
    pub(super) reader: bgzf::io::Reader<Raw>,
    dict: bcf::Dictionaries,
    record: Vec<u8>,
}

impl Input {
    /// BCF: magic, header length, header text; then the record stream.
    pub(super) fn open_bcf(&mut self, mut bg: bgzf::io::Reader<Raw>) -> Result<()> {
        let mut magic = [0u8; 9];
        let n = read_full(&mut bg, &mut magic).map_err(|e| self.compressed_error(e))?;
        if n < magic.len() {
            return Err(self.truncated("the file ends inside the BCF header"));
        }
        if &magic[..3] != b"BCF" || magic[3] != 2 || !matches!(magic[4], 1 | 2) {
            return Err(Error::input(
                &self.path,
                format!(
                    "unsupported BCF version {}.{} (2.1 and 2.2 are read)",
                    magic[3], magic[4]
                ),
            ));
        }
        let l_text = u32::from_le_bytes([magic[5], magic[6], magic[7], magic[8]]) as u64;
        if l_text > self.limits.max_header_bytes as u64 {
            return Err(Error::input(
                &self.path,
                format!(
                    "the BCF header length is {l_text} bytes, more than the maximum header size ({} bytes; raise it with --max-header-bytes)",
                    self.limits.max_header_bytes
                ),
            ));
        }
        let mut text = Vec::new();
        (&mut bg)
            .take(l_text)
            .read_to_end(&mut text)
            .map_err(|e| self.compressed_error(e))?;
        if (text.len() as u64) < l_text {
            return Err(self.truncated(&format!(
                "the file ends inside the BCF header ({} of {l_text} bytes)",
                text.len()
            )));
        }
        while text.last() == Some(&0) {
            text.pop();
        }
        let text = String::from_utf8(text).map_err(|_| Error::input(&self.path, "the BCF header is not UTF-8 text"))?;
        self.header = Header::parse(&text, &self.path)?;
        let dict = bcf::Dictionaries::from_header_text(&text);
        self.lines = Lines::Bcf(Box::new(BcfStream {
            reader: bg,
            dict,
            record: Vec::new(),
        }));
        Ok(())
    }

    /// Read one BCF record and append it as a VCF line; false at the end of the records.
    pub(super) fn read_bcf_record(&mut self, data: &mut Vec<u8>) -> Result<bool> {
        let max_line = self.limits.max_line_bytes;
        let n_samples = self.header.samples.len();
        let Lines::Bcf(b) = &mut self.lines else {
            return Ok(false);
        };
        let mut lens = [0u8; 8];
        let n = match read_full(&mut b.reader, &mut lens) {
            Ok(n) => n,
            Err(e) => return Err(self.compressed_error(e)),
        };
        if n == 0 {
            return Ok(false);
        }
        if n < lens.len() {
            return Err(self.truncated("the file ends inside a BCF record's length fields"));
        }
        let l_shared = u32::from_le_bytes([lens[0], lens[1], lens[2], lens[3]]) as u64;
        let l_indiv = u32::from_le_bytes([lens[4], lens[5], lens[6], lens[7]]) as u64;
        let record = self.records + 1;
        if l_shared + l_indiv > max_line as u64 {
            return Err(Error::at_record(
                &self.path,
                record,
                None,
                None,
                format!(
                    "the BCF record length is {} bytes, more than the maximum line length ({max_line} bytes; raise it with --max-line-bytes)",
                    l_shared + l_indiv
                ),
            ));
        }
        if l_shared < bcf::SHARED_FIXED as u64 {
            return Err(Error::at_record(
                &self.path,
                record,
                None,
                None,
                format!(
                    "corrupt BCF record: the shared part is {l_shared} bytes, less than the {} of its fixed fields",
                    bcf::SHARED_FIXED
                ),
            ));
        }
        b.record.clear();
        let got = (&mut b.reader).take(l_shared + l_indiv).read_to_end(&mut b.record);
        if let Err(e) = got {
            return Err(self.compressed_error(e));
        }
        let Lines::Bcf(b) = &mut self.lines else {
            return Ok(false);
        };
        if (b.record.len() as u64) < l_shared + l_indiv {
            return Err(self.truncated("the file ends inside a BCF record"));
        }
        let (shared, indiv) = b.record.split_at(l_shared as usize);
        bcf::decode_record(shared, indiv, &b.dict, n_samples, data, max_line)
            .map_err(|reason| Error::at_record(&self.path, record, None, None, format!("BCF record: {reason}")))?;
        self.records += 1;
        Ok(true)
    }
}
