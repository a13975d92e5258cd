//! A block of data lines in one buffer: no allocation per line.

/// A block of data lines in one buffer.
#[derive(Debug, Default, Clone)]
pub struct Chunk {
    pub(super) text: String,
    pub(super) ends: Vec<usize>,
    /// For merged input ([`super::merge`]): each line's file index and record number there;
    /// empty for a single file.
    pub origin: Vec<(u32, u64)>,
}

impl Chunk {
    pub fn with_capacity(lines: usize) -> Chunk {
        Chunk {
            text: String::with_capacity(lines * 256),
            ends: Vec::with_capacity(lines),
            origin: Vec::new(),
        }
    }
    pub fn len(&self) -> usize {
        self.ends.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
    /// Bytes the buffer holds room for.
    pub fn capacity_bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * std::mem::size_of::<usize>()
    }
    pub fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.origin.clear();
    }
    /// Append one line (without its line break).
    pub fn push_line(&mut self, line: &str) {
        self.text.push_str(line);
        self.ends.push(self.text.len());
    }
    /// The lines, without their line breaks.
    pub fn lines(&self) -> impl Iterator<Item = &str> + '_ {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let line = self.text.get(start..end).unwrap_or("");
            start = end;
            line
        })
    }
}
