//! Why a BCF record could not be decoded: [`BcfRecordError`], one variant per cause (the part,
//! key or index at fault), for the decoder in [`super::bcf`].

/// Why a BCF record could not be decoded (each names the part, key or index at fault).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BcfRecordError {
    #[error("corrupt record: a value of {bytes} bytes at offset {offset} overruns the {part} data ({len} bytes)")]
    Overrun {
        bytes: usize,
        offset: usize,
        part: &'static str,
        len: usize,
    },
    #[error("corrupt record: negative value count {0}")]
    NegativeCount(i64),
    #[error("corrupt record: unknown value type {0}")]
    UnknownType(u8),
    #[error("corrupt record: expected one integer, found a descriptor with {0} values")]
    NotOneInteger(u8),
    #[error("corrupt record: expected an integer")]
    NotAnInteger,
    #[error("corrupt record: {0} values overflow")]
    CountOverflow(usize),
    #[error("corrupt record: {0} size overflows")]
    SizeOverflow(String),
    #[error("{0} holds a tab or a line break")]
    LineBreak(String),
    #[error(
        "the record as VCF text is longer than the maximum line length ({0} bytes; raise it with --max-line-bytes)"
    )]
    TooLong(usize),
    #[error("FORMAT/GT is not an integer vector")]
    GenotypeNotIntegers,
    #[error("the record has {record} samples, but the header names {header}")]
    SampleCount { record: usize, header: usize },
    #[error("the record has no REF allele")]
    NoRef,
    #[error("{what} {index} is not {header} of the header")]
    NotInHeader {
        what: &'static str,
        index: i64,
        header: &'static str,
    },
    #[error("an allele is not a string")]
    AlleleNotString,
    #[error("FILTER is not an integer vector")]
    FilterNotIntegers,
}
