//! Header text through the header parser and the BCF dictionary builder.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oncoprofile::input::bcf::Dictionaries;
use oncoprofile::input::header::Header;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(h) = Header::parse(text, std::path::Path::new("fuzz.vcf")) {
        let _ = oncoprofile::input::detect_build(&h);
        let _ = oncoprofile::input::detect_caller(&h);
    }
    let _ = Dictionaries::from_header_text(text);
});
