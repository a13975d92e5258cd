#!/usr/bin/env python3
"""Write a CWL job file for oncoprofile-batch.cwl from an `oncoprofile batch` manifest TSV.

    python3 workflows/cwl/manifest_to_job.py cohort.tsv -o cohort-job.yml [--exclude P7 ...]

The manifest is not parsed here: `oncoprofile batch --manifest M --check-manifest` reads and checks
it exactly as a batch run does and prints the patients' plan (same patients, same relative-path
resolution, same errors, word for word); the binary is `oncoprofile` on PATH or --oncoprofile BIN. File paths in the job are written relative
to the job file's folder (or to --base DIR). The job also names the manifest, so the cohort
summary has one row per manifest patient in manifest order; a patient left out with --exclude
(e.g. one whose VCF is known to be bad) is then listed as an `error` row, "no report was produced".
Cohort-wide options (min_vaf, min_depth, ...) can be added to the job by hand.
"""

import argparse
import json
import os
import subprocess
import sys

# The plan's format (`plan_version` of `oncoprofile batch --check-manifest`).
PLAN_VERSION = 1
# Plan keys that are written to the job when set.
STRING_KEYS = ("tumor_type", "tumor_sample", "normal_sample", "assay")


class PlanError(Exception):
    pass


def read_plan(oncoprofile, manifest):
    """The patients of `manifest` as `oncoprofile batch --check-manifest` plans them (no batch
    options: cohort-wide options are the job's top-level inputs)."""
    cmd = [oncoprofile, "--quiet", "batch", "--manifest", manifest, "--check-manifest"]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True)
    except OSError as e:
        raise PlanError(f"cannot run {oncoprofile} (--oncoprofile): {e}") from None
    if r.returncode != 0:
        lines = [l for l in r.stderr.splitlines() if l.strip()]
        errors = [l for l in lines if l.startswith("oncoprofile: error: ")]
        msg = (errors or lines or [f"{oncoprofile} exited with status {r.returncode}"])[-1]
        raise PlanError(msg.removeprefix("oncoprofile: error: "))
    try:
        plan = json.loads(r.stdout)
    except ValueError as e:
        raise PlanError(f"{oncoprofile} printed no plan: {e}") from None
    if plan.get("plan_version") != PLAN_VERSION:
        raise PlanError(f"{oncoprofile} prints plan_version {plan.get('plan_version')}, this script reads {PLAN_VERSION}")
    return plan["patients"]


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
    ap.add_argument("--oncoprofile", default="oncoprofile", metavar="BIN", help="the binary (default: oncoprofile on PATH)")
    a = ap.parse_args(argv)
    try:
        rows = read_plan(a.oncoprofile, a.manifest)
    except PlanError as e:
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
        if r.get(k) is not None and not os.path.exists(r[k])
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
        for key in STRING_KEYS:
            if r.get(key) is not None:
                out.append(f"    {key}: {q(r[key])}")
        if r.get("targets") is not None:
            out.append(f"    targets: {file_obj(r['targets'], base)}")
        if r.get("target_mb") is not None:
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
