//! Reference signature sets: read from a file (any COSMIC v3.x SBS/DBS/ID
//! layout, see [`super::table`]) or from a directory written by
//! `kb import signatures` ([`import`]), with their version and checksum.
//!
//! COSMIC's signatures are under COSMIC's terms (free for non-commercial use
//! only), so none is embedded: the user brings their copy. The version comes
//! from the file name (`COSMIC_v3.4_SBS_GRCh38.txt` → `3.4`) or is given;
//! the checksum is the SHA-256 of the file as read.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::fit::Fitter;
use super::table::{self, Kind};
use super::SignatureError;

/// The manifest an imported directory holds.
pub(crate) const MANIFEST: &str = "signatures.tsv";
const MANIFEST_HEADER: &str = "file\tkind\tversion\tsha256\tsignatures\tsource";

/// One signature set.
#[derive(Debug, Clone)]
pub struct SignatureSet {
    pub kind: Kind,
    pub names: Vec<String>,
    /// `profiles[signature][row]` in our row order.
    pub(crate) profiles: Vec<Vec<f64>>,
    /// `3.4`, the version given, or `unknown`.
    pub(crate) version: String,
    /// SHA-256 (hex) of the source file.
    pub(crate) sha256: String,
    /// The source file's name.
    pub source: String,
}

impl SignatureSet {
    pub fn fitter(&self) -> Fitter {
        Fitter::new(&self.profiles)
    }
}

/// The version in a COSMIC file name (`COSMIC_v3.4_SBS_GRCh38.txt` → `3.4`).
pub(crate) fn version_from_name(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let rest = &name[name.find("COSMIC_v")? + "COSMIC_v".len()..];
    let v: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    let v = v.trim_end_matches('.');
    (!v.is_empty()).then(|| v.to_string())
}

/// A signature file's text (bounded like every side file: [`crate::lines::read_to_string`]) and
/// the sha256 of its bytes.
fn read_bytes(path: &Path) -> Result<(String, String), SignatureError> {
    let text = crate::lines::read_to_string(path).map_err(|source| SignatureError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let sha = format!("{:x}", Sha256::digest(text.as_bytes()));
    Ok((text, sha))
}

/// Read one signature file; `version` overrides the one in the file name.
pub fn read_file(path: &Path, version: Option<&str>) -> Result<SignatureSet, SignatureError> {
    let (text, sha256) = read_bytes(path)?;
    let t = table::parse(path, &text)?;
    Ok(SignatureSet {
        kind: t.kind,
        names: t.columns,
        profiles: t.values,
        version: version
            .map(str::to_string)
            .or_else(|| version_from_name(path))
            .unwrap_or_else(|| "unknown".into()),
        sha256,
        source: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    })
}

/// `--signatures FILE|DIR`: one file, or every set listed in an imported directory's manifest.
pub fn load(path: &Path) -> Result<Vec<SignatureSet>, SignatureError> {
    if !path.is_dir() {
        return Ok(vec![read_file(path, None)?]);
    }
    let manifest = path.join(MANIFEST);
    let text = crate::lines::read_to_string(&manifest).map_err(|source| SignatureError::Io {
        path: manifest.clone(),
        source,
    })?;
    let mut sets = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let bad = |reason: String| SignatureError::Table {
            path: manifest.clone(),
            line: i + 1,
            field: None,
            reason,
        };
        let [file, _, version, sha256, _, source] = f.as_slice() else {
            return Err(bad(format!("{} fields, expected 6 ({MANIFEST_HEADER})", f.len())));
        };
        let mut set = read_file(&path.join(file), Some(version))?;
        set.sha256 = sha256.to_string();
        set.source = source.to_string();
        sets.push(set);
    }
    Ok(sets)
}

/// Write `set` as a TSV (`Type` then one column per signature, our row order).
fn write_set(set: &SignatureSet, path: &Path) -> Result<(), SignatureError> {
    let mut s = format!("Type\t{}\n", set.names.join("\t"));
    for (r, label) in set.kind.labels().iter().enumerate() {
        s.push_str(label);
        for p in &set.profiles {
            s.push_str(&format!("\t{}", p[r]));
        }
        s.push('\n');
    }
    std::fs::write(path, s).map_err(|source| SignatureError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// `kb import signatures FILE… --out DIR [--set-version V]`: each file is read
/// (validated), written to `DIR` as `<KIND>.tsv`, and listed with its version
/// and checksum in `DIR/signatures.tsv`. Returns the sets and a summary.
pub fn import(files: &[PathBuf], out: &Path, version: Option<&str>) -> Result<String, SignatureError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| SignatureError::Io { path, source }
    };
    std::fs::create_dir_all(out).map_err(io(out))?;
    let mut sets: Vec<SignatureSet> = Vec::new();
    for f in files {
        let set = read_file(f, version)?;
        if let Some(prev) = sets.iter().find(|s| s.kind == set.kind) {
            return Err(SignatureError::Table {
                path: f.clone(),
                line: 1,
                field: None,
                reason: format!("a second {} set (the first is {})", set.kind.name(), prev.source),
            });
        }
        sets.push(set);
    }
    let mut manifest = format!("{MANIFEST_HEADER}\n");
    let mut summary = Vec::new();
    for s in &sets {
        let file = format!("{}.tsv", s.kind.name());
        write_set(s, &out.join(&file))?;
        manifest.push_str(&format!(
            "{file}\t{}\t{}\t{}\t{}\t{}\n",
            s.kind.name(),
            s.version,
            s.sha256,
            s.names.len(),
            s.source
        ));
        summary.push(format!(
            "{}: {} signatures, version {}, sha256 {} ({})",
            s.kind.name(),
            s.names.len(),
            s.version,
            s.sha256,
            s.source
        ));
    }
    let mpath = out.join(MANIFEST);
    std::fs::write(&mpath, manifest).map_err(io(&mpath))?;
    Ok(format!(
        "{}\nsignature sets written to {}; use them with --signatures {} (COSMIC signatures: non-commercial terms apply)",
        summary.join("\n"),
        out.display(),
        out.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn made_up_sbs(path: &Path, crlf: bool) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut s = format!("Type\tSBSa\tSBSb{eol}");
        for (i, l) in Kind::Sbs96.labels().iter().enumerate() {
            s.push_str(&format!(
                "{l}\t{}\t{}{eol}",
                (i % 7) as f64 / 100.0,
                (i % 3) as f64 / 50.0
            ));
        }
        std::fs::write(path, s).unwrap();
    }

    #[test]
    fn versions_from_file_names() {
        assert_eq!(
            version_from_name(Path::new("/x/COSMIC_v3.4_SBS_GRCh38.txt")).as_deref(),
            Some("3.4")
        );
        assert_eq!(
            version_from_name(Path::new("COSMIC_v3_ID_GRCh37.txt")).as_deref(),
            Some("3")
        );
        assert_eq!(version_from_name(Path::new("sigs.txt")), None);
    }

    #[test]
    fn import_then_load_keeps_version_and_checksum() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("COSMIC_v3.9_SBS_GRCh38.txt");
        made_up_sbs(&f, true);
        let out = dir.path().join("kb");
        let summary = import(std::slice::from_ref(&f), &out, None).unwrap();
        assert!(summary.contains("SBS96: 2 signatures, version 3.9"), "{summary}");
        let sets = load(&out).unwrap();
        assert_eq!(sets.len(), 1);
        let s = &sets[0];
        assert_eq!(
            (s.kind, s.version.as_str(), s.names.clone()),
            (Kind::Sbs96, "3.9", vec!["SBSa".into(), "SBSb".into()])
        );
        assert_eq!(s.sha256, format!("{:x}", Sha256::digest(std::fs::read(&f).unwrap())));
        assert_eq!(s.source, "COSMIC_v3.9_SBS_GRCh38.txt");
        assert_eq!(s.profiles[0][8], 0.01);
        let direct = read_file(&f, Some("3.9-custom")).unwrap();
        assert_eq!(direct.version, "3.9-custom");
        assert_eq!(direct.profiles, s.profiles);
    }

    #[test]
    fn two_sets_of_one_kind_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
        made_up_sbs(&a, false);
        made_up_sbs(&b, false);
        let e = import(&[a, b], &dir.path().join("o"), Some("1")).unwrap_err();
        assert!(e.to_string().contains("a second SBS96 set (the first is a.txt)"), "{e}");
    }
}
