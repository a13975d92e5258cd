#!/usr/bin/env python3
"""A synthetic cohort of many small VCFs and a manifest, for the cohort scale benchmark
(bench/cohort_scale.sh, issue 32).

Each patient gets RECORDS Mutect2 + VEP records (the generator of bench/gen_vcf.py: same INFO/FORMAT
layout and CSQ pool), plain text (no BGZF: 100,000 bgzip processes would time the generator, not
us). Files go into folders of 1,000 (`d000/P000001.vcf` …) so no directory holds 100,000 entries.
The manifest cycles through a few tumour types so that "TMB by tumour type" has groups. Written by
us; no real data.

    gen_cohort.py --patients 100000 --records 12 --outdir cohort/    # cohort/manifest.tsv
"""

import argparse
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_vcf  # noqa: E402

TUMOR_TYPES = ["LUAD", "COAD", "SKCM", "BRCA", "NEC", "PAAD", "GBM", "PRAD"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--patients", type=int, required=True)
    ap.add_argument("--records", type=int, default=12, help="records per patient (default 12)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--outdir", required=True)
    a = ap.parse_args()
    pool = gen_vcf.CsqPool(random.Random(a.seed * 7919 + 1))
    os.makedirs(a.outdir, exist_ok=True)
    rows = ["patient\tvcf\ttumor_type\ttumor_sample\tnormal_sample\ttarget_mb"]
    for i in range(1, a.patients + 1):
        pid = f"P{i:06d}"
        sub = f"d{(i - 1) // 1000:03d}"
        os.makedirs(os.path.join(a.outdir, sub), exist_ok=True)
        rng = random.Random(a.seed * 100003 + i)
        with open(os.path.join(a.outdir, sub, f"{pid}.vcf"), "w") as f:
            f.write(gen_vcf.header(f"{pid}_T", f"{pid}_N"))
            f.writelines(gen_vcf.records(rng, a.records, pool))
        tt = TUMOR_TYPES[i % len(TUMOR_TYPES)]
        rows.append(f"{pid}\t{sub}/{pid}.vcf\t{tt}\t{pid}_T\t{pid}_N\t30")
    with open(os.path.join(a.outdir, "manifest.tsv"), "w") as fh:
        fh.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
