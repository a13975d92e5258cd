//! Property tests: no input line, header or byte stream makes the reader panic.

use oncoprofile::input::fields::RecordContext;
use oncoprofile::input::header::Header;
use proptest::prelude::*;
use std::path::Path;

fn ctx() -> RecordContext {
    RecordContext {
        file: "p.vcf".into(),
        tumor: Some(1),
        normal: Some(0),
        vaf_tag: Some("TVAF".into()),
        depth_tag: None,
        repeat_fields: true,
        header_lines: Some(5),
    }
}

fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ACGTN]{1,4}",
        "[0-9]{1,6}",
        "[.,:;=%A-Za-z0-9<>*\\[\\]-]{0,12}",
        Just(".".to_string()),
        Just("".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn record_parser_never_panics(cols in proptest::collection::vec(field(), 0..13)) {
        let line = cols.join("\t");
        let c = ctx();
        if let Ok(r) = c.split(&line, 1) {
            let _ = c.variants(&r, 1, 2);
        };
    }

    #[test]
    fn record_parser_never_panics_on_structured_samples(
        ad in "[0-9.,]{0,8}", af in "[0-9.,%e-]{0,8}", dp in "[0-9.]{0,4}",
        alt in "[ACGT*.<>,]{1,6}", fmt in prop_oneof![Just("GT:AD:AF:DP"), Just("DP:FDP:SDP:SUBDP:AU:CU:GU:TU"), Just("DP:TAR:TIR"), Just("GT:DP:RD:AD:FREQ")]
    ) {
        let n = fmt.split(':').count();
        let vals: Vec<String> = (0..n).map(|i| match i % 3 { 0 => ad.clone(), 1 => af.clone(), _ => dp.clone() }).collect();
        let s = vals.join(":");
        let line = format!("1\t100\t.\tA\t{alt}\t.\tPASS\tRU=A;RPA={dp}\t{fmt}\t{s}\t{s}");
        let c = ctx();
        if let Ok(r) = c.split(&line, 1) {
            let _ = c.variants(&r, 1, 2);
        };
    }

    #[test]
    fn header_parser_never_panics(lines in proptest::collection::vec("##?[A-Za-z=<>,\"\\\\ .0-9]{0,30}", 0..6)) {
        let mut text = lines.join("\n");
        text.push_str("\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n");
        let _ = Header::parse(&text, Path::new("h.vcf"));
    }
}

fn prefix() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(vec![]),
        Just(vec![0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 0xff, 6, 0, b'B', b'C', 2, 0]),
        Just(vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]),
        Just(b"BCF\x02\x02".to_vec()),
        Just(b"##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS\n".to_vec()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Arbitrary bytes behind the magic numbers of each format: an error or a report, never a panic.
    #[test]
    fn any_bytes_give_an_error_or_a_report(p in prefix(), body in proptest::collection::vec(any::<u8>(), 0..400)) {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("x.vcf");
        let mut bytes = p;
        bytes.extend(body);
        std::fs::write(&f, &bytes).unwrap();
        let kb = oncoprofile::kb::KnowledgeBase::embedded().unwrap();
        let o = oncoprofile::pipeline::Options { reader_thread: false, ..Default::default() };
        let _ = oncoprofile::pipeline::run_report(&f, &o, &kb);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// A BGZF-compressed BCF with a corrupt body: noodles-bcf may panic inside; the patient is
    /// isolated and the result is an error naming the file.
    #[test]
    fn corrupt_bcf_is_isolated(body in proptest::collection::vec(any::<u8>(), 0..300)) {
        use std::io::Write;
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("x.bcf");
        let mut w = noodles::bgzf::io::Writer::new(Vec::new());
        w.write_all(b"BCF\x02\x02").unwrap();
        w.write_all(&body).unwrap();
        std::fs::write(&f, w.finish().unwrap()).unwrap();
        let kb = oncoprofile::kb::KnowledgeBase::embedded().unwrap();
        let o = oncoprofile::pipeline::Options { reader_thread: false, ..Default::default() };
        let r = oncoprofile::pipeline::run_report_isolated(&f, &o, &kb);
        if let Err(e) = r {
            prop_assert!(e.to_string().contains("x.bcf"), "{}", e);
        }
    }
}

/// The embedded knowledge base, loaded once.
fn kb() -> &'static oncoprofile::kb::KnowledgeBase {
    static KB: std::sync::OnceLock<oncoprofile::kb::KnowledgeBase> = std::sync::OnceLock::new();
    KB.get_or_init(|| {
        oncoprofile::kb::KnowledgeBase::embedded().unwrap_or_else(|e| panic!("{} knowledge-base errors", e.len()))
    })
}

fn integrity(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("test-data/integrity")
        .join(name)
}

/// Offsets where BGZF blocks start (and the file length).
fn block_starts(bytes: &[u8]) -> Vec<usize> {
    let mut v = vec![0];
    let mut o = 0;
    while o + 18 <= bytes.len() {
        o += u16::from_le_bytes([bytes[o + 16], bytes[o + 17]]) as usize + 1;
        v.push(o);
    }
    v
}

/// The pipeline on a truncated copy: must be an error (never a report, never a panic).
fn truncated_is_an_error(name: &str, bytes: &[u8], n: usize) -> Result<(), String> {
    let d = tempfile::tempdir().map_err(|e| e.to_string())?;
    let f = d.path().join(name);
    std::fs::write(&f, &bytes[..n]).map_err(|e| e.to_string())?;
    let kb = kb();
    let o = oncoprofile::pipeline::Options {
        reader_thread: n % 2 == 0,
        ..Default::default()
    };
    match oncoprofile::pipeline::run_report(&f, &o, kb) {
        Ok(r) => Err(format!(
            "{name} cut at {n} of {} gave a report: {:?}",
            bytes.len(),
            r.summary
        )),
        Err(e) => {
            let s = e.to_string();
            if s.contains(name) && e.exit_code() == 2 {
                Ok(())
            } else {
                Err(format!("{name} cut at {n}: {s}"))
            }
        }
    }
}

/// Every block boundary of the multi-block BGZF fixtures (VCF and BCF).
#[test]
fn bgzf_truncated_at_every_block_boundary_is_an_error() {
    for name in ["multiblock.vcf.gz", "multiblock.bcf"] {
        let bytes = std::fs::read(integrity(name)).unwrap();
        let starts = block_starts(&bytes);
        assert!(starts.len() > 5, "{name}: {} blocks", starts.len());
        for &n in &starts[..starts.len() - 1] {
            truncated_is_an_error(name, &bytes, n).unwrap();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Offsets inside blocks (any byte before the end).
    #[test]
    fn bgzf_truncated_inside_a_block_is_an_error(bcf in any::<bool>(), frac in 0.0f64..1.0) {
        let name = if bcf { "multiblock.bcf" } else { "multiblock.vcf.gz" };
        let bytes = std::fs::read(integrity(name)).unwrap();
        let n = ((bytes.len() as f64) * frac) as usize;
        prop_assert!(n < bytes.len());
        if let Err(e) = truncated_is_an_error(name, &bytes, n) {
            prop_assert!(false, "{}", e);
        }
    }
}

/// The uncompressed BCF of the escaped-quote fixture: (header bytes, record bytes).
fn bcf_parts() -> (Vec<u8>, Vec<u8>) {
    use std::io::Read;
    let mut raw = Vec::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(integrity("escaped_haploid.bcf")).unwrap())
        .read_to_end(&mut raw)
        .unwrap();
    let l_text = u32::from_le_bytes([raw[5], raw[6], raw[7], raw[8]]) as usize;
    let records = raw.split_off(9 + l_text);
    (raw, records)
}

fn bcf_file(header: &[u8], body: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    use std::io::Write;
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("r.bcf");
    let mut w = noodles::bgzf::io::Writer::new(Vec::new());
    w.write_all(header).unwrap();
    w.write_all(body).unwrap();
    std::fs::write(&f, w.finish().unwrap()).unwrap();
    (d, f)
}

fn no_panic_on_bcf(header: &[u8], body: &[u8]) -> Result<(), String> {
    let (_d, f) = bcf_file(header, body);
    let kb = kb();
    let o = oncoprofile::pipeline::Options {
        reader_thread: false,
        ..Default::default()
    };
    // Not the isolated runner: a panic fails the test.
    match oncoprofile::pipeline::run_report(&f, &o, kb) {
        Ok(_) => Ok(()),
        Err(e) if e.exit_code() == 2 && e.to_string().contains("r.bcf") => Ok(()),
        Err(e) => Err(format!("exit {}: {e}", e.exit_code())),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Arbitrary record bytes after a valid BCF header: an error or a report, never a panic.
    #[test]
    fn arbitrary_bcf_records_after_a_valid_header_never_panic(
        body in proptest::collection::vec(any::<u8>(), 0..600),
        consistent in any::<bool>(),
        split in 0usize..600,
    ) {
        let (header, _) = bcf_parts();
        let mut bytes = Vec::new();
        if consistent {
            // Length words that agree with the bytes that follow, so the decoder sees the body.
            let s = split.min(body.len()) as u32;
            bytes.extend(s.to_le_bytes());
            bytes.extend((body.len() as u32 - s).to_le_bytes());
        }
        bytes.extend(&body);
        if let Err(e) = no_panic_on_bcf(&header, &bytes) {
            prop_assert!(false, "{}", e);
        }
    }

    /// Valid records with a few bytes changed: an error or a report, never a panic.
    #[test]
    fn mutated_bcf_records_never_panic(edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6)) {
        let (header, mut records) = bcf_parts();
        for (i, b) in edits {
            let n = records.len();
            records[i % n] = b;
        }
        if let Err(e) = no_panic_on_bcf(&header, &records) {
            prop_assert!(false, "{}", e);
        }
    }
}
