#!/usr/bin/env python3
"""Write the caller fixtures in this folder and EXPECTED.md.

Every record below was written by the oncoprofile authors. Headers and FORMAT
layouts follow each caller's native output; coordinates of the hotspots are
real (GRCh37/GRCh38, checked against Cancer Hotspots v2), read counts are ours.
REF bases outside the hotspots are not taken from a reference genome.

Usage: python3 make_callers.py          (writes next to this script)
Needs bgzip, tabix, bcftools only for the compressed/BCF copies.
"""

import gzip
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

GRCH38 = [
    ("chr1", 248956422), ("chr2", 242193529), ("chr3", 198295559), ("chr4", 190214555),
    ("chr5", 181538259), ("chr6", 170805979), ("chr7", 159345973), ("chr8", 145138636),
    ("chr9", 138394717), ("chr10", 133797422), ("chr11", 135086622), ("chr12", 133275309),
    ("chr13", 114364328), ("chr14", 107043718), ("chr15", 101991189), ("chr16", 90338345),
    ("chr17", 83257441), ("chr18", 80373285), ("chr19", 58617616), ("chr20", 64444167),
    ("chr21", 46709983), ("chr22", 50818468), ("chrX", 156040895), ("chrY", 57227415),
    ("chrM", 16569),
]
GRCH37 = [
    ("1", 249250621), ("2", 243199373), ("3", 198022430), ("4", 191154276),
    ("5", 180915260), ("6", 171115067), ("7", 159138663), ("8", 146364022),
    ("9", 141213431), ("10", 135534747), ("11", 135006516), ("12", 133851895),
    ("13", 115169878), ("14", 107349540), ("15", 102531392), ("16", 90354753),
    ("17", 81195210), ("18", 78077248), ("19", 59128983), ("20", 63025520),
    ("21", 48129895), ("22", 51304566), ("X", 155270560), ("Y", 59373566),
    ("MT", 16569),
]


def contig_lines(contigs, assembly=None):
    extra = f",assembly={assembly}" if assembly else ""
    return [f"##contig=<ID={c},length={n}{extra}>" for c, n in contigs]


def contig_rank(contigs):
    return {c: i for i, (c, _) in enumerate(contigs)}


def write(name, header, cols, rows):
    path = os.path.join(HERE, name)
    with open(path, "w") as fh:
        for h in header:
            fh.write(h + "\n")
        fh.write("#" + "\t".join(["CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT"] + cols) + "\n")
        for r in rows:
            fh.write("\t".join(str(x) for x in r) + "\n")
    return path


def f3(x):
    return f"{x:.3f}"


EXPECTED = []  # (file, chrom, pos, ref, alt, tumour sample, depth, alt_depth, vaf, note)


def expect(fname, chrom, pos, ref, alt, tumor, depth, alt_depth, vaf, note=""):
    EXPECTED.append((fname, chrom, pos, ref, alt, tumor, depth, alt_depth, vaf, note))


# --------------------------------------------------------------------------
# GATK4 Mutect2 tumour-normal (after FilterMutectCalls), GRCh38
# --------------------------------------------------------------------------

M2_FILTERS = [
    ("PASS", "All filters passed"),
    ("base_qual", "alt median base quality"),
    ("clustered_events", "Clustered events observed in the tumor"),
    ("contamination", "contamination"),
    ("duplicate", "evidence for alt allele is overrepresented by apparent duplicates"),
    ("fragment", "abs(ref - alt) median fragment length"),
    ("germline", "Evidence indicates this site is germline, not somatic"),
    ("haplotype", "Variant near filtered variant on same haplotype."),
    ("map_qual", "ref - alt median mapping quality"),
    ("multiallelic", "Site filtered because too many alt alleles pass tumor LOD"),
    ("n_ratio", "Ratio of N to alt exceeds specified ratio"),
    ("normal_artifact", "artifact_in_normal"),
    ("orientation", "orientation bias detected by the orientation bias mixture model"),
    ("panel_of_normals", "Blacklisted site in panel of normals"),
    ("position", "median distance of alt variants from end of reads"),
    ("slippage", "Site filtered due to contraction of short tandem repeat region"),
    ("strand_bias", "Evidence for alt allele comes from one read direction only"),
    ("strict_strand", "Evidence for alt allele is not represented in both directions"),
    ("weak_evidence", "Mutation does not meet likelihood threshold"),
]

M2_INFO = [
    '##INFO=<ID=AS_FilterStatus,Number=A,Type=String,Description="Filter status for each allele, as assessed by ApplyVQSR. Note that the VCF filter field will reflect the most lenient/sensitive status across all alleles.">',
    '##INFO=<ID=AS_SB_TABLE,Number=1,Type=String,Description="Allele-specific forward/reverse read counts for strand bias tests. Includes the reference and alleles separated by |.">',
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
    '##INFO=<ID=STRQ,Number=1,Type=Integer,Description="Phred-scaled quality that alt alleles in STRs are not polymerase slippage errors">',
    '##INFO=<ID=TLOD,Number=A,Type=Float,Description="Log 10 likelihood ratio score of variant existing versus not existing">',
]

M2_FORMAT = [
    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths for the ref and alt alleles in the order listed">',
    '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fractions of alternate alleles in the tumor">',
    '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth (reads with MQ=255 or with bad mates are filtered)">',
    '##FORMAT=<ID=F1R2,Number=R,Type=Integer,Description="Count of reads in F1R2 pair orientation supporting each allele">',
    '##FORMAT=<ID=F2R1,Number=R,Type=Integer,Description="Count of reads in F2R1 pair orientation supporting each allele">',
    '##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype Quality">',
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
    '##FORMAT=<ID=PGT,Number=1,Type=String,Description="Physical phasing haplotype information, describing how the alternate alleles are phased in relation to one another; will always be heterozygous and is not intended to describe called alleles">',
    '##FORMAT=<ID=PID,Number=1,Type=String,Description="Physical phasing ID information, where each unique ID within a given sample (but not across samples) connects records within a phasing group">',
    '##FORMAT=<ID=PL,Number=G,Type=Integer,Description="Normalized, Phred-scaled likelihoods for genotypes as defined in the VCF specification">',
    '##FORMAT=<ID=PS,Number=1,Type=Integer,Description="Phasing set (typically the position of the first variant in the set)">',
    '##FORMAT=<ID=SB,Number=4,Type=Integer,Description="Per-sample component statistics which comprise the Fisher\'s Exact Test to detect strand bias.">',
]


def m2_header(tumor, normal, extra_meta=(), extra_info=(), cmd_extra=""):
    h = ["##fileformat=VCFv4.2"]
    h += [f'##FILTER=<ID={i},Description="{d}">' for i, d in M2_FILTERS]
    h += M2_FORMAT
    h.append(
        '##GATKCommandLine=<ID=FilterMutectCalls,CommandLine="FilterMutectCalls --output filtered.vcf.gz '
        '--variant unfiltered.vcf.gz --reference /ref/Homo_sapiens_assembly38.fasta --stats unfiltered.vcf.gz.stats '
        '--contamination-table contamination.table --ob-priors read-orientation-model.tar.gz",Version="4.2.6.1",'
        'Date="March 14, 2023 at 10:21:07 AM UTC">'
    )
    h.append(
        '##GATKCommandLine=<ID=Mutect2,CommandLine="Mutect2 --output unfiltered.vcf.gz --input tumor.bam '
        + (f'--input normal.bam --normal-sample {normal} ' if normal else '')
        + f'--germline-resource af-only-gnomad.hg38.vcf.gz --panel-of-normals 1000g_pon.hg38.vcf.gz '
        f'--f1r2-tar-gz f1r2.tar.gz --reference /ref/Homo_sapiens_assembly38.fasta{cmd_extra}",Version="4.2.6.1",'
        'Date="March 14, 2023 at 8:02:44 AM UTC">'
    )
    h += M2_INFO
    h += list(extra_info)
    h.append("##MutectVersion=2.2")
    h += contig_lines(GRCH38)
    h.append("##filtering_status=These calls have been filtered by FilterMutectCalls to label false positives with a list of failed filters and true positives with PASS.")
    if normal:
        h.append(f"##normal_sample={normal}")
    h.append("##reference=file:///ref/Homo_sapiens_assembly38.fasta")
    h.append("##source=FilterMutectCalls")
    h.append("##source=Mutect2")
    h.append(f"##tumor_sample={tumor}")
    h += list(extra_meta)
    return h


def split_half(n, k):
    """Deterministic split of n reads into (F1R2, F2R1) using record salt k."""
    a = (n * (45 + (k * 7) % 11)) // 100
    return a, n - a


def m2_sample(ad, dp_extra, salt, is_tumor, af_override=None, gt=None, phase=None):
    total = sum(ad)
    nalt = len(ad) - 1
    if af_override is not None:
        afs = af_override
    elif is_tumor:
        # Mutect2 reports a model-based allele fraction, not AD ratio.
        afs = [round((a + 1) / (total + nalt + 1), 3) for a in ad[1:]]
    else:
        afs = [round((a + 1) / (total + 2), 3) for a in ad[1:]]
    f1, f2 = [], []
    for i, a in enumerate(ad):
        x, y = split_half(a, salt + i)
        f1.append(x)
        f2.append(y)
    ref_f, ref_r = split_half(ad[0], salt + 3)
    alt_tot = sum(ad[1:])
    alt_f, alt_r = split_half(alt_tot, salt + 5)
    if gt is None:
        if is_tumor:
            gt = "0/" + "/".join(str(i) for i in range(1, nalt + 1))
        else:
            gt = "0/0"
    fields = [gt, ",".join(map(str, ad)), ",".join(f3(a) for a in afs), str(total + dp_extra),
              ",".join(map(str, f1)), ",".join(map(str, f2))]
    if phase:
        fields += list(phase)
    fields.append(f"{ref_f},{ref_r},{alt_f},{alt_r}")
    return ":".join(fields), afs, total + dp_extra


# (chrom, pos, ref, alts, filter, normal AD, tumour AD, extra INFO, tumour AF override, note)
MUTECT2_ROWS = [
    ("chr1", 114713908, "T", ["C"], "PASS", [88, 0], [61, 23], "", None, "NRAS Q61R hotspot"),
    ("chr1", 155236390, "G", ["A"], "PASS", [73, 0], [80, 18], "", None, ""),
    ("chr2", 208248388, "C", ["T"], "PASS", [70, 0], [55, 48], "", None, "IDH1 R132H hotspot"),
    ("chr3", 41224646, "C", ["T"], "weak_evidence", [60, 0], [70, 3], "", None, "CTNNB1 S45F, weak evidence"),
    ("chr3", 179234297, "A", ["G"], "PASS", [95, 1], [80, 40], "", None, "PIK3CA H1047R hotspot"),
    ("chr4", 105275680, "CA", ["C"], "slippage", [52, 0], [48, 2], "RPA=10,9;RU=A;STR;STRQ=1", None, "STR contraction"),
    ("chr5", 112839942, "C", ["T"], "PASS", [66, 0], [58, 22], "", None, ""),
    ("chr7", 55191822, "T", ["G"], "PASS", [77, 0], [64, 36], "", None, "EGFR L858R hotspot"),
    ("chr7", 140753336, "A", ["T"], "PASS", [110, 0], [72, 41], "", [0.371], "BRAF V600E; AF field 0.371 differs from AD ratio 41/113"),
    ("chr9", 21971120, "G", ["A", "T"], "multiallelic", [90, 0, 0], [50, 10, 8], "", None, "multi-allelic, filtered"),
    ("chr10", 87933148, "G", ["A"], "germline", [40, 38], [45, 42], "", None, "heterozygous in the normal"),
    ("chr11", 108272605, "T", ["TA"], "PASS", [81, 0], [75, 15], "RPA=6,7;RU=A;STR;STRQ=93", None, "STR insertion"),
    ("chr12", 25245350, "C", ["T"], "PASS", [120, 0], [83, 37], "", None, "KRAS G12D hotspot"),
    ("chr13", 48360050, "GA", ["G"], "PASS", [64, 0], [40, 30], "", None, "1-bp deletion"),
    ("chr14", 104780214, "C", ["T"], "PASS", [58, 0], [60, 19], "", None, "AKT1 E17K, phased"),
    ("chr14", 104780220, "G", ["A"], "PASS", [58, 0], [61, 18], "", None, "phased partner"),
    ("chr16", 2078611, "C", ["T", "G"], "PASS", [70, 0, 0], [44, 21, 2], "", None, "two ALTs, site PASS"),
    ("chr17", 7673802, "C", ["T"], "PASS", [90, 0], [40, 52], "", None, "TP53 R273H hotspot"),
    ("chr17", 7675088, "C", ["T"], "clustered_events;weak_evidence", [30, 0], [33, 2], "", None, "TP53 R175H, 2 filters"),
    ("chr19", 45351661, "T", ["G"], "germline;normal_artifact", [48, 45], [50, 47], "", None, "ERCC2 K751Q common SNP"),
    ("chr20", 58909365, "C", ["T"], "PASS", [44, 0], [47, 9], "", None, "GNAS R201C hotspot"),
    ("chrX", 77682471, "C", ["A"], "PASS", [39, 0], [42, 20], "", None, "chrX"),
    ("chrM", 3243, "A", ["G"], "germline", [900, 880], [950, 930], "", None, "mitochondrial"),
]

PHASED = {104780214: ("0|1", "104780214_C_T", "104780214"), 104780220: ("0|1", "104780214_C_T", "104780214")}


def mutect2_info(i, ref, alts, filt, nad, tad, extra):
    nalt = len(alts)
    status = "|".join(["SITE"] * nalt) if filt in ("PASS", "multiallelic") else "|".join([filt.split(";")[0]] * nalt)
    dp = sum(nad) + sum(tad) + (i % 4)
    sb = f"{tad[0]//2},{tad[0]-tad[0]//2}|" + "|".join(f"{a//2},{a-a//2}" for a in tad[1:])
    germq = 1 if "germline" in filt else 93
    tlod = ",".join(f"{(a * 3.1 + 1.2):.2f}" for a in tad[1:])
    nlod = ",".join(f"{(nad[0] * 0.15 + 2):.2f}" for _ in alts)
    nalod = ",".join(f"{(nad[0] * 0.02 + 0.8):.2f}" for _ in alts)
    popaf = ",".join("0.520" if "germline" in filt else "6.00" for _ in alts)
    parts = [
        f"AS_FilterStatus={status}",
        f"AS_SB_TABLE={sb}",
        f"DP={dp}",
        f"ECNT={1 + (i % 3 == 0)}",
        f"GERMQ={germq}",
        "MBQ=" + ",".join(["20"] * (nalt + 1)),
        "MFRL=" + ",".join(str(160 + 5 * k) for k in range(nalt + 1)),
        "MMQ=" + ",".join(["60"] * (nalt + 1)),
        "MPOS=" + ",".join(str(20 + (i + k) % 15) for k in range(nalt)),
        f"NALOD={nalod}",
        f"NLOD={nlod}",
        f"POPAF={popaf}",
    ]
    if extra:
        parts += extra.split(";")
    parts.append(f"TLOD={tlod}")
    # keep GATK's alphabetical INFO order
    return ";".join(sorted(parts, key=lambda p: p.split("=")[0]))


def make_mutect2():
    tumor, normal = "TUMOR_X", "NORMAL_X"
    rows = []
    for i, (c, p, ref, alts, filt, nad, tad, extra, af, note) in enumerate(MUTECT2_ROWS):
        phase = PHASED.get(p)
        fmt = "GT:AD:AF:DP:F1R2:F2R1:SB" if not phase else "GT:AD:AF:DP:F1R2:F2R1:PGT:PID:PS:SB"
        ph_n = ("0|1", phase[1], phase[2]) if phase else None
        ns, _, _ = m2_sample(nad, i % 3, i, False, gt="0|0" if phase else None, phase=ph_n)
        ts, tafs, tdp = m2_sample(tad, 2 + i % 5, i + 1, True, af_override=af, gt="0|1" if phase else None, phase=ph_n)
        info = mutect2_info(i, ref, alts, filt, nad, tad, extra)
        rows.append((c, p, ".", ref, ",".join(alts), ".", filt, info, fmt, ns, ts))
        if p in (25245350, 140753336, 21971120, 104780214, 7675088, 3243):
            for k, a in enumerate(alts):
                expect("mutect2_tn.vcf", c, p, ref, a, tumor, tdp, tad[k + 1], f3(tafs[k]),
                       f"FILTER {filt}; " + note if filt != "PASS" else note)
    write("mutect2_tn.vcf", m2_header(tumor, normal), [normal, tumor], rows)


# --------------------------------------------------------------------------
# Strelka2 somatic SNVs and indels, GRCh37 without chr
# --------------------------------------------------------------------------


def strelka_header(content, info, fmt, filters):
    h = [
        "##fileformat=VCFv4.1",
        "##FILTER=<ID=PASS,Description=\"All filters passed\">",
        "##fileDate=20230611",
        "##source=strelka",
        "##source_version=2.9.10",
        "##startTime=Sun Jun 11 09:14:52 2023",
        "##cmdline=/opt/strelka/bin/configureStrelkaSomaticWorkflow.py --normalBam normal.bam --tumorBam tumor.bam "
        "--referenceFasta /ref/human_g1k_v37.fasta --exome --callRegions /ref/exome_targets.bed.gz --runDir strelka",
        "##reference=file:///ref/human_g1k_v37.fasta",
    ]
    h += contig_lines(GRCH37)
    h.append(f"##content={content}")
    h.append("##priorSomaticSnvRate=0.0001" if "snv" in content else "##priorSomaticIndelRate=1e-06")
    h += info
    h += fmt
    h += [f'##FILTER=<ID={i},Description="{d}">' for i, d in filters]
    return h


STRELKA_FILTERS = [
    ("LowEVS", "Somatic Empirical Variant Score (SomaticEVS) is below threshold"),
    ("LowDepth", "Tumor or normal sample read depth at this locus is below 2"),
]

STRELKA_SNV_INFO = [
    '##INFO=<ID=SOMATIC,Number=0,Type=Flag,Description="Somatic mutation">',
    '##INFO=<ID=QSS,Number=1,Type=Integer,Description="Quality score for any somatic snv, ie. for the ALT allele to be present at a significantly different frequency in the tumor and normal">',
    '##INFO=<ID=TQSS,Number=1,Type=Integer,Description="Data tier used to compute QSS">',
    '##INFO=<ID=NT,Number=1,Type=String,Description="Genotype of the normal in all data tiers, as used to classify somatic variants. One of {ref,het,hom,conflict}.">',
    '##INFO=<ID=QSS_NT,Number=1,Type=Integer,Description="Quality score reflecting the joint probability of a somatic variant and NT">',
    '##INFO=<ID=TQSS_NT,Number=1,Type=Integer,Description="Data tier used to compute QSS_NT">',
    '##INFO=<ID=SGT,Number=1,Type=String,Description="Most likely somatic genotype excluding normal noise states">',
    '##INFO=<ID=DP,Number=1,Type=Integer,Description="Combined depth across samples">',
    '##INFO=<ID=MQ,Number=1,Type=Float,Description="RMS Mapping Quality">',
    '##INFO=<ID=MQ0,Number=1,Type=Integer,Description="Total Mapping Quality Zero Reads">',
    '##INFO=<ID=ReadPosRankSum,Number=1,Type=Float,Description="Z-score from Wilcoxon rank sum test of Alt Vs. Ref read-position in the tumor">',
    '##INFO=<ID=SNVSB,Number=1,Type=Float,Description="Somatic SNV site strand bias">',
    '##INFO=<ID=SomaticEVS,Number=1,Type=Float,Description="Somatic Empirical Variant Score (EVS) expressing the phred-scaled probability of the call being a false positive observation.">',
]
STRELKA_SNV_FORMAT = [
    '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth for tier1 (used+filtered)">',
    '##FORMAT=<ID=FDP,Number=1,Type=Integer,Description="Number of basecalls filtered from original read depth for tier1">',
    '##FORMAT=<ID=SDP,Number=1,Type=Integer,Description="Number of reads with deletions spanning this site at tier1">',
    '##FORMAT=<ID=SUBDP,Number=1,Type=Integer,Description="Number of reads below tier1 mapping quality threshold aligned across this site">',
    "##FORMAT=<ID=AU,Number=2,Type=Integer,Description=\"Number of 'A' alleles used in tiers 1,2\">",
    "##FORMAT=<ID=CU,Number=2,Type=Integer,Description=\"Number of 'C' alleles used in tiers 1,2\">",
    "##FORMAT=<ID=GU,Number=2,Type=Integer,Description=\"Number of 'G' alleles used in tiers 1,2\">",
    "##FORMAT=<ID=TU,Number=2,Type=Integer,Description=\"Number of 'T' alleles used in tiers 1,2\">",
]

# (chrom, pos, ref, alt, filter, normal {base: tier1}, tumour {base: tier1}, tumour FDP, SDP, QSS, note)
STRELKA_SNVS = [
    ("1", 115256529, "T", "C", "PASS", {"T": 71}, {"T": 50, "C": 22, "A": 1}, 2, 0, 88, "NRAS Q61R (GRCh37)"),
    ("2", 209113112, "C", "T", "PASS", {"C": 64}, {"C": 41, "T": 37}, 0, 0, 141, "IDH1 R132H"),
    ("3", 178936091, "G", "A", "PASS", {"G": 88}, {"G": 60, "A": 29}, 1, 0, 120, "PIK3CA E545K"),
    ("4", 1803568, "C", "G", "LowEVS", {"C": 40}, {"C": 45, "G": 3}, 0, 0, 12, "FGFR3 S249C, LowEVS"),
    ("5", 112175639, "C", "T", "PASS", {"C": 90, "T": 1}, {"C": 70, "T": 34, "G": 1}, 3, 1, 156, "APC R1450*"),
    ("7", 140453136, "A", "T", "PASS", {"A": 102}, {"A": 77, "T": 45, "G": 2}, 4, 0, 187, "BRAF V600E"),
    ("9", 139390649, "G", "A", "PASS", {"G": 57}, {"G": 49, "A": 12}, 0, 2, 48, ""),
    ("10", 89692905, "G", "A", "PASS", {"G": 66}, {"G": 50, "A": 20}, 0, 0, 77, "PTEN R130Q"),
    ("12", 25398284, "C", "T", "PASS", {"C": 130}, {"C": 92, "T": 40, "A": 1}, 5, 0, 203, "KRAS G12D (GRCh37)"),
    ("14", 105246551, "C", "T", "PASS", {"C": 58}, {"C": 47, "T": 15}, 1, 0, 55, "AKT1 E17K"),
    ("17", 7577120, "C", "T", "PASS", {"C": 75}, {"C": 30, "T": 49}, 2, 0, 211, "TP53 R273H (GRCh37)"),
    ("17", 7578406, "C", "T", "LowDepth", {"C": 1}, {"C": 4, "T": 3}, 0, 0, 9, "TP53 R175H, LowDepth"),
    ("19", 1220321, "C", "T", "PASS", {"C": 49}, {"C": 39, "T": 11}, 0, 0, 40, ""),
    ("20", 57484420, "C", "T", "PASS", {"C": 61}, {"C": 52, "T": 14}, 0, 0, 51, "GNAS R201C"),
    ("X", 76940012, "G", "T", "PASS", {"G": 35}, {"G": 28, "T": 18}, 0, 0, 66, "chrX"),
]


def strelka_snv_sample(counts, fdp, sdp, salt):
    t1 = {b: counts.get(b, 0) for b in "ACGT"}
    t2 = {b: (v + (salt % 3) if v else 0) for b, v in t1.items()}
    dp = sum(t1.values()) + fdp
    vals = [str(dp), str(fdp), str(sdp), "0"] + [f"{t1[b]},{t2[b]}" for b in "ACGT"]
    return ":".join(vals), dp


def make_strelka_snvs():
    rows = []
    for i, (c, p, ref, alt, filt, nc, tc, fdp, sdp, qss, note) in enumerate(STRELKA_SNVS):
        ns, ndp = strelka_snv_sample(nc, 0, 0, i)
        ts, tdp = strelka_snv_sample(tc, fdp, sdp, i + 1)
        tot = sum(tc.values())
        alt_n = tc.get(alt, 0)
        vaf = alt_n / tot
        sgt = f"{ref}{ref}->{ref}{alt}" if vaf < 0.7 else f"{ref}{ref}->{alt}{alt}"
        info = (f"SOMATIC;QSS={qss};TQSS=1;NT=ref;QSS_NT={qss};TQSS_NT=1;SGT={sgt};DP={ndp + tdp};MQ=60.00;MQ0=0;"
                f"ReadPosRankSum={((i * 37) % 200 - 100) / 100:.2f};SNVSB=0.00;SomaticEVS={qss / 8:.2f}")
        if filt == "LowDepth":
            info = info.replace("SOMATIC;", "")
        rows.append((c, p, ".", ref, alt, ".", filt, info, "DP:FDP:SDP:SUBDP:AU:CU:GU:TU", ns, ts))
        if p in (25398284, 140453136, 112175639, 7577120):
            expect("strelka2_snvs.vcf", c, p, ref, alt, "TUMOR", tdp, alt_n, f"{vaf:.4f}",
                   f"{alt}U tier1 {alt_n} / sum of AU,CU,GU,TU tier1 {tot} (FORMAT DP {tdp} includes FDP {fdp})")
    hdr = strelka_header("strelka somatic snv calls", STRELKA_SNV_INFO, STRELKA_SNV_FORMAT, STRELKA_FILTERS)
    write("strelka2_snvs.vcf", hdr, ["NORMAL", "TUMOR"], rows)


STRELKA_INDEL_INFO = [
    '##INFO=<ID=SOMATIC,Number=0,Type=Flag,Description="Somatic mutation">',
    '##INFO=<ID=QSI,Number=1,Type=Integer,Description="Quality score for any somatic variant, ie. for the ALT haplotype to be present at a significantly different frequency in the tumor and normal">',
    '##INFO=<ID=TQSI,Number=1,Type=Integer,Description="Data tier used to compute QSI">',
    '##INFO=<ID=NT,Number=1,Type=String,Description="Genotype of the normal in all data tiers, as used to classify somatic variants. One of {ref,het,hom,conflict}.">',
    '##INFO=<ID=QSI_NT,Number=1,Type=Integer,Description="Quality score reflecting the joint probability of a somatic variant and NT">',
    '##INFO=<ID=TQSI_NT,Number=1,Type=Integer,Description="Data tier used to compute QSI_NT">',
    '##INFO=<ID=SGT,Number=1,Type=String,Description="Most likely somatic genotype excluding normal noise states">',
    '##INFO=<ID=MQ,Number=1,Type=Float,Description="RMS Mapping Quality">',
    '##INFO=<ID=MQ0,Number=1,Type=Integer,Description="Total Mapping Quality Zero Reads">',
    '##INFO=<ID=RU,Number=1,Type=String,Description="Smallest repeating sequence unit in inserted or deleted sequence">',
    '##INFO=<ID=RC,Number=1,Type=Integer,Description="Number of times RU repeats in the reference allele">',
    '##INFO=<ID=IC,Number=1,Type=Integer,Description="Number of times RU repeats in the indel allele">',
    '##INFO=<ID=IHP,Number=1,Type=Integer,Description="Largest reference interrupted homopolymer length intersecting with the indel">',
    '##INFO=<ID=OVERLAP,Number=0,Type=Flag,Description="Somatic indel possibly overlaps a second indel.">',
    '##INFO=<ID=SomaticEVS,Number=1,Type=Float,Description="Somatic Empirical Variant Score (EVS) expressing the phred-scaled probability of the call being a false positive observation.">',
]
STRELKA_INDEL_FORMAT = [
    '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth for tier1">',
    '##FORMAT=<ID=DP2,Number=1,Type=Integer,Description="Read depth for tier2">',
    '##FORMAT=<ID=TAR,Number=2,Type=Integer,Description="Reads strongly supporting alternate allele for tiers 1,2">',
    '##FORMAT=<ID=TIR,Number=2,Type=Integer,Description="Reads strongly supporting indel allele for tiers 1,2">',
    '##FORMAT=<ID=TOR,Number=2,Type=Integer,Description="Other reads (weak support or insufficient indel breakpoint overlap) for tiers 1,2">',
    '##FORMAT=<ID=DP50,Number=1,Type=Float,Description="Average tier1 read depth within 50 bases">',
    '##FORMAT=<ID=FDP50,Number=1,Type=Float,Description="Average tier1 number of basecalls filtered from original read depth within 50 bases">',
    '##FORMAT=<ID=SUBDP50,Number=1,Type=Float,Description="Average number of reads below tier1 mapping quality threshold aligned across sites within 50 bases">',
    '##FORMAT=<ID=BCN50,Number=1,Type=Float,Description="Fraction of filtered reads within 50 bases of the indel.">',
]

# (chrom, pos, ref, alt, filter, normal (TAR,TIR,TOR), tumour (TAR,TIR,TOR), RU, RC, IC, IHP, QSI, note)
STRELKA_INDELS = [
    ("2", 148683685, "CA", "C", "PASS", (70, 0, 3), (52, 16, 4), "A", 8, 7, 8, 42, "homopolymer A8 -> A7"),
    ("3", 10188215, "AC", "A", "PASS", (55, 0, 1), (47, 19, 2), "C", 1, 0, 2, 61, ""),
    ("7", 55242464, "AGGAATTAAGAGAAGC", "A", "PASS", (98, 0, 2), (61, 44, 6), "GGAATTAAGAGAAGC", 1, 0, 2, 120, "EGFR exon 19 E746_A750del (GRCh37)"),
    ("10", 89717672, "GA", "G", "LowEVS", (40, 0, 2), (38, 3, 3), "A", 6, 5, 6, 7, "PTEN homopolymer, LowEVS"),
    ("13", 48953760, "T", "TA", "PASS", (66, 0, 0), (49, 21, 3), "A", 3, 4, 4, 58, "insertion"),
    ("17", 7577538, "C", "CG", "PASS", (72, 0, 1), (30, 35, 5), "G", 2, 3, 3, 97, "TP53 c.742dup (GRCh37)"),
    ("17", 37880981, "G", "GGCATACGTGATG", "PASS", (80, 0, 1), (70, 12, 2), "GCATACGTGATG", 1, 2, 2, 45, "ERBB2 exon 20 insertion (YVMA)"),
    ("19", 11132486, "CAG", "C", "PASS", (45, 0, 1), (44, 9, 1), "AG", 4, 3, 2, 28, "dinucleotide repeat"),
    ("22", 29091857, "TA", "T", "LowEVS", (33, 0, 0), (36, 2, 1), "A", 10, 9, 10, 4, "long homopolymer"),
]


def strelka_indel_sample(t, salt):
    tar, tir, tor = t
    dp = tar + tir + tor
    dp2 = dp + 2 + salt % 3
    vals = [str(dp), str(dp2), f"{tar},{tar + 1}", f"{tir},{tir}", f"{tor},{tor + 1}",
            f"{dp + 0.55:.2f}", "0.00", "0.00", "0.00"]
    return ":".join(vals), dp


def make_strelka_indels():
    rows = []
    for i, (c, p, ref, alt, filt, n, t, ru, rc, ic, ihp, qsi, note) in enumerate(STRELKA_INDELS):
        ns, _ = strelka_indel_sample(n, i)
        ts, tdp = strelka_indel_sample(t, i + 1)
        info = (f"SOMATIC;QSI={qsi};TQSI=1;NT=ref;QSI_NT={qsi};TQSI_NT=1;SGT=ref->het;MQ=60.00;MQ0=0;"
                f"RU={ru};RC={rc};IC={ic};IHP={ihp};SomaticEVS={qsi / 7:.2f}")
        rows.append((c, p, ".", ref, alt, ".", filt, info, "DP:DP2:TAR:TIR:TOR:DP50:FDP50:SUBDP50:BCN50", ns, ts))
        if p in (55242464, 7577538, 148683685):
            vaf = t[1] / (t[0] + t[1])
            expect("strelka2_indels.vcf", c, p, ref, alt, "TUMOR", tdp, t[1], f"{vaf:.4f}",
                   f"TIR tier1 {t[1]} / (TAR tier1 {t[0]} + TIR tier1 {t[1]}); depth = FORMAT DP; repeat RU={ru} RC={rc}")
    hdr = strelka_header("strelka somatic indel calls", STRELKA_INDEL_INFO, STRELKA_INDEL_FORMAT, STRELKA_FILTERS)
    write("strelka2_indels.vcf", hdr, ["NORMAL", "TUMOR"], rows)


# --------------------------------------------------------------------------
# VarScan2 somatic (processSomatic not applied), GRCh37, no contig lines
# --------------------------------------------------------------------------

VARSCAN_HEADER = [
    "##fileformat=VCFv4.1",
    "##source=VarScan2",
    '##INFO=<ID=DP,Number=1,Type=Integer,Description="Total depth of quality bases">',
    '##INFO=<ID=SOMATIC,Number=0,Type=Flag,Description="Indicates if record is a somatic mutation">',
    '##INFO=<ID=SS,Number=1,Type=String,Description="Somatic status of variant (0=Reference,1=Germline,2=Somatic,3=LOH, or 5=Unknown)">',
    '##INFO=<ID=SSC,Number=1,Type=String,Description="Somatic score in Phred scale (0-255) derived from somatic p-value">',
    '##INFO=<ID=GPV,Number=1,Type=Float,Description="Fisher\'s Exact Test P-value of tumor+normal versus no variant for Germline calls">',
    '##INFO=<ID=SPV,Number=1,Type=Float,Description="Fisher\'s Exact Test P-value of tumor versus normal for Somatic/LOH calls">',
    '##FILTER=<ID=str10,Description="Less than 10% or more than 90% of variant supporting reads on one strand">',
    '##FILTER=<ID=indelError,Description="Likely artifact due to indel reads at this position">',
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
    '##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype Quality">',
    '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read Depth">',
    '##FORMAT=<ID=RD,Number=1,Type=Integer,Description="Depth of reference-supporting bases (reads1)">',
    '##FORMAT=<ID=AD,Number=1,Type=Integer,Description="Depth of variant-supporting bases (reads2)">',
    '##FORMAT=<ID=FREQ,Number=1,Type=String,Description="Variant allele frequency">',
    '##FORMAT=<ID=DP4,Number=1,Type=String,Description="Strand read counts: ref/fwd, ref/rev, var/fwd, var/rev">',
]

# (chrom, pos, ref, alt, filter, SS, normal (RD, AD, extra DP), tumour (RD, AD, extra DP), SPV, note)
VARSCAN_ROWS = [
    ("1", 115256529, "T", "C", "PASS", 2, (66, 0, 0), (48, 30, 0), "2.1447E-12", "NRAS Q61R"),
    ("1", 2584408, "C", "A", "PASS", 2, (11, 0, 0), (9, 4, 0), "6.7288E-2", "low depth somatic"),
    ("2", 209113112, "C", "T", "PASS", 2, (58, 0, 1), (40, 25, 1), "1.0372E-10", "IDH1 R132H"),
    ("3", 178952085, "A", "G", "PASS", 2, (80, 1, 0), (56, 35, 0), "5.2262E-13", "PIK3CA H1047R; FREQ 38.46%"),
    ("5", 112175639, "C", "T", "str10", 2, (44, 0, 0), (40, 9, 2), "1.9919E-3", "APC R1450*, str10"),
    ("6", 152419920, "G", "A", "PASS", 1, (37, 35, 0), (41, 38, 0), "9.4655E-1", "germline het"),
    ("7", 140453136, "A", "T", "PASS", 2, (95, 0, 0), (67, 30, 2), "1.3343E-11", "BRAF V600E; DP 99 > RD+AD 97"),
    ("9", 21971120, "G", "GT", "indelError", 2, (52, 0, 0), (60, 5, 0), "2.7E-2", "insertion, indelError"),
    ("12", 25398285, "C", "A", "PASS", 2, (101, 0, 0), (71, 26, 0), "4.0981E-10", "KRAS G12C"),
    ("13", 48953759, "CT", "C", "PASS", 2, (60, 0, 0), (36, 20, 0), "3.2E-8", "deletion"),
    ("17", 7577120, "C", "T", "PASS", 3, (30, 28, 0), (2, 55, 0), "1.2E-9", "TP53 R273H, LOH (SS=3)"),
    ("17", 7578406, "C", "T", "PASS", 2, (47, 0, 0), (44, 21, 0), "1.6E-8", "TP53 R175H"),
    ("19", 45854919, "T", "G", "PASS", 1, (50, 49, 0), (52, 47, 0), "1E0", "ERCC2 K751Q germline"),
    ("X", 76940012, "G", "T", "PASS", 2, (38, 0, 0), (30, 14, 0), "2.2E-6", "chrX"),
]


def pct(ad, rd):
    tot = ad + rd
    if tot == 0:
        return "0%"
    v = round(100.0 * ad / tot, 2)
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return s + "%"


def varscan_sample(gt, rd, ad, extra, salt):
    rf, rr = split_half(rd, salt)
    af_, ar = split_half(ad, salt + 1)
    return f"{gt}:.:{rd + ad + extra}:{rd}:{ad}:{pct(ad, rd)}:{rf},{rr},{af_},{ar}"


def sort_rows(rows, contigs):
    rank = contig_rank(contigs)
    return sorted(rows, key=lambda r: (rank[r[0]], r[1]))


def make_varscan():
    rows = []
    for i, (c, p, ref, alt, filt, ss, n, t, spv, note) in enumerate(VARSCAN_ROWS):
        ngt = "0/0" if n[1] == 0 else ("0/1" if n[0] > 0 else "1/1")
        tgt = "0/1" if t[0] > 5 else "1/1"
        ns = varscan_sample(ngt, n[0], n[1], n[2], i)
        ts = varscan_sample(tgt, t[0], t[1], t[2], i + 2)
        dp = sum(n) + sum(t)
        ssc = 0 if ss == 1 else 20 + (i * 13) % 200
        gpv = "1E0" if ss == 2 else "3.1E-21"
        info = f"DP={dp};" + ("SOMATIC;" if ss == 2 else "") + f"SS={ss};SSC={ssc};GPV={gpv};SPV={spv}"
        rows.append((c, p, ".", ref, alt, ".", filt, info, "GT:GQ:DP:RD:AD:FREQ:DP4", ns, ts))
        if p in (178952085, 140453136, 7577120, 48953759):
            freq = pct(t[1], t[0])
            expect("varscan2.vcf", c, p, ref, alt, "TUMOR", sum(t), t[1], f"{float(freq[:-1]) / 100:.4f}",
                   f"FREQ {freq} / 100; RD {t[0]}, AD {t[1]}, DP {sum(t)}; SS={ss}")
    write("varscan2.vcf", VARSCAN_HEADER, ["NORMAL", "TUMOR"], sort_rows(rows, GRCH37))


# --------------------------------------------------------------------------
# VarDict paired (var2vcf_paired.pl), GRCh38 with chr; tumour column first
# --------------------------------------------------------------------------

VARDICT_HEADER = [
    "##fileformat=VCFv4.1",
    "##source=VarDict_v1.8.3",
    "##reference=/ref/GRCh38.primary_assembly.genome.fa",
    '##INFO=<ID=STATUS,Number=1,Type=String,Description="Somatic or germline status">',
    '##INFO=<ID=SAMPLE,Number=1,Type=String,Description="Sample name (with whitespace translated to underscores)">',
    '##INFO=<ID=TYPE,Number=1,Type=String,Description="Variant Type: SNV Insertion Deletion Complex">',
    '##INFO=<ID=DP,Number=1,Type=Integer,Description="Total Depth">',
    '##INFO=<ID=END,Number=1,Type=Integer,Description="Chr End Position">',
    '##INFO=<ID=VD,Number=1,Type=Integer,Description="Variant Depth">',
    '##INFO=<ID=AF,Number=1,Type=Float,Description="Allele Frequency">',
    '##INFO=<ID=SHIFT3,Number=1,Type=Integer,Description="No. of bases to be shifted to 3 prime for deletions due to alternative alignment">',
    '##INFO=<ID=MSI,Number=1,Type=Float,Description="MicroSatellite. > 1 indicates MSI">',
    '##INFO=<ID=MSILEN,Number=1,Type=Float,Description="MicroSatellite unit length in bp">',
    '##INFO=<ID=SSF,Number=1,Type=Float,Description="P-value">',
    '##INFO=<ID=SOR,Number=1,Type=Float,Description="Odds ratio">',
    '##INFO=<ID=LSEQ,Number=G,Type=String,Description="5\' flanking seq">',
    '##INFO=<ID=RSEQ,Number=G,Type=String,Description="3\' flanking seq">',
    '##FILTER=<ID=q22.5,Description="Mean Base Quality Below 22.5">',
    '##FILTER=<ID=Q10,Description="Mean Mapping Quality Below 10">',
    '##FILTER=<ID=p8,Description="Mean Position in Reads Less than 8">',
    '##FILTER=<ID=SN1.5,Description="Signal to Noise Less than 1.5">',
    '##FILTER=<ID=Bias,Description="Strand Bias">',
    '##FILTER=<ID=pSTD,Description="Position in Reads has STD of 0">',
    '##FILTER=<ID=d3,Description="Total Depth < 3">',
    '##FILTER=<ID=v2,Description="Var Depth < 2">',
    '##FILTER=<ID=f0.02,Description="Allele frequency < 0.02">',
    '##FILTER=<ID=P0.05,Description="Not significant with p-value > 0.05">',
    '##FILTER=<ID=MSI12,Description="Variant in MSI region with 12 non-monomer MSI or 13 monomer MSI">',
    '##FILTER=<ID=NM5.25,Description="Mean mismatches in reads >= 5.25, thus likely false positive">',
    '##FILTER=<ID=InGap,Description="The variant is in the deletion gap, thus likely false positive">',
    '##FILTER=<ID=InIns,Description="The variant is adjacent to an insertion variant">',
    '##FILTER=<ID=Cluster0bp,Description="Two variants are within 0 bp">',
    '##FILTER=<ID=LongMSI,Description="The somatic variant is flanked by long A/T (>=14)">',
    '##FILTER=<ID=AMPBIAS,Description="Indicate the variant has amplicon bias.">',
    '##FILTER=<ID=REJECT,Description="Not Somatic via VarDict">',
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
    '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Total Depth">',
    '##FORMAT=<ID=VD,Number=1,Type=Integer,Description="Variant Depth">',
    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths for the ref and alt alleles in the order listed">',
    '##FORMAT=<ID=AF,Number=1,Type=Float,Description="Allele Frequency">',
    '##FORMAT=<ID=RD,Number=2,Type=Integer,Description="Reference forward, reverse reads">',
    '##FORMAT=<ID=ALD,Number=2,Type=Integer,Description="Variant forward, reverse reads">',
] + contig_lines(GRCH38)

# (chrom, pos, ref, alt, filter, STATUS, TYPE, tumour (ref, alt, other), normal (ref, alt, other), MSI, note)
VARDICT_ROWS = [
    ("chr1", 114713908, "T", "C", "PASS", "StrongSomatic", "SNV", (70, 28, 1), (81, 0, 0), 1, "NRAS Q61R"),
    ("chr2", 208248388, "C", "T", "PASS", "StrongSomatic", "SNV", (44, 39, 0), (60, 0, 0), 1, "IDH1 R132H"),
    ("chr3", 179234297, "A", "G", "PASS", "StrongSomatic", "SNV", (65, 30, 0), (77, 0, 0), 2, "PIK3CA H1047R"),
    ("chr4", 1801841, "C", "G", "P0.05", "LikelySomatic", "SNV", (50, 2, 0), (41, 0, 0), 1, "FGFR3 S249C, not significant"),
    ("chr7", 55174772, "GGAATTAAGAGAAGCA", "G", "PASS", "StrongSomatic", "Deletion", (52, 31, 3), (70, 0, 0), 1, "EGFR exon 19 deletion"),
    ("chr7", 140753336, "A", "T", "PASS", "StrongSomatic", "SNV", (80, 35, 1), (90, 0, 0), 1, "BRAF V600E; DP counts 1 other-allele read"),
    ("chr10", 87933148, "G", "A", "PASS", "Germline", "SNV", (40, 37, 0), (44, 40, 0), 1, "germline het"),
    ("chr12", 25245350, "C", "T", "PASS", "StrongSomatic", "SNV", (90, 44, 0), (101, 0, 0), 1, "KRAS G12D"),
    ("chr13", 48367540, "C", "CA", "PASS", "LikelySomatic", "Insertion", (48, 12, 0), (55, 0, 0), 4, "insertion in A4"),
    ("chr17", 7673802, "C", "T", "PASS", "StrongLOH", "SNV", (3, 60, 0), (31, 30, 0), 1, "TP53 R273H, LOH"),
    ("chr17", 39711955, "C", "T", "PASS", "StrongSomatic", "SNV", (61, 18, 0), (66, 0, 0), 1, "ERBB2 S310F"),
    ("chr20", 58909365, "C", "T", "REJECT", "AFDiff", "SNV", (50, 5, 0), (40, 2, 0), 1, "REJECT"),
]


def vardict_sample(ref_n, alt_n, other, salt):
    dp = ref_n + alt_n + other
    af = alt_n / dp if dp else 0.0
    gt = "0/0" if alt_n == 0 else ("1/1" if ref_n == 0 or af > 0.9 else "0/1")
    rf, rr = split_half(ref_n, salt)
    af_, ar = split_half(alt_n, salt + 1)
    return f"{gt}:{dp}:{alt_n}:{ref_n},{alt_n}:{af:.4f}:{rf},{rr}:{af_},{ar}", dp, round(af, 4)


def make_vardict():
    tumor, normal = "TUMOR_V", "NORMAL_V"
    rows = []
    for i, (c, p, ref, alt, filt, status, typ, t, n, msi, note) in enumerate(VARDICT_ROWS):
        ts, tdp, taf = vardict_sample(*t, i)
        ns, ndp, _ = vardict_sample(*n, i + 3)
        end = p + len(ref) - 1
        info = (f"STATUS={status};SAMPLE={tumor};TYPE={typ};DP={tdp};END={end};VD={t[1]};AF={taf:.4f};"
                f"SHIFT3=0;MSI={msi:.3f};MSILEN=1.000;SSF={0.0001 * (i + 1):.4f};SOR={(i * 7) % 20 / 2:.5f};"
                "LSEQ=CTCACTGTAGCTGGCCTAGG;RSEQ=TGGAGCTGCCTTTGGATCGA")
        rows.append((c, p, ".", ref, alt, ".", filt, info, "GT:DP:VD:AD:AF:RD:ALD", ts, ns))
        if p in (140753336, 25245350, 55174772, 7673802):
            expect("vardict.vcf", c, p, ref, alt, tumor, tdp, t[1], f"{taf:.4f}",
                   f"FORMAT AF; AD {t[0]},{t[1]}; VD {t[1]}; STATUS={status}")
    write("vardict.vcf", VARDICT_HEADER, [tumor, normal], rows)


# --------------------------------------------------------------------------
# DRAGEN somatic tumour-normal, GRCh38
# --------------------------------------------------------------------------

DRAGEN_FILTERS = [
    ("PASS", "All filters passed"),
    ("alt_allele_in_normal", "Evidence seen in the normal sample"),
    ("base_quality", "Site filtered because median base quality of alt reads at this locus does not meet threshold"),
    ("filtered_reads", "Site filtered because too large a fraction of reads have been filtered out"),
    ("fragment_length", "Site filtered because absolute difference between the median fragment length of alt reads and median fragment length of ref reads at this locus exceeds threshold"),
    ("low_depth", "Site filtered because the read depth is too low"),
    ("low_frac_info_reads", "Site filtered because the fraction of informative reads is below threshold"),
    ("long_indel", "Site filtered because the indel length is too long"),
    ("mapping_quality", "Site filtered because median mapping quality of alt reads at this locus does not meet threshold"),
    ("multiallelic", "Site filtered because more than two alt alleles pass tumor LOD"),
    ("non_homref_normal", "Site filtered because the normal sample genotype is not homozygous reference"),
    ("no_reliable_supporting_read", "Site filtered because no reliable supporting somatic read exists"),
    ("panel_of_normals", "Seen in at least one sample in the panel of normals vcf"),
    ("read_position", "Site filtered because median of distances between start/end of read and this locus is below threshold"),
    ("RMxNRepeatRegion", "Site filtered because all or part of the variant allele is a repeat of the reference"),
    ("strand_artifact", "Site filtered because of severe strand bias"),
    ("str_contraction", "Site filtered due to suspected PCR error where the alt allele is one repeat unit less than the reference"),
    ("too_few_supporting_reads", "Site filtered because there are too few supporting reads in the tumor sample"),
    ("weak_evidence", "Somatic variant score does not meet threshold"),
]


def make_dragen():
    tumor, normal = "PT07_TUMOR", "PT07_NORMAL"
    h = ["##fileformat=VCFv4.2"]
    h += [f'##FILTER=<ID={i},Description="{d}">' for i, d in DRAGEN_FILTERS]
    h += [
        "##fileDate=20240219",
        '##DRAGENVersion=<ID=dragen,Version="SW: 07.021.645.4.0.3, HW: 07.021.645">',
        '##DRAGENCommandLine=<ID=dragen,Date="Mon Feb 19 11:02:41 UTC 2024",CommandLineOptions="-r /ref/hg38_alt_masked_graph_v2 '
        '--tumor-bam-input PT07_TUMOR.bam --bam-input PT07_NORMAL.bam --enable-variant-caller true --output-file-prefix PT07 '
        '--output-directory /out/PT07">',
        "##source=DRAGEN_SNV",
        "##reference=file:///ref/hg38_alt_masked_graph_v2/reference.bin",
    ]
    h += contig_lines(GRCH38)
    h += [
        '##INFO=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth (informative and non-informative); some reads may have been filtered based on mapq etc.">',
        '##INFO=<ID=MQ,Number=1,Type=Float,Description="RMS Mapping Quality">',
        '##INFO=<ID=FractionInformativeReads,Number=1,Type=Float,Description="The fraction of informative reads out of the total reads">',
        '##INFO=<ID=SOMATIC,Number=0,Type=Flag,Description="Somatic variant">',
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
        '##FORMAT=<ID=SQ,Number=A,Type=Float,Description="Somatic quality">',
        '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths (counting only informative reads out of the total reads) for the ref and alt alleles in the order listed">',
        '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fractions for alt alleles in the order listed">',
        '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth (reads with MQ=255 or with bad mates are filtered)">',
        '##FORMAT=<ID=F1R2,Number=R,Type=Integer,Description="Count of reads in F1R2 pair orientation supporting each allele">',
        '##FORMAT=<ID=F2R1,Number=R,Type=Integer,Description="Count of reads in F2R1 pair orientation supporting each allele">',
        '##FORMAT=<ID=SB,Number=4,Type=Integer,Description="Per-sample component statistics which comprise the Fisher\'s Exact Test to detect strand bias. Values are: depth of reference allele on forward strand, depth of reference allele on reverse strand, depth of alternate allele on forward strand, depth of alternate allele on reverse strand.">',
        '##FORMAT=<ID=MB,Number=4,Type=Integer,Description="Per-sample component statistics to detect mate bias. Values are: depth of reference allele on forward strand in read 1, depth of reference allele on forward strand in read 2, depth of alternate allele on forward strand in read 1, depth of alternate allele on forward strand in read 2.">',
    ]
    # (chrom, pos, ref, alt, filter, normal AD, tumour AD, SQ, note)
    data = [
        ("chr1", 114713908, "T", "C", "PASS", [72, 0], [58, 20], 45.12, "NRAS Q61R"),
        ("chr3", 179218303, "G", "A", "PASS", [66, 0], [61, 27], 51.07, "PIK3CA E545K"),
        ("chr7", 140753336, "A", "T", "PASS", [85, 0], [70, 30], 60.33, "BRAF V600E"),
        ("chr9", 21971120, "G", "A", "weak_evidence", [50, 0], [60, 3], 2.81, "weak evidence"),
        ("chr12", 25245351, "C", "A", "PASS", [99, 0], [80, 33], 58.90, "KRAS G12C"),
        ("chr13", 48367540, "CA", "C", "str_contraction", [45, 0], [44, 4], 4.50, "repeat contraction"),
        ("chr17", 7674221, "G", "A", "PASS", [70, 0], [33, 41], 66.62, "TP53 R248W"),
        ("chr19", 45351661, "T", "G", "non_homref_normal;alt_allele_in_normal", [40, 39], [42, 41], 0.01, "germline"),
        ("chrX", 77682471, "C", "A", "PASS", [35, 0], [36, 14], 27.40, "chrX"),
    ]
    rows = []
    for i, (c, p, ref, alt, filt, nad, tad, sq, note) in enumerate(data):
        samples = []
        for k, (ad, is_t) in enumerate(((nad, False), (tad, True))):
            tot = sum(ad)
            af = ad[1] / tot
            dp = tot + 1 + (i % 3)
            gt = "0/1" if is_t or ad[1] > 0 else "0/0"
            sqv = f"{sq:.2f}" if is_t else "."
            x1, y1 = split_half(ad[0], i + k)
            x2, y2 = split_half(ad[1], i + k + 1)
            samples.append((f"{gt}:{sqv}:{ad[0]},{ad[1]}:{af:.3f}:{dp}:{x1},{x2}:{y1},{y2}:{x1},{y1},{x2},{y2}:{y1},{x1},{y2},{x2}", dp, af))
        info = f"DP={samples[0][1] + samples[1][1]};MQ=60.00;FractionInformativeReads={0.96 + (i % 4) / 100:.3f}"
        rows.append((c, p, ".", ref, alt, ".", filt, info, "GT:SQ:AD:AF:DP:F1R2:F2R1:SB:MB", samples[0][0], samples[1][0]))
        if p in (140753336, 25245351, 7674221):
            expect("dragen.vcf", c, p, ref, alt, tumor, samples[1][1], tad[1], f"{round(samples[1][2], 3):.3f}",
                   f"FORMAT AF; AD {tad[0]},{tad[1]}; DP {samples[1][1]}; SQ {sq}")
    write("dragen.vcf", h, [normal, tumor], rows)


# --------------------------------------------------------------------------
# Custom tags: depth and VAF only in INFO/TDP, INFO/TVAF
# --------------------------------------------------------------------------


def make_custom():
    h = [
        "##fileformat=VCFv4.2",
        "##source=inhouse_panel_caller v0.9.2",
        "##reference=file:///data/ref/GRCh38_full_analysis_set_plus_decoy_hla.fa",
        '##FILTER=<ID=PASS,Description="All filters passed">',
        '##FILTER=<ID=LowQual,Description="Low variant quality">',
        '##INFO=<ID=TDP,Number=1,Type=Integer,Description="Tumour read depth at the site">',
        '##INFO=<ID=TVAF,Number=A,Type=Float,Description="Tumour variant allele fraction">',
        '##INFO=<ID=PANEL,Number=1,Type=String,Description="Panel target name">',
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
    ]
    data = [
        ("chr3", 179234297, "A", "G", "PASS", 412, 0.218, "PIK3CA_ex21"),
        ("chr7", 55191822, "T", "G", "PASS", 655, 0.3312, "EGFR_ex21"),
        ("chr7", 140753336, "A", "T", "PASS", 530, 0.27, "BRAF_ex15"),
        ("chr12", 25245350, "C", "T", "PASS", 802, 0.1425, "KRAS_ex2"),
        ("chr13", 48367540, "C", "T", "LowQual", 18, 0.061, "RB1_ex10"),
        ("chr17", 7673802, "C", "T", "PASS", 377, 0.511, "TP53_ex8"),
    ]
    rows = []
    for c, p, ref, alt, filt, tdp, tvaf, panel in data:
        rows.append((c, p, ".", ref, alt, "60", filt, f"TDP={tdp};TVAF={tvaf};PANEL={panel}", "GT", "0/1"))
        if p in (140753336, 25245350, 7673802):
            expect("custom_tags.vcf", c, p, ref, alt, "SAMPLE_C1", tdp, None, f"{tvaf}",
                   f"--depth-tag TDP --vaf-tag TVAF; no alt read count in the file (a reader that derives it gets round(TDP*TVAF) = {round(tdp * tvaf)}); no ##contig, build from ##reference")
    write("custom_tags.vcf", h, ["SAMPLE_C1"], rows)


# --------------------------------------------------------------------------
# VEP 110 annotated Mutect2 tumour-only, GRCh38
# --------------------------------------------------------------------------

CSQ_FIELDS = ("Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp|"
              "cDNA_position|CDS_position|Protein_position|Amino_acids|Codons|Existing_variation|DISTANCE|STRAND|FLAGS|"
              "VARIANT_CLASS|SYMBOL_SOURCE|HGNC_ID|CANONICAL|MANE_SELECT|MANE_PLUS_CLINICAL|TSL|APPRIS|CCDS|ENSP|SWISSPROT|"
              "TREMBL|UNIPARC|UNIPROT_ISOFORM|SIFT|PolyPhen|DOMAINS|HGVS_OFFSET|AF|gnomADe_AF|gnomADg_AF|MAX_AF|MAX_AF_POPS|"
              "CLIN_SIG|SOMATIC|PHENO").split("|")

VEP_HEADER_LINES = [
    '##VEP="v110" time="2023-11-02 14:21:37" cache="/opt/vep/.vep/homo_sapiens/110_GRCh38" ensembl-io=110.b1c1c6b '
    'ensembl-variation=110.d34d25e ensembl-funcgen=110.24e7b5d ensembl=110.ff5c2be 1000genomes="phase3" COSMIC="98" '
    'ClinVar="202301" dbSNP="154" gencode="GENCODE 44" genebuild="2014-07" gnomADe="r2.1.1" gnomADg="v3.1.2" '
    'polyphen="2.2.3" regbuild="1.0" sift="6.2.1" assembly="GRCh38.p14"',
    '##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. Format: '
    + "|".join(CSQ_FIELDS) + '">',
]


def csq(**kw):
    unknown = set(kw) - set(CSQ_FIELDS)
    if unknown:
        raise ValueError(unknown)
    return "|".join(str(kw.get(f, "")) for f in CSQ_FIELDS)


def gene_common(symbol, gene, hgnc, strand, kind="SNV"):
    return dict(SYMBOL=symbol, Gene=gene, HGNC_ID=hgnc, STRAND=strand, SYMBOL_SOURCE="HGNC",
                Feature_type="Transcript", VARIANT_CLASS=kind)


KRAS = gene_common("KRAS", "ENSG00000133703", "HGNC:6407", "-1")
BRAF = gene_common("BRAF", "ENSG00000157764", "HGNC:1097", "-1")
TP53 = gene_common("TP53", "ENSG00000141510", "HGNC:11998", "-1")
EGFR = gene_common("EGFR", "ENSG00000146648", "HGNC:3236", "1")
PTEN = gene_common("PTEN", "ENSG00000171862", "HGNC:9588", "1")
ERCC2 = gene_common("ERCC2", "ENSG00000104884", "HGNC:3434", "-1")
ATM = gene_common("ATM", "ENSG00000149311", "HGNC:795", "1")
RB1 = gene_common("RB1", "ENSG00000139687", "HGNC:9884", "1")
TTN = gene_common("TTN", "ENSG00000155657", "HGNC:12403", "-1")

MANE = dict(CANONICAL="YES", TSL="1", APPRIS="P1", BIOTYPE="protein_coding")


def vep_records():
    """(chrom, pos, ref, alt, filter, AD, [csq entries], note, expected pick)"""
    R = []
    # 1. KRAS G12D: first entry is KRAS-4A (not MANE); MANE Select is ENST00000311936.8
    kras_base = dict(KRAS, Allele="T", Consequence="missense_variant", IMPACT="MODERATE", Amino_acids="G/D",
                     Codons="gGt/gAt", Existing_variation="rs121913529&COSV55497369", Protein_position="12",
                     SIFT="deleterious(0)", CLIN_SIG="likely_pathogenic&pathogenic", SOMATIC="0&1", PHENO="1&1",
                     EXON="2/6", DOMAINS="Gene3D:3.40.50.300&Pfam:PF00071&PROSITE_profiles:PS51421&SMART:SM00173&Superfamily:SSF52540")
    R.append(("chr12", 25245350, "C", "T", "PASS", [140, 39], [
        csq(**kras_base, Feature="ENST00000256078.10", BIOTYPE="protein_coding", HGVSc="ENST00000256078.10:c.35G>A",
            HGVSp="ENSP00000256078.5:p.Gly12Asp", cDNA_position="225", CDS_position="35", TSL="1", APPRIS="A1",
            CCDS="CCDS8703.1", ENSP="ENSP00000256078", SWISSPROT="P01116.247", UNIPARC="UPI000013EDA9",
            UNIPROT_ISOFORM="P01116-1", PolyPhen="probably_damaging(0.95)"),
        csq(**kras_base, **MANE, Feature="ENST00000311936.8", HGVSc="ENST00000311936.8:c.35G>A",
            HGVSp="ENSP00000308495.3:p.Gly12Asp", cDNA_position="225", CDS_position="35", MANE_SELECT="NM_004985.5",
            CCDS="CCDS8702.1", ENSP="ENSP00000308495", SWISSPROT="P01116.247", UNIPARC="UPI0000133132",
            UNIPROT_ISOFORM="P01116-2", PolyPhen="benign(0.37)"),
        csq(**dict(KRAS, Allele="T", Consequence="missense_variant&NMD_transcript_variant", IMPACT="MODERATE",
                   Feature="ENST00000557334.5", BIOTYPE="nonsense_mediated_decay", EXON="2/3",
                   HGVSc="ENST00000557334.5:c.35G>A", HGVSp="ENSP00000452512.1:p.Gly12Asp", cDNA_position="231",
                   CDS_position="35", Protein_position="12", Amino_acids="G/D", Codons="gGt/gAt", TSL="5",
                   ENSP="ENSP00000452512", Existing_variation="rs121913529&COSV55497369")),
    ], "KRAS G12D", ("KRAS", "ENST00000311936.8", "p.G12D", "ENSP00000308495.3:p.Gly12Asp")))

    # 2. BRAF V600E: MANE Plus Clinical first (p.V640E), MANE Select second
    braf_base = dict(BRAF, Allele="T", Consequence="missense_variant", IMPACT="MODERATE", Amino_acids="V/E",
                     Codons="gTg/gAg", Existing_variation="rs113488022&COSV56056643", SIFT="deleterious(0)",
                     PolyPhen="probably_damaging(0.967)", CLIN_SIG="pathogenic&likely_pathogenic", SOMATIC="0&1", PHENO="1&1")
    R.append(("chr7", 140753336, "A", "T", "PASS", [96, 37], [
        csq(**braf_base, Feature="ENST00000644969.2", BIOTYPE="protein_coding", EXON="16/19",
            HGVSc="ENST00000644969.2:c.1919T>A", HGVSp="ENSP00000496776.1:p.Val640Glu", cDNA_position="2065",
            CDS_position="1919", Protein_position="640", MANE_PLUS_CLINICAL="NM_001374258.1", ENSP="ENSP00000496776",
            UNIPARC="UPI000EAB2C60"),
        csq(**braf_base, **MANE, Feature="ENST00000646891.2", EXON="15/18", HGVSc="ENST00000646891.2:c.1799T>A",
            HGVSp="ENSP00000493543.1:p.Val600Glu", cDNA_position="1860", CDS_position="1799", Protein_position="600",
            MANE_SELECT="NM_004333.6", CCDS="CCDS5863.1", ENSP="ENSP00000493543", SWISSPROT="P15056.236",
            UNIPARC="UPI000013DF26", UNIPROT_ISOFORM="P15056-1",
            DOMAINS="PROSITE_profiles:PS50011&Pfam:PF07714&SMART:SM00220&Superfamily:SSF56112"),
        csq(**braf_base, Feature="ENST00000288602.11", BIOTYPE="protein_coding", EXON="15/18", TSL="5",
            HGVSc="ENST00000288602.11:c.1799T>A", HGVSp="ENSP00000288602.7:p.Val600Glu", cDNA_position="1860",
            CDS_position="1799", Protein_position="600", ENSP="ENSP00000288602", UNIPARC="UPI000013DF26"),
    ], "BRAF V600E", ("BRAF", "ENST00000646891.2", "p.V600E", "ENSP00000493543.1:p.Val600Glu")))

    # 3. TP53 R273H
    tp53_mis = dict(TP53, Allele="T", Consequence="missense_variant", IMPACT="MODERATE", Amino_acids="R/H",
                    Codons="cGt/cAt", Existing_variation="rs28934576&CM920675&COSV52661580", SIFT="deleterious(0)",
                    PolyPhen="probably_damaging(0.999)", CLIN_SIG="pathogenic&likely_pathogenic", SOMATIC="0&1&1", PHENO="1&1&1")
    R.append(("chr17", 7673802, "C", "T", "PASS", [55, 61], [
        csq(**tp53_mis, Feature="ENST00000610292.4", BIOTYPE="protein_coding", EXON="7/11",
            HGVSc="ENST00000610292.4:c.701G>A", HGVSp="ENSP00000478219.1:p.Arg234His", cDNA_position="909",
            CDS_position="701", Protein_position="234", TSL="1", ENSP="ENSP00000478219"),
        csq(**tp53_mis, **MANE, Feature="ENST00000269305.9", EXON="8/11", HGVSc="ENST00000269305.9:c.818G>A",
            HGVSp="ENSP00000269305.4:p.Arg273His", cDNA_position="960", CDS_position="818", Protein_position="273",
            MANE_SELECT="NM_000546.6", CCDS="CCDS11118.1", ENSP="ENSP00000269305", SWISSPROT="P04637.280",
            UNIPARC="UPI000002ED67", UNIPROT_ISOFORM="P04637-1",
            DOMAINS="Gene3D:2.60.40.720&Pfam:PF00870&Superfamily:SSF49417&PANTHER:PTHR11447"),
        csq(**tp53_mis, Feature="ENST00000445888.6", BIOTYPE="protein_coding", EXON="8/11", TSL="1",
            HGVSc="ENST00000445888.6:c.818G>A", HGVSp="ENSP00000391478.2:p.Arg273His", cDNA_position="876",
            CDS_position="818", Protein_position="273", ENSP="ENSP00000391478"),
    ], "TP53 R273H", ("TP53", "ENST00000269305.9", "p.R273H", "ENSP00000269305.4:p.Arg273His")))

    # 4. TP53 frameshift c.742dup (minus strand; plus-strand G inserted after 7674220)
    tp53_fs = dict(TP53, Allele="G", Consequence="frameshift_variant", IMPACT="HIGH", VARIANT_CLASS="insertion",
                   Amino_acids="R/PX", Codons="cgg/cCgg", HGVS_OFFSET="1")
    R.append(("chr17", 7674220, "C", "CG", "PASS", [70, 33], [
        csq(**tp53_fs, **MANE, Feature="ENST00000269305.9", EXON="7/11", HGVSc="ENST00000269305.9:c.742dup",
            HGVSp="ENSP00000269305.4:p.Arg248ProfsTer98", cDNA_position="883-884", CDS_position="741-742",
            Protein_position="247-248", MANE_SELECT="NM_000546.6", CCDS="CCDS11118.1", ENSP="ENSP00000269305",
            SWISSPROT="P04637.280"),
        csq(**tp53_fs, Feature="ENST00000610292.4", BIOTYPE="protein_coding", EXON="6/11", TSL="1",
            HGVSc="ENST00000610292.4:c.625dup", HGVSp="ENSP00000478219.1:p.Arg209ProfsTer98", cDNA_position="832-833",
            CDS_position="624-625", Protein_position="208-209", ENSP="ENSP00000478219"),
        csq(**dict(TP53, Allele="G", Consequence="upstream_gene_variant", IMPACT="MODIFIER", VARIANT_CLASS="insertion",
                   Feature="ENST00000604348.6", BIOTYPE="retained_intron", DISTANCE="1821", TSL="2")),
    ], "TP53 frameshift", ("TP53", "ENST00000269305.9", "p.R248Pfs*98", "ENSP00000269305.4:p.Arg248ProfsTer98")))

    # 5. EGFR L858R with empty HGVSp on every entry (protein change from Protein_position + Amino_acids)
    egfr_mis = dict(EGFR, Allele="G", Consequence="missense_variant", IMPACT="MODERATE", Amino_acids="L/R",
                    Codons="cTg/cGg", Existing_variation="rs121434568&COSV51765161", SIFT="deleterious(0)",
                    PolyPhen="probably_damaging(0.999)", CLIN_SIG="drug_response&pathogenic", SOMATIC="0&1", PHENO="1&1")
    R.append(("chr7", 55191822, "T", "G", "PASS", [120, 29], [
        csq(**egfr_mis, **MANE, Feature="ENST00000275493.7", EXON="21/28", HGVSc="ENST00000275493.7:c.2573T>G",
            HGVSp="", cDNA_position="2834", CDS_position="2573", Protein_position="858", MANE_SELECT="NM_005228.5",
            CCDS="CCDS5514.1", ENSP="ENSP00000275493", SWISSPROT="P00533.268", UNIPARC="UPI000003E750",
            UNIPROT_ISOFORM="P00533-1"),
        csq(**egfr_mis, Feature="ENST00000455089.5", BIOTYPE="protein_coding", EXON="20/26", TSL="1",
            HGVSc="ENST00000455089.5:c.2438T>G", HGVSp="", cDNA_position="2538", CDS_position="2438",
            Protein_position="813", ENSP="ENSP00000415559"),
    ], "EGFR L858R, empty HGVSp", ("EGFR", "ENST00000275493.7", "p.L858R", "")))

    # 6. multi-allelic PTEN R130Q / R130L: one CSQ per ALT allele
    pten = dict(PTEN, IMPACT="MODERATE", Consequence="missense_variant", **MANE, Feature="ENST00000371953.8",
                EXON="5/9", cDNA_position="1746", CDS_position="389", Protein_position="130",
                MANE_SELECT="NM_000314.8", CCDS="CCDS31238.1", ENSP="ENSP00000361021", SWISSPROT="P60484.225")
    R.append(("chr10", 87933148, "G", "A,T", "PASS", [80, 22, 9], [
        csq(**pten, Allele="A", HGVSc="ENST00000371953.8:c.389G>A", HGVSp="ENSP00000361021.3:p.Arg130Gln",
            Amino_acids="R/Q", Codons="cGa/cAa", Existing_variation="rs121909229&COSV64288921", SIFT="deleterious(0)"),
        csq(**pten, Allele="T", HGVSc="ENST00000371953.8:c.389G>T", HGVSp="ENSP00000361021.3:p.Arg130Leu",
            Amino_acids="R/L", Codons="cGa/cTa", Existing_variation="rs121909229&COSV64288921", SIFT="deleterious(0)"),
    ], "PTEN two ALTs", ("PTEN", "ENST00000371953.8", "p.R130Q / p.R130L", "")))

    # 7. Common germline SNP ERCC2 K751Q (gnomAD AF ~0.3)
    R.append(("chr19", 45351661, "T", "G", "germline", [52, 49], [
        csq(**dict(ERCC2, **MANE), Allele="G", Consequence="missense_variant", IMPACT="MODERATE",
            Feature="ENST00000391945.10", EXON="23/23", HGVSc="ENST00000391945.10:c.2251A>C",
            HGVSp="ENSP00000375809.4:p.Lys751Gln", cDNA_position="2296", CDS_position="2251", Protein_position="751",
            Amino_acids="K/Q", Codons="Aag/Cag", Existing_variation="rs13181", MANE_SELECT="NM_000400.4",
            ENSP="ENSP00000375809", SIFT="tolerated(1)", PolyPhen="benign(0)", AF="0.2628", gnomADe_AF="0.3151",
            gnomADg_AF="0.2985", MAX_AF="0.4227", MAX_AF_POPS="gnomADe_ASJ", CLIN_SIG="benign"),
        csq(**ERCC2, Allele="G", Consequence="3_prime_UTR_variant&NMD_transcript_variant", IMPACT="MODIFIER",
            Feature="ENST00000485403.6", BIOTYPE="nonsense_mediated_decay", EXON="22/22",
            HGVSc="ENST00000485403.6:c.*322A>C", cDNA_position="2473", Existing_variation="rs13181", TSL="1",
            AF="0.2628", gnomADe_AF="0.3151", gnomADg_AF="0.2985", MAX_AF="0.4227", MAX_AF_POPS="gnomADe_ASJ"),
    ], "common SNP, gnomAD 0.3", ("ERCC2", "ENST00000391945.10", "p.K751Q", "")))

    # 8. Common germline SNP TP53 P72R, but FILTER PASS (tumour-only: only gnomAD tells it is germline)
    R.append(("chr17", 7676154, "G", "C", "PASS", [60, 58], [
        csq(**dict(TP53, **MANE), Allele="C", Consequence="missense_variant", IMPACT="MODERATE",
            Feature="ENST00000269305.9", EXON="4/11", HGVSc="ENST00000269305.9:c.215C>G",
            HGVSp="ENSP00000269305.4:p.Pro72Arg", cDNA_position="357", CDS_position="215", Protein_position="72",
            Amino_acids="P/R", Codons="cCc/cGc", Existing_variation="rs1042522&CM003811", MANE_SELECT="NM_000546.6",
            ENSP="ENSP00000269305", SIFT="tolerated(0.23)", PolyPhen="benign(0.05)", AF="0.5429",
            gnomADe_AF="0.6574", gnomADg_AF="0.6107", MAX_AF="0.8489", MAX_AF_POPS="EAS", CLIN_SIG="benign&drug_response"),
    ], "common SNP PASS", ("TP53", "ENST00000269305.9", "p.P72R", "")))

    # 8b. Common germline SNP XRCC1 R399Q (gnomAD ~0.28), FILTER PASS
    R.append(("chr19", 43551574, "C", "T", "PASS", [71, 66], [
        csq(**dict(gene_common("XRCC1", "ENSG00000073050", "HGNC:12828", "-1"), **MANE), Allele="T",
            Consequence="missense_variant", IMPACT="MODERATE", Feature="ENST00000262887.10", EXON="10/17",
            HGVSc="ENST00000262887.10:c.1196G>A", HGVSp="ENSP00000262887.5:p.Arg399Gln", cDNA_position="1291",
            CDS_position="1196", Protein_position="399", Amino_acids="R/Q", Codons="cGg/cAg",
            Existing_variation="rs25487", MANE_SELECT="NM_006297.3", ENSP="ENSP00000262887",
            SIFT="tolerated(0.29)", PolyPhen="benign(0.011)", AF="0.2746", gnomADe_AF="0.2791",
            gnomADg_AF="0.2655", MAX_AF="0.3704", MAX_AF_POPS="gnomADe_NFE", CLIN_SIG="benign"),
    ], "common SNP PASS, gnomAD 0.28", ("XRCC1", "ENST00000262887.10", "p.R399Q", "ENSP00000262887.5:p.Arg399Gln")))

    # 9. EGFR Q787= common synonymous SNP; VEP escapes '=' as %3D
    R.append(("chr7", 55181370, "G", "A", "germline", [48, 47], [
        csq(**dict(EGFR, **MANE), Allele="A", Consequence="synonymous_variant", IMPACT="LOW",
            Feature="ENST00000275493.7", EXON="20/28", HGVSc="ENST00000275493.7:c.2361G>A",
            HGVSp="ENST00000275493.7:c.2361G>A(p.%3D)", cDNA_position="2622", CDS_position="2361",
            Protein_position="787", Amino_acids="Q", Codons="caG/caA", Existing_variation="rs1050171",
            MANE_SELECT="NM_005228.5", ENSP="ENSP00000275493", AF="0.4581", gnomADe_AF="0.4795", gnomADg_AF="0.4588",
            MAX_AF="0.6201", MAX_AF_POPS="EAS", CLIN_SIG="benign"),
    ], "synonymous common SNP", ("EGFR", "ENST00000275493.7", "p.Q787=", "")))

    # 10. somatic synonymous in ATM (HGVSp with %3D)
    R.append(("chr11", 108250900, "C", "T", "PASS", [88, 19], [
        csq(**dict(ATM, **MANE), Allele="T", Consequence="synonymous_variant", IMPACT="LOW",
            Feature="ENST00000675843.1", EXON="10/63", HGVSc="ENST00000675843.1:c.1065C>T",
            HGVSp="ENSP00000501606.1:p.Ser355%3D", cDNA_position="1449", CDS_position="1065", Protein_position="355",
            Amino_acids="S", Codons="agC/agT", MANE_SELECT="NM_000051.4", ENSP="ENSP00000501606"),
        csq(**ATM, Allele="T", Consequence="synonymous_variant", IMPACT="LOW", Feature="ENST00000278616.9",
            BIOTYPE="protein_coding", EXON="10/63", HGVSc="ENST00000278616.9:c.1065C>T",
            HGVSp="ENSP00000278616.4:p.Ser355%3D", cDNA_position="1449", CDS_position="1065", Protein_position="355",
            Amino_acids="S", Codons="agC/agT", TSL="5", ENSP="ENSP00000278616"),
    ], "somatic synonymous", ("ATM", "ENST00000675843.1", "p.S355=", "")))

    # 11-12. intronic
    R.append(("chr13", 48363811, "A", "G", "PASS", [77, 14], [
        csq(**dict(RB1, **MANE), Allele="G", Consequence="intron_variant", IMPACT="MODIFIER",
            Feature="ENST00000267163.6", INTRON="8/26", HGVSc="ENST00000267163.6:c.787+2854A>G",
            MANE_SELECT="NM_000321.3", ENSP="ENSP00000267163"),
        csq(**RB1, Allele="G", Consequence="intron_variant&non_coding_transcript_variant", IMPACT="MODIFIER",
            Feature="ENST00000467505.5", BIOTYPE="processed_transcript", INTRON="3/5",
            HGVSc="ENST00000467505.5:n.380+2854A>G", TSL="3"),
    ], "intronic", ("RB1", "ENST00000267163.6", None, "")))
    R.append(("chr17", 7675610, "G", "A", "PASS", [66, 12], [
        csq(**dict(TP53, **MANE), Allele="A", Consequence="intron_variant", IMPACT="MODIFIER",
            Feature="ENST00000269305.9", INTRON="4/10", HGVSc="ENST00000269305.9:c.375+384C>T",
            MANE_SELECT="NM_000546.6", ENSP="ENSP00000269305"),
    ], "intronic", ("TP53", "ENST00000269305.9", None, "")))

    # 13. TTN missense, weak_evidence
    R.append(("chr2", 178607900, "C", "A", "weak_evidence", [90, 4], [
        csq(**dict(TTN, **MANE), Allele="A", Consequence="missense_variant", IMPACT="MODERATE",
            Feature="ENST00000589042.5", EXON="276/363", HGVSc="ENST00000589042.5:c.61433G>T",
            HGVSp="ENSP00000467141.1:p.Gly20478Val", cDNA_position="61658", CDS_position="61433",
            Protein_position="20478", Amino_acids="G/V", Codons="gGt/gTt", MANE_SELECT="NM_001267550.2",
            ENSP="ENSP00000467141", SIFT="deleterious(0.01)", PolyPhen="possibly_damaging(0.61)"),
    ], "weak evidence", ("TTN", "ENST00000589042.5", "p.G20478V", "")))

    # 14. intergenic
    R.append(("chr5", 1295113, "G", "A", "PASS", [35, 11], [
        csq(Allele="A", Consequence="intergenic_variant", IMPACT="MODIFIER", VARIANT_CLASS="SNV"),
    ], "intergenic (TERT promoter region neighbourhood)", (None, None, None, "")))
    return R


def make_tumor_only_vep():
    tumor = "TUMOR_ONLY_T"
    h = m2_header(tumor, None, cmd_extra="")[:-1]  # drop ##tumor_sample, re-added after VEP lines below
    h = [x for x in h if not x.startswith("##normal_sample")]
    h.append(f"##tumor_sample={tumor}")
    h += VEP_HEADER_LINES
    rows = []
    recs = sorted(vep_records(), key=lambda r: (contig_rank(GRCH38)[r[0]], r[1]))
    for i, (c, p, ref, alt, filt, ad, csqs, note, pick) in enumerate(recs):
        alts = alt.split(",")
        ts, tafs, tdp = m2_sample(ad, 1 + i % 4, i, True)
        info = mutect2_info(i, ref, alts, filt, [0] * (len(alts) + 1), ad, "")
        info = ";".join(p_ for p_ in info.split(";") if not p_.startswith(("NALOD", "NLOD")))
        info += ";CSQ=" + ",".join(csqs)
        rows.append((c, p, ".", ref, alt, ".", filt, info, "GT:AD:AF:DP:F1R2:F2R1:SB", ts))
        if p in (25245350, 140753336, 7674220, 55191822, 87933148, 43551574):
            for k, a in enumerate(alts):
                pc = pick[2].split(" / ")[k]
                expect("tumor_only_vep.vcf", c, p, ref, a, tumor, tdp, ad[k + 1], f3(tafs[k]),
                       f"pick {pick[1]} -> {pc}" + (f" ({pick[3]})" if pick[3] else " (HGVSp from CSQ entry of this ALT)" if len(alts) > 1 else " (HGVSp empty)"))
        VEP_PICKS.append((c, p, ref, alt, filt, note, pick))
    write("tumor_only_vep.vcf", h, [tumor], rows)


VEP_PICKS = []


# --------------------------------------------------------------------------
# SnpEff 5 ANN (and legacy EFF), GRCh37
# --------------------------------------------------------------------------

ANN_HEADER = [
    '##SnpEffVersion="5.1d (build 2022-04-19 15:49), by Pablo Cingolani"',
    '##SnpEffCmd="SnpEff  -noStats -canon GRCh37.75 calls.vcf "',
    "##INFO=<ID=ANN,Number=.,Type=String,Description=\"Functional annotations: 'Allele | Annotation | Annotation_Impact | Gene_Name | Gene_ID | Feature_Type | Feature_ID | Transcript_BioType | Rank | HGVS.c | HGVS.p | cDNA.pos / cDNA.length | CDS.pos / CDS.length | AA.pos / AA.length | Distance | ERRORS / WARNINGS / INFO' \">",
    "##INFO=<ID=LOF,Number=.,Type=String,Description=\"Predicted loss of function effects for this variant. Format: 'Gene_Name | Gene_ID | Number_of_transcripts_in_gene | Percent_of_transcripts_affected'\">",
    "##INFO=<ID=NMD,Number=.,Type=String,Description=\"Predicted nonsense mediated decay effects for this variant. Format: 'Gene_Name | Gene_ID | Number_of_transcripts_in_gene | Percent_of_transcripts_affected'\">",
]


def ann(*f):
    assert len(f) == 16, f
    return "|".join(f)


def snpeff_records():
    K = ("KRAS", "ENSG00000133703")
    P = ("PIK3CA", "ENSG00000121879")
    A = ("APC", "ENSG00000134982")
    T = ("TP53", "ENSG00000141510")
    return [
        ("3", 178952085, "A", "G", "PASS", [70, 31], [
            ann("G", "missense_variant", "MODERATE", *P, "transcript", "ENST00000263967.3", "protein_coding", "21/21",
                "c.3140A>G", "p.His1047Arg", "3297/3724", "3140/3207", "1047/1068", "", ""),
        ], "", "PIK3CA H1047R", ("PIK3CA", "ENST00000263967.3", "p.H1047R")),
        ("5", 112175639, "C", "T", "PASS", [66, 28], [
            ann("T", "stop_gained", "HIGH", *A, "transcript", "ENST00000257430.4", "protein_coding", "16/16",
                "c.4348C>T", "p.Arg1450*", "4405/10740", "4348/8532", "1450/2843", "", ""),
            ann("T", "stop_gained", "HIGH", *A, "transcript", "ENST00000508376.2", "protein_coding", "17/17",
                "c.4348C>T", "p.Arg1450*", "4461/10796", "4348/8532", "1450/2843", "", ""),
        ], ";LOF=(APC|ENSG00000134982|11|0.18)", "APC truncating", ("APC", "ENST00000257430.4", "p.R1450*")),
        ("7", 55249063, "G", "A", "PASS", [50, 44], [
            ann("A", "synonymous_variant", "LOW", "EGFR", "ENSG00000146648", "transcript", "ENST00000275493.2",
                "protein_coding", "20/28", "c.2361G>A", "p.Gln787Gln", "2607/9821", "2361/3633", "787/1210", "", ""),
        ], "", "synonymous (HGVS.p p.Gln787Gln; p.Q787Q if converted literally)", ("EGFR", "ENST00000275493.2", "p.Q787=")),
        ("12", 25398285, "C", "A", "PASS", [95, 33], [
            ann("A", "missense_variant", "MODERATE", *K, "transcript", "ENST00000256078.4", "protein_coding", "2/6",
                "c.34G>T", "p.Gly12Cys", "98/1119", "34/570", "12/189", "", ""),
            ann("A", "missense_variant", "MODERATE", *K, "transcript", "ENST00000311936.3", "protein_coding", "2/5",
                "c.34G>T", "p.Gly12Cys", "98/5312", "34/567", "12/188", "", ""),
            ann("A", "missense_variant", "MODERATE", *K, "transcript", "ENST00000557334.1", "nonsense_mediated_decay", "2/3",
                "c.34G>T", "p.Gly12Cys", "101/1279", "34/228", "12/75", "", "WARNING_TRANSCRIPT_NO_STOP_CODON"),
        ], "", "KRAS G12C", ("KRAS", "ENST00000256078.4", "p.G12C")),
        ("13", 48942700, "T", "C", "PASS", [61, 12], [
            ann("C", "intron_variant", "MODIFIER", "RB1", "ENSG00000139687", "transcript", "ENST00000267163.4",
                "protein_coding", "9/26", "c.940-1254T>C", "", "", "", "", "", ""),
        ], "", "intronic", ("RB1", "ENST00000267163.4", None)),
        ("17", 7577538, "C", "CG", "PASS", [58, 30], [
            ann("CG", "frameshift_variant", "HIGH", *T, "transcript", "ENST00000269305.4", "protein_coding", "7/11",
                "c.742dupC", "p.Arg248fs", "932/2579", "742/1182", "248/393", "", "INFO_REALIGN_3_PRIME"),
            ann("CG", "frameshift_variant", "HIGH", *T, "transcript", "ENST00000420246.2", "protein_coding", "7/12",
                "c.742dupC", "p.Arg248fs", "884/2653", "742/1026", "248/341", "", "INFO_REALIGN_3_PRIME"),
        ], ";LOF=(TP53|ENSG00000141510|17|0.82);NMD=(TP53|ENSG00000141510|17|0.41)", "TP53 frameshift",
            ("TP53", "ENST00000269305.4", "p.R248fs")),
        ("19", 45854919, "T", "G,C", "PASS", [40, 22, 6], [
            ann("G", "missense_variant", "MODERATE", "ERCC2", "ENSG00000104884", "transcript", "ENST00000391945.4",
                "protein_coding", "23/23", "c.2251A>C", "p.Lys751Gln", "2299/2566", "2251/2283", "751/760", "", ""),
            ann("C", "missense_variant", "MODERATE", "ERCC2", "ENSG00000104884", "transcript", "ENST00000391945.4",
                "protein_coding", "23/23", "c.2251A>G", "p.Lys751Glu", "2299/2566", "2251/2283", "751/760", "", ""),
        ], "", "two ALTs, one ANN each", ("ERCC2", "ENST00000391945.4", "p.K751Q / p.K751E")),
        ("22", 30068440, "A", "G", "PASS", [40, 9], [
            ann("G", "intergenic_region", "MODIFIER", "MTMR3-HORMAD2", "ENSG00000100330-ENSG00000176635",
                "intergenic_region", "ENSG00000100330-ENSG00000176635", "", "", "n.30068440A>G", "", "", "", "", "", ""),
        ], "", "intergenic", (None, None, None)),
    ]


def make_snpeff():
    sample = "S1_TUMOR"
    h = [
        "##fileformat=VCFv4.2",
        '##FILTER=<ID=PASS,Description="All filters passed">',
        "##source=Mutect2",
        f"##tumor_sample={sample}",
        "##reference=file:///ref/human_g1k_v37.fasta",
    ] + contig_lines(GRCH37) + [
        '##INFO=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth; some reads may have been filtered">',
        '##INFO=<ID=TLOD,Number=A,Type=Float,Description="Log 10 likelihood ratio score of variant existing versus not existing">',
    ] + M2_FORMAT + ANN_HEADER
    rows = []
    for i, (c, p, ref, alt, filt, ad, anns, extra, note, pick) in enumerate(snpeff_records()):
        ts, tafs, tdp = m2_sample(ad, 2, i, True)
        fmt = "GT:AD:AF:DP:F1R2:F2R1:SB"
        tlod = ",".join(f"{a * 3.1:.2f}" for a in ad[1:])
        rows.append((c, p, ".", ref, alt, ".", filt, f"DP={tdp};TLOD={tlod};ANN=" + ",".join(anns) + extra, fmt, ts))
        if p in (25398285, 178952085, 112175639):
            expect("snpeff.vcf", c, p, ref, alt, sample, tdp, ad[1], f3(tafs[0]), f"pick {pick[1]} -> {pick[2]}")
        SNPEFF_PICKS.append((c, p, ref, alt, note, pick))
    write("snpeff.vcf", h, [sample], rows)

    # legacy EFF (SnpEff 3.6)
    h2 = [
        "##fileformat=VCFv4.1",
        '##FILTER=<ID=PASS,Description="All filters passed">',
        "##reference=file:///ref/human_g1k_v37.fasta",
    ] + contig_lines(GRCH37) + [
        '##INFO=<ID=DP,Number=1,Type=Integer,Description="Total depth">',
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
        '##FORMAT=<ID=AD,Number=.,Type=Integer,Description="Allelic depths for the ref and alt alleles in the order listed">',
        '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth (reads with MQ=255 or with bad mates are filtered)">',
        '##SnpEffVersion="3.6c (build 2014-05-20), by Pablo Cingolani"',
        '##SnpEffCmd="SnpEff  GRCh37.75 calls.vcf "',
        "##INFO=<ID=EFF,Number=.,Type=String,Description=\"Predicted effects for this variant.Format: 'Effect ( Effect_Impact | Functional_Class | Codon_Change | Amino_Acid_Change| Amino_Acid_Length | Gene_Name | Transcript_BioType | Gene_Coding | Transcript_ID | Exon_Rank  | Genotype_Number [ | ERRORS | WARNINGS ] )' \">",
    ]
    eff = [
        ("3", 178952085, "A", "G", [70, 31], "NON_SYNONYMOUS_CODING(MODERATE|MISSENSE|cAt/cGt|H1047R|1068|PIK3CA|protein_coding|CODING|ENST00000263967|21|1)"),
        ("5", 112175639, "C", "T", [66, 28], "STOP_GAINED(HIGH|NONSENSE|Cga/Tga|R1450*|2843|APC|protein_coding|CODING|ENST00000257430|16|1),"
                                            "STOP_GAINED(HIGH|NONSENSE|Cga/Tga|R1450*|2843|APC|protein_coding|CODING|ENST00000508376|17|1)"),
        ("7", 55249063, "G", "A", [50, 44], "SYNONYMOUS_CODING(LOW|SILENT|caG/caA|Q787|1210|EGFR|protein_coding|CODING|ENST00000275493|20|1)"),
        ("12", 25398285, "C", "A", [95, 33], "NON_SYNONYMOUS_CODING(MODERATE|MISSENSE|Ggt/Tgt|G12C|188|KRAS|protein_coding|CODING|ENST00000311936|2|1),"
                                             "NON_SYNONYMOUS_CODING(MODERATE|MISSENSE|Ggt/Tgt|G12C|189|KRAS|protein_coding|CODING|ENST00000256078|2|1)"),
        ("13", 48942700, "T", "C", [61, 12], "INTRON(MODIFIER||||893|RB1|protein_coding|CODING|ENST00000267163|9|1)"),
        ("17", 7577538, "C", "CG", [58, 30], "FRAME_SHIFT(HIGH||-/G|R248fs|393|TP53|protein_coding|CODING|ENST00000269305|7|1)"),
    ]
    rows = []
    for c, p, ref, alt, ad, e in eff:
        dp = sum(ad) + 3
        rows.append((c, p, ".", ref, alt, "212.77", "PASS", f"DP={dp};EFF={e}", "GT:AD:DP", f"0/1:{ad[0]},{ad[1]}:{dp}"))
        if p in (25398285, 112175639):
            expect("snpeff_eff.vcf", c, p, ref, alt, "S2_TUMOR", dp, ad[1], f"{ad[1] / sum(ad):.4f}",
                   "no AF field: VAF = AD alt / sum(AD)")
    write("snpeff_eff.vcf", h2, ["S2_TUMOR"], rows)


SNPEFF_PICKS = []


# --------------------------------------------------------------------------


def compressed():
    src = os.path.join(HERE, "mutect2_tn.vcf")
    gz = os.path.join(HERE, "mutect2_tn.vcf.gz")
    for tool in ("bgzip", "tabix", "bcftools"):
        if not shutil.which(tool):
            print(f"warning: {tool} missing; compressed copies not refreshed", file=sys.stderr)
            return
    with open(gz, "wb") as out:
        subprocess.run(["bgzip", "-c", src], stdout=out, check=True)
    subprocess.run(["tabix", "-f", "-p", "vcf", gz], check=True)
    # plain (non-BGZF) gzip, fixed mtime so the bytes are reproducible
    with open(src, "rb") as fin, open(os.path.join(HERE, "mutect2_tn.plain.vcf.gz"), "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gzf:
            gzf.write(fin.read())
    subprocess.run(["bcftools", "view", "--no-version", "-Ob", "-o", os.path.join(HERE, "mutect2_tn.bcf"), gz], check=True)


def write_expected():
    out = [
        "# Expected values for the caller fixtures",
        "",
        "Generated by `make_callers.py` from the same tables that write the VCFs — regenerate both together.",
        "Depth, alt depth and VAF are those of the **tumour** sample for the ALT named in the row,",
        "computed per each caller's own convention:",
        "",
        "| caller | tumour sample rule | depth | alt depth | VAF |",
        "|---|---|---|---|---|",
        "| Mutect2 (`mutect2_tn*`, `tumor_only_vep.vcf`, `snpeff.vcf`) | `##tumor_sample=` (and `##normal_sample=`) | FORMAT DP | FORMAT AD[alt] | FORMAT AF[alt] (model estimate — deliberately not AD ratio) |",
        "| Strelka2 SNV | column `TUMOR` | FORMAT DP (tier1, includes FDP filtered basecalls) | `<ALT>U` tier1 (first value) | alt tier1 / (AU+CU+GU+TU tier1) |",
        "| Strelka2 indel | column `TUMOR` | FORMAT DP | TIR tier1 | TIR1 / (TAR1 + TIR1) |",
        "| VarScan2 | column `TUMOR` | FORMAT DP | FORMAT AD (a single count) | FORMAT FREQ percent / 100 (FREQ = AD/(RD+AD)) |",
        "| VarDict | `##source=VarDict…`, tumour = first sample column (`TUMOR_V`), normal second (`NORMAL_V`); also INFO SAMPLE | FORMAT DP | FORMAT VD (= AD[1]) | FORMAT AF |",
        "| DRAGEN | no `##tumor_sample`; names `PT07_NORMAL`, `PT07_TUMOR` (normal column first) | FORMAT DP | FORMAT AD[alt] | FORMAT AF |",
        "| custom tags | single sample | INFO TDP (with `--depth-tag TDP`) | null | INFO TVAF (with `--vaf-tag TVAF`) |",
        "| SnpEff EFF file | single sample | FORMAT DP | FORMAT AD[alt] | no AF: AD[alt]/sum(AD) |",
        "",
        "`mutect2_tn.vcf.gz` (BGZF + `.tbi`), `mutect2_tn.plain.vcf.gz` (plain gzip, not BGZF) and",
        "`mutect2_tn.bcf` hold exactly the records of `mutect2_tn.vcf`, so the same rows apply to them.",
        "",
        "| file | chrom | pos | ref | alt | tumour sample | depth | alt depth | VAF | note |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for f, c, p, ref, alt, t, d, a, v, note in EXPECTED:
        out.append(f"| {f} | {c} | {p} | {ref} | {alt} | {t} | {d} | {'null' if a is None else a} | {v} | {note} |")
    out += [
        "",
        "VAF values with 4 decimals are exact ratios rounded for this table (compare with a tolerance of 5e-5);",
        "3-decimal values are the numbers written in the file's AF field and compare exactly.",
        "",
        "## File facts",
        "",
        "| file | records | samples (column order) | genome build evidence | annotation |",
        "|---|---|---|---|---|",
    ]
    facts = [
        ("mutect2_tn.vcf", "NORMAL_X, TUMOR_X", "GRCh38 (`##contig` lengths, chr prefix; `##reference` Homo_sapiens_assembly38)", "none"),
        ("strelka2_snvs.vcf", "NORMAL, TUMOR", "GRCh37 (`##contig` lengths, no chr)", "none"),
        ("strelka2_indels.vcf", "NORMAL, TUMOR", "GRCh37", "none"),
        ("varscan2.vcf", "NORMAL, TUMOR", "unknown: no `##contig`, no `##reference` (coordinates are GRCh37)", "none"),
        ("vardict.vcf", "TUMOR_V, NORMAL_V", "GRCh38 (`##contig`)", "none"),
        ("dragen.vcf", "PT07_NORMAL, PT07_TUMOR", "GRCh38 (`##contig`)", "none"),
        ("custom_tags.vcf", "SAMPLE_C1", "GRCh38 from `##reference` only (no `##contig`)", "none"),
        ("tumor_only_vep.vcf", "TUMOR_ONLY_T", "GRCh38", "VEP 110 CSQ"),
        ("snpeff.vcf", "S1_TUMOR", "GRCh37", "SnpEff 5.1 ANN"),
        ("snpeff_eff.vcf", "S2_TUMOR", "GRCh37", "SnpEff 3.6 EFF"),
    ]
    for f, s, b, a in facts:
        n = sum(1 for l in open(os.path.join(HERE, f)) if not l.startswith("#"))
        out.append(f"| {f} | {n} | {s} | {b} | {a} |")
    out += [
        "",
        "Multi-allelic records: `mutect2_tn.vcf` chr9:21971120 G>A,T (FILTER multiallelic) and chr16:2078611 C>T,G (PASS);",
        "`tumor_only_vep.vcf` chr10:87933148 G>A,T (one CSQ per ALT); `snpeff.vcf` 19:45854919 T>G,C (one ANN per ALT).",
        "Repeat context: `mutect2_tn.vcf` chr4:105275680 (RU=A, RPA=10,9, STR, FILTER slippage) and chr11:108272605",
        "(RU=A, RPA=6,7, STR, PASS); every Strelka2 indel has RU/RC/IC/IHP (e.g. 2:148683685 RU=A RC=8 IC=7).",
        "Phased record: `mutect2_tn.vcf` chr14:104780214 and chr14:104780220 carry FORMAT",
        "GT:AD:AF:DP:F1R2:F2R1:PGT:PID:PS:SB (GT `0|1`).",
        "",
        "## Annotation picks (VEP: MANE Select, else CANONICAL, else most severe; SnpEff: first ANN for the ALT)",
        "",
        "| file | chrom:pos | ref>alt | FILTER | what | gene | transcript | protein_change | HGVSp |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for c, p, ref, alt, filt, note, pick in VEP_PICKS:
        g, tx, pc, hp = pick
        out.append(f"| tumor_only_vep.vcf | {c}:{p} | {ref}>{alt} | {filt} | {note} | {g or 'null'} | {tx or 'null'} | {pc or 'null'} | {hp or '(see CSQ)'} |")
    for c, p, ref, alt, note, pick in SNPEFF_PICKS:
        g, tx, pc = pick
        out.append(f"| snpeff.vcf | {c}:{p} | {ref}>{alt} | PASS | {note} | {g or 'null'} | {tx or 'null'} | {pc or 'null'} | |")
    out += [
        "",
        "Notes on the VEP file: in every record where a MANE Select entry exists it is **not** the first CSQ entry",
        "for KRAS, BRAF and TP53 R273H, so a first-entry pick gives the wrong transcript (BRAF would read p.V640E,",
        "TP53 p.R234H). EGFR L858R has an empty HGVSp in every entry: the protein change must come from",
        "Protein_position 858 + Amino_acids L/R. Synonymous HGVSp uses VEP's escaped form `p.Ser355%3D`.",
        "Population AF: ERCC2 K751Q gnomADe_AF 0.3151 / MAX_AF 0.4227 (FILTER germline); TP53 P72R gnomADe_AF",
        "0.6574 / MAX_AF 0.8489 and XRCC1 R399Q gnomADe_AF 0.2791 / MAX_AF 0.3704, both FILTER PASS (tumour-only: only the",
        "population AF marks them germline; a TMB that excludes common SNPs must drop both).",
        "",
    ]
    with open(os.path.join(HERE, "EXPECTED.md"), "w") as fh:
        fh.write("\n".join(out))


def main():
    make_mutect2()
    make_strelka_snvs()
    make_strelka_indels()
    make_varscan()
    make_vardict()
    make_dragen()
    make_custom()
    make_tumor_only_vep()
    make_snpeff()
    compressed()
    write_expected()


if __name__ == "__main__":
    main()
