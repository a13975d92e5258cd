//! Property tests: no input line, header or byte stream makes the reader panic.

use oncoprofile::input::header::Header;
use oncoprofile::input::record::RecordContext;
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
        header_lines: 5,
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
        }
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
        }
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
