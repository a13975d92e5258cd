//! Every reader of a side file is bounded like the VCF reader (issue 27, item 5): an endless line in
//! a `--targets` BED, a `-R` regions file, `--gene-models` GFF3/GTF, a `--reference` FASTA without
//! `.fai`, `kb import gene-models` inputs, knowledge-base TSVs (`--annotations`) and the batch
//! manifest ends with exit 2 and the VCF reader's one-line message, in bounded time and memory.
//! A small `--max-line-bytes` (or `ONCOPROFILE_MAX_LINE_BYTES` for `kb`) stands for the 256 MiB
//! default; `/dev/zero` is tried at the default where a reader accepts a device.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::time::Duration;

const VCF: &str = "##fileformat=VCFv4.2
##contig=<ID=chr7,length=159345973>
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO
chr7\t140753336\t.\tA\tT\t.\tPASS\t.
";

const LIMIT: &str = "the line is longer than the maximum line length (1000 bytes; raise it with --max-line-bytes)";

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `prefix` then 5,000 bytes without a line break.
fn endless(prefix: &str) -> Vec<u8> {
    let mut v = prefix.as_bytes().to_vec();
    v.extend(std::iter::repeat_n(b'0', 5000));
    v
}

/// Run with a time limit; exit 2 and one line naming `file` (and `line` when given) with the limit.
fn refused(args: &[&str], env: Option<(&str, &str)>, file: &Path, line: Option<u64>) {
    let mut c = bin();
    c.args(args).timeout(Duration::from_secs(120));
    if let Some((k, v)) = env {
        c.env(k, v);
    }
    let o = c.output().unwrap();
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {e}");
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(e.starts_with("oncoprofile: error: ") && e.contains(s(file)), "{e}");
    assert!(e.contains(LIMIT), "{e}");
    if let Some(l) = line {
        assert!(e.contains(&format!("line {l}: ")), "{e}");
    }
}

#[test]
fn every_side_file_reader_is_bounded() {
    let d = tempfile::tempdir().unwrap();
    let vcf = write(d.path(), "t.vcf", VCF.as_bytes());
    let m = ["--max-line-bytes", "1000", "--quiet"];
    let report = |extra: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = vec!["report".into(), s(&vcf).into()];
        a.extend(m.iter().chain(extra).map(|x| x.to_string()));
        a
    };
    let run_report = |extra: &[&str], file: &Path, line: Option<u64>| {
        let a = report(extra);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        refused(&a, None, file, line);
    };
    // --targets BED.
    let bed = write(d.path(), "t.bed", &endless("chr7\t1\t100\nchr7\t"));
    run_report(&["--targets", s(&bed)], &bed, Some(2));
    // -R regions (BED by name, and CHROM POS).
    run_report(&["-R", s(&bed)], &bed, Some(2));
    let reg = write(d.path(), "r.txt", &endless("chr7\t5\n"));
    run_report(&["-R", s(&reg)], &reg, Some(2));
    // --gene-models GFF3 (with a reference), and a reference FASTA without .fai.
    let fa = write(d.path(), "ref.fa", b">chr7\nACGTACGTAC\n");
    let gff = write(
        d.path(),
        "g.gff3",
        &endless("##gff-version 3\nchr7\tx\tgene\t1\t10\t.\t+\t.\tID="),
    );
    run_report(&["--gene-models", s(&gff), "--reference", s(&fa)], &gff, Some(2));
    let good_gff = write(
        d.path(),
        "ok.gff3",
        b"##gff-version 3\nchr7\tx\tgene\t1\t10\t.\t+\t.\tID=gene:G;Name=G\nchr7\tx\tmRNA\t1\t10\t.\t+\t.\tID=transcript:T;Parent=gene:G\nchr7\tx\texon\t1\t10\t.\t+\t.\tParent=transcript:T\n",
    );
    let long_fa = write(d.path(), "long.fa", &endless(">chr7\n"));
    run_report(
        &["--gene-models", s(&good_gff), "--reference", s(&long_fa)],
        &long_fa,
        Some(2),
    );
    // Knowledge-base TSVs (--annotations).
    let kb = d.path().join("kb");
    let o = run(&["kb", "export", s(&kb)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let genes = kb.join("genes.tsv");
    let mut text = std::fs::read(&genes).unwrap();
    text.extend(endless("X"));
    std::fs::write(&genes, text).unwrap();
    let a = report(&["--annotations", s(&kb)]);
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let o = bin().args(&a).timeout(Duration::from_secs(120)).output().unwrap();
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(3), "{e}");
    assert!(e.contains("genes.tsv") && e.contains(LIMIT), "{e}");
    // The imported CIViC rules of a knowledge-base directory (read by the rule parser).
    let kb2 = d.path().join("kb2");
    let o = run(&["kb", "export", s(&kb2)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    write(&kb2, "therapies.civic.tsv", &endless("id\t"));
    let a = report(&["--annotations", s(&kb2)]);
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let o = bin().args(&a).timeout(Duration::from_secs(120)).output().unwrap();
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(3), "{e}");
    assert!(e.contains("therapies.civic.tsv") && e.contains(LIMIT), "{e}");
    // The batch manifest.
    let man = write(d.path(), "m.tsv", &endless("patient\tvcf\nP1\tt.vcf\nP2\t"));
    let out = d.path().join("out");
    refused(
        &[
            "batch",
            "--manifest",
            s(&man),
            "--outdir",
            s(&out),
            "--max-line-bytes",
            "1000",
            "--quiet",
        ],
        None,
        &man,
        Some(3),
    );
    // kb import gene-models: the GFF and the FASTA.
    let pack = d.path().join("pack");
    let env = Some(("ONCOPROFILE_MAX_LINE_BYTES", "1000"));
    refused(
        &["kb", "import", "gene-models", s(&gff), s(&fa), "--out", s(&pack)],
        env,
        &gff,
        Some(2),
    );
    refused(
        &[
            "kb",
            "import",
            "gene-models",
            s(&good_gff),
            s(&long_fa),
            "--out",
            s(&pack),
        ],
        env,
        &long_fa,
        Some(2),
    );
}

/// `/dev/zero` (an endless line) at the default limit: refused at 256 MiB, not grown to gigabytes.
#[cfg(target_os = "linux")]
#[test]
fn dev_zero_as_a_side_file_ends_with_exit_2() {
    let d = tempfile::tempdir().unwrap();
    let vcf = write(d.path(), "t.vcf", VCF.as_bytes());
    let zero = Path::new("/dev/zero");
    let default = "the line is longer than the maximum line length (268435456 bytes";
    for args in [
        vec!["report", s(&vcf), "--quiet", "--targets", "/dev/zero"],
        vec!["report", s(&vcf), "--quiet", "-R", "/dev/zero"],
    ] {
        let o = bin().args(&args).timeout(Duration::from_secs(120)).output().unwrap();
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {e}");
        assert!(e.contains(s(zero)) && e.contains(default), "{e}");
    }
}
