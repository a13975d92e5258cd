//! Our consequence engine against the `bcftools csq` test suite in
//! `../shared/data/csq/` (read from there, never copied).
//!
//! Every case folder holds a GFF, a FASTA excerpt (+ `.fai`) and VCFs whose
//! `INFO/EXP` lists bcftools' expected consequences,
//! `consequence|gene|transcript|biotype|strand|aa-change|dna-change`.
//! Per record the expected and predicted consequences are compared per
//! transcript (bcftools writes intron and non-coding hits without a
//! transcript: those are compared per gene), term sets in bcftools' names,
//! and the protein positions where the expectation has an amino-acid change.
//!
//! Expectations kept outside `INFO/EXP` are read too: `X.txt-l` beside `X.vcf`
//! (bcftools' local, `-l`, calls: used for compound records, like `INFO/EXPL`),
//! and for VCFs without `EXP`, `X.txt` and `X.cmd` + `X.cmd.out` (the bcftools
//! commands, with the GFF each used, and their printed `BCSQ`/`TBCSQ`); see
//! [`expectation_runs`].
//!
//! Out of scope: haplotype-aware compound calls (`@POS` references, `*`
//! terms, `+`-joined dna changes) without a local expectation, and symbolic
//! structural-variant alleles (`<INS:ME:ALU>`, `<DEL>`), which the engine
//! does not annotate (issue #11 asks for SNVs, MNVs, indels and complex records).
//! `NMD_transcript` is dropped on both sides; `intron` is dropped from a
//! prediction that has other terms, a gene's intron hit when another of
//! its transcripts has a consequence, and its non-coding hit when another has a
//! coding-transcript consequence (bcftools writes those only when nothing else
//! applies); up- and downstream terms are ignored (bcftools has none).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use oncoprofile::annotation::bcsq::term_to_so;
use oncoprofile::consequence::fasta::Reference;
use oncoprofile::consequence::gff::GeneModels;
use oncoprofile::consequence::predict::Prediction;
use oncoprofile::consequence::Engine;

/// Agreement the suite must keep (in-scope records), in percent.
const MIN_AGREEMENT: f64 = 95.3;

const BCFTOOLS_TERMS: &[&str] = &[
    "synonymous",
    "missense",
    "stop_lost",
    "stop_gained",
    "inframe_deletion",
    "inframe_insertion",
    "frameshift",
    "splice_acceptor",
    "splice_donor",
    "start_lost",
    "splice_region",
    "stop_retained",
    "start_retained",
    "5_prime_utr",
    "3_prime_utr",
    "non_coding",
    "intron",
    "inframe_altering",
    "coding_sequence",
    "feature_elongation",
    "feature_truncation",
];

fn to_bcftools(so: &str) -> Option<&'static str> {
    if so == "non_coding_transcript_exon_variant" {
        return Some("non_coding");
    }
    BCFTOOLS_TERMS.iter().copied().find(|t| term_to_so(t) == Some(so))
}

/// key → (terms, protein positions: one per allele of a multi-allelic record)
type Calls = BTreeMap<String, (BTreeSet<String>, BTreeSet<u32>)>;

fn key_for(terms: &BTreeSet<String>, gene: &str, tx: &str) -> String {
    let bare = terms.iter().all(|t| t == "intron" || t == "non_coding");
    if bare || tx.is_empty() {
        format!("gene:{gene}")
    } else {
        format!("tx:{tx}")
    }
}

fn first_number(s: &str) -> Option<u32> {
    let d: String = s.chars().take_while(char::is_ascii_digit).collect();
    d.parse().ok()
}

fn expected(exp: &str) -> Calls {
    let mut out = Calls::new();
    for entry in exp.split(',').filter(|e| *e != "." && !e.is_empty()) {
        let f: Vec<&str> = entry.split('|').collect();
        let terms: BTreeSet<String> = f[0]
            .split('&')
            .filter(|t| *t != "NMD_transcript")
            .map(str::to_string)
            .collect();
        let (gene, tx) = (f.get(1).copied().unwrap_or(""), f.get(2).copied().unwrap_or(""));
        let pos = f.get(5).and_then(|a| first_number(a));
        let e = out.entry(key_for(&terms, gene, tx)).or_default();
        e.0.extend(terms);
        e.1.extend(pos);
    }
    out
}

/// A prediction's terms in bcftools' names (see the module doc).
fn bcftools_terms(p: &Prediction) -> BTreeSet<String> {
    let mut terms: BTreeSet<String> = p
        .consequences
        .iter()
        .filter_map(|c| to_bcftools(c))
        .map(str::to_string)
        .collect();
    if p.cds_len == 0 && terms.iter().any(|t| t != "intron") {
        terms = BTreeSet::from(["non_coding".to_string()]);
    }
    if terms.len() > 1 {
        terms.remove("intron");
    }
    terms
}

/// bcftools writes a gene's intron hit only when none of its transcripts has another
/// consequence, and its non-coding hit only when none has a coding-transcript consequence.
fn predicted(preds: &[Prediction], out: &mut Calls) {
    let calls: Vec<(&Prediction, BTreeSet<String>)> = preds
        .iter()
        .map(|p| (p, bcftools_terms(p)))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let bare = |t: &BTreeSet<String>, also: &str| t.iter().all(|x| x == "intron" || x == also);
    let genes_with_more: BTreeSet<&str> = calls
        .iter()
        .filter(|(_, t)| !bare(t, "intron"))
        .map(|(p, _)| &*p.gene)
        .collect();
    let genes_with_coding: BTreeSet<&str> = calls
        .iter()
        .filter(|(_, t)| !bare(t, "non_coding"))
        .map(|(p, _)| &*p.gene)
        .collect();
    for (p, terms) in calls {
        if bare(&terms, "intron") && genes_with_more.contains(&*p.gene) {
            continue;
        }
        if terms.contains("non_coding") && genes_with_coding.contains(&*p.gene) {
            continue;
        }
        let e = out.entry(key_for(&terms, &p.gene, &p.transcript)).or_default();
        e.0.extend(terms);
        e.1.extend(p.protein_position);
    }
}

fn compound(exp: &str) -> bool {
    exp.split(',').any(|e| {
        let f: Vec<&str> = e.split('|').collect();
        e.starts_with('@') || f[0].split('&').any(|t| t.starts_with('*')) || f.get(6).is_some_and(|d| d.contains('+'))
    })
}

fn info<'a>(info: &'a str, key: &str) -> Option<&'a str> {
    info.split(';').find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
}

#[derive(Default)]
struct Tally {
    records: usize,
    agree: usize,
    disagree: usize,
    out_of_scope: usize,
    symbolic: usize,
}

/// The GFF and FASTA of a case folder.
fn inputs(dir: &Path, vcf: &Path) -> Option<(PathBuf, PathBuf)> {
    let name = dir.file_name()?.to_str()?;
    if name == "_toplevel" {
        let stem = vcf.file_stem()?.to_str()?;
        let gff = [format!("{stem}.gff3"), format!("{stem}.gff")]
            .into_iter()
            .map(|g| dir.join(g))
            .find(|p| p.exists())?;
        return Some((gff, dir.join(format!("{stem}.fa"))));
    }
    let gff = dir.join(format!("{name}.gff"));
    let gff = if gff.exists() {
        gff
    } else {
        std::fs::read_dir(dir)
            .ok()?
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == "gff") && !p.ends_with("short.gff"))?
    };
    Some((gff, dir.join(format!("{name}.fa"))))
}

/// One VCF record and bcftools' expectation for it (`EXP`, with `EXPL` its local call).
struct Record<'a> {
    label: String,
    chrom: &'a str,
    pos: u64,
    r: &'a str,
    alts: &'a str,
    exp: &'a str,
    local: Option<&'a str>,
}

fn check(engine: &Engine, rec: &Record<'_>, t: &mut Tally, notes: &mut Vec<String>) {
    let (chrom, pos, r, alts) = (rec.chrom, rec.pos, rec.r, rec.alts);
    t.records += 1;
    if alts.starts_with('<') {
        t.out_of_scope += 1;
        t.symbolic += 1;
        return;
    }
    let exp = match (compound(rec.exp), rec.local) {
        (false, _) => rec.exp,
        (true, Some(local)) if !compound(local) => local,
        (true, _) => {
            t.out_of_scope += 1;
            return;
        }
    };
    let want = expected(exp);
    let mut got = Calls::new();
    let mut err = None;
    for alt in alts.split(',') {
        match engine.predict(chrom, pos, r, alt) {
            Ok(p) => {
                if p.iter().any(|x| x.ref_mismatch) {
                    notes.push(format!("REF MISMATCH {}:{chrom}:{pos} {r}>{alt}", rec.label));
                }
                predicted(&p, &mut got)
            }
            Err(e) => err = Some(e.to_string()),
        }
    }
    let positions_ok = want
        .iter()
        .all(|(k, (_, p))| p.is_empty() || got.get(k).is_some_and(|g| g.1 == *p));
    let terms_ok = want.len() == got.len() && want.iter().all(|(k, (w, _))| got.get(k).is_some_and(|g| g.0 == *w));
    if terms_ok && positions_ok && err.is_none() {
        t.agree += 1;
    } else {
        t.disagree += 1;
        notes.push(format!(
            "{}:{chrom}:{pos} {r}>{alts}\n    expected {want:?}\n    got      {got:?}{}",
            rec.label,
            err.map(|e| format!("\n    error {e}")).unwrap_or_default()
        ));
    }
}

/// `case/file.vcf` for messages.
fn label(vcf: &Path) -> String {
    vcf.strip_prefix(vcf.parent().and_then(Path::parent).unwrap_or(vcf))
        .unwrap_or(vcf)
        .display()
        .to_string()
}

/// bcftools' local (`-l`) calls from `X.txt-l` beside `X.vcf`: each record is printed twice, its
/// `EXP` then its `BCSQ` from a `-l` run; the non-compound lines are the local calls.
fn local_calls(vcf: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Ok(text) = std::fs::read_to_string(vcf.with_extension("txt-l")) else {
        return out;
    };
    for l in text.lines() {
        let c: Vec<&str> = l.splitn(4, '\t').collect();
        if let [pos, r, a, call] = c[..] {
            if !compound(call) {
                out.entry(format!("{pos}\t{r}\t{a}"))
                    .or_insert_with(|| call.to_string());
            }
        }
    }
    out
}

fn run_vcf(engine: &Engine, vcf: &Path, t: &mut Tally, notes: &mut Vec<String>) {
    let text = std::fs::read_to_string(vcf).expect("vcf");
    let local = local_calls(vcf);
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let c: Vec<&str> = line.split('\t').collect();
        let Some(exp) = info(c[7], "EXP") else { continue };
        let from_file = local.get(&format!("{}\t{}\t{}", c[1], c[3], c[4])).map(String::as_str);
        let rec = Record {
            label: label(vcf),
            chrom: c[0],
            pos: c[1].parse().expect("pos"),
            r: c[3],
            alts: c[4],
            exp,
            local: info(c[7], "EXPL").or(from_file),
        };
        check(engine, &rec, t, notes);
    }
}

/// One bcftools run whose output holds the expectations of a VCF without `INFO/EXP`: the GFF it
/// used (relative to the case folder), the VCF, the output lines, and whether a `-i`/`-e` filter
/// dropped records (their `.` is then no expectation).
struct Run {
    gff: String,
    vcf: String,
    lines: Vec<String>,
    filtered: bool,
    /// A `.txt` file: it prints each record's (absent) `EXP` as `.` before its `BCSQ`.
    txt: bool,
}

/// `X.cmd` (bcftools commands, `echo` between them) with `X.cmd.out` (their outputs, a blank line
/// between them), or `X.txt` beside `X.vcf` (the default GFF). Only runs whose query prints
/// POS, REF and ALT first are kept; other columns are consequence lists (`%BCSQ`, or `%TBCSQ`:
/// one per haplotype), or `%SAMPLE`/`%GT`, which are dropped.
fn expectation_runs(dir: &Path, default_gff: &str) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("case dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for f in &files {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if let Some(stem) = name.strip_suffix(".txt") {
            let vcf = format!("{stem}.vcf");
            if dir.join(&vcf).exists() {
                let text = std::fs::read_to_string(f).expect("txt");
                runs.push(Run {
                    gff: default_gff.to_string(),
                    vcf,
                    lines: text.lines().map(str::to_string).collect(),
                    filtered: false,
                    txt: true,
                });
            }
        }
        let Some(cmd) = name.strip_suffix(".cmd.out").map(|s| dir.join(format!("{s}.cmd"))) else {
            continue;
        };
        let cmds: Vec<String> = std::fs::read_to_string(&cmd)
            .expect("cmd")
            .lines()
            .filter(|l| l.contains("bcftools csq"))
            .map(str::to_string)
            .collect();
        let out = std::fs::read_to_string(f).expect("cmd.out");
        let mut blocks: Vec<Vec<String>> = vec![Vec::new()];
        for l in out.lines() {
            if l.is_empty() {
                blocks.push(Vec::new());
            } else if let Some(b) = blocks.last_mut() {
                b.push(l.to_string());
            }
        }
        for (c, lines) in cmds.iter().zip(blocks) {
            let (csq, query) = c.split_once("query").unwrap_or((c, ""));
            let format = query.split('\'').nth(1).unwrap_or("");
            let cols: Vec<&str> = format.trim_matches(['[', ']']).split("\\t").collect();
            if cols.len() < 4 || cols[..3] != ["%POS", "%REF", "%ALT"] || format.contains("%EXP") {
                continue;
            }
            let tokens: Vec<&str> = csq.split('|').next().unwrap_or("").split_whitespace().collect();
            let gff = tokens.windows(2).find(|w| w[0] == "-g").map(|w| w[1].to_string());
            let vcf = tokens.iter().find(|t| t.ends_with(".vcf")).map(|t| t.to_string());
            let (Some(gff), Some(vcf)) = (gff, vcf) else { continue };
            let drop: Vec<usize> = cols
                .iter()
                .enumerate()
                .filter(|(_, c)| matches!(c.trim_end_matches("\\n"), "%SAMPLE" | "%GT"))
                .map(|(i, _)| i)
                .collect();
            let lines = lines
                .into_iter()
                .map(|l| {
                    l.split('\t')
                        .enumerate()
                        .filter(|(i, _)| !drop.contains(i))
                        .map(|(_, v)| v)
                        .collect::<Vec<_>>()
                        .join("\t")
                })
                .collect();
            let filtered = tokens.iter().any(|t| *t == "-i" || *t == "-e");
            runs.push(Run {
                gff,
                vcf,
                lines,
                filtered,
                txt: false,
            });
        }
    }
    runs
}

/// The records of VCFs without `INFO/EXP`, with the expectation their runs printed: the union of
/// the local (non-compound) consequence lists printed for the record (by any sample or
/// haplotype), else a compound one (out of scope). A `.` is no expectation in a haplotype column
/// or a filtered run. Grouped by (GFF, VCF).
fn expectations_from_runs(dir: &Path, runs: &[Run]) -> BTreeMap<(String, String), Vec<(String, String)>> {
    // (gff, vcf) → (pos, ref, alt) → consequence lists
    type Lists = BTreeMap<(u64, String, String), Vec<String>>;
    let mut by: BTreeMap<(String, String), Lists> = BTreeMap::new();
    for run in runs {
        let vcf_text = std::fs::read_to_string(dir.join(&run.vcf)).unwrap_or_default();
        if vcf_text.contains("EXP=") {
            continue;
        }
        let recs = by.entry((run.gff.clone(), run.vcf.clone())).or_default();
        for l in &run.lines {
            let c: Vec<&str> = l.split('\t').collect();
            let Some(pos) = c.first().and_then(|p| p.parse::<u64>().ok()) else {
                continue;
            };
            if c.len() < 4 {
                continue;
            }
            let lists = &c[3..];
            for list in lists {
                let no_call = *list == "." && (lists.len() > 1 || run.filtered || run.txt);
                if !no_call {
                    recs.entry((pos, c[1].to_string(), c[2].to_string()))
                        .or_default()
                        .push(list.to_string());
                }
            }
        }
    }
    by.into_iter()
        .map(|(k, recs)| {
            let v = recs
                .into_iter()
                .filter(|(_, lists)| !lists.is_empty())
                .map(|((pos, r, a), lists)| {
                    let local: BTreeSet<&str> = lists.iter().map(String::as_str).filter(|l| !compound(l)).collect();
                    let exp = if local.is_empty() {
                        lists[0].clone()
                    } else if local.len() > 1 && local.contains(".") {
                        local.into_iter().filter(|l| *l != ".").collect::<Vec<_>>().join(",")
                    } else {
                        local.into_iter().collect::<Vec<_>>().join(",")
                    };
                    (format!("{pos}\t{r}\t{a}"), exp)
                })
                .collect();
            (k, v)
        })
        .collect()
}

/// Records of the case's VCFs without `INFO/EXP` whose expectation is in `*.txt`/`*.cmd.out`.
fn run_expectation_files(dir: &Path, t: &mut Tally, notes: &mut Vec<String>) {
    let Some(name) = dir.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    if name == "_toplevel" {
        return;
    }
    let Some((default_gff, fa)) = inputs(dir, &dir.join("x.vcf")) else {
        return;
    };
    let default_gff = default_gff
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_string();
    let runs = expectation_runs(dir, &default_gff);
    for ((gff, vcf), recs) in expectations_from_runs(dir, &runs) {
        let models = GeneModels::from_path(&dir.join(&gff)).unwrap_or_else(|e| panic!("{e}"));
        let reference = Reference::open(&fa).unwrap_or_else(|e| panic!("{e}"));
        let engine = Engine::new(models, reference);
        let text = std::fs::read_to_string(dir.join(&vcf)).expect("vcf");
        for line in text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
            let c: Vec<&str> = line.split('\t').collect();
            let key = format!("{}\t{}\t{}", c[1], c[3], c[4]);
            // Multi-allelic records are printed with their ALTs in any order.
            let found = recs.iter().find(|(k, _)| {
                *k == key || {
                    let f: Vec<&str> = k.split('\t').collect();
                    let mut a: Vec<&str> = f.get(2).map_or(Vec::new(), |a| a.split(',').collect());
                    let mut b: Vec<&str> = c[4].split(',').collect();
                    a.sort_unstable();
                    b.sort_unstable();
                    f.first() == Some(&c[1]) && f.get(1) == Some(&c[3]) && a == b
                }
            });
            let Some((_, exp)) = found else { continue };
            let rec = Record {
                label: format!("{name}/{vcf} (-g {gff}, expectation file)"),
                chrom: c[0],
                pos: c[1].parse().expect("pos"),
                r: c[3],
                alts: c[4],
                exp,
                local: None,
            };
            check(&engine, &rec, t, notes);
        }
    }
}

#[test]
fn bcftools_csq_suite() {
    let Some(root) = common::shared("csq") else {
        println!("SKIPPED: ../shared/data/csq absent");
        return;
    };
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("csq dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut total = Tally::default();
    let mut notes = Vec::new();
    println!(
        "{:<28} {:>7} {:>6} {:>9} {:>12}",
        "case", "records", "agree", "disagree", "out-of-scope"
    );
    for dir in &dirs {
        let mut vcfs: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("case dir")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "vcf"))
            .filter(|p| std::fs::read_to_string(p).is_ok_and(|s| s.contains("EXP=")))
            .collect();
        vcfs.sort();
        let mut t = Tally::default();
        for vcf in &vcfs {
            let Some((gff, fa)) = inputs(dir, vcf) else {
                panic!("{}: no GFF/FASTA", vcf.display())
            };
            let models = GeneModels::from_path(&gff).unwrap_or_else(|e| panic!("{e}"));
            let reference = Reference::open(&fa).unwrap_or_else(|e| panic!("{e}"));
            let engine = Engine::new(models, reference);
            run_vcf(&engine, vcf, &mut t, &mut notes);
        }
        run_expectation_files(dir, &mut t, &mut notes);
        if t.records == 0 {
            continue;
        }
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        println!(
            "{name:<28} {:>7} {:>6} {:>9} {:>12}",
            t.records, t.agree, t.disagree, t.out_of_scope
        );
        total.records += t.records;
        total.agree += t.agree;
        total.disagree += t.disagree;
        total.out_of_scope += t.out_of_scope;
        total.symbolic += t.symbolic;
    }
    let in_scope = total.agree + total.disagree;
    let pct = 100.0 * total.agree as f64 / in_scope.max(1) as f64;
    println!(
        "{:<28} {:>7} {:>6} {:>9} {:>12}",
        "TOTAL", total.records, total.agree, total.disagree, total.out_of_scope
    );
    println!(
        "out of scope: {} haplotype-aware compound calls without a local expectation, {} symbolic alleles",
        total.out_of_scope - total.symbolic,
        total.symbolic
    );
    println!("agreement: {pct:.1}% of {in_scope} in-scope records");
    for n in &notes {
        println!("DISAGREE {n}");
    }
    assert!(pct >= MIN_AGREEMENT, "agreement {pct:.1}% < {MIN_AGREEMENT}%");
}
