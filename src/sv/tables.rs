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

/// One Arriba row: gene1 is the 5' partner; reads are split reads plus discordant mates.
fn arriba(t: &Table, row: &Row) -> Result<Fusion, CnaError> {
    let reads = [
        count(t, row, t.col(&["split_reads1"]))?,
        count(t, row, t.col(&["split_reads2"]))?,
        count(t, row, t.col(&["discordant_mates"]))?,
    ];
    Ok(Fusion {
        frame: t.col(&["reading_frame"]).map(|c| t.text(row, c).to_string()),
        reads: sum(&reads),
        ..Fusion::new(
            gene(t, row, t.need(&["gene1"])?)?,
            gene(t, row, t.need(&["gene2"])?)?,
            [
                breakpoint(t, row, t.need(&["breakpoint1"])?)?,
                breakpoint(t, row, t.need(&["breakpoint2"])?)?,
            ],
            row.line,
        )
    })
}

/// One STAR-Fusion row: the left gene is the 5' partner; reads are junction reads plus spanning
/// fragments.
fn star_fusion(t: &Table, row: &Row) -> Result<Fusion, CnaError> {
    let reads = [
        count(t, row, t.col(&["JunctionReadCount"]))?,
        count(t, row, t.col(&["SpanningFragCount"]))?,
    ];
    Ok(Fusion {
        frame: t.col(&["PROT_FUSION_TYPE"]).map(|c| t.text(row, c).to_string()),
        reads: sum(&reads),
        ..Fusion::new(
            gene(t, row, t.need(&["LeftGene"])?)?,
            gene(t, row, t.need(&["RightGene"])?)?,
            [
                breakpoint(t, row, t.need(&["LeftBreakpoint"])?)?,
                breakpoint(t, row, t.need(&["RightBreakpoint"])?)?,
            ],
            row.line,
        )
    })
}

/// One cBioPortal `data_sv.txt` row: Site1 is read as the 5' partner.
fn cbioportal(t: &Table, row: &Row) -> Result<Fusion, CnaError> {
    let reads = [
        count(t, row, t.col(&["Tumor_Split_Read_Count"]))?,
        count(t, row, t.col(&["Tumor_Paired_End_Read_Count"]))?,
    ];
    let pos = |c: &str, p: &str| -> Result<Option<Breakpoint>, CnaError> {
        match (t.col(&[c]), t.col(&[p])) {
            (Some(c), Some(p)) if !t.text(row, p).is_empty() => Ok(Some(Breakpoint {
                contig: crate::genome::normalise_chrom(t.text(row, c)).to_string(),
                pos: t.pos(row, p)?,
            })),
            _ => Ok(None),
        }
    };
    Ok(Fusion {
        frame: t
            .col(&["Site2_Effect_On_Frame", "Event_Info"])
            .map(|c| t.text(row, c).to_string()),
        reads: sum(&reads),
        ..Fusion::new(
            gene(t, row, t.need(&["Site1_Hugo_Symbol"])?)?,
            gene(t, row, t.need(&["Site2_Hugo_Symbol"])?)?,
            [
                pos("Site1_Chromosome", "Site1_Position")?,
                pos("Site2_Chromosome", "Site2_Position")?,
            ],
            row.line,
        )
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
            SvFormat::Arriba => arriba(t, row)?,
            SvFormat::StarFusion => star_fusion(t, row)?,
            SvFormat::CbioSv => cbioportal(t, row)?,
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
