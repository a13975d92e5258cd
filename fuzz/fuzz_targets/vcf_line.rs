//! One VCF data line through the record parser (split + variants, with and without samples).
#![no_main]

use libfuzzer_sys::fuzz_target;
use oncoprofile::input::fields::{RecordContext, RecordStats};

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    for (tumor, normal, n) in [(Some(1), Some(0), 2), (Some(0), None, 1), (None, None, 0)] {
        let c = RecordContext {
            file: "fuzz.vcf".into(),
            tumor,
            normal,
            vaf_tag: None,
            depth_tag: None,
            repeat_fields: true,
            header_lines: Some(10),
        };
        if let Ok(r) = c.split(line, 1) {
            let mut st = RecordStats::default();
            let _ = c.variants_counted(&r, 1, n, &mut st);
        }
    }
});
