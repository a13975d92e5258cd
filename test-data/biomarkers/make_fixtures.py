#!/usr/bin/env python3
"""Write the biomarker test fixtures (deterministic; run from any directory).

ref.fa / ref.fa.fai   contig "1" (30 kb): seeded random sequence with 60 A/T homopolymers (10 bp)
                      at known positions, 10 (CA)x8 dinucleotide repeats, the rest plain.
msi_h_mutect2.vcf     Mutect2 tumour/normal: 60 1-bp deletions in A/T runs (STR;RU;RPA) + 200 SNVs.
mss_mutect2.vcf       Mutect2 tumour/normal: 200 SNVs, 1 STR indel, 6 indels without STR.
msi_h_strelka2.vcf    Strelka2 indels (RU/RC/IC): 50 deletions in T runs (RC=12) + 5 with RC=1.
mss_strelka2.vcf      Strelka2 indels: 8 with RC ≤ 2, 1 with RC=6 (homopolymer).
pole_like.vcf         Mutect2 tumour/normal: 1500 SNVs, 12 STR indels (ultramutated, indel fraction < 1 %).
msi_h_plain.vcf       No repeat fields: 1-bp deletions at the ref.fa homopolymers (needs --reference).
mss_plain.vcf         No repeat fields: 1-bp deletions outside repeats in ref.fa (needs --reference).
targets.bed           Two intervals on contig 1 (for --targets tests).
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20240611)
BASES = "ACGT"
LEN = 30000


def non_repeat_base(prev):
    while True:
        b = rng.choice(BASES)
        if b != prev:
            return b


# ---- reference ----------------------------------------------------------
seq = []
for i in range(LEN):
    seq.append(non_repeat_base(seq[-1] if seq else ""))
homopolymers = []  # (start 1-based, base)
for k in range(60):
    start = 1000 + k * 400  # 1-based first base of the run
    base = "A" if k % 2 == 0 else "T"
    for j in range(10):
        seq[start - 1 + j] = base
    # flanks must differ from the run base
    if seq[start - 2] == base:
        seq[start - 2] = "C" if base != "C" else "G"
    if seq[start - 1 + 10] == base:
        seq[start - 1 + 10] = "G" if base != "G" else "C"
    homopolymers.append((start, base))
dinucs = []
for k in range(10):
    start = 1200 + k * 400
    for j in range(8):
        seq[start - 1 + 2 * j] = "C"
        seq[start + 2 * j] = "A"
    if seq[start + 15] in "C":
        seq[start + 15] = "G"
    dinucs.append(start)
seq = "".join(seq)


def has_run(pos1, width=6):
    """True when a base near pos1 sits in a run of >= 3 identical bases."""
    s = seq[max(0, pos1 - 1 - width): pos1 - 1 + width]
    return any(s[i] == s[i + 1] == s[i + 2] for i in range(len(s) - 2))


LINE = 60
with open(os.path.join(HERE, "ref.fa"), "w") as f:
    f.write(">1 biomarker test contig\n")
    for i in range(0, LEN, LINE):
        f.write(seq[i:i + LINE] + "\n")
header_len = len(">1 biomarker test contig\n")
with open(os.path.join(HERE, "ref.fa.fai"), "w") as f:
    f.write(f"1\t{LEN}\t{header_len}\t{LINE}\t{LINE + 1}\n")


def ref(pos1, n=1):
    return seq[pos1 - 1: pos1 - 1 + n]


def snv_positions(n, lo=500, hi=LEN - 500):
    """Distinct SNV positions away from the designed repeats."""
    out = set()
    while len(out) < n:
        p = rng.randrange(lo, hi)
        if not has_run(p):
            out.add(p)
    return sorted(out)


def alt_of(b):
    return {"A": "G", "C": "T", "G": "A", "T": "C"}[b]


# ---- Mutect2 -------------------------------------------------------------
M2_HEADER = """##fileformat=VCFv4.2
##FILTER=<ID=PASS,Description="All filters passed">
##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths for the ref and alt alleles in the order listed">
##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fractions of alternate alleles in the tumor">
##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth">
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
##GATKCommandLine=<ID=Mutect2,CommandLine="Mutect2 --output somatic.vcf.gz",Version="4.2.0.0">
##INFO=<ID=RPA,Number=R,Type=Integer,Description="Number of times tandem repeat unit is repeated, for each allele (including reference)">
##INFO=<ID=RU,Number=1,Type=String,Description="Tandem repeat unit (bases)">
##INFO=<ID=STR,Number=0,Type=Flag,Description="Variant is a short tandem repeat">
##INFO=<ID=TLOD,Number=A,Type=Float,Description="Log 10 likelihood ratio score of variant existing versus not existing">
##contig=<ID=1,length=30000>
##normal_sample=NORMAL
##source=Mutect2
##tumor_sample=TUMOR
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tNORMAL\tTUMOR
"""
M2_FMT = "GT:AD:AF:DP\t0/0:40,0:0.01:40\t0/1:30,20:0.4:50"


def m2_snv(p):
    r = ref(p)
    return (p, f"1\t{p}\t.\t{r}\t{alt_of(r)}\t.\tPASS\tTLOD=30.1\t{M2_FMT}")


def m2_hp_del(start, base, info=True):
    anchor = start - 1
    r = ref(anchor) + base
    inf = f"RPA=10,9;RU={base};STR;TLOD=20.5" if info else "TLOD=20.5"
    return (anchor, f"1\t{anchor}\t.\t{r}\t{ref(anchor)}\t.\tPASS\t{inf}\t{M2_FMT}")


def plain_del(p, info="TLOD=15.2"):
    """1-bp deletion of the base after p, outside repeats."""
    r = ref(p, 2)
    return (p, f"1\t{p}\t.\t{r}\t{r[0]}\t.\tPASS\t{info}\t{M2_FMT}")


def write(name, header, records):
    records = sorted(records)
    with open(os.path.join(HERE, name), "w") as f:
        f.write(header)
        for _, line in records:
            f.write(line + "\n")


snvs = snv_positions(200)
write("msi_h_mutect2.vcf", M2_HEADER,
      [m2_snv(p) for p in snvs] + [m2_hp_del(s, b) for s, b in homopolymers])

plain_sites = [p for p in snv_positions(400) if p not in snvs][:12]
mss = [m2_snv(p) for p in snvs] + [m2_hp_del(*homopolymers[0])]
mss += [plain_del(p) for p in plain_sites[:6]]
write("mss_mutect2.vcf", M2_HEADER, mss)

pole_snvs = snv_positions(1500)
pole = [m2_snv(p) for p in pole_snvs] + [m2_hp_del(s, b) for s, b in homopolymers[:12]]
write("pole_like.vcf", M2_HEADER, pole)

# ---- Strelka2 ------------------------------------------------------------
S2_HEADER = """##fileformat=VCFv4.1
##FILTER=<ID=PASS,Description="All filters passed">
##source=strelka
##source_version=2.9.10
##contig=<ID=1,length=30000>
##INFO=<ID=SOMATIC,Number=0,Type=Flag,Description="Somatic mutation">
##INFO=<ID=RU,Number=1,Type=String,Description="Smallest repeating sequence unit in inserted or deleted sequence">
##INFO=<ID=RC,Number=1,Type=Integer,Description="Number of times RU repeats in the reference allele">
##INFO=<ID=IC,Number=1,Type=Integer,Description="Number of times RU repeats in the indel allele">
##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth for tier1">
##FORMAT=<ID=DP2,Number=1,Type=Integer,Description="Read depth for tier2">
##FORMAT=<ID=TAR,Number=2,Type=Integer,Description="Reads strongly supporting alternate allele for tiers 1,2">
##FORMAT=<ID=TIR,Number=2,Type=Integer,Description="Reads strongly supporting indel allele for tiers 1,2">
##FORMAT=<ID=TOR,Number=2,Type=Integer,Description="Other reads for tiers 1,2">
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tNORMAL\tTUMOR
"""
S2_FMT = "DP:DP2:TAR:TIR:TOR\t40:40:40,41:0,0:0,0\t50:50:30,31:18,19:2,2"


def s2(p, r, a, ru, rc, ic):
    return (p, f"1\t{p}\t.\t{r}\t{a}\t.\tPASS\tSOMATIC;RU={ru};RC={rc};IC={ic}\t{S2_FMT}")


# Positions for Strelka records are synthetic (the repeat facts come from RU/RC).
s2_msi = [s2(2000 + 100 * k, "GT", "G", "T", 12, 11) for k in range(50)]
s2_msi += [s2(9000 + 100 * k, "CA", "C", "A", 1, 0) for k in range(5)]
write("msi_h_strelka2.vcf", S2_HEADER, s2_msi)
s2_mss = [s2(2000 + 100 * k, "CA", "C", "A", 1 + (k % 2), k % 2) for k in range(8)]
s2_mss.append(s2(9500, "GT", "G", "T", 6, 5))
write("mss_strelka2.vcf", S2_HEADER, s2_mss)

# ---- plain (no repeat fields): context from --reference -------------------
PLAIN_HEADER = """##fileformat=VCFv4.2
##FILTER=<ID=PASS,Description="All filters passed">
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">
##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth">
##contig=<ID=1,length=30000>
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR
"""
P_FMT = "GT:AD:DP\t0/1:30,20:50"


def plain(p, r, a):
    return (p, f"1\t{p}\t.\t{r}\t{a}\t.\tPASS\t.\t{P_FMT}")


ph = [plain(s - 1, ref(s - 1) + b, ref(s - 1)) for s, b in homopolymers]
ph += [plain(p, ref(p), alt_of(ref(p))) for p in snvs[:100]]
write("msi_h_plain.vcf", PLAIN_HEADER, ph)
pm = [plain(p, ref(p, 2), ref(p)) for p in plain_sites[6:12]]
pm += [plain(p, ref(p), alt_of(ref(p))) for p in snvs[:100]]
write("mss_plain.vcf", PLAIN_HEADER, pm)

with open(os.path.join(HERE, "targets.bed"), "w") as f:
    f.write("track name=biomarker_test\n")
    f.write("1\t0\t10000\n")
    f.write("chr1\t5000\t15000\tOVERLAPS_FIRST\n")
