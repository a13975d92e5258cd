//! A Parquet table written in batches of rows: a typed column list ([`Kind`]), Arrow builders
//! filled one row at a time, flushed every [`BATCH_ROWS`] rows into an `ArrowWriter` that streams
//! into a temporary file (renamed into place by the caller), so memory is bounded by one batch
//! and one row group whatever the cohort's size.

use crate::error::{Error, Result};
use arrow_array::builder::{
    BooleanBuilder, Float64Builder, Int64Builder, ListBuilder, StringBuilder, StringDictionaryBuilder, UInt32Builder,
    UInt64Builder,
};
use arrow_array::types::{Int32Type, Int8Type};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Rows buffered before they are handed to the Parquet writer.
pub const BATCH_ROWS: usize = 8192;
/// Rows per Parquet row group.
pub const ROW_GROUP_ROWS: usize = 65_536;

/// The type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// UTF-8 text.
    Str,
    /// A short vocabulary (status, tumour type, gene): dictionary-encoded text, 32-bit keys.
    Cat,
    /// A tier (AMP, ESCAT): dictionary-encoded text, 8-bit keys.
    Tier,
    U64,
    U32,
    I64,
    F64,
    Bool,
    /// A list of texts (drivers, drugs, references).
    List,
}

impl Kind {
    fn data_type(self) -> DataType {
        match self {
            Kind::Str => DataType::Utf8,
            Kind::Cat => DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
            Kind::Tier => DataType::Dictionary(Box::new(DataType::Int8), Box::new(DataType::Utf8)),
            Kind::U64 => DataType::UInt64,
            Kind::U32 => DataType::UInt32,
            Kind::I64 => DataType::Int64,
            Kind::F64 => DataType::Float64,
            Kind::Bool => DataType::Boolean,
            Kind::List => DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
        }
    }
}

/// A column: its name, type and whether it can be null.
pub type ColumnDef = (&'static str, Kind, bool);

/// One value of a row, matched against its column's [`Kind`].
pub enum V<'a> {
    S(Option<&'a str>),
    U(Option<u64>),
    I(Option<i64>),
    F(Option<f64>),
    B(Option<bool>),
    L(&'a [String]),
}

enum Builder {
    Str(StringBuilder),
    Cat(StringDictionaryBuilder<Int32Type>),
    Tier(StringDictionaryBuilder<Int8Type>),
    U64(UInt64Builder),
    U32(UInt32Builder),
    I64(Int64Builder),
    F64(Float64Builder),
    Bool(BooleanBuilder),
    List(ListBuilder<StringBuilder>),
}

impl Builder {
    fn new(kind: Kind) -> Builder {
        match kind {
            Kind::Str => Builder::Str(StringBuilder::new()),
            Kind::Cat => Builder::Cat(StringDictionaryBuilder::new()),
            Kind::Tier => Builder::Tier(StringDictionaryBuilder::new()),
            Kind::U64 => Builder::U64(UInt64Builder::new()),
            Kind::U32 => Builder::U32(UInt32Builder::new()),
            Kind::I64 => Builder::I64(Int64Builder::new()),
            Kind::F64 => Builder::F64(Float64Builder::new()),
            Kind::Bool => Builder::Bool(BooleanBuilder::new()),
            Kind::List => Builder::List(ListBuilder::new(StringBuilder::new())),
        }
    }

    /// Append a value; false when its type is not the column's.
    fn append(&mut self, v: &V<'_>) -> bool {
        match (self, v) {
            (Builder::Str(b), V::S(x)) => b.append_option(*x),
            (Builder::Cat(b), V::S(x)) => match x {
                Some(s) => return b.append(s).is_ok(),
                None => b.append_null(),
            },
            // A tier vocabulary has ten words at most: the 8-bit key does not overflow (else an error).
            (Builder::Tier(b), V::S(x)) => match x {
                Some(s) => return b.append(s).is_ok(),
                None => b.append_null(),
            },
            (Builder::U64(b), V::U(x)) => b.append_option(*x),
            (Builder::U32(b), V::U(x)) => match x.map(u32::try_from) {
                Some(Ok(n)) => b.append_value(n),
                Some(Err(_)) => return false,
                None => b.append_null(),
            },
            (Builder::I64(b), V::I(x)) => b.append_option(*x),
            (Builder::F64(b), V::F(x)) => b.append_option(x.filter(|f| f.is_finite())),
            (Builder::Bool(b), V::B(x)) => b.append_option(*x),
            (Builder::List(b), V::L(items)) => {
                for s in items.iter() {
                    b.values().append_value(s);
                }
                b.append(true);
            }
            _ => return false,
        }
        true
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Str(b) => Arc::new(b.finish()),
            Builder::Cat(b) => Arc::new(b.finish()),
            Builder::Tier(b) => Arc::new(b.finish()),
            Builder::U64(b) => Arc::new(b.finish()),
            Builder::U32(b) => Arc::new(b.finish()),
            Builder::I64(b) => Arc::new(b.finish()),
            Builder::F64(b) => Arc::new(b.finish()),
            Builder::Bool(b) => Arc::new(b.finish()),
            Builder::List(b) => Arc::new(b.finish()),
        }
    }
}

/// The Arrow schema of a column list.
pub fn schema(columns: &[ColumnDef]) -> SchemaRef {
    Arc::new(Schema::new(
        columns
            .iter()
            .map(|(name, kind, nullable)| Field::new(*name, kind.data_type(), *nullable))
            .collect::<Vec<_>>(),
    ))
}

/// One table being written: `<name>.parquet` in a directory, through a temporary file there.
pub struct TableWriter {
    path: PathBuf,
    columns: &'static [ColumnDef],
    schema: SchemaRef,
    builders: Vec<Builder>,
    buffered: usize,
    rows: u64,
    writer: ArrowWriter<std::fs::File>,
    tmp: tempfile::NamedTempFile,
}

/// An output error keeping its cause (I/O, Arrow or Parquet) as the source.
fn output_error(path: &Path, e: impl std::error::Error + Send + Sync + 'static) -> Error {
    Error::Output {
        file: path.to_path_buf(),
        reason: e.to_string(),
        cause: None,
    }
    .caused_by(e)
}

impl TableWriter {
    /// Start `<dir>/<name>.parquet` (written to a temporary beside it until [`TableWriter::finish`]).
    pub fn create(dir: &Path, name: &str, columns: &'static [ColumnDef]) -> Result<TableWriter> {
        let path = dir.join(format!("{name}.parquet"));
        if let Some(kind) = crate::output::special_kind(&path) {
            return Err(Error::Output {
                file: path,
                reason: format!("is {kind}, not a regular file: remove it"),
                cause: None,
            });
        }
        let tmp = crate::output::temporary_in(dir).map_err(|e| output_error(&path, e))?;
        let file = tmp.as_file().try_clone().map_err(|e| output_error(&path, e))?;
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .set_created_by(format!("oncoprofile {}", crate::TOOL_VERSION))
            .build();
        let schema = schema(columns);
        let writer = ArrowWriter::try_new(file, schema.clone(), Some(props)).map_err(|e| output_error(&path, e))?;
        Ok(TableWriter {
            path,
            columns,
            schema,
            builders: columns.iter().map(|(_, k, _)| Builder::new(*k)).collect(),
            buffered: 0,
            rows: 0,
            writer,
            tmp,
        })
    }

    /// Append one row: a value per column, each named by its column, in the columns' order (a
    /// value named for another column is an internal error, so two columns of one type cannot swap).
    pub fn row(&mut self, values: &[(&str, V<'_>)]) -> Result<()> {
        if values.len() != self.columns.len() {
            return Err(Error::Internal(format!(
                "{}: {} values for {} columns",
                self.path.display(),
                values.len(),
                self.columns.len()
            )));
        }
        for ((b, (given, v)), (name, _, _)) in self.builders.iter_mut().zip(values).zip(self.columns) {
            if given != name {
                return Err(Error::Internal(format!(
                    "{}: value for column '{given}' given where column '{name}' is",
                    self.path.display()
                )));
            }
            if !b.append(v) {
                return Err(Error::Internal(format!(
                    "{}: column '{name}' got a value of another type",
                    self.path.display()
                )));
            }
        }
        self.buffered += 1;
        self.rows += 1;
        if self.buffered >= BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.buffered == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays).map_err(|e| output_error(&self.path, e))?;
        self.writer.write(&batch).map_err(|e| output_error(&self.path, e))?;
        self.buffered = 0;
        Ok(())
    }

    /// Close the file and rename it into place; returns its path and row count.
    pub fn finish(mut self) -> Result<(PathBuf, u64)> {
        self.flush()?;
        self.writer.close().map_err(|e| output_error(&self.path, e))?;
        self.tmp.as_file().sync_all().map_err(|e| output_error(&self.path, e))?;
        self.tmp
            .persist(&self.path)
            .map_err(|e| output_error(&self.path, e.error))?;
        Ok((self.path, self.rows))
    }
}
