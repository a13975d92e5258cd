//! Arbitrary bytes as one BCF record (shared + individual parts) against a fixed header.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oncoprofile::input::bcf::{decode_record, Dictionaries};
use std::sync::OnceLock;

const HEADER: &str = "##fileformat=VCFv4.2\n\
##FILTER=<ID=PASS,Description=\"All filters passed\">\n\
##FILTER=<ID=q10,Description=\"Quality below 10\">\n\
##INFO=<ID=DP,Number=1,Type=Integer,Description=\"Depth\">\n\
##INFO=<ID=SOMATIC,Number=0,Type=Flag,Description=\"Somatic\">\n\
##INFO=<ID=CSQ,Number=.,Type=String,Description=\"Consequence. Format: Allele|Gene\">\n\
##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n\
##FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"Allelic depths of \\\"ref\\\" and \\\"alt\\\"\">\n\
##FORMAT=<ID=AF,Number=A,Type=Float,Description=\"Allele fractions\">\n\
##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Depth\">\n\
##contig=<ID=chr1,length=248956422>\n\
##contig=<ID=chr7,length=159345973>\n\
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tN\tT\n";

fuzz_target!(|data: &[u8]| {
    static DICT: OnceLock<Dictionaries> = OnceLock::new();
    let dict = DICT.get_or_init(|| Dictionaries::from_header_text(HEADER));
    // First 4 bytes: l_shared (as in a BCF record); the rest is the record.
    if data.len() < 4 {
        return;
    }
    let l_shared = u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize;
    let body = &data[4..];
    let split = l_shared.min(body.len());
    let (shared, indiv) = body.split_at(split);
    let mut out = Vec::new();
    if decode_record(shared, indiv, dict, 2, &mut out, 1 << 20).is_ok() {
        // What the decoder renders must be a line the record parser accepts or rejects cleanly.
        if let Ok(line) = std::str::from_utf8(&out) {
            assert!(!line.contains('\n'));
            let c = oncoprofile::input::fields::RecordContext {
                file: "fuzz.bcf".into(),
                tumor: Some(1),
                normal: Some(0),
                vaf_tag: None,
                depth_tag: None,
                repeat_fields: false,
                header_lines: Some(13),
            };
            if let Ok(r) = c.split(line, 1) {
                let _ = c.variants(&r, 1, 2);
            }
        }
    }
});
