//! Segment formats → [`Segment`]s: each format is a column layout ([`Layout`]) read by one loop.

use super::convert;
use super::detect::CnaFormat;
use super::error::CnaError;
use super::table::{Row, Table};
use super::{CnaOptions, Segment};

/// How the total copy number of a row is found.
enum Total {
    /// A column of absolute copy number.
    Column(usize),
    /// Major + minor columns.
    Sum(usize, usize),
    /// A log2 ratio column, converted ([`convert`]); `cnvkit`: CNVkit's call conventions.
    Log2 { col: usize, cnvkit: bool },
}

/// Where one format keeps its values.
struct Layout {
    chrom: usize,
    start: usize,
    end: usize,
    /// 0-based half-open starts (CNVkit): 1 is added.
    zero_based: bool,
    total: Total,
    /// A `cn` column that wins over the log2 conversion (CNVkit `.call.cns`).
    cn: Option<usize>,
    /// Allele-specific copy numbers (either column may be the larger).
    alleles: Option<(usize, usize)>,
    /// Only the minor (or B-allele) copy number; the major is total − minor.
    minor: Option<usize>,
    log2: Option<usize>,
    genes: Option<usize>,
}

fn layout(t: &Table, format: CnaFormat) -> Result<Layout, CnaError> {
    let n = |names: &[&str]| t.need(names);
    let o = |names: &[&str]| t.col(names);
    let base = |chrom, start, end, total| Layout {
        chrom,
        start,
        end,
        zero_based: false,
        total,
        cn: None,
        alleles: None,
        minor: None,
        log2: None,
        genes: None,
    };
    Ok(match format {
        CnaFormat::Cnvkit => {
            let log2 = n(&["log2"])?;
            Layout {
                zero_based: true,
                cn: o(&["cn"]),
                alleles: o(&["cn1"]).zip(o(&["cn2"])),
                log2: Some(log2),
                genes: o(&["gene"]),
                ..base(
                    n(&["chromosome"])?,
                    n(&["start"])?,
                    n(&["end"])?,
                    Total::Log2 {
                        col: log2,
                        cnvkit: true,
                    },
                )
            }
        }
        CnaFormat::GatkCalled | CnaFormat::GatkModelFinal => {
            let log2 = n(&["MEAN_LOG2_COPY_RATIO", "LOG2_COPY_RATIO_POSTERIOR_50"])?;
            Layout {
                log2: Some(log2),
                ..base(
                    n(&["CONTIG"])?,
                    n(&["START"])?,
                    n(&["END"])?,
                    Total::Log2 {
                        col: log2,
                        cnvkit: false,
                    },
                )
            }
        }
        CnaFormat::Seg => {
            let log2 = n(&["seg.mean", "mean", "segment_mean", "log2"])?;
            Layout {
                log2: Some(log2),
                ..base(
                    n(&["chrom", "chromosome", "chr"])?,
                    n(&["loc.start", "start"])?,
                    n(&["loc.end", "end"])?,
                    Total::Log2 {
                        col: log2,
                        cnvkit: false,
                    },
                )
            }
        }
        CnaFormat::AlleleSpecific => {
            let (a, b) = (n(&["nMajor"])?, n(&["nMinor"])?);
            Layout {
                alleles: Some((a, b)),
                ..base(
                    n(&["Chromosome", "chr", "chrom"])?,
                    n(&["Start", "startpos", "start"])?,
                    n(&["End", "endpos", "end"])?,
                    Total::Sum(a, b),
                )
            }
        }
        CnaFormat::AscatSummary => Layout {
            minor: o(&["Tumour BCN", "Tumor BCN"]),
            ..base(
                n(&["Chromosome"])?,
                n(&["Start Position", "Start"])?,
                n(&["End Position", "End"])?,
                Total::Column(n(&["Tumour TCN", "Tumor TCN"])?),
            )
        },
        CnaFormat::PurpleSomatic => Layout {
            alleles: o(&["majorAlleleCopyNumber"]).zip(o(&["minorAlleleCopyNumber"])),
            ..base(
                n(&["chromosome"])?,
                n(&["start"])?,
                n(&["end"])?,
                Total::Column(n(&["copyNumber"])?),
            )
        },
        CnaFormat::FacetsCncf => Layout {
            minor: o(&["lcn.em"]),
            log2: o(&["cnlr.median"]),
            ..base(
                n(&["chrom"])?,
                n(&["start"])?,
                n(&["end"])?,
                Total::Column(n(&["tcn.em"])?),
            )
        },
        CnaFormat::AbsoluteSegtab => {
            let total = match (o(&["modal.a1"]), o(&["modal.a2"])) {
                (Some(a), Some(b)) => Total::Sum(a, b),
                _ => Total::Column(n(&["modal_cn"])?),
            };
            Layout {
                alleles: o(&["modal.a1"]).zip(o(&["modal.a2"])),
                ..base(n(&["Chromosome"])?, n(&["Start.bp"])?, n(&["End.bp"])?, total)
            }
        }
        CnaFormat::CbioDiscrete | CnaFormat::CbioLong | CnaFormat::PurpleGene => {
            return Err(CnaError::File {
                file: t.file.clone(),
                reason: "internal: a gene-level format read as segments".into(),
            })
        }
    })
}

/// The segments of `rows` (already narrowed to one sample), and how many rows were dropped
/// because their end lies before their start (CNVkit writes such empty, 0-probe segments).
pub fn read(t: &Table, rows: &[&Row], format: CnaFormat, o: &CnaOptions) -> Result<(Vec<Segment>, usize), CnaError> {
    let l = layout(t, format)?;
    let ploidy = o.ploidy.unwrap_or(2.0);
    let mut out = Vec::with_capacity(rows.len());
    let mut inverted = 0;
    for row in rows {
        let raw_chrom = t.text(row, l.chrom);
        if raw_chrom.is_empty() {
            return Err(t.field_err(row, l.chrom, "empty contig"));
        }
        // FACETS numbers X as 23.
        let contig = match (format, crate::genome::normalise_chrom(raw_chrom)) {
            (CnaFormat::FacetsCncf, "23") => "X".to_string(),
            (_, c) => c.to_string(),
        };
        let start = t.pos(row, l.start)? + u64::from(l.zero_based);
        let end = t.pos(row, l.end)?;
        if end < start {
            inverted += 1;
            continue;
        }
        let log2 = t.opt_num(row, l.log2)?;
        let (mut major, mut minor) = match l.alleles {
            Some((a, b)) => {
                let (a, b) = (t.opt_num(row, Some(a))?, t.opt_num(row, Some(b))?);
                match (a, b) {
                    (Some(a), Some(b)) => (Some(a.max(b)), Some(a.min(b))),
                    _ => (None, None),
                }
            }
            None => (None, None),
        };
        let total = match (l.cn, &l.total) {
            (Some(c), _) => t.num(row, c)?,
            (None, Total::Column(c)) => t.num(row, *c)?,
            (None, Total::Sum(a, b)) => t.num(row, *a)? + t.num(row, *b)?,
            (None, Total::Log2 { col, cnvkit }) => {
                let v = t.num(row, *col)?;
                log2_total(v, &contig, ploidy, o, *cnvkit)
            }
        };
        if total < 0.0 {
            return Err(t.field_err(row, l.chrom, format!("negative copy number {total}")));
        }
        if let Some(m) = l.minor {
            if let Some(b) = t.opt_num(row, Some(m))? {
                let other = (total - b).max(0.0);
                major = Some(other.max(b));
                minor = Some(other.min(b));
            }
        }
        let genes = l
            .genes
            .map(|g| {
                t.text(row, g)
                    .split(',')
                    .filter(|s| !s.is_empty() && *s != "-" && *s != "Antitarget" && *s != "Background")
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        out.push(Segment {
            contig,
            start,
            end,
            total_cn: total,
            major_cn: major,
            minor_cn: minor,
            log2,
            genes,
            line: row.line,
        });
    }
    Ok((out, inverted))
}

fn log2_total(v: f64, contig: &str, ploidy: f64, o: &CnaOptions, cnvkit: bool) -> f64 {
    let int_ploidy = ploidy.round().max(1.0) as u32;
    match (cnvkit, o.purity) {
        (true, Some(p)) if p < 1.0 => convert::clonal(v, contig, int_ploidy, p, o.haploid_x_reference),
        (true, _) => convert::threshold(v, contig, int_ploidy, o.haploid_x_reference),
        (false, p) => convert::continuous(v, contig, ploidy, p, o.haploid_x_reference),
    }
}

/// Sort by contig and start; a segment overlapping the one before it is trimmed to begin after it
/// (dropped when it lies inside). Returns how many were trimmed or dropped.
pub(crate) fn repair(segs: &mut Vec<Segment>) -> usize {
    segs.sort_by(|a, b| (a.contig.as_str(), a.start, a.end).cmp(&(b.contig.as_str(), b.start, b.end)));
    let mut repaired = 0;
    let mut out: Vec<Segment> = Vec::with_capacity(segs.len());
    for mut s in segs.drain(..) {
        if let Some(p) = out.last() {
            if p.contig == s.contig && s.start <= p.end {
                repaired += 1;
                if s.end <= p.end {
                    continue;
                }
                s.start = p.end + 1;
            }
        }
        out.push(s);
    }
    *segs = out;
    repaired
}
