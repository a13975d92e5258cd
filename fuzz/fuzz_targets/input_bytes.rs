//! Arbitrary bytes as a whole input file (sniffing, BGZF/gzip, BCF header and records, text).
#![no_main]

use libfuzzer_sys::fuzz_target;
use oncoprofile::input::{Chunk, Input, Limits};

fuzz_target!(|data: &[u8]| {
    let path = std::env::temp_dir().join(format!("oncoprofile-fuzz-{}.bin", std::process::id()));
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let limits = Limits {
        max_line_bytes: 1 << 20,
        max_header_bytes: 1 << 20,
    };
    if let Ok(mut input) = Input::open_with(&path, limits) {
        let mut c = Chunk::default();
        while input.read_chunk(&mut c, 64).is_ok() && !c.is_empty() {}
    }
    let _ = std::fs::remove_file(&path);
});
