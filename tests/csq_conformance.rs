//! Our consequence engine against the `bcftools csq` test suite in
//! `../shared/data/csq/` (read from there, never copied).
//!
//! Every case folder holds a GFF, a FASTA excerpt (+ `.fai`) and VCFs whose
//! `INFO/EXP` lists bcftools' expected consequences,
//! `consequence|gene|transcript|biotype|strand|aa-change|dna-change`.
//! Per record the expected and predicted consequences are compared per
//! transcript (bcftools writes intron and non-coding hits without a
//! transcript: those are compared per gene), term sets in bcftools' names,
//! and the protein position where EXP has an amino-acid change.
//!
//! Out of scope: haplotype-aware compound calls (`@POS` references, `*`
//! terms, `+`-joined dna changes), unless the record also carries bcftools'
//! local (`-l`) expectation in `INFO/EXPL`, which is then used; and symbolic
//! structural-variant alleles (`<INS:ME:ALU>`, `<DEL>`), which the engine
//! does not annotate (issue #11 asks for SNVs, MNVs, indels and complex records).
//! `NMD_transcript` is dropped on both sides; `intron` is dropped from a
//! prediction that has other terms, and a gene's intron hit when another of
//! its transcripts has a consequence (bcftools writes intron only when
//! nothing else applies); up- and downstream terms are ignored (bcftools has none).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use oncoprofile::annotation::bcsq::term_to_so;
use oncoprofile::consequence::fasta::Reference;
use oncoprofile::consequence::gff::GeneModels;
use oncoprofile::consequence::predict::Prediction;
use oncoprofile::consequence::Engine;

/// Agreement the suite must keep (in-scope records), in percent.
const MIN_AGREEMENT: f64 = 93.5;

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

/// key → (terms, protein position)
type Calls = BTreeMap<String, (BTreeSet<String>, Option<u32>)>;

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
        e.1 = e.1.or(pos);
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

/// bcftools writes a gene's intron hit only when none of its transcripts has another consequence.
fn predicted(preds: &[Prediction], out: &mut Calls) {
    let calls: Vec<(&Prediction, BTreeSet<String>)> = preds
        .iter()
        .map(|p| (p, bcftools_terms(p)))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let genes_with_more: BTreeSet<&str> = calls
        .iter()
        .filter(|(_, t)| !t.iter().all(|x| x == "intron"))
        .map(|(p, _)| p.gene.as_str())
        .collect();
    for (p, terms) in calls {
        if terms.iter().all(|x| x == "intron") && genes_with_more.contains(p.gene.as_str()) {
            continue;
        }
        let e = out.entry(key_for(&terms, &p.gene, &p.transcript)).or_default();
        e.0.extend(terms);
        e.1 = e.1.or(p.protein_position);
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

fn run_vcf(engine: &Engine, vcf: &Path, t: &mut Tally, notes: &mut Vec<String>) {
    let text = std::fs::read_to_string(vcf).expect("vcf");
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let c: Vec<&str> = line.split('\t').collect();
        let (chrom, pos, r, alts, inf) = (c[0], c[1].parse::<u64>().expect("pos"), c[3], c[4], c[7]);
        let Some(exp) = info(inf, "EXP") else { continue };
        t.records += 1;
        if alts.starts_with('<') {
            t.out_of_scope += 1;
            t.symbolic += 1;
            continue;
        }
        let exp = match (compound(exp), info(inf, "EXPL")) {
            (false, _) => exp,
            (true, Some(local)) if !compound(local) => local,
            (true, _) => {
                t.out_of_scope += 1;
                continue;
            }
        };
        let want = expected(exp);
        let mut got = Calls::new();
        let mut err = None;
        for alt in alts.split(',') {
            match engine.predict(chrom, pos, r, alt) {
                Ok(p) => {
                    if p.iter().any(|x| x.ref_mismatch) {
                        notes.push(format!("REF MISMATCH {}:{chrom}:{pos} {r}>{alt}", vcf.display()));
                    }
                    predicted(&p, &mut got)
                }
                Err(e) => err = Some(e.to_string()),
            }
        }
        let positions_ok = want
            .iter()
            .all(|(k, (_, p))| p.is_none() || got.get(k).is_some_and(|g| g.1 == *p));
        let terms_ok = want.len() == got.len() && want.iter().all(|(k, (w, _))| got.get(k).is_some_and(|g| g.0 == *w));
        if terms_ok && positions_ok && err.is_none() {
            t.agree += 1;
        } else {
            t.disagree += 1;
            notes.push(format!(
                "{}:{chrom}:{pos} {r}>{alts}\n    expected {want:?}\n    got      {got:?}{}",
                vcf.strip_prefix(vcf.parent().and_then(Path::parent).unwrap_or(vcf))
                    .unwrap_or(vcf)
                    .display(),
                err.map(|e| format!("\n    error {e}")).unwrap_or_default()
            ));
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
