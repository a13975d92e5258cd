#!/usr/bin/env python3
"""A synthetic cohort of many small VCFs and a manifest, for the cohort scale benchmark
(bench/cohort_scale.sh, issue 32).

Each patient gets RECORDS Mutect2 + VEP records (the generator of bench/gen_vcf.py: same INFO/FORMAT
layout and CSQ pool), plain text (no BGZF: 100,000 bgzip processes would time the generator, not
us). Files go into folders of 1,000 (`d000/P000001.vcf` …) so no directory holds 100,000 entries.
Each patient has its own seed, so the folders are written in parallel (`--jobs`, default the CPU
count) and the output is the same for any number of jobs.
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
    sub = f"d{(first - 1) // 1000:03d}"
    os.makedirs(os.path.join(outdir, sub), exist_ok=True)
    for i in range(first, last + 1):
        pid = f"P{i:06d}"
        rng = random.Random(seed * 100003 + i)
        with open(os.path.join(outdir, sub, f"{pid}.vcf"), "w") as f:
            f.write(gen_vcf.header(f"{pid}_T", f"{pid}_N"))
            f.writelines(gen_vcf.records(rng, records, pool))
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
