#!/usr/bin/env python3
"""Comparisons for workflows/test.sh: workflow outputs against `oncoprofile batch` outputs.

Each subcommand prints what it checked and exits non-zero on the first mismatch.
"""

import html.parser
import json
import os
import subprocess
import sys

PATH_PARAMETERS = {"targets", "reference", "gene_models", "annotations"}


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def load(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def plan_patients(manifest):
    """The manifest's patients as `oncoprofile batch --check-manifest` plans them (the binary on
    PATH, as test.sh sets it up): patient, stem, vcf, the optional cells (null when not given)."""
    r = subprocess.run(
        ["oncoprofile", "--quiet", "batch", "--manifest", manifest, "--check-manifest"],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        fail(f"oncoprofile batch --check-manifest {manifest}: {r.stderr.strip()}")
    return json.loads(r.stdout)["patients"]


def batch_rows(batch_dir):
    return load(os.path.join(batch_dir, "cohort.json"))["rows"]


def cmd_status(batch_dir, manifest):
    """Print `ok` and `bad` stems from the batch cohort: 'ok STEM' / 'bad STEM' lines."""
    stems = {r["patient"]: r["stem"] for r in plan_patients(manifest)}
    rows = batch_rows(batch_dir)
    for r in rows:
        print(("ok" if r["status"] == "ok" else "bad"), stems[r["patient"]], r["patient"])


def cmd_bad_messages(batch_dir, manifest, workflow_dir):
    """Every failed batch patient: <workflow_dir>/<stem>.error holds the batch's error message,
    and no <stem>.json exists."""
    stems = {r["patient"]: r["stem"] for r in plan_patients(manifest)}
    n = 0
    for r in batch_rows(batch_dir):
        if r["status"] == "ok":
            continue
        stem = stems[r["patient"]]
        if os.path.exists(os.path.join(workflow_dir, f"{stem}.json")):
            fail(f"{workflow_dir}/{stem}.json exists for a patient that failed in batch")
        ep = os.path.join(workflow_dir, f"{stem}.error")
        if not os.path.exists(ep):
            fail(f"{ep} is missing")
        with open(ep, encoding="utf-8") as fh:
            got = fh.read().strip()
        if got != r["error"]:
            fail(f"{ep}: {got!r} != batch error {r['error']!r}")
        n += 1
    print(f"ok: {n} failed patient(s): <patient>.error = the batch's error message, no report")


def normalised(report):
    """A report with the engine-dependent staging paths reduced to file names."""
    r = json.loads(json.dumps(report))
    r["input"]["path"] = os.path.basename(r["input"]["path"])
    for p in r["provenance"].get("parameters", []):
        if p.get("name") in PATH_PARAMETERS and p.get("value") not in (None, "null"):
            p["value"] = os.path.basename(p["value"])
    return r


def cmd_reports_mod_path(batch_dir, manifest, workflow_dir):
    """Every batch report equals the workflow's after reducing staging paths to file names;
    the workflow wrote no report the batch did not."""
    stems = {r["patient"]: r["stem"] for r in plan_patients(manifest)}
    want = sorted(f"{stems[r['patient']]}.json" for r in batch_rows(batch_dir) if r["status"] == "ok")
    have = sorted(f for f in os.listdir(workflow_dir) if f.endswith(".json") and f != "cohort.json")
    if want != have:
        fail(f"reports in {workflow_dir}: {have} != batch's {want}")
    for f in want:
        a = load(os.path.join(batch_dir, f))
        b = load(os.path.join(workflow_dir, f))
        if a == b:
            fail(f"{f}: expected the staged input path to differ from the batch's ({a['input']['path']})")
        na, nb = normalised(a), normalised(b)
        if na != nb:
            keys = sorted(k for k in na if na.get(k) != nb.get(k))
            fail(f"{f}: differs from the batch report in {keys}")
    print(f"ok: {len(want)} report(s) equal to the batch's, input.path aside (the engine's staging path)")


def cmd_cohort_tsv(batch_dir, workflow_dir, missing_message):
    """cohort.tsv equal to the batch's, except the `error` cell of failed rows, which must be
    `missing_message` (the workflow engine did not keep the tool's message)."""
    with open(os.path.join(batch_dir, "cohort.tsv"), encoding="utf-8") as fh:
        a = fh.read().split("\n")
    with open(os.path.join(workflow_dir, "cohort.tsv"), encoding="utf-8") as fh:
        b = fh.read().split("\n")
    if len(a) != len(b) or a[0] != b[0]:
        fail(f"cohort.tsv: header or row count differs ({len(a)} vs {len(b)} lines)")
    col = a[0].split("\t")
    si, ei = col.index("status"), col.index("error")
    n_err = 0
    for la, lb in zip(a[1:], b[1:]):
        ca, cb = la.split("\t"), lb.split("\t")
        if ca and len(ca) > si and ca[si] == "error":
            n_err += 1
            if cb[ei] != missing_message:
                fail(f"cohort.tsv: error cell {cb[ei]!r} != {missing_message!r}")
            ca[ei] = cb[ei]
        if ca != cb:
            fail(f"cohort.tsv row differs:\n  batch:    {la}\n  workflow: {lb}")
    print(f"ok: cohort.tsv equal to the batch's ({len(a) - 2} rows; {n_err} failure(s) listed as {missing_message!r})")


def cmd_subset(batch_dir, manifest, out_manifest):
    """Write a manifest of the patients that succeeded in batch (paths resolved, so that the
    reports are byte-identical to the batch's)."""
    ok = {r["patient"] for r in batch_rows(batch_dir) if r["status"] == "ok"}
    keys = ["tumor_sample", "normal_sample", "tumor_type", "targets", "target_mb", "assay"]
    lines = ["\t".join(["patient", "vcf"] + keys)]
    for r in plan_patients(manifest):
        if r["patient"] in ok:
            cells = ["" if r[k] is None else (repr(r[k]) if k == "target_mb" else r[k]) for k in keys]
            lines.append("\t".join([r["patient"], r["vcf"]] + cells))
    with open(out_manifest, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    print(f"ok: wrote {out_manifest} with the {len(lines) - 1} patient(s) that succeeded in batch")


def cmd_subset_cohort(batch_dir, workflow_dir):
    """cohort.tsv / cohort.json of a run over the succeeded patients equal the batch's rows for them."""
    with open(os.path.join(batch_dir, "cohort.tsv"), encoding="utf-8") as fh:
        a = fh.read().split("\n")
    col = a[0].split("\t")
    si = col.index("status")
    want = [a[0]] + [l for l in a[1:] if l and l.split("\t")[si] == "ok"]
    with open(os.path.join(workflow_dir, "cohort.tsv"), encoding="utf-8") as fh:
        got = [l for l in fh.read().split("\n") if l]
    if want != got:
        fail(f"{workflow_dir}/cohort.tsv != batch's ok rows:\n" + "\n".join(got))
    ra = [r for r in batch_rows(batch_dir) if r["status"] == "ok"]
    cj = load(os.path.join(workflow_dir, "cohort.json"))
    if cj["rows"] != ra or cj["failed"] != 0 or cj["patients"] != len(ra):
        fail(f"{workflow_dir}/cohort.json rows differ from the batch's ok rows")
    print(f"ok: cohort.tsv and cohort.json rows equal to the batch's {len(ra)} ok row(s)")


class _Links(html.parser.HTMLParser):
    """The href of every <a> (in the HTML and in its inline SVG), entities decoded."""

    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k == "href"]


def cmd_cohort_links(workflow_dir):
    """cohort.html links every patient's report to ./<stem>.html, which exists beside it, and
    each patient page names its input by the file name, never by a staging path."""
    p = _Links()
    with open(os.path.join(workflow_dir, "cohort.html"), encoding="utf-8") as fh:
        p.feed(fh.read())
    stems = sorted(f[:-5] for f in os.listdir(workflow_dir) if f.endswith(".json") and f != "cohort.json")
    if not stems:
        fail(f"no reports in {workflow_dir}")
    for stem in stems:
        href = f"./{stem}.html"
        if href not in p.hrefs:
            fail(f"cohort.html has no link {href} (links: {sorted(set(p.hrefs))[:5]}...)")
        page = os.path.join(workflow_dir, f"{stem}.html")
        if not os.path.isfile(page):
            fail(f"cohort.html links {href}, which is not in {workflow_dir}")
        name = load(os.path.join(workflow_dir, f"{stem}.json"))["input"]["path"]
        if "/" in name:
            fail(f"{stem}.json names its input by a path: {name}")
        with open(page, encoding="utf-8") as fh:
            text = fh.read()
        if name not in text:
            fail(f"{stem}.html does not show the input's name {name}")
        if "/stg" in text or "/tmp/" in text or "toilfile" in text:
            fail(f"{stem}.html shows a staging path")
    print(f"ok: cohort.html links all {len(stems)} patient(s); each page names its input by its file name")


if __name__ == "__main__":
    cmds = {
        "status": cmd_status,
        "bad-messages": cmd_bad_messages,
        "reports-mod-path": cmd_reports_mod_path,
        "cohort-tsv": cmd_cohort_tsv,
        "subset": cmd_subset,
        "subset-cohort": cmd_subset_cohort,
        "cohort-links": cmd_cohort_links,
    }
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        fail(f"usage: compare.py {{{','.join(cmds)}}} ARGS...")
    cmds[sys.argv[1]](*sys.argv[2:])
