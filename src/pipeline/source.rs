//! What one patient's records are read from: one file, or several merged ([`Merged`]).

use crate::engine::Chunk;
use crate::engine::ChunkSource;
use crate::error::Result;
use crate::input::header::Header;
use crate::input::merge::{Merged, Source as MergedFile};
use crate::input::Input;
use crate::model::InputFormat;
use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

pub(super) enum Source {
    One(Box<Input>),
    Many(Merged),
}

impl ChunkSource for Source {
    fn read_chunk(&mut self, chunk: &mut Chunk, max: usize) -> Result<u64> {
        match self {
            Source::One(i) => i.read_chunk(chunk, max),
            Source::Many(m) => m.read_chunk(chunk, max),
        }
    }
}

/// The file-level facts of a read source: per file (path, format, sha256, records).
pub(super) struct Finished {
    pub format: InputFormat,
    pub(crate) compression: Option<&'static str>,
    pub(crate) sha256: String,
    pub records: u64,
    pub files: Vec<(PathBuf, InputFormat, String, u64)>,
    pub(crate) duplicates: Option<u64>,
}

impl Source {
    pub fn new(mut inputs: Vec<Input>) -> Result<Source> {
        if inputs.len() == 1 {
            if let Some(i) = inputs.pop() {
                return Ok(Source::One(Box::new(i)));
            }
        }
        Ok(Source::Many(Merged::new(inputs)?))
    }

    pub fn header(&self) -> Header {
        match self {
            Source::One(i) => i.header.clone(),
            Source::Many(m) => m.header(),
        }
    }

    fn first(&self) -> &Input {
        match self {
            Source::One(i) => i,
            Source::Many(m) => &m.inputs[0],
        }
    }

    /// True when the (first) file is read through its index.
    pub(crate) fn indexed(&self) -> bool {
        self.first().indexed
    }

    pub(crate) fn path(&self) -> PathBuf {
        self.first().path.clone()
    }

    pub fn format(&self) -> InputFormat {
        self.first().format
    }

    /// The files and their header sizes, as merged-line origins index them (empty for one file).
    pub(crate) fn merged_files(&self) -> Vec<MergedFile> {
        match self {
            Source::One(_) => vec![],
            Source::Many(m) => m.sources(),
        }
    }

    /// Size and byte counter for the progress bar (the first file's when several).
    pub fn progress(&self) -> (Option<u64>, Arc<AtomicU64>) {
        let i = self.first();
        (i.size, i.bytes_counter())
    }

    pub fn records(&self) -> u64 {
        match self {
            Source::One(i) => i.records(),
            Source::Many(m) => m.inputs.iter().map(Input::records).sum::<u64>() - m.duplicates,
        }
    }

    pub fn finish(self) -> Finished {
        let records = self.records();
        match self {
            Source::One(i) => Finished {
                format: i.format,
                compression: i.compression,
                records,
                sha256: i.finish_sha256(),
                files: vec![],
                duplicates: None,
            },
            Source::Many(m) => {
                let format = m.inputs[0].format;
                let compression = m.inputs[0].compression;
                let duplicates = Some(m.duplicates);
                let files: Vec<(PathBuf, InputFormat, String, u64)> = m
                    .inputs
                    .into_iter()
                    .map(|i| {
                        let (p, f, n) = (i.path.clone(), i.format, i.records());
                        (p, f, i.finish_sha256(), n)
                    })
                    .collect();
                Finished {
                    format,
                    compression,
                    records,
                    sha256: files.first().map(|f| f.2.clone()).unwrap_or_default(),
                    files,
                    duplicates,
                }
            }
        }
    }
}
