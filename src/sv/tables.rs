//! Fusion tables → [`Fusion`]s: Arriba `fusions.tsv`, STAR-Fusion (abridged) predictions,
//! cBioPortal `data_sv.txt`, PCGR's RNA fusion TSV and OncoKB-style `GeneA GeneB` lists. Which
//! one, from the header (SV VCFs and BEDPE are recognised here too, and read as junctions).

use super::orientation;
use super::{Breakpoint, Fusion, SvFormat};
use crate::cna::table::{Row, Table};
use crate::cna::CnaError;

/// The format of a header line, or None.
pub fn classify(h: &[String]) -> Option<SvFormat> {
    let has = |n: &str| h.iter().any(|x| x.eq_ignore_ascii_case(n));
    Some(
        if has("gene1") && has("gene2") && has("breakpoint1") && has("breakpoint2") {
            SvFormat::Arriba
        } else if has("FusionName") && has("LeftGene") && has("RightGene") {
            SvFormat::StarFusion
        } else if has("Site1_Hugo_Symbol") && has("Site2_Hugo_Symbol") {
            SvFormat::CbioSv
        } else if has("FusionGene") && has("LeftBreakpoint") && has("RightBreakpoint") && has("SplitReads") {
            SvFormat::Pcgr
        } else if has("GeneA") && has("GeneB") {
            SvFormat::GenePairs
        } else if h.first().is_some_and(|c| c == "CHROM") && has("ALT") && has("INFO") && has("FILTER") {
            SvFormat::Vcf
        } else if super::bedpe::is_header(h) {
            SvFormat::Bedpe
        } else {
            return None;
        },
    )
}

/// The sample column of a multi-sample format.
pub(crate) fn sample_col(t: &Table, f: SvFormat) -> Option<usize> {
    match f {
        SvFormat::CbioSv => t.col(&["Sample_Id", "Tumor_Sample_Barcode"]),
        SvFormat::GenePairs => t.col(&["Tumor_Sample_Barcode", "Sample_Id"]),
        SvFormat::Bedpe => t.col(&["sample", "sample_id"]),
        _ => None,
    }
}

/// `22:23632600` or `chr12:12022903:+`.
fn breakpoint(t: &Table, row: &Row, col: usize) -> Result<Option<Breakpoint>, CnaError> {
    let v = t.text(row, col);
    if matches!(v, "" | "." | "NA") {
        return Ok(None);
    }
    let mut parts = v.split(':');
    let (Some(c), Some(p)) = (parts.next(), parts.next()) else {
        return Err(t.field_err(row, col, format!("`{v}` is not a breakpoint (contig:position)")));
    };
    let pos = p
        .parse::<u64>()
        .map_err(|_| t.field_err(row, col, format!("`{v}` is not a breakpoint (contig:position)")))?;
    Ok(Some(Breakpoint {
        contig: crate::genome::normalise_chrom(c).to_string(),
        pos,
    }))
}

fn count(t: &Table, row: &Row, col: Option<usize>) -> Result<Option<u32>, CnaError> {
    let Some(c) = col else { return Ok(None) };
    let v = t.text(row, c);
    if matches!(v, "" | "." | "NA") {
        return Ok(None);
    }
    v.parse::<u32>()
        .map(Some)
        .map_err(|_| t.field_err(row, c, format!("`{v}` is not a read count")))
}

/// A gene cell: STAR-Fusion's `SYMBOL^ENSG…` keeps the symbol; an empty cell is an error.
fn gene(t: &Table, row: &Row, col: usize) -> Result<String, CnaError> {
    let v = t.text(row, col);
    let g = v.split('^').next().unwrap_or("").trim();
    if g.is_empty() || g == "." {
        return Err(t.field_err(row, col, "empty gene symbol"));
    }
    Ok(g.to_string())
}

fn sum(xs: &[Option<u32>]) -> Option<u32> {
    xs.iter().flatten().copied().reduce(|a, b| a.saturating_add(b))
}

/// Where a table's breakpoints are: one `contig:position` cell per side, or a contig column and a
/// position column per side.
enum Breakpoints {
    Joined([&'static str; 2]),
    Split([(&'static str, &'static str); 2]),
}

/// The column map of a table that names its genes in 5'-3' order: the gene columns, the
/// breakpoints, the frame column (first present) and the read-count columns (summed).
struct Columns {
    genes: [&'static str; 2],
    breakpoints: Breakpoints,
    frame: &'static [&'static str],
    reads: &'static [&'static str],
}

/// Arriba `fusions.tsv`: gene1 is the 5' partner; reads are split reads plus discordant mates.
const ARRIBA: Columns = Columns {
    genes: ["gene1", "gene2"],
    breakpoints: Breakpoints::Joined(["breakpoint1", "breakpoint2"]),
    frame: &["reading_frame"],
    reads: &["split_reads1", "split_reads2", "discordant_mates"],
};

/// STAR-Fusion: the left gene is the 5' partner; reads are junction reads plus spanning fragments.
const STAR_FUSION: Columns = Columns {
    genes: ["LeftGene", "RightGene"],
    breakpoints: Breakpoints::Joined(["LeftBreakpoint", "RightBreakpoint"]),
    frame: &["PROT_FUSION_TYPE"],
    reads: &["JunctionReadCount", "SpanningFragCount"],
};

/// cBioPortal `data_sv.txt`: Site1 is read as the 5' partner.
const CBIOPORTAL: Columns = Columns {
    genes: ["Site1_Hugo_Symbol", "Site2_Hugo_Symbol"],
    breakpoints: Breakpoints::Split([
        ("Site1_Chromosome", "Site1_Position"),
        ("Site2_Chromosome", "Site2_Position"),
    ]),
    frame: &["Site2_Effect_On_Frame", "Event_Info"],
    reads: &["Tumor_Split_Read_Count", "Tumor_Paired_End_Read_Count"],
};

/// One row of a table with a column map ([`Columns`]).
fn by_columns(t: &Table, row: &Row, c: &Columns) -> Result<Fusion, CnaError> {
    let mut reads = Vec::with_capacity(c.reads.len());
    for name in c.reads {
        reads.push(count(t, row, t.col(&[name]))?);
    }
    let split = |(chrom, p): (&str, &str)| -> Result<Option<Breakpoint>, CnaError> {
        match (t.col(&[chrom]), t.col(&[p])) {
            (Some(ch), Some(p)) if !t.text(row, p).is_empty() => Ok(Some(Breakpoint {
                contig: crate::genome::normalise_chrom(t.text(row, ch)).to_string(),
                pos: t.pos(row, p)?,
            })),
            _ => Ok(None),
        }
    };
    let five = gene(t, row, t.need(&[c.genes[0]])?)?;
    let three = gene(t, row, t.need(&[c.genes[1]])?)?;
    let breakpoints = match &c.breakpoints {
        Breakpoints::Joined([a, b]) => [breakpoint(t, row, t.need(&[a])?)?, breakpoint(t, row, t.need(&[b])?)?],
        Breakpoints::Split([a, b]) => [split(*a)?, split(*b)?],
    };
    Ok(Fusion {
        frame: t.col(c.frame).map(|col| t.text(row, col).to_string()),
        reads: sum(&reads),
        ..Fusion::new(five, three, breakpoints, row.line)
    })
}

/// One PCGR fusion row: `FusionGene` is `GENEA--GENEB` or `GENEA::GENEB`, the left gene 5'
/// (its `LeftBreakpoint`); None for a fusion with an empty partner (PCGR warns and goes on).
fn pcgr(t: &Table, row: &Row) -> Result<Option<Fusion>, CnaError> {
    let c = t.need(&["FusionGene"])?;
    let v = t.text(row, c);
    let parts: Vec<&str> = if v.contains("--") {
        v.split("--").collect()
    } else {
        v.split("::").collect()
    };
    let [five, three] = parts.as_slice() else {
        return Err(t.field_err(row, c, format!("`{v}` is not two genes joined by `--` or `::`")));
    };
    let (five, three) = (five.trim(), three.trim());
    if [five, three].iter().any(|g| g.is_empty() || *g == "v") {
        return Ok(None);
    }
    Ok(Some(Fusion {
        frame: None,
        reads: count(t, row, t.col(&["SplitReads"]))?,
        ..Fusion::new(
            five.to_string(),
            three.to_string(),
            [
                breakpoint(t, row, t.need(&["LeftBreakpoint"])?)?,
                breakpoint(t, row, t.need(&["RightBreakpoint"])?)?,
            ],
            row.line,
        )
    }))
}

/// One `GeneA GeneB` row: no order in the file, the known oncogenic order is used.
fn gene_pair(t: &Table, row: &Row) -> Result<Fusion, CnaError> {
    let (a, b) = (gene(t, row, t.need(&["GeneA"])?)?, gene(t, row, t.need(&["GeneB"])?)?);
    let (five, three) = orientation::order(&a, &b);
    Ok(Fusion {
        frame: None,
        ordered: false,
        ..Fusion::new(five, three, [None, None], row.line)
    })
}

/// The fusions of `rows` (already narrowed to one sample), and the number of rows skipped for an
/// empty partner (PCGR).
pub fn read(t: &Table, rows: &[&Row], f: SvFormat) -> Result<(Vec<Fusion>, u64), CnaError> {
    let mut out: Vec<Fusion> = Vec::new();
    let mut skipped = 0u64;
    for row in rows {
        let fusion = match f {
            SvFormat::Arriba => by_columns(t, row, &ARRIBA)?,
            SvFormat::StarFusion => by_columns(t, row, &STAR_FUSION)?,
            SvFormat::CbioSv => by_columns(t, row, &CBIOPORTAL)?,
            SvFormat::GenePairs => gene_pair(t, row)?,
            SvFormat::Pcgr => match pcgr(t, row)? {
                Some(x) => x,
                None => {
                    skipped += 1;
                    continue;
                }
            },
            SvFormat::Vcf | SvFormat::Bedpe => {
                return Err(CnaError::File {
                    file: t.file.clone(),
                    reason: "internal: DNA junctions read as a fusion table".into(),
                })
            }
        };
        // STAR-Fusion lists alternative breakpoints of one fusion on several rows: the first
        // (the best supported) is kept.
        if out
            .iter()
            .any(|x| x.five_prime == fusion.five_prime && x.three_prime == fusion.three_prime)
        {
            continue;
        }
        out.push(fusion);
    }
    Ok((out, skipped))
}
