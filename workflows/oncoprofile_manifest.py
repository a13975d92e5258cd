"""Read an `oncoprofile batch` manifest exactly as the binary does (src/batch.rs `read_manifest`).

Shared by the Snakemake workflow (one job per row) and the CWL job-file converter, so that a
workflow run gives each patient the same options, paths and patient ID as `oncoprofile batch`.

Rules mirrored from the binary:
- blank lines and lines starting with '#' are skipped; the first remaining line is the header;
- columns are tab-separated, trimmed, header names case-insensitive; `patient` and `vcf` are
  required; optional: tumor_sample, normal_sample, tumor_type, targets, target_mb, assay;
- an empty cell, '.' or 'NA' means "not given";
- relative `vcf` and `targets` paths resolve against the manifest's folder (joined, not normalised);
- patient IDs become file stems ([A-Za-z0-9._-], anything else '_', no leading '.', at most 100
  characters); two patients with the same stem, or a patient whose stem is `cohort`, are refused;
- every bad row is reported, with its line number, before anything runs.
"""

import math
import os
import re

KNOWN = ("patient", "vcf", "tumor_sample", "normal_sample", "tumor_type", "targets", "target_mb", "assay")
FLOAT_RE = re.compile(r"^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf|infinity|nan)$", re.IGNORECASE)


class ManifestError(Exception):
    pass


def safe_file_stem(s):
    """Same as src/output.rs `safe_file_stem`."""
    out = "".join(c if (c.isascii() and (c.isalnum() or c in "_-.")) else "_" for c in s)
    while out.startswith("."):
        out = "_" + out[1:]
    out = out[:100]
    return out or "patient"


def read_manifest(path):
    """Rows of the manifest as dicts: patient, stem, vcf, and the optional keys present
    (tumor_sample, normal_sample, tumor_type, targets, target_mb as the original string, assay)."""
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    base = os.path.dirname(path)

    def resolve(p):
        return p if os.path.isabs(p) else os.path.join(base, p)

    lines = [
        (i + 1, line.rstrip("\r"))
        for i, line in enumerate(text.split("\n"))
        if line.strip() and not line.startswith("#")
    ]
    if not lines:
        raise ManifestError(f"{path}: empty manifest: expected a header line with columns patient and vcf")
    hline, header = lines[0]
    cols = [c.strip().lower() for c in header.split("\t")]
    if "patient" not in cols or "vcf" not in cols:
        raise ManifestError(f"{path}: line {hline}: manifest header must have the columns 'patient' and 'vcf'")
    errors = [f"line {hline}: unknown column '{c}'" for c in cols if c not in KNOWN]
    rows, seen = [], {}
    for ln, line in lines[1:]:
        f = [x.strip() for x in line.split("\t")]
        if len(f) != len(cols):
            errors.append(f"line {ln}: {len(f)} columns, the header has {len(cols)}")
            continue
        cell = dict(zip(cols, f))
        patient, vcf = cell["patient"], cell["vcf"]
        if not patient:
            errors.append(f"line {ln}: empty patient")
            continue
        if not vcf:
            errors.append(f"line {ln}: empty vcf")
            continue
        stem = safe_file_stem(patient)
        if stem in seen:
            errors.append(f"line {ln}: patient '{patient}' collides with line {seen[stem]} (both write the report file {stem})")
            continue
        seen[stem] = ln
        if stem == "cohort":
            errors.append(f"line {ln}: patient '{patient}' would overwrite cohort.json: rename it")
            continue
        row = {"patient": patient, "stem": stem, "vcf": resolve(vcf), "line": ln}
        for key in ("tumor_sample", "normal_sample", "tumor_type", "assay", "targets", "target_mb"):
            v = cell.get(key)
            if v is None or v in ("", ".", "NA"):
                continue
            if key == "targets":
                v = resolve(v)
            if key == "target_mb":
                x = float(v) if FLOAT_RE.match(v) else -1.0
                if not (x > 0 and math.isfinite(x)):
                    errors.append(f"line {ln}: target_mb '{v}' is not a positive number")
                    break
            row[key] = v
        else:
            rows.append(row)
    if errors:
        raise ManifestError(f"{path}: {len(errors)} bad manifest row(s): " + "; ".join(errors))
    if not rows:
        raise ManifestError(f"{path}: the manifest lists no patients")
    return rows
