#!/usr/bin/env python3
"""Write the malformed inputs in this folder (see README.md). Needs `bgzip` for truncated.vcf.gz."""

import os
import random
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))

HEADER = """##fileformat=VCFv4.2
##FILTER=<ID=PASS,Description="All filters passed">
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths for the ref and alt alleles in the order listed">
##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fractions of alternate alleles in the tumor">
##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth">
##INFO=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth; some reads may have been filtered">
##contig=<ID=chr1,length=248956422>
##contig=<ID=chr7,length=159345973>
##contig=<ID=chr12,length=133275309>
##contig=<ID=chr17,length=83257441>
##reference=file:///ref/Homo_sapiens_assembly38.fasta
##source=Mutect2
##tumor_sample=TUMOR
##normal_sample=NORMAL
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tNORMAL\tTUMOR
"""

RECORDS = [
    "chr1\t114713908\t.\tT\tC\t.\tPASS\tDP=172\tGT:AD:AF:DP\t0/0:88,0:0.011:88\t0/1:61,23:0.279:86",
    "chr7\t140753336\t.\tA\tT\t.\tPASS\tDP=231\tGT:AD:AF:DP\t0/0:110,0:0.009:110\t0/1:72,41:0.371:118",
    "chr12\t25245350\t.\tC\tT\t.\tPASS\tDP=244\tGT:AD:AF:DP\t0/0:120,0:0.008:120\t0/1:83,37:0.311:124",
    "chr17\t7673802\t.\tC\tT\t.\tPASS\tDP=186\tGT:AD:AF:DP\t0/0:90,0:0.011:92\t0/1:40,52:0.570:94",
]


def w(name, data, mode="w"):
    with open(os.path.join(HERE, name), mode) as fh:
        fh.write(data)


def main():
    w("empty.vcf", "")
    w("header_only.vcf", HEADER)
    w("no_header.vcf", "\n".join(RECORDS) + "\n")

    bad = list(RECORDS)
    bad[2] = bad[2].replace("\t25245350\t", "\tabc\t")
    w("bad_pos.vcf", HEADER + "\n".join(bad) + "\n")

    bad = list(RECORDS)
    bad[1] = bad[1].replace("0/1:72,41:", "0/1:72,x41:")
    w("bad_format.vcf", HEADER + "\n".join(bad) + "\n")

    bad = list(RECORDS)
    bad[1] = bad[1] + ":55:0.2"  # tumour column: 6 values for 4 FORMAT keys
    w("bad_format_extra_values.vcf", HEADER + "\n".join(bad) + "\n")

    w("not_a_vcf.txt", "Patient P042, large-cell neuroendocrine carcinoma of the lung.\n"
      "Sequencing report to follow; this is a clinical note, not a VCF.\n")

    rng = random.Random(20240601)
    w("binary_garbage.bcf", b"BCF\x02\x02" + bytes(rng.randrange(256) for _ in range(2048)), "wb")
    # gzip member header (magic, CM=deflate, no flags, mtime 0, XFL 0, OS unix) followed by junk
    w("gzip_garbage.vcf.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(rng.randrange(256) for _ in range(1024)), "wb")

    # truncated BGZF: several blocks, cut in the middle of the second one
    lines = [HEADER]
    for i in range(3000):
        pos = 1_000_000 + i * 137
        alt = 5 + i % 40
        lines.append(f"chr1\t{pos}\t.\tG\tA\t.\tPASS\tDP={200 + i % 50}\tGT:AD:AF:DP\t0/0:95,0:0.010:95\t0/1:{100 - alt},{alt}:{alt / 100:.3f}:{100 + i % 7}\n")
    full = subprocess.run(["bgzip", "-c"], input="".join(lines).encode(), stdout=subprocess.PIPE, check=True).stdout
    # walk BGZF blocks: BSIZE is at bytes 16..18 of each block (total block size - 1)
    offs, o = [], 0
    while o < len(full):
        offs.append(o)
        o += int.from_bytes(full[o + 16:o + 18], "little") + 1
    assert len(offs) >= 3, "need at least 3 BGZF blocks"
    cut = offs[1] + (offs[2] - offs[1]) // 2
    w("truncated.vcf.gz", full[:cut], "wb")


if __name__ == "__main__":
    main()
