# Configuration and the cohort's plan, shared by the rules (included first by ../Snakefile).
#
# The manifest is not read here: `oncoprofile batch --manifest M --check-manifest [options]`
# reads and checks it exactly as a batch run would and prints each patient's plan (file stem,
# resolved VCF path, the complete `oncoprofile report` arguments). A bad manifest or a bad
# combination of manifest cells and options stops the workflow before any job starts, with the
# binary's own message.

import hashlib
import json
import os
import re
import shlex
import subprocess
import sys

from snakemake.utils import validate


validate(config, os.path.join(workflow.basedir, "schemas", "config.schema.yaml"))

if "manifest" not in config:
    raise ValueError("config: set `manifest` (e.g. --config manifest=cohort.tsv)")

MANIFEST = config["manifest"]
OUTDIR = config["outdir"]
ONCO = config["oncoprofile"]
OPTS = config["options"]
# Report formats beyond the JSON (always written: it is what `cohort` reads): html, tsv.
FORMATS = [f for f in config["formats"] if f != "json"]
REPORT_DATE = config["report_date"]
DATE_ARGS = ["--report-date", str(REPORT_DATE)] if REPORT_DATE is not None else []
# The plan's format; bumped by the binary when a key changes meaning.
PLAN_VERSION = 1

# config `options:` -> `oncoprofile batch` flags (the same names as on the batch command line).
VALUE_FLAGS = (
    ("tumor_type", "--tumor-type"),
    ("genome", "--genome"),
    ("annotations", "--annotations"),
    ("min_vaf", "--min-vaf"),
    ("min_depth", "--min-depth"),
    ("min_alt_reads", "--min-alt-reads"),
    ("vaf_tag", "--vaf-tag"),
    ("depth_tag", "--depth-tag"),
    ("targets", "--targets"),
    ("target_mb", "--target-mb"),
    ("assay", "--assay"),
    ("max_pop_af", "--max-pop-af"),
    ("tmb_threshold", "--tmb-threshold"),
    ("reference", "--reference"),
    ("gene_models", "--gene-models"),
)
SWITCH_FLAGS = (
    ("include_filtered", "--include-filtered"),
    ("all_variants", "--all-variants"),
    ("tmb_include_synonymous", "--tmb-include-synonymous"),
)


def batch_flags(opts):
    """The config's cohort-wide options as `oncoprofile batch` flags (null: not given)."""
    a = []
    for key, flag in VALUE_FLAGS:
        if opts[key] is not None:
            # Numbers exactly as given in YAML; the binary parses them to the same f64.
            a += [flag, str(opts[key])]
    for key, flag in SWITCH_FLAGS:
        if opts[key]:
            a.append(flag)
    return a


def tool_message(stderr, returncode):
    """The tool's one-line error message (without its `oncoprofile: error: ` prefix)."""
    lines = [l for l in stderr.splitlines() if l.strip()]
    errors = [l for l in lines if l.startswith("oncoprofile: error: ")]
    msg = (errors or lines or [f"oncoprofile exited with status {returncode}"])[-1]
    return msg.removeprefix("oncoprofile: error: ")


def run_plan(cmd):
    """The plan's JSON text, printed by the binary."""
    try:
        r = subprocess.run(cmd, capture_output=True, text=True)
    except OSError as e:
        raise ValueError(f"oncoprofile workflow: cannot run `{ONCO}` (config `oncoprofile`): {e}") from None
    if r.returncode != 0:
        raise ValueError(f"oncoprofile workflow: {tool_message(r.stderr, r.returncode)}")
    return r.stdout


def read_plan():
    """The plan, from the binary in the main Snakemake process. That process also keeps it in
    .snakemake/oncoprofile/ of the working directory, which cluster jobs share: the Snakemake
    process of each job (on a compute node, outside any container) reads it from there instead of
    running the binary again, so with --sdm apptainer the nodes need the binary only in the image."""
    cmd = [ONCO, "--quiet", "batch", "--manifest", MANIFEST, "--check-manifest"] + batch_flags(OPTS)
    key = hashlib.sha256(json.dumps([os.path.abspath(MANIFEST)] + cmd).encode()).hexdigest()[:16]
    cache = os.path.join(".snakemake", "oncoprofile", f"plan-{key}.json")
    if not workflow.is_main_process and os.path.exists(cache):
        with open(cache, encoding="utf-8") as fh:
            text = fh.read()
    else:
        text = run_plan(cmd)
        if workflow.is_main_process:
            os.makedirs(os.path.dirname(cache), exist_ok=True)
            with open(cache + ".tmp", "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(cache + ".tmp", cache)
    try:
        plan = json.loads(text)
    except ValueError as e:
        raise ValueError(f"oncoprofile workflow: `{shlex.join(cmd)}` printed no plan: {e}") from None
    if plan.get("plan_version") != PLAN_VERSION:
        raise ValueError(
            f"oncoprofile workflow: `{ONCO}` prints plan_version {plan.get('plan_version')}, "
            f"this workflow reads {PLAN_VERSION}: use the workflow of the same oncoprofile release"
        )
    return plan


PLAN = read_plan()
# Patients by file stem (<stem>.json), in manifest order.
PATIENTS = {p["stem"]: p for p in PLAN["patients"]}
STEMS = sorted(PATIENTS)


def existing_inputs(wc):
    """The patient's files that exist. A missing VCF is left to the tool, so that it fails that
    patient's job only (as in batch) instead of stopping the whole workflow."""
    p = PATIENTS[wc.stem]
    return [f for f in [p["vcf"]] + p["other_inputs"] if os.path.exists(f)]


def report_command(wc, output, threads):
    p = PATIENTS[wc.stem]
    cmd = [ONCO, "--quiet", "report", p["vcf"], "--out", output[0], "--threads", str(threads)]
    return shlex.join(cmd + p["report_args"])


def cohort_command():
    cmd = [ONCO, "--quiet", "cohort", "--manifest", MANIFEST, "--reports-dir", OUTDIR, "--outdir", OUTDIR]
    if FORMATS:
        cmd += ["--formats", ",".join(["json"] + FORMATS)] + DATE_ARGS
    return cmd


# Cohort outputs of the extra formats (`oncoprofile cohort --formats`).
COHORT_EXTRA = {"html": "cohort.html", "tsv": "cohort_alterations.tsv"}
# Written only by the cohort rule, never by onerror: a summary left by onerror therefore lacks it,
# so the next run redoes the failed patients and then the summary.
COMPLETE = os.path.join(OUTDIR, "logs", "cohort.complete")
