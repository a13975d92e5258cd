#!/usr/bin/env python3
"""Synthetic genome, gene models and an unannotated tumour VCF for the consequence-engine benchmark
(issue 11/13: oncoprofile's engine against `bcftools csq` on the same VCF, GFF3 and FASTA).

    python3 bench/gen_genome.py --outdir bench/out/csq --genes 2000 --records 200000

Writes genome.fa (+ .fai), models.gff3 (Ensembl style: gene / mRNA / exon / CDS with biotype and
Parent links, as `bcftools csq` reads), and calls.vcf.gz (bgzip; Mutect2-like FORMAT with AD/AF/DP),
deterministic for a given --seed. Contigs are named 1..N; genes have 3-12 exons, half on each strand,
every CDS a whole number of codons starting with ATG and ending with a stop codon. Variants: 85 % SNVs,
15 % indels, half of them inside genes.
"""

import argparse
import os
import random
import subprocess

STOPS = ["TAA", "TAG", "TGA"]
SENSE = [a + b + c for a in "ACGT" for b in "ACGT" for c in "ACGT" if a + b + c not in STOPS]


def revcomp(s):
    return s[::-1].translate(str.maketrans("ACGT", "TGCA"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--outdir", required=True)
    ap.add_argument("--genes", type=int, default=2000)
    ap.add_argument("--records", type=int, default=200000)
    ap.add_argument("--contigs", type=int, default=4)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(a.outdir, exist_ok=True)
    per_contig = a.genes // a.contigs
    seqs = {}
    gff = ["##gff-version 3", "#!genome-build GRCh38.p14"]
    gid = 0
    for c in range(1, a.contigs + 1):
        parts = []
        pos = 1
        for _ in range(per_contig):
            gid += 1
            gap = rnd.randint(2000, 8000)
            parts.append("".join(rnd.choice("ACGT") for _ in range(gap)))
            pos += gap
            n_exons = rnd.randint(3, 12)
            cds_codons = [rnd.choice(SENSE) for _ in range(rnd.randint(100, 600))]
            cds = "ATG" + "".join(cds_codons) + rnd.choice(STOPS)
            # Split the CDS over the exons; UTRs of 50 bases at both ends.
            cuts = sorted(rnd.sample(range(10, len(cds) - 10), n_exons - 1))
            pieces = [cds[i:j] for i, j in zip([0] + cuts, cuts + [len(cds)])]
            utr5 = "".join(rnd.choice("ACGT") for _ in range(50))
            utr3 = "".join(rnd.choice("ACGT") for _ in range(50))
            pieces[0] = utr5 + pieces[0]
            pieces[-1] = pieces[-1] + utr3
            strand = "+" if gid % 2 else "-"
            introns = ["GT" + "".join(rnd.choice("ACGT") for _ in range(rnd.randint(200, 1500))) + "AG" for _ in pieces[1:]]
            tx = pieces[0] + "".join(i + p for i, p in zip(introns, pieces[1:]))
            start = pos
            end = pos + len(tx) - 1
            seq = tx if strand == "+" else revcomp(tx)
            parts.append(seq)
            pos = end + 1
            gname, tname = f"GENE{gid}", f"ENST{gid:011d}"
            gff.append(f"{c}\tbench\tgene\t{start}\t{end}\t.\t{strand}\t.\tID=gene:G{gid};Name={gname};biotype=protein_coding")
            gff.append(
                f"{c}\tbench\tmRNA\t{start}\t{end}\t.\t{strand}\t.\tID=transcript:T{gid};Parent=gene:G{gid};"
                f"biotype=protein_coding;tag=basic,Ensembl_canonical;transcript_id={tname}"
            )
            # Exon coordinates in transcript order, then on the genome.
            spans, off = [], 0
            for k, p in enumerate(pieces):
                if k > 0:
                    off += len(introns[k - 1])
                spans.append((off, off + len(p) - 1))
                off += len(p)
            cds_lo, cds_hi = 50, 50 + len(cds) - 1  # in transcript (spliced) coordinates
            spliced = 0
            phase_done = 0
            rows = []
            for (s, e) in spans:
                glo, ghi = (start + s, start + e) if strand == "+" else (end - e, end - s)
                rows.append(f"{c}\tbench\texon\t{glo}\t{ghi}\t.\t{strand}\t.\tParent=transcript:T{gid}")
                ex_lo, ex_hi = spliced, spliced + (e - s)
                lo, hi = max(ex_lo, cds_lo), min(ex_hi, cds_hi)
                if lo <= hi:
                    a_lo, a_hi = s + (lo - ex_lo), s + (hi - ex_lo)
                    clo, chi = (start + a_lo, start + a_hi) if strand == "+" else (end - a_hi, end - a_lo)
                    phase = (3 - phase_done % 3) % 3
                    rows.append(f"{c}\tbench\tCDS\t{clo}\t{chi}\t.\t{strand}\t{phase}\tParent=transcript:T{gid}")
                    phase_done += hi - lo + 1
                spliced = ex_hi + 1
            gff.extend(rows)
        parts.append("".join(rnd.choice("ACGT") for _ in range(5000)))
        seqs[str(c)] = "".join(parts)
    fa = os.path.join(a.outdir, "genome.fa")
    with open(fa, "w") as f:
        for name, s in seqs.items():
            f.write(f">{name}\n")
            for i in range(0, len(s), 60):
                f.write(s[i : i + 60] + "\n")
    # .fai: name, length, offset of the first base, bases per line, bytes per line.
    if True:
        with open(fa + ".fai", "w") as f:
            off = 0
            for name, s in seqs.items():
                off += len(name) + 2
                f.write(f"{name}\t{len(s)}\t{off}\t60\t61\n")
                off += len(s) + (len(s) + 59) // 60
    with open(os.path.join(a.outdir, "models.gff3"), "w") as f:
        f.write("\n".join(gff) + "\n")
    names = list(seqs)
    recs = []
    for _ in range(a.records):
        c = rnd.choice(names)
        s = seqs[c]
        p = rnd.randint(10, len(s) - 20)
        r = s[p - 1]
        x = rnd.random()
        if x < 0.85:
            alt = rnd.choice([b for b in "ACGT" if b != r])
            ref = r
        elif x < 0.92:
            ref, alt = r, r + "".join(rnd.choice("ACGT") for _ in range(rnd.randint(1, 6)))
        else:
            n = rnd.randint(1, 6)
            ref, alt = s[p - 1 : p + n], r
        recs.append((int(c), p, ref, alt))
    recs.sort()
    vcf = os.path.join(a.outdir, "calls.vcf")
    with open(vcf, "w") as f:
        f.write("##fileformat=VCFv4.2\n")
        for name, s in seqs.items():
            f.write(f"##contig=<ID={name},length={len(s)}>\n")
        f.write('##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n')
        f.write('##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">\n')
        f.write('##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fraction">\n')
        f.write('##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">\n')
        f.write("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR\n")
        last = None
        for c, p, ref, alt in recs:
            if (c, p) == last:
                continue
            last = (c, p)
            f.write(f"{c}\t{p}\t.\t{ref}\t{alt}\t.\tPASS\t.\tGT:AD:AF:DP\t0/1:40,20:0.333:60\n")
    subprocess.run(["bgzip", "-f", vcf], check=True)


if __name__ == "__main__":
    main()
