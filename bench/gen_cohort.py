#!/usr/bin/env python3
"""A synthetic cohort of many small VCFs and a manifest, for the cohort scale benchmark
(bench/cohort_scale.sh, issue 32).

Each patient gets RECORDS Mutect2 + VEP records (the generator of bench/gen_vcf.py: same INFO/FORMAT
layout and CSQ pool), plain text (no BGZF: 100,000 bgzip processes would time the generator, not
us). Files go into folders of 1,000 (`d000/P000001.vcf` …) so no directory holds 100,000 entries.
Each patient has its own seed, so the folders are written in parallel (`--jobs`, default the CPU
count) and the output is the same for any number of jobs. The header text, the CSQ pool and the
table of read depths are made once per folder from fixed seeds (not per patient: drawing 2,048
depths for a 12-record file was 85% of the time), and each file is written with one call:
about 0.4 s per 1,000 patients on one core (was 6 s).
The manifest cycles through a few tumour types so that "TMB by tumour type" has groups. Written by
us; no real data.

    gen_cohort.py --patients 100000 --records 12 --outdir cohort/    # cohort/manifest.tsv
    gen_cohort.py --patients 20000 --outdir cohort/ --jobs 2
"""

import argparse
import multiprocessing
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_vcf  # noqa: E402

TUMOR_TYPES = ["LUAD", "COAD", "SKCM", "BRCA", "NEC", "PAAD", "GBM", "PRAD"]


def write_folder(task):
    """The patients first..=last (one folder of up to 1,000)."""
    outdir, seed, records, first, last = task
    pool = gen_vcf.CsqPool(random.Random(seed * 7919 + 1))
    # One depth table per cohort (drawing 2,048 depths per 12-record patient was 85% of the time).
    depths = gen_vcf.depth_table(random.Random(seed * 7919 + 2))
    header = gen_vcf.header("TUMOR_ID", "NORMAL_ID")
    sub = f"d{(first - 1) // 1000:03d}"
    os.makedirs(os.path.join(outdir, sub), exist_ok=True)
    for i in range(first, last + 1):
        pid = f"P{i:06d}"
        rng = random.Random(seed * 100003 + i)
        text = header.replace("TUMOR_ID", f"{pid}_T").replace("NORMAL_ID", f"{pid}_N")
        text += "".join(gen_vcf.records(rng, records, pool, depths))
        with open(os.path.join(outdir, sub, f"{pid}.vcf"), "w") as f:
            f.write(text)
    return last - first + 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--patients", type=int, required=True)
    ap.add_argument("--records", type=int, default=12, help="records per patient (default 12)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--outdir", required=True)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes (default: CPU count)")
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    # The CSQ pool is built from its own seed in every folder's task: the same strings everywhere.
    tasks = [(a.outdir, a.seed, a.records, first, min(first + 999, a.patients))
             for first in range(1, a.patients + 1, 1000)]
    if a.jobs > 1 and len(tasks) > 1:
        with multiprocessing.Pool(min(a.jobs, len(tasks))) as p:
            done = sum(p.imap_unordered(write_folder, tasks))
    else:
        done = sum(map(write_folder, tasks))
    assert done == a.patients
    rows = ["patient\tvcf\ttumor_type\ttumor_sample\tnormal_sample\ttarget_mb"]
    for i in range(1, a.patients + 1):
        pid = f"P{i:06d}"
        tt = TUMOR_TYPES[i % len(TUMOR_TYPES)]
        rows.append(f"{pid}\td{(i - 1) // 1000:03d}/{pid}.vcf\t{tt}\t{pid}_T\t{pid}_N\t30")
    with open(os.path.join(a.outdir, "manifest.tsv"), "w") as fh:
        fh.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
