//! The text side of [`Input`]: reading a VCF header up to `#CHROM`, bounded by the header limit.

use super::*;

/// Why a header line could not be read whole: the header or the line limit.
fn too_long(budget: usize, max_line: usize, max_header: usize) -> String {
    if budget < max_line {
        format!(
            "the header is larger than the maximum header size ({max_header} bytes; raise it with --max-header-bytes)"
        )
    } else {
        format!("the line is longer than the maximum line length ({max_line} bytes; raise it with --max-line-bytes)")
    }
}

impl Input {
    /// Fail fast on data that cannot be a VCF header (e.g. /dev/zero) instead of reading a line.
    fn check_first_byte(&mut self) -> Result<()> {
        let Lines::Text(r) = &mut self.lines else {
            return Ok(());
        };
        let first = match r.fill_buf() {
            Ok(b) => b.first().copied(),
            Err(e) => return Err(self.read_error(e)),
        };
        match first {
            None => {
                self.check_end()?;
                Err(Error::input(&self.path, "empty file: no VCF header"))
            }
            // `#` starts a VCF header; a letter a MAF column header (its columns in any order), a
            // UTF-8 byte-order mark either.
            Some(b) if b == b'#' || b == 0xEF || b.is_ascii_alphabetic() => Ok(()),
            Some(_) => Err(Error::at_line(
                &self.path,
                1,
                "no VCF header: the first line does not start with '##fileformat' or '#'",
            )),
        }
    }

    pub(super) fn read_text_header(&mut self) -> Result<()> {
        if !matches!(self.lines, Lines::Text(_)) {
            return Ok(());
        }
        self.check_first_byte()?;
        let max_header = self.limits.max_header_bytes;
        let max_line = self.limits.max_line_bytes;
        let mut text: Vec<u8> = Vec::new();
        let mut lineno = 0u64;
        loop {
            let Lines::Text(r) = &mut self.lines else {
                return Ok(());
            };
            // Every VCF header line starts with '#', a MAF column header with a letter (a byte-order
            // mark on the first line): say so before reading a line that can be neither.
            match r.fill_buf() {
                Ok(b)
                    if b.first()
                        .is_some_and(|&c| !(c == b'#' || c.is_ascii_alphabetic() || (lineno == 0 && c == 0xEF))) =>
                {
                    return Err(Error::at_line(
                        &self.path,
                        lineno + 1,
                        "no #CHROM header line before the first record",
                    ))
                }
                Ok(_) => {}
                Err(e) => return Err(self.read_error(e)),
            }
            let start = text.len();
            let budget = max_header.saturating_sub(start).min(max_line);
            let got = match read_line_bounded(r.as_mut(), &mut text, budget) {
                Ok(g) => g,
                Err(e) => return Err(self.read_error(e)),
            };
            lineno += 1;
            match got {
                LineRead::Eof => {
                    self.check_end()?;
                    return Err(Error::input(
                        &self.path,
                        "no #CHROM header line: the header is missing or truncated",
                    ));
                }
                LineRead::TooLong => {
                    return Err(Error::at_line(
                        &self.path,
                        lineno,
                        too_long(budget, max_line, max_header),
                    ))
                }
                LineRead::Line { newline } => {
                    let line = std::str::from_utf8(&text[start..])
                        .map_err(|_| Error::at_line(&self.path, lineno, "not UTF-8 text: is this a VCF file?"))?;
                    // A UTF-8 byte-order mark (spreadsheet exports of MAFs) is not part of the text.
                    let line = if lineno == 1 {
                        line.strip_prefix('\u{feff}').unwrap_or(line)
                    } else {
                        line
                    };
                    if !line.starts_with('#') && newline && maf::is_header(line) {
                        let cols = maf::columns(line).map_err(|e| Error::at_line_from(&self.path, lineno, e))?;
                        self.maf = Some(cols);
                        self.format = InputFormat::Maf;
                        self.header = Header {
                            lines: lineno,
                            ..Header::default()
                        };
                        return Ok(());
                    }
                    if !line.starts_with('#') && lineno == 1 {
                        return Err(Error::at_line(
                            &self.path,
                            1,
                            "no VCF header: the first line does not start with '##fileformat' or '#'",
                        ));
                    }
                    if !line.starts_with('#') {
                        return Err(Error::at_line(
                            &self.path,
                            lineno,
                            "no #CHROM header line before the first record",
                        ));
                    }
                    if !newline {
                        self.check_end()?;
                        return Err(Error::input(
                            &self.path,
                            format!(
                                "truncated {} data inside the header: line {lineno} ends without a line break at the end of the file",
                                self.what()
                            ),
                        ));
                    }
                    if line.starts_with("#CHROM") {
                        break;
                    }
                }
            }
        }
        // Every line was checked as UTF-8 above.
        let text = String::from_utf8(text).map_err(|_| Error::input(&self.path, "not UTF-8 text"))?;
        self.header = Header::parse(&text, &self.path)?;
        Ok(())
    }
}
