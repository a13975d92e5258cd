#!/usr/bin/env python3
"""Generate realistic, synthetic somatic VCFs for benchmarking oncoprofile.

Mutect2-style tumour/normal records (GRCh38, FilterMutectCalls INFO/FORMAT layout), Ensembl VEP 110 INFO/CSQ with
0-4 transcripts per record (intergenic, intronic, UTR/flanking and coding consequences, MANE Select flags),
~85 % SNVs / ~15 % indels (some with STR;RU;RPA), ~1 % multi-allelic, ~10 % filtered. Sorted, BGZF via `bgzip`.

    gen_vcf.py --records 1000000 --seed 1 --out wgs.vcf.gz
    gen_vcf.py --records 30000 --seed 1 --cohort 200 --outdir cohort/      # P001.vcf.gz … P200.vcf.gz + manifest.tsv

Standard library only; needs `bgzip` on PATH. Gene IDs, transcripts and all values are invented.
"""

import argparse
import os
import random
import subprocess
import sys

GRCH38 = [
    ("chr1", 248956422), ("chr2", 242193529), ("chr3", 198295559), ("chr4", 190214555),
    ("chr5", 181538259), ("chr6", 170805979), ("chr7", 159345973), ("chr8", 145138636),
    ("chr9", 138394717), ("chr10", 133797422), ("chr11", 135086622), ("chr12", 133275309),
    ("chr13", 114364328), ("chr14", 107043718), ("chr15", 101991189), ("chr16", 90338345),
    ("chr17", 83257441), ("chr18", 80373285), ("chr19", 58617616), ("chr20", 64444167),
    ("chr21", 46709983), ("chr22", 50818468), ("chrX", 156040895), ("chrY", 57227415),
    ("chrM", 16569),
]

CSQ_FIELDS = ("Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp|"
              "cDNA_position|CDS_position|Protein_position|Amino_acids|Codons|Existing_variation|DISTANCE|STRAND|FLAGS|"
              "VARIANT_CLASS|SYMBOL_SOURCE|HGNC_ID|CANONICAL|MANE_SELECT|MANE_PLUS_CLINICAL|TSL|APPRIS|CCDS|ENSP|SWISSPROT|"
              "TREMBL|UNIPARC|UNIPROT_ISOFORM|SIFT|PolyPhen|DOMAINS|HGVS_OFFSET|AF|gnomADe_AF|gnomADg_AF|MAX_AF|MAX_AF_POPS|"
              "CLIN_SIG|SOMATIC|PHENO").split("|")
IDX = {f: i for i, f in enumerate(CSQ_FIELDS)}

# A mix of cancer genes (so the classifier has work to do) and frequently mutated passenger genes.
GENES = ("TP53 KRAS BRAF PIK3CA PTEN RB1 TSC2 TSC1 MEN1 DAXX ATRX APC EGFR ERBB2 NRAS CTNNB1 SMAD4 CDKN2A ARID1A "
         "KMT2D KMT2C NOTCH1 NOTCH2 FBXW7 STK11 KEAP1 NF1 ATM BRCA1 BRCA2 PALB2 IDH1 IDH2 FGFR1 FGFR2 FGFR3 MET ALK "
         "RET ROS1 MYC MYCL SOX2 CREBBP EP300 PIK3R1 AKT1 MTOR SETD2 BAP1 PBRM1 VHL POLE MLH1 MSH2 MSH6 PMS2 "
         "TTN MUC16 CSMD3 RYR2 LRP1B USH2A SYNE1 OBSCN DNAH5 PCLO ZFHX4 FAT3 XIRP2 SPTA1 RYR1 HMCN1 DNAH11 APOB "
         "CSMD1 AHNAK2 FAT4 NEB DST PKHD1L1 RYR3 DNAH8 COL11A1 MUC17 FLG2 ADGRV1 CUBN DNAH9 LAMA2 HYDIN VPS13B "
         "SYNE2 PTPRD CNTNAP2 ABCA13 PLEC MACF1 HERC2 BIRC6 UBR4 CHD7 SACS NBEA TENM2 SCN1A SCN7A COL6A3 ASPM "
         "ZNF536 TNR FRAS1 EYS PCDH15 CDH10 CSMD2 DMD SI MYH7 MYH2 NAV3 PAPPA2 ANK2 KALRN GPR98 TPR LRRK2").split()
AA = "ACDEFGHIKLMNPQRSTVWY"
AA3 = {"A": "Ala", "C": "Cys", "D": "Asp", "E": "Glu", "F": "Phe", "G": "Gly", "H": "His", "I": "Ile", "K": "Lys",
       "L": "Leu", "M": "Met", "N": "Asn", "P": "Pro", "Q": "Gln", "R": "Arg", "S": "Ser", "T": "Thr", "V": "Val",
       "W": "Trp", "Y": "Tyr"}
FILTERS = ["weak_evidence"] * 5 + ["germline", "strand_bias", "orientation", "clustered_events", "normal_artifact",
                                   "panel_of_normals", "slippage", "weak_evidence;strand_bias", "base_qual"]
COMP = {"A": "T", "C": "G", "G": "C", "T": "A"}
TRANSITION = {"A": "G", "G": "A", "C": "T", "T": "C"}
ALLELE = "\x00"  # placeholder for the CSQ Allele field, replaced per record


def header(tumor, normal):
    h = ["##fileformat=VCFv4.2"]
    for f in sorted(set(x for fl in FILTERS for x in fl.split(";"))) + ["multiallelic"]:
        h.append(f'##FILTER=<ID={f},Description="Mutect2 filter {f}">')
    h += [
        '##FILTER=<ID=PASS,Description="All filters passed">',
        '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths for the ref and alt alleles in the order listed">',
        '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fractions of alternate alleles in the tumor">',
        '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth (reads with MQ=255 or with bad mates are filtered)">',
        '##FORMAT=<ID=F1R2,Number=R,Type=Integer,Description="Count of reads in F1R2 pair orientation supporting each allele">',
        '##FORMAT=<ID=F2R1,Number=R,Type=Integer,Description="Count of reads in F2R1 pair orientation supporting each allele">',
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
        '##FORMAT=<ID=SB,Number=4,Type=Integer,Description="Per-sample component statistics which comprise the Fisher\'s Exact Test to detect strand bias.">',
        '##INFO=<ID=AS_FilterStatus,Number=A,Type=String,Description="Filter status for each allele, as assessed by ApplyVQSR. Note that the VCF filter field will reflect the most lenient/sensitive status across all alleles.">',
        '##INFO=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth; some reads may have been filtered">',
        '##INFO=<ID=ECNT,Number=1,Type=Integer,Description="Number of events in this haplotype">',
        '##INFO=<ID=GERMQ,Number=1,Type=Integer,Description="Phred-scaled quality that alt alleles are not germline variants">',
        '##INFO=<ID=MBQ,Number=R,Type=Integer,Description="median base quality by allele">',
        '##INFO=<ID=MFRL,Number=R,Type=Integer,Description="median fragment length by allele">',
        '##INFO=<ID=MMQ,Number=R,Type=Integer,Description="median mapping quality by allele">',
        '##INFO=<ID=MPOS,Number=A,Type=Integer,Description="median distance from end of read">',
        '##INFO=<ID=NALOD,Number=A,Type=Float,Description="Negative log 10 odds of artifact in normal with same allele fraction as tumor">',
        '##INFO=<ID=NLOD,Number=A,Type=Float,Description="Normal log 10 likelihood ratio of diploid het or hom alt genotypes">',
        '##INFO=<ID=POPAF,Number=A,Type=Float,Description="negative log 10 population allele frequencies of alt alleles">',
        '##INFO=<ID=RPA,Number=R,Type=Integer,Description="Number of times tandem repeat unit is repeated, for each allele (including reference)">',
        '##INFO=<ID=RU,Number=1,Type=String,Description="Tandem repeat unit (bases)">',
        '##INFO=<ID=STR,Number=0,Type=Flag,Description="Variant is a short tandem repeat">',
        '##INFO=<ID=TLOD,Number=A,Type=Float,Description="Log 10 likelihood ratio score of variant existing versus not existing">',
        "##MutectVersion=2.2",
    ]
    h += [f"##contig=<ID={c},length={n}>" for c, n in GRCH38]
    h += [
        f"##normal_sample={normal}",
        "##reference=file:///ref/Homo_sapiens_assembly38.fasta",
        "##source=Mutect2",
        f"##tumor_sample={tumor}",
        '##VEP="v110" time="2024-01-01 00:00:00" cache="/opt/vep/.vep/homo_sapiens/110_GRCh38" ensembl=110.ff5c2be '
        'gnomADe="r2.1.1" gnomADg="v3.1.2" assembly="GRCh38.p14"',
        '##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. Format: '
        + "|".join(CSQ_FIELDS) + '">',
        "\t".join(["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT", normal, tumor]),
    ]
    return "\n".join(h) + "\n"


def entry(**kw):
    f = [""] * len(CSQ_FIELDS)
    for k, v in kw.items():
        f[IDX[k]] = v
    return "|".join(f)


class CsqPool:
    """Pre-built CSQ strings per category; the Allele field is a placeholder filled per record."""

    def __init__(self, rng, size=4000):
        self.genes = []
        for i, g in enumerate(GENES):
            n_tx = 1 + i % 4
            txs = [f"ENST{900000000 + i * 10 + k:011d}.{1 + k}" for k in range(n_tx)]
            self.genes.append((g, f"ENSG{800000000 + i:011d}", f"HGNC:{10000 + i}", "1" if i % 2 else "-1", txs,
                               f"NM_{700000 + i:06d}.{1 + i % 4}"))
        self.pools = {}
        self.pools["intergenic"] = [entry(Allele=ALLELE, Consequence="intergenic_variant", IMPACT="MODIFIER",
                                          VARIANT_CLASS="SNV")]
        self.pools["intronic"] = [self._make(rng, "intronic") for _ in range(size)]
        self.pools["flank"] = [self._make(rng, "flank") for _ in range(size)]
        self.pools["coding"] = [self._make(rng, "coding") for _ in range(size)]

    def _tx_entry(self, rng, gene, k, kind):
        sym, ensg, hgnc, strand, txs, refseq = gene
        tx = txs[k]
        mane = k == 0
        d = dict(Allele=ALLELE, SYMBOL=sym, Gene=ensg, Feature_type="Transcript", Feature=tx, STRAND=strand,
                 SYMBOL_SOURCE="HGNC", HGNC_ID=hgnc, VARIANT_CLASS="SNV",
                 BIOTYPE="protein_coding" if k < 2 else rng.choice(["retained_intron", "nonsense_mediated_decay"]))
        if mane:
            d.update(CANONICAL="YES", MANE_SELECT=refseq, TSL="1", APPRIS="P1")
        else:
            d.update(TSL=str(rng.randint(1, 5)))
        if kind == "intronic":
            d.update(Consequence="intron_variant", IMPACT="MODIFIER", INTRON=f"{rng.randint(1, 40)}/41",
                     HGVSc=f"{tx}:c.{rng.randint(100, 9000)}+{rng.randint(10, 5000)}G>A")
        elif kind == "flank":
            c = rng.choice(["upstream_gene_variant", "downstream_gene_variant", "3_prime_UTR_variant",
                            "5_prime_UTR_variant"])
            d.update(Consequence=c, IMPACT="MODIFIER")
            if "UTR" in c:
                d.update(EXON=f"{rng.randint(1, 30)}/30", HGVSc=f"{tx}:c.*{rng.randint(1, 2000)}C>T")
            else:
                d.update(DISTANCE=str(rng.randint(1, 5000)))
        else:
            p = rng.randint(2, 2500) + k * 7
            a0, a1 = rng.choice(AA), rng.choice(AA)
            c = 3 * p - rng.randint(0, 2)
            if a0 == a1:
                d.update(Consequence="synonymous_variant", IMPACT="LOW", HGVSp=f"ENSP{tx[4:15]}.1:p.{AA3[a0]}{p}%3D",
                         Amino_acids=a0)
            elif rng.random() < 0.04:
                d.update(Consequence="stop_gained", IMPACT="HIGH", HGVSp=f"ENSP{tx[4:15]}.1:p.{AA3[a0]}{p}Ter",
                         Amino_acids=f"{a0}/*")
            else:
                d.update(Consequence="missense_variant", IMPACT="MODERATE",
                         HGVSp=f"ENSP{tx[4:15]}.1:p.{AA3[a0]}{p}{AA3[a1]}", Amino_acids=f"{a0}/{a1}",
                         SIFT=f"deleterious({rng.random() * 0.05:.2f})", PolyPhen=f"benign({rng.random() * 0.4:.3f})")
            d.update(EXON=f"{rng.randint(2, 30)}/31", HGVSc=f"{tx}:c.{c}G>A", CDS_position=str(c),
                     cDNA_position=str(c + 120), Protein_position=str(p), Codons="Gcc/Acc", ENSP=f"ENSP{tx[4:15]}")
        if rng.random() < 0.05:
            d.update(gnomADe_AF=f"{rng.random() * 0.4:.4f}", MAX_AF=f"{rng.random() * 0.5:.4f}", MAX_AF_POPS="gnomADe_AFR")
        return entry(**d)

    def _make(self, rng, kind):
        gene = rng.choice(self.genes)
        n = len(gene[4])
        k = rng.randint(1, n)
        ents = [self._tx_entry(rng, gene, i, kind) for i in range(k)]
        rng.shuffle(ents)
        return ",".join(ents)

    def pick(self, rng):
        r = rng.random()
        if r < 0.30:
            return self.pools["intergenic"][0]
        if r < 0.68:
            return rng.choice(self.pools["intronic"])
        if r < 0.85:
            return rng.choice(self.pools["flank"])
        return rng.choice(self.pools["coding"])


def depth_table(rng, size=2048):
    """Read depths to draw from (log-normal around 55, clipped to 15..400)."""
    return [int(min(400, max(15, rng.lognormvariate(4.0, 0.45)))) for _ in range(size)]


def records(rng, n, pool, depths=None):
    """Yield VCF data lines, sorted, spread over chromosomes by length. `depths`: a table from
    depth_table() to share between many small files (default: one drawn from `rng`)."""
    total_len = sum(l for c, l in GRCH38[:-1])
    if depths is None:
        depths = depth_table(rng)
    snvs = [(r, a) for r in "ACGT" for a in "ACGT" if r != a] + [(r, TRANSITION[r]) for r in "ACGT"] * 2
    remaining = n
    for ci, (chrom, clen) in enumerate(GRCH38):
        if chrom == "chrM":
            k = remaining
        else:
            k = min(remaining, round(n * clen / total_len))
        remaining -= k
        if k <= 0:
            continue
        gap = max(2, (clen - 20000) // (k + 1))
        pos = 10000
        rnd, rint, choice = rng.random, rng.randint, rng.choice
        for _ in range(k):
            pos += 1 + int(rnd() * 2 * gap)
            if pos >= clen - 100:
                pos = clen - 100
            r = rnd()
            extra = ""
            if r < 0.85:
                ref, alt = choice(snvs)
                allele = alt
                vc = "SNV"
            elif r < 0.99:
                base = choice("ACGT")
                size = choice((1, 1, 1, 2, 3, 4))
                seq = "".join(choice("ACGT") for _ in range(size))
                if rnd() < 0.6:
                    ref, alt, allele, vc = base + seq, base, "-", "deletion"
                else:
                    ref, alt, allele, vc = base, base + seq, seq, "insertion"
                if rnd() < 0.45:
                    rc_ = rint(2, 14)
                    extra = f"RPA={rc_},{rc_ - 1 if vc == 'deletion' else rc_ + 1};RU={seq[:1] if size == 1 else seq};STR;"
            else:
                ref = choice("ACGT")
                alts = [b for b in "ACGT" if b != ref]
                alt = f"{alts[0]},{alts[1]}"
                allele, vc = alts[0], "SNV"
            filt = "PASS" if rnd() >= 0.10 else choice(FILTERS)
            tdp = choice(depths)
            ndp = choice(depths)
            vaf = rnd() * 0.45 + 0.02 if "germline" not in filt else 0.5
            if "," in alt:
                a1 = max(1, int(tdp * vaf))
                a2 = max(1, int(tdp * 0.05))
                t_ad = f"{max(0, tdp - a1 - a2)},{a1},{a2}"
                t_af = f"{a1 / tdp:.3f},{a2 / tdp:.3f}"
                n_ad = f"{ndp},0,0"
                n_af = "0.010,0.010"
                gt_t = "0/1/2"
                f12 = f"{tdp // 2},{a1 // 2},{a2 // 2}"
                status = "SITE|SITE"
                filt = "multiallelic" if filt == "PASS" and rnd() < 0.5 else filt
                mbq = "20,20,20"
            else:
                a1 = max(1, int(tdp * vaf))
                t_ad = f"{tdp - a1},{a1}"
                t_af = f"{(a1 + 1) / (tdp + 2):.3f}"
                n_alt = ndp // 2 if "germline" in filt else 0
                n_ad = f"{ndp - n_alt},{n_alt}"
                n_af = f"{(n_alt + 1) / (ndp + 2):.3f}"
                gt_t = "0/1"
                f12 = f"{(tdp - a1) // 2},{a1 // 2}"
                status = "SITE" if filt == "PASS" else filt.split(";")[0]
                mbq = "20,20"
            csq = pool.pick(rng).replace(ALLELE, allele)
            if vc != "SNV":
                csq = csq.replace("|SNV|", f"|{vc}|")
            info = (f"AS_FilterStatus={status};DP={tdp + ndp};ECNT=1;GERMQ={1 if 'germline' in filt else 93};"
                    f"MBQ={mbq};MFRL=170,{mbq[3:].replace('20', '165')};MMQ={mbq.replace('20', '60')};MPOS=24;"
                    f"NALOD=1.88;NLOD={ndp * 0.12:.2f};POPAF=6.00;{extra}TLOD={a1 * 3.1:.2f};CSQ={csq}")
            nfmt = f"0/0:{n_ad}:{n_af}:{ndp}:{n_ad}:{n_ad}:{ndp // 2},{ndp - ndp // 2},0,0"
            tfmt = f"{gt_t}:{t_ad}:{t_af}:{tdp}:{f12}:{f12}:{(tdp - a1) // 2},{(tdp - a1) - (tdp - a1) // 2},{a1 // 2},{a1 - a1 // 2}"
            yield f"{chrom}\t{pos}\t.\t{ref}\t{alt}\t.\t{filt}\t{info}\tGT:AD:AF:DP:F1R2:F2R1:SB\t{nfmt}\t{tfmt}\n"


def write_vcf(path, n, seed, pool, threads, tumor="TUMOR", normal="NORMAL"):
    rng = random.Random(seed)
    tmp = path + ".part"
    with open(tmp, "wb") as out:
        p = subprocess.Popen(["bgzip", "-@", str(threads), "-c"], stdin=subprocess.PIPE, stdout=out)
        w = p.stdin.write
        w(header(tumor, normal).encode())
        buf = []
        for line in records(rng, n, pool):
            buf.append(line)
            if len(buf) >= 4096:
                w("".join(buf).encode())
                buf.clear()
        w("".join(buf).encode())
        p.stdin.close()
        if p.wait() != 0:
            sys.exit(f"bgzip failed for {path}")
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description="Generate synthetic Mutect2+VEP somatic VCFs (BGZF) for benchmarks.")
    ap.add_argument("--records", type=int, required=True, help="data records per file")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", help="output .vcf.gz (single file mode)")
    ap.add_argument("--cohort", type=int, help="write this many files P001.vcf.gz … into --outdir, plus manifest.tsv")
    ap.add_argument("--outdir")
    ap.add_argument("--threads", type=int, default=2, help="bgzip compression threads (default 2)")
    args = ap.parse_args()
    pool = CsqPool(random.Random(args.seed * 7919 + 1))
    if args.cohort:
        if not args.outdir:
            ap.error("--cohort needs --outdir")
        os.makedirs(args.outdir, exist_ok=True)
        width = max(3, len(str(args.cohort)))
        rows = ["patient\tvcf\ttumor_type\ttumor_sample\tnormal_sample\ttarget_mb"]
        for i in range(1, args.cohort + 1):
            pid = f"P{i:0{width}d}"
            write_vcf(os.path.join(args.outdir, f"{pid}.vcf.gz"), args.records, args.seed * 100003 + i, pool,
                      args.threads, tumor=f"{pid}_T", normal=f"{pid}_N")
            rows.append(f"{pid}\t{pid}.vcf.gz\tNEC\t{pid}_T\t{pid}_N\t30")
        with open(os.path.join(args.outdir, "manifest.tsv"), "w") as fh:
            fh.write("\n".join(rows) + "\n")
    elif args.out:
        write_vcf(args.out, args.records, args.seed, pool, args.threads)
    else:
        ap.error("give --out FILE or --cohort K --outdir DIR")


if __name__ == "__main__":
    main()
