//! The cohort as Parquet tables (issue 32): `batch --formats parquet` writes typed tables whose
//! rows agree with `cohort.tsv` and `cohort_alterations.tsv`; `cohort --append` adds one partition
//! per run and never rewrites an earlier one; DuckDB (from PyPI, in the CI venv) reads them and
//! the README's queries run. The DuckDB part says SKIPPED when `duckdb` cannot be imported.

mod common;
use arrow_array::cast::AsArray;
use arrow_array::RecordBatch;
use arrow_schema::DataType;
use common::*;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `batch` of the test cohort (P006 fails) with tsv and parquet into `<d>/out`.
fn cohort_batch(d: &Path) -> PathBuf {
    let out = d.join("out");
    let o = run(&[
        "batch",
        "--manifest",
        "test-data/cohort/manifest.tsv",
        "--outdir",
        s(&out),
        "--formats",
        "tsv,parquet",
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    out
}

fn read_table(path: &Path) -> Vec<RecordBatch> {
    let f = std::fs::File::open(path).unwrap();
    let r = ParquetRecordBatchReaderBuilder::try_new(f).unwrap().build().unwrap();
    r.map(|b| b.unwrap()).collect()
}

fn rows(batches: &[RecordBatch]) -> usize {
    batches.iter().map(|b| b.num_rows()).sum()
}

/// A text column as strings (plain or dictionary-encoded), nulls as "".
fn texts(batches: &[RecordBatch], name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for b in batches {
        let col = b.column_by_name(name).unwrap();
        let col = arrow_cast_to_strings(col);
        out.extend(col);
    }
    out
}

fn arrow_cast_to_strings(col: &arrow_array::ArrayRef) -> Vec<String> {
    match col.data_type() {
        DataType::Utf8 => col
            .as_string::<i32>()
            .iter()
            .map(|v| v.unwrap_or("").to_string())
            .collect(),
        DataType::Dictionary(k, _) if **k == DataType::Int32 => {
            let d = col.as_dictionary::<arrow_array::types::Int32Type>();
            let values = d.values().as_string::<i32>();
            d.keys()
                .iter()
                .map(|k| k.map(|k| values.value(k as usize).to_string()).unwrap_or_default())
                .collect()
        }
        DataType::Dictionary(_, _) => {
            let d = col.as_dictionary::<arrow_array::types::Int8Type>();
            let values = d.values().as_string::<i32>();
            d.keys()
                .iter()
                .map(|k| k.map(|k| values.value(k as usize).to_string()).unwrap_or_default())
                .collect()
        }
        t => panic!("not a text column: {t:?}"),
    }
}

/// The TSV's rows as maps from column name to cell.
fn tsv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split('\t').collect();
    lines
        .map(|l| {
            head.iter()
                .map(|h| h.to_string())
                .zip(l.split('\t').map(str::to_string))
                .collect()
        })
        .collect()
}

fn count<'a>(items: impl Iterator<Item = &'a str>) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for i in items {
        *m.entry(i.to_string()).or_insert(0) += 1;
    }
    m
}

#[test]
fn batch_tables_agree_with_the_tsv_files() {
    let d = tempfile::tempdir().unwrap();
    let out = cohort_batch(d.path());
    let patients = read_table(&out.join("patients.parquet"));
    let alterations = read_table(&out.join("alterations.parquet"));
    let therapies = read_table(&out.join("therapies.parquet"));
    let cohort = tsv(&out.join("cohort.tsv"));
    let alt_tsv = tsv(&out.join("cohort_alterations.tsv"));

    // Patients: the same IDs and statuses, in the same order (P006 failed).
    assert_eq!(rows(&patients), 6);
    let ids: Vec<String> = cohort.iter().map(|r| r["patient"].clone()).collect();
    assert_eq!(texts(&patients, "patient"), ids);
    assert_eq!(texts(&patients, "status")[5], "error");
    assert_eq!(texts(&patients, "best_amp_tier")[0], cohort[0]["best_amp_tier"]);
    let tmb = patients[0].column_by_name("tmb_value").unwrap();
    let tmb = tmb.as_primitive::<arrow_array::types::Float64Type>();
    assert_eq!(tmb.value(0).to_string(), cohort[0]["tmb_value"]);

    // Alterations: one row per TSV row, the same genes, positions and tiers.
    assert_eq!(rows(&alterations), alt_tsv.len());
    assert!(alt_tsv.len() > 40, "{}", alt_tsv.len());
    assert_eq!(
        count(texts(&alterations, "gene").iter().map(String::as_str)),
        count(alt_tsv.iter().map(|r| r["gene"].as_str()))
    );
    let pos = alterations[0].column_by_name("pos").unwrap();
    assert_eq!(pos.data_type(), &DataType::UInt64);
    let pos = pos.as_primitive::<arrow_array::types::UInt64Type>();
    assert_eq!(pos.value(0).to_string(), alt_tsv[0]["pos"]);
    assert_eq!(
        texts(&alterations, "best_amp_tier"),
        alt_tsv.iter().map(|r| r["best_amp_tier"].clone()).collect::<Vec<_>>()
    );

    // The typed schema: tiers as 8-bit dictionaries, vocabularies as 32-bit ones, integers as integers.
    let schema = alterations[0].schema();
    let tier = DataType::Dictionary(Box::new(DataType::Int8), Box::new(DataType::Utf8));
    let cat = DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8));
    assert_eq!(schema.field_with_name("best_amp_tier").unwrap().data_type(), &tier);
    assert_eq!(schema.field_with_name("gene").unwrap().data_type(), &cat);
    assert_eq!(schema.field_with_name("depth").unwrap().data_type(), &DataType::UInt32);
    assert_eq!(
        schema.field_with_name("driver").unwrap().data_type(),
        &DataType::Boolean
    );
    let tschema = therapies[0].schema();
    assert_eq!(tschema.field_with_name("amp_tier").unwrap().data_type(), &tier);
    assert!(matches!(
        tschema.field_with_name("drugs").unwrap().data_type(),
        DataType::List(_)
    ));

    // Therapies: every match of the reports' three lists.
    let mut expected = 0;
    for id in ids.iter().take(5) {
        let r = read_json(&out.join(format!("{id}.json")));
        for list in ["sensitivity", "resistance", "notes"] {
            expected += r["therapies"][list].as_array().unwrap().len();
        }
    }
    assert_eq!(rows(&therapies), expected);
    assert!(expected > 0);
    // The other tables exist (empty without copy-number, fusion or signature input).
    for t in ["copy_number", "fusions", "signatures"] {
        assert_eq!(rows(&read_table(&out.join(format!("{t}.parquet")))), 0, "{t}");
    }
    // No temporary file is left behind.
    let left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != ".oncoprofile.lock")
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

fn files_under(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.insert(p.clone(), std::fs::read(&p).unwrap());
        }
    }
    out
}

#[test]
fn append_adds_a_partition_and_never_rewrites() {
    let d = tempfile::tempdir().unwrap();
    let out = cohort_batch(d.path());
    let store = d.path().join("store");
    let first: Vec<String> = ["P001", "P002"]
        .iter()
        .map(|p| out.join(format!("{p}.json")).display().to_string())
        .collect();
    let mut args = vec!["cohort", "--append", "--formats", "parquet", "--outdir", s(&store)];
    args.extend(first.iter().map(String::as_str));
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("2 patient(s) added"), "{}", stderr(&o));
    let before = files_under(&store);
    assert_eq!(before.len(), 6, "{:?}", before.keys());

    // The whole directory next: P001 and P002 are already there; P003–P005 are added.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let o = run(&["cohort", "--append", "--reports-dir", s(&out), "--outdir", s(&store)]);
    // P006 failed in the batch (its recorded failure is carried over): exit 5.
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    assert!(stderr(&o).contains("(2 already there, skipped)"), "{}", stderr(&o));
    let after = files_under(&store);
    for (p, bytes) in &before {
        assert_eq!(after.get(p), Some(bytes), "{} was rewritten", p.display());
    }
    let runs: Vec<PathBuf> = std::fs::read_dir(&store).unwrap().flatten().map(|e| e.path()).collect();
    assert_eq!(runs.len(), 2, "{runs:?}");
    let mut all: Vec<String> = runs
        .iter()
        .flat_map(|r| texts(&read_table(&r.join("patients.parquet")), "patient"))
        .collect();
    all.sort();
    assert_eq!(all, ["P001", "P002", "P003", "P004", "P005", "P006"]);
    let alterations: usize = runs
        .iter()
        .map(|r| rows(&read_table(&r.join("alterations.parquet"))))
        .sum();
    assert_eq!(alterations, tsv(&out.join("cohort_alterations.tsv")).len());

    // --append writes only the tables.
    assert!(!store.join("cohort.tsv").exists());
    let o = run(&[
        "cohort",
        "--append",
        "--formats",
        "html",
        "--reports-dir",
        s(&out),
        "--outdir",
        s(&store),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--append writes only the Parquet tables"),
        "{}",
        stderr(&o)
    );
}

fn imports_duckdb(py: &Path) -> bool {
    std::process::Command::new(py)
        .args(["-c", "import duckdb"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A Python with `duckdb`: `$ONCOPROFILE_PYTHON` (set by `.ci/run`: it must have it), else the CI
/// venv or `python3` when they have it.
fn duckdb_python() -> Option<PathBuf> {
    if let Some(py) = std::env::var_os("ONCOPROFILE_PYTHON").map(PathBuf::from) {
        assert!(
            imports_duckdb(&py),
            "ONCOPROFILE_PYTHON={} cannot import duckdb",
            py.display()
        );
        return Some(py);
    }
    [".ci/venv/bin/python", "python3"]
        .into_iter()
        .map(PathBuf::from)
        .find(|py| imports_duckdb(py))
}

/// DuckDB's answer to `sql` as JSON rows (lists of values).
fn duck(py: &Path, dir: &Path, sql: &str) -> Vec<serde_json::Value> {
    let script = "import duckdb, json, sys\nrows = duckdb.connect().execute(sys.argv[1]).fetchall()\nprint(json.dumps([list(r) for r in rows], default=str))";
    let o = std::process::Command::new(py)
        .current_dir(dir)
        .args(["-c", script, sql])
        .output()
        .unwrap();
    assert!(o.status.success(), "{sql}: {}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn duckdb_reads_the_tables() {
    let Some(py) = duckdb_python() else {
        eprintln!("SKIPPED: duckdb is not importable (pip install duckdb, or set ONCOPROFILE_PYTHON)");
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let out = cohort_batch(d.path());
    let alt_tsv = tsv(&out.join("cohort_alterations.tsv"));
    let cohort = tsv(&out.join("cohort.tsv"));

    // Counts per gene equal cohort_alterations.tsv's.
    let got = duck(
        &py,
        &out,
        "SELECT coalesce(gene, ''), count(*) FROM 'alterations.parquet' GROUP BY 1 ORDER BY 1",
    );
    let got: BTreeMap<String, usize> = got
        .iter()
        .map(|r| (r[0].as_str().unwrap().to_string(), r[1].as_u64().unwrap() as usize))
        .collect();
    assert_eq!(got, count(alt_tsv.iter().map(|r| r["gene"].as_str())));
    // Patients equal cohort.tsv's, with their status and tumour type.
    let got = duck(
        &py,
        &out,
        "SELECT patient, status, coalesce(tumor_type, '') FROM 'patients.parquet' ORDER BY patient",
    );
    let want: Vec<serde_json::Value> = cohort
        .iter()
        .map(|r| serde_json::json!([r["patient"], r["status"], r["tumor_type"]]))
        .collect();
    assert_eq!(got, want);

    // The README's three queries.
    let drivers = duck(
        &py,
        &out,
        "SELECT gene, count(DISTINCT patient) AS patients FROM 'alterations.parquet' WHERE driver GROUP BY gene ORDER BY patients DESC, gene",
    );
    // The same from cohort_alterations.tsv: distinct patients with a driver row per gene.
    let mut by_gene: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    for r in alt_tsv.iter().filter(|r| r["driver"] == "true") {
        by_gene
            .entry(r["gene"].clone())
            .or_default()
            .insert(r["patient"].clone());
    }
    let mut want: Vec<(String, usize)> = by_gene.into_iter().map(|(g, p)| (g, p.len())).collect();
    want.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let want: Vec<serde_json::Value> = want.iter().map(|(g, n)| serde_json::json!([g, n])).collect();
    assert_eq!(drivers, want);
    assert_eq!(drivers[0], serde_json::json!(["BRAF", 4]));
    let osimertinib = duck(
        &py,
        &out,
        "SELECT DISTINCT patient, amp_tier FROM 'therapies.parquet' WHERE list = 'sensitivity' AND list_contains(drugs, 'osimertinib') ORDER BY patient",
    );
    // The same from the JSON reports: patients with a sensitivity match whose drugs include it.
    let expected: Vec<serde_json::Value> = cohort
        .iter()
        .filter(|r| r["status"] == "ok")
        .filter(|r| {
            let rep = read_json(&out.join(format!("{}.json", r["patient"])));
            rep["therapies"]["sensitivity"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["drugs"].as_array().unwrap().iter().any(|d| d == "osimertinib"))
        })
        .map(|r| serde_json::Value::String(r["patient"].clone()))
        .collect();
    assert!(!expected.is_empty());
    let got: Vec<serde_json::Value> = osimertinib.iter().map(|r| r[0].clone()).collect();
    assert_eq!(got, expected);
    let tmb = duck(
        &py,
        &out,
        "SELECT tumor_type, count(*) AS patients, median(tmb_value) AS median_tmb FROM 'patients.parquet' WHERE status = 'ok' GROUP BY tumor_type ORDER BY tumor_type",
    );
    assert_eq!(tmb.len(), 5, "{tmb:?}");
    assert_eq!(tmb[0], serde_json::json!(["COAD", 1, 0.3714]));

    // A store of appended runs reads as one table, with the run as a column.
    let store = d.path().join("store");
    let o = run(&["cohort", "--append", "--reports-dir", s(&out), "--outdir", s(&store)]);
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    let got = duck(
        &py,
        &store,
        "SELECT count(*), count(DISTINCT run) FROM read_parquet('run=*/patients.parquet', hive_partitioning = true)",
    );
    assert_eq!(got, [serde_json::json!([6, 1])]);
}
