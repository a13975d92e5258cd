//! Input integrity: truncated or corrupt inputs never give a report, sizes the file states are
//! checked before anything is allocated, and values that do not parse are errors (or, for
//! per-allele fields with the wrong count, null and counted).
//!
//! Fixtures: `test-data/integrity/` (written by `make_integrity.py` there).
//!
//! Truncation rule (decided here): a cut BGZF, BCF or gzip stream is always an error; a cut
//! plain-text VCF is an error unless the cut falls exactly at a line end (a valid, shorter file)
//! or inside the last column of a data line (indistinguishable from a complete line without a
//! final line break — the VCF spec allows that).

mod common;
use common::*;
use oncoprofile::engine::Chunk;
use oncoprofile::input::{Input, Limits};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn integrity(name: &str) -> PathBuf {
    fixture(&format!("integrity/{name}"))
}

/// Read the whole input through the library: Ok(records) or the error line.
fn read_all(p: &Path) -> Result<u64, String> {
    read_all_with(p, Limits::default())
}

fn read_all_with(p: &Path, limits: Limits) -> Result<u64, String> {
    let mut inp = Input::open_with(p, limits).map_err(|e| e.to_string())?;
    let mut c = Chunk::default();
    loop {
        inp.read_chunk(&mut c, 7).map_err(|e| e.to_string())?;
        if c.is_empty() {
            return Ok(inp.records());
        }
    }
}

/// Offsets where BGZF blocks start (and the file length).
fn block_boundaries(bytes: &[u8]) -> Vec<usize> {
    let mut v = vec![0];
    let mut o = 0;
    while o + 18 <= bytes.len() {
        let bsize = u16::from_le_bytes([bytes[o + 16], bytes[o + 17]]) as usize;
        o += bsize + 1;
        v.push(o);
    }
    assert_eq!(o, bytes.len(), "well-formed BGZF");
    v
}

fn cut(dir: &Path, name: &str, bytes: &[u8], n: usize) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, &bytes[..n]).unwrap();
    p
}

/// Every prefix of a compressed fixture, at every block boundary and every offset inside blocks,
/// is an error that names the file and says "truncated" or "corrupt"; the whole file reads.
fn every_cut_fails(name: &str, want_blocks: usize) {
    let src = integrity(name);
    let bytes = std::fs::read(&src).unwrap();
    let full = read_all(&src).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(full > 10, "{name}: {full} records");
    let tmp = tempfile::tempdir().unwrap();
    if bytes[3] & 4 != 0 {
        let b = block_boundaries(&bytes);
        assert!(b.len() >= want_blocks, "{name}: only {} blocks", b.len());
        for &n in &b[..b.len() - 1] {
            let p = cut(tmp.path(), name, &bytes, n);
            let e = read_all(&p).expect_err(&format!("{name} cut at block boundary {n} was read"));
            assert!(e.contains("truncated") || e.contains("empty"), "{name} at {n}: {e}");
        }
        // Missing only the end-of-file block.
        let p = cut(tmp.path(), name, &bytes, bytes.len() - 28);
        let e = read_all(&p).unwrap_err();
        assert!(e.contains("without the BGZF end-of-file block"), "{e}");
    }
    eprintln!("{name}: {} cuts (every byte offset), none read", bytes.len());
    for n in 0..bytes.len() {
        let p = cut(tmp.path(), name, &bytes, n);
        match read_all(&p) {
            Ok(r) => panic!("{name} cut at {n} of {} was read ({r} records)", bytes.len()),
            Err(e) => {
                assert!(e.starts_with(&p.display().to_string()), "{e}");
                // Below 2 bytes the gzip magic is not there: read as (non-)text.
                assert!(
                    e.contains("truncated") || e.contains("corrupt") || e.contains("empty") || n < 2,
                    "{name} at {n}: {e}"
                );
                assert_eq!(e.lines().count(), 1);
            }
        }
    }
}

#[test]
fn bgzf_vcf_cut_anywhere_is_an_error() {
    every_cut_fails("multiblock.vcf.gz", 8);
}

#[test]
fn bgzf_bcf_cut_anywhere_is_an_error() {
    every_cut_fails("multiblock.bcf", 8);
}

#[test]
fn gzip_vcf_cut_anywhere_is_an_error() {
    every_cut_fails("multiblock.gz.vcf.gz", 0);
}

#[test]
fn plain_vcf_cut_is_an_error_except_at_a_line_end_or_in_the_last_column() {
    // The plain text of the multi-block fixture.
    let mut text = Vec::new();
    let mut inp = Input::open(&integrity("multiblock.vcf.gz")).unwrap();
    let mut c = Chunk::default();
    loop {
        inp.read_chunk(&mut c, 100).unwrap();
        if c.is_empty() {
            break;
        }
        for l in c.lines() {
            text.extend_from_slice(l.as_bytes());
            text.push(b'\n');
        }
    }
    let mut bytes = std::fs::read(integrity("escaped_haploid.vcf")).unwrap();
    bytes.truncate(
        bytes
            .windows(7)
            .position(|w| w == b"#CHROM\t")
            .map(|i| i + bytes[i..].iter().position(|&b| b == b'\n').unwrap() + 1)
            .unwrap(),
    );
    let header_end = bytes.len();
    bytes.extend_from_slice(&text);
    let tmp = tempfile::tempdir().unwrap();
    let mut accepted = 0;
    for n in 0..bytes.len() {
        let p = cut(tmp.path(), "p.vcf", &bytes, n);
        let r = read_all(&p);
        let at_line_end = n > 0 && bytes[n - 1] == b'\n';
        // Inside the last column of a data line: after its last tab, before its newline.
        let line_start = bytes[..n].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let last_col =
            n >= header_end && !at_line_end && bytes[line_start..n].iter().filter(|&&b| b == b'\t').count() == 10;
        match r {
            Ok(_) => {
                assert!(
                    (at_line_end && n >= header_end) || last_col,
                    "cut at {n} was read: {:?}",
                    String::from_utf8_lossy(&bytes[line_start..n])
                );
                accepted += 1;
            }
            Err(e) => {
                assert!(!(at_line_end && n >= header_end), "cut at line end {n}: {e}");
                if n >= header_end && !last_col {
                    assert!(e.contains("truncated VCF data after"), "{e}");
                }
            }
        }
    }
    assert!(accepted > 0);
}

#[test]
fn truncated_demo_file_names_the_last_complete_record() {
    let bytes = std::fs::read(fixture("demo/demo_nec.vcf.gz")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let p = cut(tmp.path(), "t.vcf.gz", &bytes, 14046);
    let out = run(&["report", p.to_str().unwrap(), "--quiet"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "no report on stdout");
    let e = stderr(&out);
    assert_eq!(e.trim_end().lines().count(), 1, "{e}");
    assert!(
        e.contains("t.vcf.gz: truncated BGZF data after record 74 (line 140): the file ends without the BGZF end-of-file block"),
        "{e}"
    );
    // Missing only the 28-byte EOF block.
    let p = cut(tmp.path(), "t.vcf.gz", &bytes, bytes.len() - 28);
    let out = run(&["report", p.to_str().unwrap(), "--quiet"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("after record 367"), "{}", stderr(&out));
}

/// 128 cuts spread over the demo file, through the binary: none exits 0.
#[test]
fn demo_file_cuts_never_exit_0() {
    let bytes = std::fs::read(fixture("demo/demo_nec.vcf.gz")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let mut cuts: Vec<usize> = (1..=120).map(|i| i * (bytes.len() - 1) / 121).collect();
    cuts.extend(
        block_boundaries(&bytes)
            .into_iter()
            .filter(|&b| b > 0 && b < bytes.len()),
    );
    cuts.push(bytes.len() - 28);
    cuts.push(bytes.len() - 1);
    for n in cuts {
        let p = cut(tmp.path(), "t.vcf.gz", &bytes, n);
        let out = run(&[
            "report",
            p.to_str().unwrap(),
            "--quiet",
            "-o",
            tmp.path().join("r.json").to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "cut at {n}: {}", stderr(&out));
    }
}

#[test]
fn bcf_with_escaped_quotes_haploid_and_number_a_reads_like_its_vcf() {
    let opts = ["--all-variants", "--include-filtered"];
    let v = report(&integrity("escaped_haploid.vcf"), &opts);
    let b = report(&integrity("escaped_haploid.bcf"), &opts);
    assert_eq!(v["alterations"], b["alterations"]);
    assert_eq!(v["summary"], b["summary"]);
    assert_eq!(b["input"]["format"], "bcf");
    let n = v["alterations"].as_array().unwrap().len();
    assert!(n >= 3, "{n} alterations");
    // The haploid sample's record (chrX, GT `1`) is read with its depth.
    let x = alteration_at(&b, 1_000_000);
    assert_eq!(x["depth"], 30);
    // The multi-allelic Number=A AF: the second ALT's value, not the first.
    let g12 = b["alterations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["protein_change"] == "p.G12V")
        .expect("G12V");
    assert_eq!(g12["vaf"], 0.05);
    let h = oncoprofile::input::Input::open(&integrity("escaped_haploid.bcf")).unwrap();
    let ad = h.header.format_def("AD").unwrap();
    assert!(
        ad.description.contains("the \"ref\" and \"alt\" alleles"),
        "{}",
        ad.description
    );
}

fn fails_with(p: &Path, want: &[&str]) {
    let out = run(&["report", p.to_str().unwrap(), "--quiet"]);
    let e = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{}: {e}", p.display());
    assert!(out.stdout.is_empty());
    assert_eq!(e.trim_end().lines().count(), 1, "{e}");
    for w in want {
        assert!(e.contains(w), "{}: want {w:?} in {e}", p.display());
    }
}

#[test]
fn bcf_records_disagreeing_with_the_header_are_errors_not_panics() {
    fails_with(
        &integrity("bcf_sample_count.bcf"),
        &["record 1", "3 samples, but the header names 2"],
    );
    fails_with(
        &integrity("bcf_undefined_info.bcf"),
        &["record 1", "INFO key index 99 is not an ##INFO of the header"],
    );
}

#[test]
fn sizes_from_the_file_are_checked_before_allocating() {
    let t = Instant::now();
    fails_with(
        &integrity("bcf_huge_record.bcf"),
        &["record 1", "more than the maximum line length", "--max-line-bytes"],
    );
    fails_with(
        &integrity("bcf_huge_header.bcf"),
        &["BCF header length is 4294967280 bytes", "--max-header-bytes"],
    );
    assert!(t.elapsed() < Duration::from_secs(30));
}

#[test]
fn limits_are_configurable_and_named() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("long.vcf");
    let mut f = std::fs::File::create(&p).unwrap();
    writeln!(f, "##fileformat=VCFv4.2").unwrap();
    writeln!(f, "##note={}", "x".repeat(5000)).unwrap();
    writeln!(f, "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO").unwrap();
    writeln!(f, "1\t5\t.\tA\tT\t.\tPASS\tX={}", "y".repeat(5000)).unwrap();
    drop(f);
    assert_eq!(read_all(&p), Ok(1));
    let e = read_all_with(
        &p,
        Limits {
            max_header_bytes: 1000,
            ..Limits::default()
        },
    )
    .unwrap_err();
    assert!(
        e.contains("maximum header size (1000 bytes; raise it with --max-header-bytes)"),
        "{e}"
    );
    let e = read_all_with(
        &p,
        Limits {
            max_line_bytes: 1000,
            max_header_bytes: 100_000,
        },
    )
    .unwrap_err();
    assert!(e.contains("line 2") && e.contains("--max-line-bytes"), "{e}");
    let e = read_all_with(
        &p,
        Limits {
            max_line_bytes: 4000,
            max_header_bytes: 100_000,
        },
    )
    .unwrap_err();
    // The header's long line is longer than 4000 too: the header is read first.
    assert!(e.contains("--max-line-bytes"), "{e}");
    let e = read_all_with(
        &integrity("multiblock.bcf"),
        Limits {
            max_line_bytes: 50,
            ..Limits::default()
        },
    )
    .unwrap_err();
    assert!(e.contains("record 1") && e.contains("--max-line-bytes"), "{e}");
    assert_eq!(Limits::default().max_line_bytes, 256 << 20);
    assert_eq!(Limits::default().max_header_bytes, 256 << 20);
}

/// A line with no end (gzip-compressed, so the file is small): stops at the limit, exit 2.
#[test]
fn endless_line_stops_at_the_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("endless.vcf.gz");
    let mut gz = flate2::write::GzEncoder::new(std::fs::File::create(&p).unwrap(), flate2::Compression::fast());
    gz.write_all(b"##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n1\t5\t.\tA\tT\t.\tPASS\tX=")
        .unwrap();
    let block = vec![b'A'; 1 << 16];
    for _ in 0..64 {
        gz.write_all(&block).unwrap();
    }
    gz.finish().unwrap();
    let e = read_all_with(
        &p,
        Limits {
            max_line_bytes: 1 << 20,
            ..Limits::default()
        },
    )
    .unwrap_err();
    assert!(e.contains("record 1 (line 3)") && e.contains("--max-line-bytes"), "{e}");
}

/// Run the binary with a deadline; kill it and fail when it does not finish.
fn run_with_timeout(args: &[&str], stdin: Stdio, secs: u64) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_oncoprofile"))
        .args(args)
        .stdin(stdin)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let t = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut e = String::new();
            use std::io::Read;
            child.stderr.take().unwrap().read_to_string(&mut e).unwrap();
            return (status.code(), e);
        }
        if t.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{args:?} did not finish in {secs} s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn dev_zero_as_file_and_as_stdin_is_an_error_at_once() {
    if !Path::new("/dev/zero").exists() {
        eprintln!("SKIPPED: no /dev/zero");
        return;
    }
    let (code, e) = run_with_timeout(&["report", "/dev/zero", "--quiet"], Stdio::null(), 30);
    assert_eq!(code, Some(2), "{e}");
    assert!(e.contains("/dev/zero") && e.contains("no VCF header"), "{e}");
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let (code, e) = run_with_timeout(&["report", "-", "--quiet"], Stdio::from(zero), 30);
    assert_eq!(code, Some(2), "{e}");
    // A valid first line, then zeros without end: stops at line 2 without reading it.
    let mut child = Command::new(env!("CARGO_BIN_EXE_oncoprofile"))
        .args(["report", "-", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let zeros = vec![0u8; 1 << 16];
        if stdin.write_all(b"##fileformat=VCFv4.2\n").is_err() {
            return;
        }
        // Until the reader goes away (broken pipe), at most 4 GiB.
        for _ in 0..(1 << 16) {
            if stdin.write_all(&zeros).is_err() {
                return;
            }
        }
    });
    let out = child.wait_with_output().unwrap();
    let _ = writer.join();
    let e = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{e}");
    assert!(e.contains("-: line 2: no #CHROM header line"), "{e}");
}

fn vcf(dir: &Path, name: &str, records: &[&str]) -> PathBuf {
    let mut text = std::fs::read_to_string(integrity("escaped_haploid.vcf")).unwrap();
    let end = text.find("#CHROM").unwrap();
    let chrom_end = end + text[end..].find('\n').unwrap() + 1;
    text.truncate(chrom_end);
    for r in records {
        text.push_str(r);
        text.push('\n');
    }
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const BRAF: &str = "chr7\t140753336\t.\tA\tT";

#[test]
fn invalid_pos_and_qual_are_input_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let rest = ".\tPASS\tDP=180\tGT:AD:AF:DP\t0/0:80,0:0:80\t0/1:60,40:0.4:100";
    for (pos, want) in [
        ("+5", "field POS: '+5' is not a position"),
        ("-3", "field POS: '-3' is not a position"),
        ("2147483648", "field POS: 2147483648 is beyond the largest position"),
    ] {
        let line = format!("chr7\t{pos}\t.\tA\tT\t{rest}");
        let p = vcf(tmp.path(), "pos.vcf", &[&line]);
        fails_with(&p, &["record 1 (line 18)", want]);
    }
    // POS 0 is a telomere in the VCF spec: read.
    let line = format!("chr7\t0\t.\tA\tT\t{rest}");
    let p = vcf(tmp.path(), "pos0.vcf", &[&line]);
    report(&p, &[]);
    let line = format!("{BRAF}\tabc\tPASS\tDP=1\tGT:DP\t0/0:1\t0/1:1");
    let p = vcf(tmp.path(), "qual.vcf", &[&line]);
    fails_with(&p, &["record 1 (line 18)", "field QUAL: 'abc' is not a number"]);
}

#[test]
fn per_allele_fields_with_the_wrong_count_are_null() {
    let tmp = tempfile::tempdir().unwrap();
    // Three AF values for one ALT: no VAF (the first is not used), alt depth not trusted either.
    let line = format!("{BRAF}\t.\tPASS\tDP=180\tGT:AD:AF:DP\t0/0:80,0:0:80\t0/1:60,40:0.3,0.2,0.1:100");
    let p = vcf(tmp.path(), "af.vcf", &[&line]);
    let r = report(&p, &["--all-variants"]);
    let a = alteration_at(&r, 140753336);
    assert!(a["vaf"].is_null(), "{a}");
    assert!(a["alt_depth"].is_null(), "{a}");
    assert_eq!(a["depth"], 100);
    let warned: Vec<&str> = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w.as_str())
        .filter(|w| w.contains("per-allele FORMAT field"))
        .collect();
    assert_eq!(
        warned,
        vec![
            "1 per-allele FORMAT field(s) had a value count that does not fit the ALT alleles: their alt depth and VAF are null \
             (first: record 1: FORMAT/AF has 3 values for 1 ALT allele (Number=A))"
        ]
    );
    // AD with three counts for one ALT.
    let line = format!("{BRAF}\t.\tPASS\tDP=180\tGT:AD:DP\t0/0:80,0:80\t0/1:60,40,7:100");
    let p = vcf(tmp.path(), "ad.vcf", &[&line]);
    let r = report(&p, &["--all-variants"]);
    let a = alteration_at(&r, 140753336);
    assert!(a["vaf"].is_null() && a["alt_depth"].is_null(), "{a}");
}
