#!/usr/bin/env python3
"""Write msi_intronic_mss.vcf (deterministic; run from any directory).

A tumour-only Mutect2 + VEP exome call set that reaches into introns and flanks:
2,700 PASS records, of which 154 indels. Used with `--target-mb 34`.

Indels (Mutect2 writes STR;RU;RPA only for repeats):
  22 coding (frameshift / in-frame): 3 repeats, 1 repeat with gnomADe_AF 0.35 (germline), 18 plain
   8 UTR / splice region:            2 repeats, 2 repeats with gnomADe_AF 0.4 (germline), 4 plain
 124 intronic / intergenic:         26 repeats, 6 repeats with gnomADe_AF 0.2-0.5, 92 plain
Counting every indel, 31 repeat indels (not likely germline) / 34 Mb = 0.91 > 0.395 would
call MSI-H; counting only the exonic ones (the region 34 Mb describes), 5 / 34 = 0.15: MSS.

SNVs (2,546): 120 missense, 40 synonymous, 100 3' UTR, the rest intronic or intergenic,
400 of them common germline SNPs (gnomADe_AF 0.3).
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20251201)

CSQ_FORMAT = "Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp|gnomADe_AF|MAX_AF"
IMPACT = {
    "frameshift_variant": "HIGH",
    "inframe_deletion": "MODERATE",
    "missense_variant": "MODERATE",
    "synonymous_variant": "LOW",
    "3_prime_UTR_variant": "MODIFIER",
    "5_prime_UTR_variant": "MODIFIER",
    "splice_region_variant&intron_variant": "LOW",
    "intron_variant": "MODIFIER",
    "intergenic_variant": "MODIFIER",
}

records = []  # (consequence, kind, repeat, pop_af)


def add(n, consequence, kind, repeat=False, pop_af=None):
    for _ in range(n):
        records.append((consequence, kind, repeat, pop_af))


# Indels: 22 coding.
add(2, "frameshift_variant", "del", repeat=True)
add(1, "frameshift_variant", "ins", repeat=True)
add(1, "frameshift_variant", "del", repeat=True, pop_af=0.35)
add(14, "frameshift_variant", "del")
add(4, "inframe_deletion", "del3")
# 8 UTR / splice region.
add(1, "3_prime_UTR_variant", "del", repeat=True)
add(1, "5_prime_UTR_variant", "ins", repeat=True)
add(2, "3_prime_UTR_variant", "del", repeat=True, pop_af=0.4)
add(2, "3_prime_UTR_variant", "del")
add(2, "splice_region_variant&intron_variant", "del")
# 124 intronic / intergenic.
add(20, "intron_variant", "del", repeat=True)
add(6, "intergenic_variant", "ins", repeat=True)
for af in (0.2, 0.25, 0.3, 0.4, 0.45, 0.5):
    add(1, "intron_variant", "del", repeat=True, pop_af=af)
add(70, "intron_variant", "del")
add(22, "intergenic_variant", "ins")
# SNVs: 2,546.
add(120, "missense_variant", "snv")
add(40, "synonymous_variant", "snv")
add(100, "3_prime_UTR_variant", "snv")
add(400, "intron_variant", "snv", pop_af=0.3)
add(1400, "intron_variant", "snv")
add(486, "intergenic_variant", "snv")
assert len(records) == 2700, len(records)
assert sum(1 for r in records if r[1] != "snv") == 154

rng.shuffle(records)
BASES = "ACGT"


def alleles(kind, repeat):
    """REF, ALT, VEP allele, INFO repeat fields."""
    anchor = rng.choice("CG")
    other = "G" if anchor == "C" else "C"
    if kind in ("del", "ins"):
        base = rng.choice("AT") if repeat else other
        n = rng.randint(8, 14)
        if kind == "del":
            info = f"STR;RU={base};RPA={n},{n - 1}" if repeat else ""
            return anchor + base, anchor, "-", info
        info = f"STR;RU={base};RPA={n},{n + 1}" if repeat else ""
        return anchor, anchor + base, base, info
    if kind == "del3":
        seq = "".join(rng.choice(BASES) for _ in range(3))
        return anchor + seq, anchor, "-", ""
    ref = rng.choice(BASES)
    alt = rng.choice([b for b in BASES if b != ref])
    return ref, alt, alt, ""


lines = [
    "##fileformat=VCFv4.2",
    '##FILTER=<ID=PASS,Description="All filters passed">',
    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths for the ref and alt alleles in the order listed">',
    '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fractions of alternate alleles in the tumor">',
    '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth">',
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
    '##INFO=<ID=RPA,Number=R,Type=Integer,Description="Number of times tandem repeat unit is repeated, for each allele (including reference)">',
    '##INFO=<ID=RU,Number=1,Type=String,Description="Tandem repeat unit (bases)">',
    '##INFO=<ID=STR,Number=0,Type=Flag,Description="Variant is a short tandem repeat">',
    '##INFO=<ID=TLOD,Number=A,Type=Float,Description="Log 10 likelihood ratio score of variant existing versus not existing">',
    f'##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. Format: {CSQ_FORMAT}">',
    "##MutectVersion=2.2",
    "##source=Mutect2",
    "##tumor_sample=TUMOR",
    '##VEP="v110" cache="/opt/vep/.vep/homo_sapiens/110_GRCh38" assembly="GRCh38.p14"',
]
lengths = [248956422, 242193529, 198295559, 190214555, 181538259, 170805979, 159345973, 145138636,
           138394717, 133797422, 135086622, 133275309, 114364328, 107043718, 101991189, 90338345,
           83257441, 80373285, 58617616, 64444167, 46709983, 50818468]
for i, n in enumerate(lengths):
    lines.append(f"##contig=<ID=chr{i + 1},length={n}>")
lines.append("##reference=file:///ref/Homo_sapiens_assembly38.fasta")
lines.append("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR")

per_chrom = -(-len(records) // len(lengths))
for k, (consequence, kind, repeat, pop_af) in enumerate(records):
    chrom = f"chr{k // per_chrom + 1}"
    pos = 1_000_000 + (k % per_chrom) * 20_011
    ref, alt, vep_allele, rep = alleles(kind, repeat)
    gene = "" if consequence == "intergenic_variant" else f"GENE{k % 400 + 1}"
    ftype = "" if not gene else "Transcript"
    feature = "" if not gene else f"ENST{k:011d}.1"
    biotype = "" if not gene else "protein_coding"
    af = "" if pop_af is None else f"{pop_af}"
    csq = "|".join([vep_allele, consequence, IMPACT[consequence], gene, f"ENSG{k:011d}" if gene else "",
                    ftype, feature, biotype, "", "", "", "", af, af])
    info = ";".join(x for x in [rep, "TLOD=25.1", f"CSQ={csq}"] if x)
    depth = rng.randint(60, 140)
    alt_reads = max(8, int(depth * rng.uniform(0.15, 0.5)))
    if pop_af is not None:
        alt_reads = depth // 2
    vaf = alt_reads / depth
    sample = f"0/1:{depth - alt_reads},{alt_reads}:{vaf:.3f}:{depth}"
    lines.append("\t".join([chrom, str(pos), ".", ref, alt, ".", "PASS", info, "GT:AD:AF:DP", sample]))

with open(os.path.join(HERE, "msi_intronic_mss.vcf"), "w") as f:
    f.write("\n".join(lines) + "\n")
