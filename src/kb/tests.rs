use super::*;
use crate::genome::GenomeBuild;
use genes::parse_genes;

fn write_kb(dir: &Path) {
    KnowledgeBase::write_embedded_files(dir).expect("write");
}

#[test]
fn embedded_loads_with_required_genes() {
    let kb = KnowledgeBase::embedded().expect("embedded KB is valid");
    assert!(kb.genes.len() >= 300, "{} genes", kb.genes.len());
    for g in [
        "MLH1", "MSH2", "MSH6", "PMS2", "EPCAM", "POLE", "POLD1", "BRCA1", "BRCA2", "PALB2", "ATM", "TSC1", "TSC2",
        "PTEN", "MTOR", "MEN1", "DAXX", "ATRX", "RB1", "TP53", "CDKN2A", "KRAS", "NRAS", "HRAS", "BRAF", "PIK3CA",
        "APC", "SMAD4", "ARID1A", "NTRK1", "NTRK2", "NTRK3", "RET", "ALK", "ROS1", "EGFR", "ERBB2", "MET", "FGFR1",
        "FGFR2", "FGFR3", "IDH1", "IDH2", "KIT", "PDGFRA", "DLL3",
    ] {
        assert!(kb.gene(g).is_some(), "{g} missing");
    }
    assert_eq!(kb.gene("TP53").map(|g| g.role.as_str()), Some("tumor_suppressor"));
    assert_eq!(kb.gene("KRAS").map(|g| g.role.as_str()), Some("oncogene"));
    // Alias lookup.
    assert_eq!(kb.gene("H3F3A").map(|g| g.symbol.as_str()), Some("H3-3A"));
    assert!(kb.gene("MEN1").and_then(|g| g.nen_relevance.as_ref()).is_some());
    assert!(!kb.version.is_empty());
}

#[test]
fn lineage_of_panet_reaches_solid() {
    let kb = KnowledgeBase::embedded().expect("embedded");
    let l = kb.tumor_types.lineage("PANET");
    assert_eq!(l, vec!["PANET", "NET", "NEN", "SOLID"]);
    assert!(kb.tumor_types.is_a("panetg2", "NET"));
    assert!(kb.tumor_types.is_a("SCLC", "NEC"));
    assert!(!kb.tumor_types.is_a("SCLC", "NET"));
    assert!(kb.tumor_types.is_a("CRC", "SOLID"));
    assert_eq!(kb.tumor_types.get("crc").map(|t| t.code.as_str()), Some("COADREAD"));
    assert!(kb.tumor_types.is_a("NEC", "NEN"));
    assert!(kb.tumor_types.lineage("NOPE").is_empty());
}

#[test]
fn hotspot_index_finds_codons_and_alleles() {
    let kb = KnowledgeBase::embedded().expect("embedded");
    let at: Vec<_> = kb.hotspots_at("KRAS", 12).collect();
    assert!(at.iter().any(|h| h.kind == HotspotType::Codon));
    assert!(at.iter().any(|h| h.change.as_deref() == Some("G12D")));
    let a = kb.hotspots_by_allele(GenomeBuild::GRCh37, "chr12", 25398284, "C", "T");
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].change.as_deref(), Some("G12D"));
    let b = kb.hotspots_by_allele(GenomeBuild::GRCh38, "12", 25245350, "C", "T");
    assert_eq!(b[0].change.as_deref(), Some("G12D"));
    assert!(kb
        .hotspots_by_allele(GenomeBuild::GRCh38, "12", 25398284, "C", "T")
        .is_empty());
}

#[test]
fn info_lists_counts_and_sources() {
    let kb = KnowledgeBase::embedded().expect("embedded");
    let info = kb.info();
    assert!(info.contains("genes.tsv"));
    assert!(info.contains("hotspots.tsv"));
    assert!(info.contains("Jiao et al. 2011 (PMID 21252315)"));
    assert!(info.starts_with(&format!("version {}", kb.version)));
}

#[test]
fn load_dir_roundtrip_and_missing_file() {
    let d = tempfile::tempdir().expect("tmp");
    write_kb(d.path());
    let kb = KnowledgeBase::load_dir(d.path()).expect("exported KB loads");
    assert_eq!(kb.genes.len(), KnowledgeBase::embedded().expect("e").genes.len());
    std::fs::remove_file(d.path().join("patterns.tsv")).expect("rm");
    let errs = KnowledgeBase::load_dir(d.path()).expect_err("missing file");
    assert_eq!(errs.len(), 1);
    assert!(errs[0].to_string().contains("patterns.tsv"), "{}", errs[0]);
}

#[test]
fn load_dir_errors_name_file_line_column() {
    let d = tempfile::tempdir().expect("tmp");
    write_kb(d.path());
    let path = d.path().join("genes.tsv");
    let mut text = std::fs::read_to_string(&path).expect("read");
    // Line 2 is the first data row: break its role; append a row with a bad pathway.
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let cells: Vec<&str> = lines[1].split('\t').collect();
    let mut c: Vec<String> = cells.iter().map(|s| s.to_string()).collect();
    c[2] = "oncogen".into();
    lines[1] = c.join("\t");
    lines.push("ZZZ1\t.\toncogene\tno\tnot_a_pathway\t.\t.\tsome source\t.\t.".into());
    text = lines.join("\n") + "\n";
    std::fs::write(&path, text).expect("write");
    let errs = KnowledgeBase::load_dir(d.path()).expect_err("invalid");
    let s: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
    let role_col = c[0].chars().count() + c[1].chars().count() + 3;
    assert!(
        s.iter().any(|e| e.ends_with(&format!("genes.tsv:2:{role_col}: column role: unknown role \"oncogen\" (expected one of oncogene, tumor_suppressor, both, other)"))),
        "{s:?}"
    );
    let n = lines.len();
    assert!(
        s.iter()
            .any(|e| e.contains(&format!("genes.tsv:{n}:20: column pathways: unknown pathway"))),
        "{s:?}"
    );
}

#[test]
fn hotspot_with_unknown_gene_is_rejected() {
    let d = tempfile::tempdir().expect("tmp");
    write_kb(d.path());
    let path = d.path().join("hotspots.tsv");
    let mut text = std::fs::read_to_string(&path).expect("read");
    text.push_str("NOTAGENE\tNOTAGENE G12\tcodon\t12\t12\tG\t.\tmissense\t.\toncogenic\t.\t.\tsome source\n");
    std::fs::write(&path, text).expect("write");
    let errs = KnowledgeBase::load_dir(d.path()).expect_err("invalid");
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].reason.contains("gene NOTAGENE is not in genes.tsv"),
        "{}",
        errs[0]
    );
    assert_eq!(errs[0].column, 1);
}

#[test]
fn pattern_rules_are_checked() {
    let d = tempfile::tempdir().expect("tmp");
    write_kb(d.path());
    let path = d.path().join("patterns.tsv");
    let mut text = std::fs::read_to_string(&path).expect("read");
    text.push_str("bad_one\tFOO1\t.\t0\tPANET\tThis is a NET.\t.\t.\n");
    std::fs::write(&path, text).expect("write");
    let errs = KnowledgeBase::load_dir(d.path()).expect_err("invalid");
    let s: Vec<String> = errs.iter().map(|e| e.reason.clone()).collect();
    assert!(s.iter().any(|e| e.contains("unknown gene FOO1")), "{s:?}");
    assert!(s.iter().any(|e| e.contains("consistent with")), "{s:?}");
    assert!(s.iter().any(|e| e.contains("source")), "{s:?}");
}

#[test]
fn pattern_gene_tokens_name_a_known_class() {
    let d = tempfile::tempdir().expect("tmp");
    write_kb(d.path());
    let path = d.path().join("patterns.tsv");
    let mut text = std::fs::read_to_string(&path).expect("read");
    text.push_str("bad_class\tEGFR:amplified\tFOO2:loss\t1\tGLIOMA\tconsistent with x.\t.\tWHO 2021\n");
    text.push_str(
        "good_class\tEGFR:amplification\tCDKN2A:homozygous_deletion,TP53\t1\tGLIOMA\tconsistent with y.\t.\tWHO 2021\n",
    );
    std::fs::write(&path, text).expect("write");
    let errs = KnowledgeBase::load_dir(d.path()).expect_err("invalid");
    let s: Vec<String> = errs.iter().map(|e| e.reason.clone()).collect();
    assert!(
        s.iter()
            .any(|e| e.contains("unknown alteration class amplified in EGFR:amplified")),
        "{s:?}"
    );
    assert!(s.iter().any(|e| e.contains("unknown gene FOO2")), "{s:?}");
    assert_eq!(s.len(), 2, "the good row is accepted: {s:?}");
}

#[test]
fn tumor_type_parent_must_exist() {
    let d = tempfile::tempdir().expect("tmp");
    write_kb(d.path());
    let path = d.path().join("tumor_types.tsv");
    let mut text = std::fs::read_to_string(&path).expect("read");
    text.push_str("XNET\tSome NET\t.\t.\tNOPARENT\tPancreas\tyes\tWHO 2019\n");
    std::fs::write(&path, text).expect("write");
    let errs = KnowledgeBase::load_dir(d.path()).expect_err("invalid");
    assert!(
        errs.iter().any(|e| e.reason.contains("unknown parent code NOPARENT")),
        "{errs:?}"
    );
}

#[test]
fn exact_rows_need_both_builds() {
    let d = tempfile::tempdir().expect("tmp");
    write_kb(d.path());
    let path = d.path().join("hotspots.tsv");
    let mut text = std::fs::read_to_string(&path).expect("read");
    text.push_str("KRAS\tKRAS G12\texact\t12\t12\tG\tG12D\tmissense\t.\toncogenic\t12:25398284:C:T\t.\tsrc\n");
    std::fs::write(&path, text).expect("write");
    let errs = KnowledgeBase::load_dir(d.path()).expect_err("invalid");
    assert!(
        errs.iter().any(|e| e
            .reason
            .contains("column grch38: exact rows need the allele on both builds")),
        "{errs:?}"
    );
}

#[test]
fn bad_header_is_reported() {
    let mut errors = Vec::new();
    let _ = parse_genes("symbol\trole\n", "g.tsv", false, &mut errors);
    assert!(
        errors[0]
            .to_string()
            .starts_with("g.tsv:1:8: header: expected column aliases"),
        "{errors:?}"
    );
}

/// Mutate an exported copy and return its load errors.
fn errors_after(mutate: impl FnOnce(&Path)) -> Vec<String> {
    let d = tempfile::tempdir().expect("tmp");
    write_kb(d.path());
    mutate(d.path());
    KnowledgeBase::load_dir(d.path())
        .map(|_| ())
        .expect_err("invalid")
        .iter()
        .map(|e| e.to_string())
        .collect()
}

fn append(dir: &Path, name: &str, line: &str) {
    let path = dir.join(name);
    let mut text = std::fs::read_to_string(&path).expect("read");
    text.push_str(line);
    std::fs::write(&path, text).expect("write");
}

fn replace(dir: &Path, name: &str, from: &str, to: &str) {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{name} lacks {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn threshold_out_of_range_is_rejected() {
    let e = errors_after(|d| {
        replace(
            d,
            "thresholds.toml",
            "[tmb_high]\nvalue = 10.0",
            "[tmb_high]\nvalue = -10.0",
        )
    });
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].ends_with(
            "thresholds.toml:6:9: [tmb_high] value -10 is out of range: mutations per Mb must be > 0 and ≤ 1000"
        ),
        "{e:?}"
    );
}

#[test]
fn unknown_threshold_table_and_key_are_rejected() {
    let e = errors_after(|d| append(d, "thresholds.toml", "\n[tmb_low]\nvalue = 1.0\nsource = \"s\"\n"));
    assert!(e.iter().any(|m| m.contains("unknown threshold [tmb_low]")), "{e:?}");
    let e = errors_after(|d| replace(d, "thresholds.toml", "[tmb_high]\n", "[tmb_high]\nunit = \"mut/Mb\"\n"));
    assert!(
        e.iter()
            .any(|m| m.contains("thresholds.toml:6:") && m.contains("unknown field `unit`")),
        "{e:?}"
    );
}

#[test]
fn empty_required_files_are_rejected() {
    for name in [
        "therapies.tsv",
        "thresholds.toml",
        "genes.tsv",
        "assays.tsv",
        "patterns.tsv",
    ] {
        let e = errors_after(|d| std::fs::write(d.join(name), "").expect("write"));
        assert!(e.iter().any(|m| m.contains(&format!("{name}:1:1: "))), "{name}: {e:?}");
    }
    // A header without rows is empty too.
    let e = errors_after(|d| {
        let text = std::fs::read_to_string(d.join("therapies.tsv")).expect("read");
        let header = text.lines().find(|l| !l.starts_with('#')).expect("header");
        std::fs::write(d.join("therapies.tsv"), format!("{header}\n")).expect("write");
    });
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].ends_with("therapies.tsv:1:1: empty file: no data rows (a knowledge base needs at least one)"),
        "{e:?}"
    );
}

#[test]
fn unknown_files_are_rejected() {
    let e = errors_after(|d| std::fs::write(d.join("therapy.tsv"), "x\n").expect("write"));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].contains("therapy.tsv:0:0: unknown file in a knowledge-base directory"),
        "{e:?}"
    );
    let e = errors_after(|d| std::fs::write(d.join("tumor_types.imported.tsv"), "x\n").expect("write"));
    assert!(e[0].contains("tumor_types.imported.tsv:0:0: unknown file"), "{e:?}");
    // Documentation, hidden files and sub-directories are fine.
    let d = tempfile::tempdir().expect("tmp");
    write_kb(d.path());
    std::fs::write(d.path().join("README.md"), "notes").expect("write");
    std::fs::write(d.path().join("THERAPIES.md"), "notes").expect("write");
    std::fs::write(d.path().join(".hidden"), "x").expect("write");
    std::fs::create_dir(d.path().join("old")).expect("mkdir");
    assert!(KnowledgeBase::load_dir(d.path()).is_ok());
}

#[test]
fn duplicate_hotspot_rows_are_rejected() {
    let d = tempfile::tempdir().expect("tmp");
    write_kb(d.path());
    let text = std::fs::read_to_string(d.path().join("hotspots.tsv")).expect("read");
    let (n, row) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with("KRAS\t") && l.contains("\texact\t"))
        .expect("a KRAS exact row");
    // Same rule with another label and oncogenicity is still a duplicate.
    let mut cells: Vec<&str> = row.split('\t').collect();
    cells[1] = "KRAS other label";
    cells[9] = "likely_oncogenic";
    let e = errors_after(|dir| append(dir, "hotspots.tsv", &format!("{}\n", cells.join("\t"))));
    assert_eq!(e.len(), 1, "{e:?}");
    let last = text.lines().count() + 1;
    assert!(
        e[0].ends_with(&format!(
            "hotspots.tsv:{last}:1: column gene: duplicate row: same gene, type, positions, change, variant class and alleles as line {}",
            n + 1
        )),
        "{e:?}"
    );
}

#[test]
fn duplicate_ids_are_rejected() {
    let e = errors_after(|d| append(d, "genes.tsv", "KRAS\t.\toncogene\tno\tRAS-MAPK\t.\t.\tsrc\t.\t.\n"));
    assert!(e.iter().any(|m| m.contains("KRAS is already defined on line")), "{e:?}");
    let e = errors_after(|d| append(d, "tumor_types.tsv", "NET\tAgain\t.\t.\tSOLID\t.\tyes\tsrc\n"));
    assert!(e.iter().any(|m| m.contains("NET is already defined on line")), "{e:?}");
    let d = tempfile::tempdir().expect("tmp");
    write_kb(d.path());
    let patterns = std::fs::read_to_string(d.path().join("patterns.tsv")).expect("read");
    let first = patterns
        .lines()
        .filter(|l| !l.starts_with('#'))
        .nth(1)
        .expect("a pattern row")
        .to_string();
    let id = first.split('\t').next().expect("id").to_string();
    let e = errors_after(|dir| append(dir, "patterns.tsv", &format!("{first}\n")));
    assert!(e.iter().any(|m| m.contains(&format!("duplicate id {id}"))), "{e:?}");
    let rules = std::fs::read_to_string(d.path().join("therapies.tsv")).expect("read");
    let rule = rules.lines().last().expect("a rule").to_string();
    let rid = rule.split('\t').next().expect("id").to_string();
    let e = errors_after(|dir| append(dir, "therapies.tsv", &format!("{rule}\n")));
    assert!(
        e.iter().any(|m| m.contains(&format!("duplicate rule id `{rid}`"))),
        "{e:?}"
    );
    // The same id in therapies.civic.tsv.
    let header = rules.lines().find(|l| !l.starts_with('#')).expect("header");
    let e =
        errors_after(|dir| std::fs::write(dir.join(rules::CIVIC_FILE), format!("{header}\n{rule}\n")).expect("write"));
    assert!(
        e.iter()
            .any(|m| m.contains("therapies.civic.tsv:2:1: duplicate rule id") && m.contains("therapies.tsv line")),
        "{e:?}"
    );
}

#[test]
fn benign_truncations_table_is_checked() {
    let e = errors_after(|d| append(d, "benign_truncations.tsv", "NOTAGENE\tK3326*\tsrc\t.\n"));
    assert!(
        e.iter().any(|m| m.contains("gene NOTAGENE is not in genes.tsv")),
        "{e:?}"
    );
    let e = errors_after(|d| append(d, "benign_truncations.tsv", "BRCA2\tV600E\tsrc\t.\n"));
    assert!(
        e.iter().any(|m| m.contains("expected a one-letter stop or frameshift")),
        "{e:?}"
    );
    let e = errors_after(|d| append(d, "benign_truncations.tsv", "BRCA2\tK3326*\tsrc\t.\n"));
    assert!(e.iter().any(|m| m.contains("already listed on line")), "{e:?}");
    let e = errors_after(|d| append(d, "benign_truncations.tsv", "BRCA1\tQ1756*\t.\t.\n"));
    assert!(e.iter().any(|m| m.contains("source")), "{e:?}");
}

#[test]
fn essential_region_column_is_checked() {
    let e = errors_after(|d| {
        append(
            d,
            "genes.tsv",
            "ZZZ2\t.\ttumor_suppressor\tno\tother\t.\t.\tsrc\tabc\tsrc\n",
        );
        append(
            d,
            "genes.tsv",
            "ZZZ3\t.\ttumor_suppressor\tno\tother\t.\t.\tsrc\t300\t.\n",
        );
    });
    assert!(e.iter().any(|m| m.contains("expected a codon number")), "{e:?}");
    assert!(
        e.iter()
            .any(|m| m.contains("essential_c_terminal_end and essential_source go together")),
        "{e:?}"
    );
}

/// `kb check`: a rule with a tumour-specific partner drug (anti-androgen) must not be extrapolated.
#[test]
fn tumour_specific_partner_needs_extrapolation_no() {
    let e = errors_after(|d| {
        let path = d.join("therapies.tsv");
        let text = std::fs::read_to_string(&path).expect("read");
        let lines: Vec<String> = text
            .lines()
            .map(|l| {
                if l.starts_with("PRAD-NIRAPARIB-ABIRATERONE-BRCA\t") {
                    let mut c: Vec<&str> = l.split('\t').collect();
                    c[12] = "yes";
                    c.join("\t")
                } else {
                    l.to_string()
                }
            })
            .collect();
        std::fs::write(&path, lines.join("\n") + "\n").expect("write");
    });
    assert!(
        e.iter()
            .any(|m| m.contains("PRAD-NIRAPARIB-ABIRATERONE-BRCA: extrapolation must be no: abiraterone acetate")),
        "{e:?}"
    );
}

#[test]
fn drug_classes_are_expanded_and_checked() {
    let kb = KnowledgeBase::embedded().expect("embedded");
    let r = kb
        .therapies
        .iter()
        .find(|r| r.id == "NSCLC-OSIMERTINIB-EGFR-C797S-RESISTANCE")
        .expect("rule");
    assert_eq!(r.drug_classes, vec!["egfr_c797_covalent"]);
    assert_eq!(
        r.all_drugs(),
        vec!["osimertinib", "lazertinib", "afatinib", "dacomitinib"]
    );
    // A class no drug carries, and a class rule without the drug-class file, are errors.
    let e = errors_after(|d| replace(d, "therapies.tsv", "class:egfr_c797_covalent", "class:no_such_class"));
    assert!(
        e.iter()
            .any(|m| m.contains("drug class `no_such_class` is carried by no drug of drug_classes.tsv")),
        "{e:?}"
    );
    let e = errors_after(|d| std::fs::remove_file(d.join("drug_classes.tsv")).expect("rm"));
    assert!(e.iter().any(|m| m.contains("drug class `egfr_c797_covalent`")), "{e:?}");
    let e = errors_after(|d| replace(d, "therapies.tsv", "with:KRAS:G12C", "with:NOTAGENE:G12C"));
    assert!(
        e.iter().any(|m| m.contains("unknown gene `NOTAGENE` in with:")),
        "{e:?}"
    );
}

#[test]
fn approvals_review_month_is_read_and_checked() {
    let kb = KnowledgeBase::embedded().expect("embedded");
    let m = kb.approvals_reviewed_through.clone().expect("month");
    assert_eq!(m.len(), 7);
    assert!(kb.info().contains(&format!("approvals reviewed through {m}")));
    let e = errors_after(|d| replace(d, "therapies.tsv", &format!("through {m}"), "through 2026-13"));
    assert!(
        e.iter()
            .any(|x| x.contains("approvals reviewed through: expected a month YYYY-MM, got \"2026-13\"")),
        "{e:?}"
    );
}
