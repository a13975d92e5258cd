#!/usr/bin/env python3
"""A synthetic multi-sample MAF for the `batch --maf` memory benchmark (bench/run.sh, MAF section).

Every sample gets ROWS_PER_SAMPLE rows (missense, nonsense, frameshift, silent) on GRCh38 genes
the knowledge base knows and random positions elsewhere, rows grouped by sample (as MAFs are in
practice). Written by us; no real data.
"""
import argparse
import random

HEADER = [
    "Hugo_Symbol", "Entrez_Gene_Id", "Center", "NCBI_Build", "Chromosome", "Start_Position",
    "End_Position", "Strand", "Variant_Classification", "Variant_Type", "Reference_Allele",
    "Tumor_Seq_Allele1", "Tumor_Seq_Allele2", "Tumor_Sample_Barcode", "Matched_Norm_Sample_Barcode",
    "HGVSp_Short", "t_depth", "t_ref_count", "t_alt_count", "FILTER",
]
GENES = [("TP53", "17", 7674220), ("KRAS", "12", 25245350), ("PIK3CA", "3", 179234297),
         ("BRAF", "7", 140753336), ("APC", "5", 112839942), ("EGFR", "7", 55191822),
         ("TTN", "2", 178527000), ("MUC16", "19", 8960000)]
CLASSES = [("Missense_Mutation", "p.R{}H"), ("Nonsense_Mutation", "p.Q{}*"), ("Silent", "p.L{}L")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, required=True)
    ap.add_argument("--rows-per-sample", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    with open(a.out, "w") as f:
        f.write("#version 2.4\n" + "\t".join(HEADER) + "\n")
        for s in range(a.samples):
            barcode = f"S{s:06d}"
            for _ in range(a.rows_per_sample):
                gene, chrom, base = rnd.choice(GENES)
                pos = base + rnd.randrange(0, 20000)
                vc, p = rnd.choice(CLASSES)
                ref, alt = rnd.sample("ACGT", 2)
                depth = rnd.randrange(40, 400)
                altc = rnd.randrange(5, depth // 2)
                f.write("\t".join([
                    gene, "0", ".", "GRCh38", chrom, str(pos), str(pos), "+", vc, "SNP", ref, ref, alt,
                    barcode, barcode + "_N", p.format(rnd.randrange(1, 900)), str(depth),
                    str(depth - altc), str(altc), "PASS",
                ]) + "\n")


if __name__ == "__main__":
    main()
