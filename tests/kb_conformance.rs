//! Conformance of the knowledge base against the shared Cancer Hotspots v2
//! tables (../shared/data/knowledge/cancerhotspots-v2): the importer, the
//! unannotated classification by position and allele, and every curated
//! coordinate row of annotations/hotspots.tsv. Skips (with a message) when
//! the shared data is absent.

use oncoprofile::annotation::kb_fallback::fill;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use oncoprofile::classify::classify;
use oncoprofile::genome::GenomeBuild;
use oncoprofile::kb::import::ImportSource;
use oncoprofile::kb::{GenomicSpec, HotspotType, KnowledgeBase};
use oncoprofile::model::{AnnotationSource, Variant};

const DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/data/knowledge/cancerhotspots-v2"
);
const INTOGEN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/data/knowledge/intogen/Compendium_Cancer_Genes.tsv"
);

fn tables() -> Option<(PathBuf, PathBuf)> {
    let a = Path::new(DIR).join("cancerhotspots_v2_GRCh37.tsv");
    let b = Path::new(DIR).join("cancerhotspots_v2_GRCh38.tsv");
    if a.is_file() && b.is_file() {
        Some((a, b))
    } else {
        eprintln!("skipping: {DIR} is absent (shared data not available)");
        None
    }
}

/// chrom, pos, ref, alt, gene, class, change
type ChRow = (String, u64, String, String, String, String, String);

fn read(path: &Path) -> Vec<ChRow> {
    std::fs::read_to_string(path)
        .expect("read table")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (
                f[0].to_string(),
                f[1].parse().expect("pos"),
                f[2].to_string(),
                f[3].to_string(),
                f[4].to_string(),
                f[5].to_string(),
                f[6].to_string(),
            )
        })
        .collect()
}

fn variant(chrom: &str, pos: u64, r: &str, a: &str) -> Variant {
    Variant {
        chrom: chrom.to_string(),
        pos,
        ref_allele: r.to_string(),
        alt: a.to_string(),
        alt_index: 1,
        record_no: 1,
        filters: vec!["PASS".into()],
        tumor: Default::default(),
        normal: None,
        somatic_flag: None,
        repeat: Default::default(),
        annotation: None,
    }
}

fn is_snv_row(r: &ChRow) -> bool {
    r.2.len() == 1
        && r.3.len() == 1
        && r.2 != "-"
        && r.3 != "-"
        && (r.5 == "Missense_Mutation" || r.5 == "Nonsense_Mutation")
}

#[test]
fn imported_cancerhotspots_classify_unannotated_alleles() {
    let Some((t37, t38)) = tables() else { return };
    let out = tempfile::tempdir().expect("tmp");
    let summary = oncoprofile::kb::import::import(
        ImportSource::CancerHotspots,
        &[t37.clone(), t38.clone()],
        None,
        out.path(),
    )
    .expect("import");
    assert!(summary.contains("GRCh37 + GRCh38"), "{summary}");
    let kb = KnowledgeBase::load_dir(out.path()).expect("imported KB loads");
    assert!(kb.version.contains("imported.cancerhotspots"));
    let imported = kb
        .files
        .iter()
        .find(|f| f.name == "hotspots.imported.tsv")
        .expect("imported file");
    assert!(imported.rows > 2000, "{} imported rows", imported.rows);

    for (build, path) in [(GenomeBuild::GRCh37, &t37), (GenomeBuild::GRCh38, &t38)] {
        let rows: Vec<ChRow> = read(path).into_iter().filter(is_snv_row).collect();
        assert!(rows.len() > 2000);
        // A few hundred rows spread over the table (every 7th SNV row).
        let mut checked = 0;
        for r in rows.iter().step_by(7) {
            let mut v = variant(&format!("chr{}", r.0), r.1, &r.2, &r.3);
            let call = {
                fill(&kb, &mut v, Some(build));
                classify(&kb, &v, Some(build))
            };
            let ann = v
                .annotation
                .as_ref()
                .unwrap_or_else(|| panic!("{build:?} {r:?}: not annotated"));
            assert_eq!(ann.source, Some(AnnotationSource::KnowledgeBase));
            let gene = ann.gene.as_deref().expect("gene");
            let same_gene = gene == r.4 || kb.gene(&r.4).is_some_and(|g| g.symbol == gene);
            assert!(same_gene, "{build:?} {r:?}: gene {gene}");
            assert_eq!(
                ann.protein_change.as_deref(),
                Some(format!("p.{}", r.6).as_str()),
                "{build:?} {r:?}"
            );
            assert!(call.hotspot.is_some(), "{build:?} {r:?}: no hotspot");
            assert!(
                call.has(oncoprofile::model::AlterationClass::Hotspot),
                "{build:?} {r:?}"
            );
            assert!(call.reportable && call.driver, "{build:?} {r:?}: {call:?}");
            checked += 1;
        }
        assert!(checked >= 300, "only {checked} rows checked on {build:?}");
        eprintln!("{build:?}: {checked} unannotated hotspot alleles classified correctly");
    }
}

#[test]
fn import_detects_build_from_content() {
    let Some((t37, _)) = tables() else { return };
    let d = tempfile::tempdir().expect("tmp");
    let renamed = d.path().join("alleles.tsv");
    std::fs::copy(&t37, &renamed).expect("copy");
    let out = d.path().join("kb");
    let summary =
        oncoprofile::kb::import::import(ImportSource::CancerHotspots, &[renamed], None, &out).expect("import");
    assert!(summary.starts_with("cancerhotspots (GRCh37)"), "{summary}");
    let kb = KnowledgeBase::load_dir(&out).expect("loads");
    // One-build rows: GRCh37 only.
    let mut v = variant("12", 25398284, "C", "T");
    assert_eq!(
        {
            fill(&kb, &mut v, Some(GenomeBuild::GRCh37));
            classify(&kb, &v, Some(GenomeBuild::GRCh37))
        }
        .hotspot
        .as_deref(),
        Some("KRAS G12")
    );
}

#[test]
fn curated_coordinates_agree_with_cancer_hotspots() {
    let Some((t37, t38)) = tables() else { return };
    let kb = KnowledgeBase::embedded().expect("embedded");
    let index = |p: &Path| -> BTreeMap<(String, u64, String, String), (String, String)> {
        read(p)
            .into_iter()
            .map(|r| ((r.0, r.1, r.2, r.3), (r.4, r.6)))
            .collect()
    };
    let (i37, i38) = (index(&t37), index(&t38));
    let mut n = 0;
    for h in kb.hotspots.iter().filter(|h| h.kind == HotspotType::Exact) {
        for (build, idx, spec) in [("GRCh37", &i37, &h.grch37), ("GRCh38", &i38, &h.grch38)] {
            let GenomicSpec::Allele(a) = spec else {
                panic!("hotspots.tsv:{}: exact row without {build} allele", h.line)
            };
            let key = (a.chrom.clone(), a.pos, a.ref_allele.clone(), a.alt.clone());
            let (gene, change) = idx
                .get(&key)
                .unwrap_or_else(|| panic!("hotspots.tsv:{}: {build} allele {key:?} not in Cancer Hotspots", h.line));
            let same_gene = *gene == h.gene || kb.gene(gene).is_some_and(|g| g.symbol == h.gene);
            assert!(same_gene, "hotspots.tsv:{}: {build} gene {gene} ≠ {}", h.line, h.gene);
            assert_eq!(
                Some(change.as_str()),
                h.change.as_deref(),
                "hotspots.tsv:{} {build}",
                h.line
            );
            n += 1;
        }
    }
    assert!(n >= 800, "{n} coordinate checks");
}

#[test]
fn intogen_import_adds_genes() {
    if !Path::new(INTOGEN).is_file() {
        eprintln!("skipping: {INTOGEN} absent");
        return;
    }
    let out = tempfile::tempdir().expect("tmp");
    let summary = oncoprofile::kb::import::import(ImportSource::Intogen, &[PathBuf::from(INTOGEN)], None, out.path())
        .expect("import");
    assert!(summary.contains("genes.imported.tsv"), "{summary}");
    let kb = KnowledgeBase::load_dir(out.path()).expect("loads");
    // ABCB1 (Act in IntOGen) is not curated: imported as oncogene.
    let g = kb.gene("ABCB1").expect("ABCB1 imported");
    assert_eq!(g.role, "oncogene");
    assert!(g.imported);
    assert_eq!(g.source, "IntOGen Compendium 2020-02-02");
    // Curated rows win: KEAP1 stays a tumour suppressor.
    assert_eq!(kb.gene("KEAP1").map(|g| g.role.as_str()), Some("tumor_suppressor"));
    // Importing twice into the same directory (as --base) is idempotent.
    let again = oncoprofile::kb::import::import(
        ImportSource::Intogen,
        &[PathBuf::from(INTOGEN)],
        Some(out.path()),
        out.path(),
    )
    .expect("re-import");
    assert!(again.contains("0 new rows"), "{again}");
}
