//! Transcript packs: `oncoprofile kb import gene-models GFF FASTA --out DIR` keeps what the engine
//! needs of a GFF3/GTF and a genome FASTA — every (or the chosen) transcript's structure, and the
//! bases of its coding rows with 10 bases on each side (the start-codon context and the splice
//! sites) — so later runs take `--gene-models DIR` and no FASTA.
//!
//! A pack is a directory of three text files:
//! - `models.gff3`: the transcripts as GFF3 (gene, mRNA/transcript with biotype and
//!   `Ensembl_canonical`/`MANE_Select` tags, exon, CDS with phase), read back by the GFF reader;
//! - `sequences.tsv`: `contig`, 1-based `start`, `bases` of each merged coding segment;
//! - `pack.tsv`: `key`, `value` rows: format version, source files, counts, declared build,
//!   `contig_length` rows for every contig of the FASTA, and last a `checksum` row per member
//!   (`models.gff3:<sha256>`, `sequences.tsv:<sha256>`). A member whose bytes do not match, or a
//!   pack without checksums (format 1, or a truncated `pack.tsv`), is refused on load: a truncated
//!   member would otherwise annotate every variant wrongly or not at all.

use super::fasta::Reference;
use super::gff::{GeneModels, Strand, Transcript};
use super::{Engine, EngineError};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Bases kept on each side of a coding row.
const MARGIN: u64 = 10;
pub(crate) const PACK_FORMAT: &str = "oncoprofile-transcript-pack 2";

/// The members a pack's checksums cover, in the order they are written.
const MEMBERS: [&str; 2] = ["models.gff3", "sequences.tsv"];

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    format!("{:x}", Sha256::digest(bytes))
}

#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error(transparent)]
    Fasta(#[from] super::fasta::FastaError),
    #[error("{}: {reason}", path.display())]
    File { path: PathBuf, reason: String },
    /// `--transcripts` named nothing the input gene models hold (an input error, exit 2).
    #[error("{}: none of the {asked} transcript(s)/gene(s) asked for (--transcripts) is in these gene models", models.display())]
    NoTranscript { models: PathBuf, asked: usize },
}

fn file_err(path: &Path, reason: impl std::fmt::Display) -> PackError {
    PackError::File {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

/// True when `dir` is a transcript pack.
pub(crate) fn is_pack(dir: &Path) -> bool {
    dir.is_dir() && dir.join("pack.tsv").is_file() && dir.join("models.gff3").is_file()
}

/// The GFF3 rows of one transcript (its gene row is written once per gene by the caller).
fn gff_rows(t: &Transcript, out: &mut String) {
    let strand = if t.strand == Strand::Plus { '+' } else { '-' };
    let mut tags = vec!["basic"];
    if t.canonical {
        tags.push("Ensembl_canonical");
    }
    if t.mane_select {
        tags.push("MANE_Select");
    }
    let _ = writeln!(
        out,
        "{}\tpack\tmRNA\t{}\t{}\t.\t{strand}\t.\tID=transcript:{};Parent=gene:{};biotype={};tag={};transcript_id={}",
        t.chrom,
        t.start,
        t.end,
        t.id,
        t.gene,
        t.biotype,
        tags.join(","),
        t.id
    );
    for (s, e) in &t.exons {
        let _ = writeln!(
            out,
            "{}\tpack\texon\t{s}\t{e}\t.\t{strand}\t.\tParent=transcript:{}",
            t.chrom, t.id
        );
    }
    // CDS rows in transcription order carry their phase: bases before the row's first whole codon.
    let mut rows: Vec<(u64, u64)> = t.cds.clone();
    if t.strand == Strand::Minus {
        rows.reverse();
    }
    let mut done = 0u64;
    for (k, (s, e)) in rows.iter().enumerate() {
        let phase = if k == 0 {
            u64::from(t.cds_phase)
        } else {
            (3 - (done.saturating_sub(u64::from(t.cds_phase)) % 3)) % 3
        };
        let _ = writeln!(
            out,
            "{}\tpack\tCDS\t{s}\t{e}\t.\t{strand}\t{phase}\tParent=transcript:{}",
            t.chrom, t.id
        );
        done += e - s + 1;
    }
}

/// Write a pack of `models` (all transcripts, or those whose id or gene is in `only`) with the
/// bases they need from `reference`. Returns a one-line summary.
pub fn write(
    models: &GeneModels,
    reference: &Reference,
    only: Option<&BTreeSet<String>>,
    sources: (&Path, &Path),
    out: &Path,
) -> Result<String, PackError> {
    let chosen: Vec<&Transcript> = models
        .transcripts()
        .iter()
        .filter(|t| only.is_none_or(|o| o.contains(&*t.id) || o.contains(&*t.gene)))
        .collect();
    if chosen.is_empty() {
        return Err(PackError::NoTranscript {
            models: sources.0.to_path_buf(),
            asked: only.map_or(0, BTreeSet::len),
        });
    }
    let mut gff = String::from("##gff-version 3\n");
    if let Some(b) = models.declared_build() {
        let _ = writeln!(gff, "#!genome-build {b}");
    }
    let mut genes_written = BTreeSet::new();
    // Coding segments to keep, merged per contig.
    let mut spans: BTreeMap<String, Vec<(u64, u64)>> = BTreeMap::new();
    for t in &chosen {
        if genes_written.insert((t.chrom.clone(), t.gene.clone())) {
            let strand = if t.strand == Strand::Plus { '+' } else { '-' };
            let _ = writeln!(
                gff,
                "{}\tpack\tgene\t{}\t{}\t.\t{strand}\t.\tID=gene:{};Name={};biotype={}",
                t.chrom, t.start, t.end, t.gene, t.gene, t.biotype
            );
        }
        gff_rows(t, &mut gff);
        let length = reference.length(&t.chrom).unwrap_or(0);
        for &(s, e) in &t.cds {
            spans
                .entry(t.chrom.clone())
                .or_default()
                .push((s.saturating_sub(MARGIN).max(1), (e + MARGIN).min(length.max(e))));
        }
    }
    let mut seqs = String::from("contig\tstart\tbases\n");
    let mut bases = 0u64;
    for (chrom, mut v) in spans {
        v.sort_unstable();
        let mut merged: Vec<(u64, u64)> = Vec::new();
        for (s, e) in v {
            match merged.last_mut() {
                Some(last) if s <= last.1 + 1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        for (s, e) in merged {
            let b = reference.fetch(&chrom, s, e)?;
            bases += b.len() as u64;
            let _ = writeln!(seqs, "{chrom}\t{s}\t{}", String::from_utf8_lossy(&b));
        }
    }
    let mut meta = format!(
        "key\tvalue\nformat\t{PACK_FORMAT}\ntool_version\t{}\nsource_models\t{}\nsource_reference\t{}\ntranscripts\t{}\nbases\t{bases}\n",
        crate::TOOL_VERSION,
        sources.0.display(),
        sources.1.display(),
        chosen.len()
    );
    if let Some(b) = models.declared_build() {
        let _ = writeln!(meta, "genome_build\t{b}");
    }
    for (name, len) in reference.contigs() {
        let _ = writeln!(meta, "contig_length\t{name}:{len}");
    }
    for (name, text) in MEMBERS.iter().zip([&gff, &seqs]) {
        let _ = writeln!(meta, "checksum\t{name}:{}", sha256_hex(text.as_bytes()));
    }
    std::fs::create_dir_all(out).map_err(|e| file_err(out, e))?;
    for (name, text) in [("models.gff3", &gff), ("sequences.tsv", &seqs), ("pack.tsv", &meta)] {
        crate::output::write_atomic(&out.join(name), text.as_bytes()).map_err(|e| file_err(&out.join(name), e))?;
    }
    Ok(format!(
        "wrote {}: {} transcript(s), {} coding base(s) with their {MARGIN}-base margins",
        out.display(),
        chosen.len(),
        bases
    ))
}

/// Read a pack into an engine.
pub fn read(dir: &Path) -> Result<Engine, PackError> {
    let meta_path = dir.join("pack.tsv");
    let meta = crate::lines::read_to_string(&meta_path).map_err(|e| file_err(&meta_path, e))?;
    let mut contigs = Vec::new();
    let mut format = None;
    let mut checksums: BTreeMap<String, String> = BTreeMap::new();
    for (i, line) in meta.lines().enumerate().skip(1) {
        let Some((k, v)) = line.split_once('\t') else {
            return Err(file_err(&meta_path, format!("line {}: expected key<TAB>value", i + 1)));
        };
        match k {
            "format" => format = Some(v.to_string()),
            "checksum" => {
                let (n, h) = v
                    .rsplit_once(':')
                    .ok_or_else(|| file_err(&meta_path, format!("line {}: bad checksum '{v}'", i + 1)))?;
                checksums.insert(n.to_string(), h.to_string());
            }
            "contig_length" => {
                let parsed = v
                    .rsplit_once(':')
                    .and_then(|(n, l)| Some((n.to_string(), l.parse::<u64>().ok()?)));
                contigs.push(
                    parsed.ok_or_else(|| file_err(&meta_path, format!("line {}: bad contig_length '{v}'", i + 1)))?,
                );
            }
            _ => {}
        }
    }
    if format.as_deref() != Some(PACK_FORMAT) {
        return Err(file_err(
            &meta_path,
            format!(
                "not a transcript pack of this version (format {:?}, expected '{PACK_FORMAT}'): re-import it with `oncoprofile kb import gene-models`",
                format.unwrap_or_default()
            ),
        ));
    }
    // Every member checked against its checksum before it is used.
    let mut members = Vec::with_capacity(MEMBERS.len());
    for name in MEMBERS {
        let path = dir.join(name);
        let Some(want) = checksums.get(name) else {
            return Err(file_err(
                &meta_path,
                format!("no checksum for {name} (a truncated pack.tsv?): re-import the pack with `oncoprofile kb import gene-models`"),
            ));
        };
        let text = crate::lines::read_to_string(&path).map_err(|e| file_err(&path, e))?;
        if sha256_hex(text.as_bytes()) != *want {
            return Err(file_err(
                &path,
                "does not match its checksum in pack.tsv (truncated or changed): re-import the pack with `oncoprofile kb import gene-models`",
            ));
        }
        members.push(text);
    }
    let seq_path = dir.join("sequences.tsv");
    let text = &members[1];
    let mut segments = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let mut f = line.split('\t');
        let (Some(c), Some(s), Some(b), None) = (f.next(), f.next(), f.next(), f.next()) else {
            return Err(file_err(
                &seq_path,
                format!("line {}: expected contig, start, bases", i + 1),
            ));
        };
        let start = s
            .parse::<u64>()
            .ok()
            .filter(|&x| x > 0)
            .ok_or_else(|| file_err(&seq_path, format!("line {}: start '{s}' is not a position", i + 1)))?;
        if !b.bytes().all(|x| x.is_ascii_alphabetic()) {
            return Err(file_err(&seq_path, format!("line {}: bases are not letters", i + 1)));
        }
        segments.push((c.to_string(), start, b.as_bytes().to_vec()));
    }
    let models = GeneModels::from_reader(members[0].as_bytes(), &dir.join("models.gff3")).map_err(EngineError::from)?;
    Ok(Engine::new(
        models,
        Reference::from_segments(&seq_path, contigs, segments),
    ))
}
