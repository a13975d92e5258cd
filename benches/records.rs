//! Micro-benchmarks of the per-record path (issue 13): reading and splitting records, picking the
//! VEP consequence, and the whole report, on a synthetic Mutect2 + VEP file made by
//! `bench/gen_vcf.py` (generated on first use into `bench/out/`; needs python3).
//!
//!   cargo bench --bench records                 # criterion's own statistics and change detection
//!   BENCH_RECORDS=20000 cargo bench --bench records
//!
//! Throughput is in records, so a regression in any stage shows as fewer records per second.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use oncoprofile::annotation::Annotator;
use oncoprofile::engine::Chunk;
use oncoprofile::input::fields::{RecordContext, RecordStats};
use oncoprofile::input::{samples, Input};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture() -> PathBuf {
    let n: u64 = std::env::var("BENCH_RECORDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(50_000);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = root.join(format!("bench/out/micro_{n}.vcf.gz"));
    if !out.exists() {
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        let st = Command::new("python3")
            .arg(root.join("bench/gen_vcf.py"))
            .args(["--records", &n.to_string(), "--seed", "3", "--out"])
            .arg(&out)
            .status()
            .expect("python3 runs bench/gen_vcf.py");
        assert!(st.success(), "bench/gen_vcf.py failed");
    }
    out
}

/// Every data line of the file, in chunks as the engine reads them.
fn chunks(path: &Path) -> (Input, Vec<Chunk>) {
    let mut input = Input::open(path).unwrap();
    let mut out = Vec::new();
    loop {
        let mut c = Chunk::with_capacity(2048);
        input.read_chunk(&mut c, 2048).unwrap();
        if c.is_empty() {
            break;
        }
        out.push(c);
    }
    (input, out)
}

fn benches(c: &mut Criterion) {
    let path = fixture();
    let (input, data) = chunks(&path);
    let records = input.records();
    let header = input.header.clone();
    let choice = samples::resolve(&header, &path, None, None).unwrap();
    let rc = RecordContext {
        file: path.clone(),
        tumor: choice.tumor,
        normal: choice.normal,
        vaf_tag: None,
        depth_tag: None,
        repeat_fields: true,
        header_lines: Some(header.lines),
    };
    let annotator = Annotator::from_header(&header);
    let n_samples = header.samples.len();

    let mut g = c.benchmark_group("per_record");
    g.throughput(Throughput::Elements(records));
    g.sample_size(10);
    g.bench_function("read_and_decompress", |b| {
        b.iter(|| {
            let (i, _) = chunks(&path);
            i.records()
        })
    });
    g.bench_function("split_columns", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for ch in &data {
                for (i, line) in ch.lines().enumerate() {
                    n += rc.split(line, i as u64 + 1).unwrap().alts.len();
                }
            }
            n
        })
    });
    g.bench_function("split_and_depth", |b| {
        b.iter(|| {
            let mut stats = RecordStats::default();
            let mut n = 0usize;
            for ch in &data {
                for (i, line) in ch.lines().enumerate() {
                    let raw = rc.split(line, i as u64 + 1).unwrap();
                    n += rc
                        .variants_counted(&raw, i as u64 + 1, n_samples, &mut stats)
                        .unwrap()
                        .len();
                }
            }
            n
        })
    });
    g.bench_function("pick_vep_consequence", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for ch in &data {
                for (i, line) in ch.lines().enumerate() {
                    let raw = rc.split(line, i as u64 + 1).unwrap();
                    let info = oncoprofile::input::fields::Info::new(raw.info);
                    let anns = annotator
                        .annotate_info_gated(&info, raw.ref_allele, &raw.alts, &|_| true)
                        .unwrap_or_default();
                    n += anns.iter().flatten().count();
                }
            }
            n
        })
    });
    let kb = oncoprofile::kb::KnowledgeBase::embedded().unwrap();
    let opts = oncoprofile::pipeline::Options {
        progress: false,
        ..Default::default()
    };
    g.bench_function("whole_report", |b| {
        b.iter(|| {
            oncoprofile::pipeline::run_report(&path, &opts, &kb)
                .unwrap()
                .alterations
                .len()
        })
    });
    g.finish();
}

criterion_group!(per_record, benches);
criterion_main!(per_record);
