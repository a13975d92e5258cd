//! The copy-number readers over the real files in `../shared/data/cna/` (written by others) and
//! our own small fixtures in `tests/data/cna/`. Real-file tests print `SKIPPED` when `../shared` is
//! absent.

mod common;

use common::shared;
use oncoprofile::cna::{self, CnCall, CnaFormat, CnaOptions, Thresholds};
use oncoprofile::genome::GenomeBuild;
use std::path::{Path, PathBuf};

fn own(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cna").join(name)
}

fn opts() -> CnaOptions {
    CnaOptions::default()
}

/// CNVkit's frozen regression pair: our `threshold` conversion of `.cns` log2 (male reference,
/// as the fixtures were made) gives `.call.cns`'s integer `cn` on every segment.
#[test]
fn cnvkit_threshold_call_reproduces_call_cns() {
    let (Some(cns), Some(call)) = (shared("cna/cnvkit/p2-9_2.cns"), shared("cna/cnvkit/p2-9_2.call.cns")) else {
        return;
    };
    let o = CnaOptions {
        haploid_x_reference: true,
        ..opts()
    };
    let ours = cna::read(&cns, &o).unwrap();
    let truth = cna::read(&call, &opts()).unwrap();
    assert_eq!(ours.format, CnaFormat::Cnvkit);
    assert_eq!(ours.segments.len(), 313);
    assert_eq!(truth.segments.len(), 313);
    let differ: Vec<String> = ours
        .segments
        .iter()
        .zip(&truth.segments)
        .filter(|(a, b)| a.total_cn != b.total_cn)
        .map(|(a, b)| {
            format!(
                "{}:{} log2 {:?}: ours {} cnvkit {}",
                a.contig, a.start, a.log2, a.total_cn, b.total_cn
            )
        })
        .collect();
    assert!(
        differ.is_empty(),
        "{} differ: {:?}",
        differ.len(),
        &differ[..differ.len().min(5)]
    );
    // 0-based starts read as 1-based; `chr1` normalised.
    assert_eq!(
        (ours.segments[0].contig.as_str(), ours.segments[0].start),
        ("1", 464424)
    );
    assert_eq!(ours.segments[0].total_cn, 1.0);
}

/// The bin-level `.cnr` and the amplicon panel read as segments; CNVkit's gene column names the
/// genes of a GRCh37 (hg19) file, which has no embedded spans.
#[test]
fn cnvkit_bins_and_amplicon_panel() {
    let (Some(cnr), Some(amp)) = (shared("cna/cnvkit/p2-9_2.cnr"), shared("cna/cnvkit/amplicon.cns")) else {
        return;
    };
    let bins = cna::read(&cnr, &opts()).unwrap();
    assert_eq!(bins.segments.len(), 18759);
    let panel = cna::read(&amp, &opts()).unwrap();
    // CNVkit wrote 8 empty segments whose end lies before their start: ignored, with a warning.
    assert!(
        panel.warnings.iter().any(|w| w.contains("8 segment(s) whose end")),
        "{:?}",
        panel.warnings
    );
    let (calls, warning) = cna::calls(&panel, Some(GenomeBuild::GRCh37), &Thresholds::for_ploidy(2.0), &|g| {
        g == "ERBB4" || g == "ALK"
    });
    assert_eq!(warning, None);
    let erbb4 = calls.iter().find(|c| c.gene == "ERBB4").unwrap();
    // log2 −1.579 → 0 copies by CNVkit's threshold (≤ −1.1).
    assert_eq!((erbb4.call, erbb4.min_cn), (CnCall::HomozygousDeletion, Some(0.0)));
    let alk = calls.iter().find(|c| c.gene == "ALK").unwrap();
    assert_eq!(alk.call, CnCall::Loss);
}

/// GATK's CallCopyRatioSegments test input: log2 1, −1, 0, 0 are called `+ - 0 0` by GATK; ours
/// are 4, 1, 2, 2 copies (gain, loss, neutral, neutral).
#[test]
fn gatk_segments_and_build_from_sq_lines() {
    let (Some(four), Some(called), Some(model)) = (
        shared("cna/gatk/call-copy-ratio-segments-segments.seg"),
        shared("cna/gatk/SM-74NF5.called.seg"),
        shared("cna/gatk/multiple-sample-cr-ac-tumor-1.modelFinal.seg"),
    ) else {
        return;
    };
    let f = cna::read(&four, &opts()).unwrap();
    let cn: Vec<f64> = f.segments.iter().map(|s| s.total_cn).collect();
    assert_eq!(cn, vec![4.0, 1.0, 2.0, 2.0]);
    let c = cna::read(&called, &opts()).unwrap();
    assert_eq!(
        (c.format, c.segments.len(), c.build),
        (CnaFormat::GatkCalled, 404, Some(GenomeBuild::GRCh37))
    );
    let m = cna::read(&model, &opts()).unwrap();
    assert_eq!(m.format, CnaFormat::GatkModelFinal);
    // Posterior median log2 0.644224 → 2 · 2^0.644 copies.
    assert!((m.segments[0].total_cn - 2.0 * 0.644224f64.exp2()).abs() < 1e-9);
}

/// Multi-sample DNAcopy SEG: one sample by `-s`, an error naming the samples without it; the SEG
/// with an R warning before its quoted header is read, the warning line named.
#[test]
fn seg_multi_sample_and_r_warning() {
    let (Some(seg), Some(warn)) = (shared("cna/cnvkit/cw-tr-log2.seg"), shared("cna/cnvkit/warning.seg")) else {
        return;
    };
    let e = cna::read(&seg, &opts()).unwrap_err().to_string();
    assert!(e.contains("samples (use -s/--sample") && e.contains("TR_01_T"), "{e}");
    let o = CnaOptions {
        sample: Some("TR_02_T".into()),
        ..opts()
    };
    let f = cna::read(&seg, &o).unwrap();
    assert_eq!(f.sample.as_deref(), Some("TR_02_T"));
    assert!(!f.segments.is_empty() && f.segments.iter().all(|s| s.line > 1));
    let w = cna::read(&warn, &opts()).unwrap();
    assert_eq!((w.format, w.segments.len()), (CnaFormat::Seg, 11));
    assert!(
        w.warnings[0].contains("WARNING: ignoring environment value of R_HOME"),
        "{:?}",
        w.warnings
    );
}

/// ASCAT summary (34 breast cancers): total and B-allele copy number → major/minor, one sample.
#[test]
fn ascat_summary_allele_specific() {
    let Some(p) = shared("cna/ascat-summary-sigprofiler/all.breast.ascat.summary.sample.tsv") else {
        return;
    };
    let o = CnaOptions {
        sample: Some("PD9067a".into()),
        ..opts()
    };
    let f = cna::read(&p, &o).unwrap();
    assert_eq!(f.format, CnaFormat::AscatSummary);
    let s = &f.segments.iter().find(|s| s.start == 61059259).unwrap();
    assert_eq!((s.total_cn, s.major_cn, s.minor_cn), (5.0, Some(3.0), Some(2.0)));
}

/// ABSOLUTE segment table: modal copy numbers above 10 are kept as read.
#[test]
fn absolute_segtab() {
    let Some(p) = shared("cna/absolute-sigminer/metastatic_tumor.segtab.txt") else {
        return;
    };
    let f = cna::read(&p, &opts()).unwrap();
    assert_eq!((f.format, f.segments.len()), (CnaFormat::AbsoluteSegtab, 201));
    assert_eq!(
        f.segments.iter().find(|s| s.start == 31909072).map(|s| s.total_cn),
        Some(10.0)
    );
}

/// Our own fixtures, one per format that has no public example here.
#[test]
fn own_fixtures_each_format() {
    let cases: &[(&str, CnaFormat)] = &[
        ("erbb2_amp.cns", CnaFormat::Cnvkit),
        ("erbb2_amp.purple.cnv.somatic.tsv", CnaFormat::PurpleSomatic),
        ("erbb2_amp.purple.cnv.gene.tsv", CnaFormat::PurpleGene),
        ("pcgr_allele_specific.tsv", CnaFormat::AlleleSpecific),
        ("facets.cncf.txt", CnaFormat::FacetsCncf),
        ("data_CNA.txt", CnaFormat::CbioDiscrete),
        ("cna_long.txt", CnaFormat::CbioLong),
    ];
    let t = Thresholds::for_ploidy(2.0);
    for (name, format) in cases {
        let o = CnaOptions {
            sample: Some("P1".into()),
            ..opts()
        };
        let f = cna::read(&own(name), &o).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(f.format, *format, "{name}");
        let (calls, _) = cna::calls(&f, Some(GenomeBuild::GRCh38), &t, &|_| true);
        let erbb2 = calls.iter().find(|c| c.gene == "ERBB2").map(|c| c.call);
        let rb1 = calls.iter().find(|c| c.gene == "RB1").map(|c| c.call);
        assert_eq!(erbb2, Some(CnCall::Amplification), "{name}: {calls:?}");
        assert_eq!(rb1, Some(CnCall::HomozygousDeletion), "{name}: {calls:?}");
    }
}

/// Bad input: one line, naming the file, line and field; truncation refused.
#[test]
fn bad_input_is_one_line_error() {
    for (name, needle) in [
        ("bad_number.cns", "line 3: field log2: `x0.5` is not a number"),
        ("truncated.cns", "truncated"),
        ("bad_width.cns", "line 2: 4 fields where the header has 5"),
        ("no_header.txt", "no recognised header"),
    ] {
        let e = cna::read(&own(name), &opts()).unwrap_err().to_string();
        assert!(
            e.contains(needle) && e.contains(name) && !e.contains('\n'),
            "{name}: {e}"
        );
    }
}

/// Unsorted and overlapping segments are sorted and trimmed, with a warning.
#[test]
fn overlapping_segments_repaired() {
    let f = cna::read(&own("overlap.cns"), &opts()).unwrap();
    let spans: Vec<(u64, u64)> = f.segments.iter().map(|s| (s.start, s.end)).collect();
    assert_eq!(spans, vec![(101, 200), (201, 300), (301, 400)]);
    assert!(
        f.warnings.iter().any(|w| w.contains("2 overlapping segment(s)")),
        "{:?}",
        f.warnings
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Arbitrary bytes after each format's header: an error or segments, never a panic.
    #[test]
    fn arbitrary_lines_never_panic(body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400), which in 0usize..8) {
        let headers = [
            "chromosome\tstart\tend\tgene\tlog2\n",
            "ID\tchrom\tloc.start\tloc.end\tnum.mark\tseg.mean\n",
            "Chromosome\tStart\tEnd\tnMajor\tnMinor\n",
            "Hugo_Symbol\tEntrez_Gene_Id\tP1\n",
            "#gene1\tgene2\tbreakpoint1\tbreakpoint2\n",
            "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n",
            "chrom1\tstart1\tend1\tchrom2\tstart2\tend2\tstrand1\tstrand2\n",
            "FusionGene\tLeftBreakpoint\tRightBreakpoint\tSplitReads\n",
        ];
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("x.txt");
        let mut bytes = headers[which].as_bytes().to_vec();
        bytes.extend(&body);
        std::fs::write(&p, &bytes).unwrap();
        let _ = cna::read(&p, &CnaOptions::default());
        let o = oncoprofile::sv::ReadOptions { build: GenomeBuild::parse("GRCh38"), ..Default::default() };
        let _ = oncoprofile::sv::read(&p, &o);
    }

    /// BEDPE and PCGR rows made of plausible and hostile cells (huge and negative numbers, empty
    /// genes, separators): an error or fusions, never a panic.
    #[test]
    fn bedpe_and_pcgr_rows_never_panic(
        cells in proptest::collection::vec(proptest::sample::select(vec![
            "7", "chr2", "0", "1", "42260000", "29224000", "55100000", "55155000", "18446744073709551615",
            "1e30", "-1", "+", "-", ".", "", "EML4--ALK", "::ALK", "EGFR::EGFR", "2:5", "x",
        ]), 8..24),
        pcgr in proptest::bool::ANY,
    ) {
        let (header, width) = if pcgr {
            ("FusionGene\tLeftBreakpoint\tRightBreakpoint\tSplitReads\n", 4)
        } else {
            ("chrom1\tstart1\tend1\tchrom2\tstart2\tend2\tstrand1\tstrand2\n", 8)
        };
        let mut text = header.to_string();
        for row in cells.chunks(width).filter(|c| c.len() == width) {
            text.push_str(&row.join("\t"));
            text.push('\n');
        }
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("x.tsv");
        std::fs::write(&p, text).unwrap();
        let o = oncoprofile::sv::ReadOptions { build: GenomeBuild::parse("GRCh38"), include_filtered: true, ..Default::default() };
        let _ = oncoprofile::sv::read(&p, &o);
    }
}
