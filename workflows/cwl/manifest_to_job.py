#!/usr/bin/env python3
"""Write a CWL job file for oncoprofile-batch.cwl from an `oncoprofile batch` manifest TSV.

    python3 workflows/cwl/manifest_to_job.py cohort.tsv -o cohort-job.yml [--exclude P7 ...]

The manifest is read exactly as `oncoprofile batch` reads it (workflows/oncoprofile_manifest.py): same
patients, same relative-path resolution, same errors. File paths in the job are written relative
to the job file's folder (or to --base DIR). The job also names the manifest, so the cohort
summary has one row per manifest patient in manifest order; a patient left out with --exclude
(e.g. one whose VCF is known to be bad) is then listed as an `error` row, "no report was produced".
Cohort-wide options (min_vaf, min_depth, ...) can be added to the job by hand.
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from oncoprofile_manifest import ManifestError, read_manifest  # noqa: E402


def q(s):
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def file_obj(path, base):
    return "{class: File, path: " + q(os.path.relpath(path, base)) + "}"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("manifest", help="batch manifest TSV")
    ap.add_argument("-o", "--out", default="-", help="job file to write (default: standard output)")
    ap.add_argument("--base", help="folder the job's paths are relative to (default: the job file's folder)")
    ap.add_argument("--exclude", action="append", default=[], metavar="PATIENT", help="leave a patient out")
    ap.add_argument("--no-manifest", action="store_true", help="do not pass the manifest to the cohort step")
    a = ap.parse_args(argv)
    try:
        rows = read_manifest(a.manifest)
    except (OSError, ManifestError) as e:
        print(f"manifest_to_job: error: {e}", file=sys.stderr)
        return 2
    unknown = sorted(set(a.exclude) - {r["patient"] for r in rows})
    if unknown:
        print(f"manifest_to_job: error: --exclude: not in the manifest: {', '.join(unknown)}", file=sys.stderr)
        return 2
    missing = [
        f"{r['patient']} ({r[k]})"
        for r in rows
        if r["patient"] not in a.exclude
        for k in ("vcf", "targets")
        if k in r and not os.path.exists(r[k])
    ]
    if missing:
        print(
            "manifest_to_job: error: missing files (a CWL engine refuses the whole job for one missing "
            f"input: fix the paths or --exclude the patients): {', '.join(missing)}",
            file=sys.stderr,
        )
        return 2
    base = a.base or (os.path.dirname(a.out) if a.out != "-" else ".") or "."
    out = [
        f"# CWL job for oncoprofile-batch.cwl, written by manifest_to_job.py from {os.path.basename(a.manifest)}.",
        "# Paths are relative to this file. Research use only.",
        "patients:",
    ]
    for r in rows:
        if r["patient"] in a.exclude:
            continue
        out.append(f"  - patient: {q(r['patient'])}")
        out.append(f"    vcf: {file_obj(r['vcf'], base)}")
        for key in ("tumor_type", "tumor_sample", "normal_sample", "assay"):
            if key in r:
                out.append(f"    {key}: {q(r[key])}")
        if "targets" in r:
            out.append(f"    targets: {file_obj(r['targets'], base)}")
        if "target_mb" in r:
            out.append(f"    target_mb: {float(r['target_mb'])!r}")
    if not a.no_manifest:
        out.append(f"manifest: {file_obj(a.manifest, base)}")
    text = "\n".join(out) + "\n"
    if a.out == "-":
        sys.stdout.write(text)
    else:
        with open(a.out, "w", encoding="utf-8") as fh:
            fh.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
