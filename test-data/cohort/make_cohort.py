#!/usr/bin/env python3
"""Write the demo cohort: P005 (pancreatic NET, tumour-only, VEP), P006 (a BGZF file cut mid-block) and the manifests.

P001-P004 reuse the demo and caller fixtures by relative path (see manifest.tsv). Standard library only.
MEN1 c.249_252del and DAXX c.1147C>T are placed in the right MANE exons; their coordinates are approximate
and the REF bases are not taken from a reference genome.
"""

import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

CSQ_FIELDS = ("Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp|"
              "cDNA_position|CDS_position|Protein_position|Amino_acids|Codons|Existing_variation|DISTANCE|STRAND|FLAGS|"
              "VARIANT_CLASS|SYMBOL_SOURCE|HGNC_ID|CANONICAL|MANE_SELECT|MANE_PLUS_CLINICAL|TSL|APPRIS|CCDS|ENSP|SWISSPROT|"
              "TREMBL|UNIPARC|UNIPROT_ISOFORM|SIFT|PolyPhen|DOMAINS|HGVS_OFFSET|AF|gnomADe_AF|gnomADg_AF|MAX_AF|MAX_AF_POPS|"
              "CLIN_SIG|SOMATIC|PHENO").split("|")

CONTIGS = [("chr1", 248956422), ("chr2", 242193529), ("chr3", 198295559), ("chr4", 190214555), ("chr5", 181538259),
           ("chr6", 170805979), ("chr7", 159345973), ("chr8", 145138636), ("chr9", 138394717), ("chr10", 133797422),
           ("chr11", 135086622), ("chr12", 133275309), ("chr13", 114364328), ("chr14", 107043718),
           ("chr15", 101991189), ("chr16", 90338345), ("chr17", 83257441), ("chr18", 80373285), ("chr19", 58617616),
           ("chr20", 64444167), ("chr21", 46709983), ("chr22", 50818468), ("chrX", 156040895), ("chrY", 57227415),
           ("chrM", 16569)]


def csq(**kw):
    assert not set(kw) - set(CSQ_FIELDS), set(kw) - set(CSQ_FIELDS)
    return "|".join(str(kw.get(f, "")) for f in CSQ_FIELDS)


def mane(sym, ensg, hgnc, strand, enst, refseq, ensp):
    return dict(SYMBOL=sym, Gene=ensg, HGNC_ID=hgnc, SYMBOL_SOURCE="HGNC", Feature_type="Transcript", STRAND=strand,
                Feature=enst, BIOTYPE="protein_coding", CANONICAL="YES", MANE_SELECT=refseq, TSL="1", APPRIS="P1",
                ENSP=ensp)


MEN1 = mane("MEN1", "ENSG00000133895", "HGNC:7010", "-1", "ENST00000450708.7", "NM_001370259.2", "ENSP00000394933")
DAXX = mane("DAXX", "ENSG00000204209", "HGNC:2681", "-1", "ENST00000374542.10", "NM_001141969.2", "ENSP00000363668")
ATRX = mane("ATRX", "ENSG00000085224", "HGNC:886", "-1", "ENST00000373344.11", "NM_000489.6", "ENSP00000362441")
TSC2 = mane("TSC2", "ENSG00000103197", "HGNC:12363", "1", "ENST00000219476.9", "NM_000548.5", "ENSP00000219476")

# (chrom, pos, ref, alt, filter, tumour AD, CSQ)
P005 = [
    ("chr6", 33321200, "G", "A", "PASS", [61, 34], csq(
        **DAXX, Allele="A", Consequence="stop_gained", IMPACT="HIGH", VARIANT_CLASS="SNV", EXON="3/8",
        HGVSc="ENST00000374542.10:c.1147C>T", HGVSp="ENSP00000363668.5:p.Gln383Ter", CDS_position="1147",
        cDNA_position="1318", Protein_position="383", Amino_acids="Q/*", Codons="Cag/Tag")),
    ("chr11", 64809780, "CAGAC", "C", "PASS", [44, 39], csq(
        **MEN1, Allele="-", Consequence="frameshift_variant", IMPACT="HIGH", VARIANT_CLASS="deletion", EXON="2/10",
        HGVSc="ENST00000450708.7:c.249_252del", HGVSp="ENSP00000394933.3:p.Ile85SerfsTer33", CDS_position="249-252",
        cDNA_position="390-393", Protein_position="83-84", Amino_acids="VX/X", Codons="gtCTgt/gt")),
    ("chr16", 2079100, "C", "T", "PASS", [70, 12], csq(
        **TSC2, Allele="T", Consequence="synonymous_variant", IMPACT="LOW", VARIANT_CLASS="SNV", EXON="27/42",
        HGVSc="ENST00000219476.9:c.3201C>T", HGVSp="ENSP00000219476.3:p.Asp1067%3D", CDS_position="3201",
        cDNA_position="3307", Protein_position="1067", Amino_acids="D", Codons="gaC/gaT")),
    ("chrX", 77682100, "T", "C", "PASS", [52, 15], csq(
        **ATRX, Allele="C", Consequence="missense_variant", IMPACT="MODERATE", VARIANT_CLASS="SNV", EXON="9/35",
        HGVSc="ENST00000373344.11:c.3302A>G", HGVSp="ENSP00000362441.4:p.Asn1101Ser", CDS_position="3302",
        cDNA_position="3508", Protein_position="1101", Amino_acids="N/S", Codons="aAt/aGt",
        SIFT="tolerated(0.31)", PolyPhen="benign(0.022)")),
    ("chrX", 77690100, "G", "A", "PASS", [48, 11], csq(
        **ATRX, Allele="A", Consequence="intron_variant", IMPACT="MODIFIER", VARIANT_CLASS="SNV", INTRON="6/34",
        HGVSc="ENST00000373344.11:c.2786-1173C>T")),
    ("chrX", 77696650, "C", "T", "germline", [30, 29], csq(
        **ATRX, Allele="T", Consequence="synonymous_variant", IMPACT="LOW", VARIANT_CLASS="SNV", EXON="5/35",
        HGVSc="ENST00000373344.11:c.567G>A", HGVSp="ENSP00000362441.4:p.Gln189%3D", CDS_position="567",
        cDNA_position="773", Protein_position="189", Amino_acids="Q", Codons="caG/caA", gnomADe_AF="0.2210",
        gnomADg_AF="0.2402", MAX_AF="0.3880", MAX_AF_POPS="gnomADg_AFR")),
]


def p005_text():
    h = ["##fileformat=VCFv4.2",
         '##FILTER=<ID=PASS,Description="All filters passed">',
         '##FILTER=<ID=germline,Description="Evidence indicates this site is germline, not somatic">',
         '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths for the ref and alt alleles in the order listed">',
         '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fractions of alternate alleles in the tumor">',
         '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth (reads with MQ=255 or with bad mates are filtered)">',
         '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
         '##INFO=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth; some reads may have been filtered">',
         '##INFO=<ID=TLOD,Number=A,Type=Float,Description="Log 10 likelihood ratio score of variant existing versus not existing">']
    h += [f"##contig=<ID={c},length={n}>" for c, n in CONTIGS]
    h += ["##reference=file:///ref/Homo_sapiens_assembly38.fasta", "##source=Mutect2", "##tumor_sample=P005_T",
          '##VEP="v110" cache="/opt/vep/.vep/homo_sapiens/110_GRCh38" assembly="GRCh38.p14"',
          '##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. Format: '
          + "|".join(CSQ_FIELDS) + '">',
          "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tP005_T"]
    rows = []
    for c, p, ref, alt, filt, ad, entry in P005:
        dp = sum(ad) + 2
        af = (ad[1] + 1) / (sum(ad) + 2)
        rows.append("\t".join([c, str(p), ".", ref, alt, ".", filt,
                               f"DP={dp};TLOD={ad[1] * 3.1:.2f};CSQ={entry}", "GT:AD:AF:DP",
                               f"0/1:{ad[0]},{ad[1]}:{af:.3f}:{dp}"]))
    return "\n".join(h + rows) + "\n"


def bgzf_block(data):
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)
    cdata = comp.compress(data) + comp.flush()
    head = b"\x1f\x8b\x08\x04\x00\x00\x00\x00\x00\xff\x06\x00BC\x02\x00" + struct.pack("<H", len(cdata) + 25)
    return head + cdata + struct.pack("<II", zlib.crc32(data) & 0xFFFFFFFF, len(data))


MANIFEST = """patient\tvcf\ttumor_type\ttumor_sample\tnormal_sample\ttarget_mb
P001\t../demo/demo_nec.vcf.gz\tNEC\tDEMO_NEC_T\tDEMO_NEC_N\t35
P002\t../callers/mutect2_tn.vcf.gz\tLUAD\tTUMOR_X\tNORMAL_X\t35
P003\t../callers/strelka2_snvs.vcf\tCOAD\t\t\t35
P004\t../callers/tumor_only_vep.vcf\tSCLC\t\t\t
P005\tP005_panet.vcf\tPANET\tP005_T\t\t1.2
P006\tP006_truncated.vcf.gz\tNEC\t\t\t35
"""

# For the manifest-validation test: every data row is wrong in one way (line numbers count the header as 1).
MANIFEST_BAD_ROWS = """patient\tvcf\ttumor_type\ttarget_mb
P001\t../demo/demo_nec.vcf.gz\tNEC\t35
\tP005_panet.vcf\tPANET\t1.2
P007\t\tNEC\t35
P001\tP005_panet.vcf\tPANET\t1.2
P008\tP005_panet.vcf\tPANET\tlots
P009\tP005_panet.vcf
"""

# Failure isolation: two good patients, a truncated BGZF, a missing file, a header-less VCF, an empty file.
MANIFEST_MIXED = """patient\tvcf\ttumor_type
P005\tP005_panet.vcf\tPANET
P002\t../callers/mutect2_tn.vcf.gz\tLUAD
P006\tP006_truncated.vcf.gz\tNEC
P010\tdoes_not_exist.vcf.gz\tNEC
P011\t../bad/no_header.vcf\tNEC
P012\t../bad/empty.vcf\tNEC
"""


def main():
    text = p005_text()
    with open(os.path.join(HERE, "P005_panet.vcf"), "w") as fh:
        fh.write(text)
    # P006: the same records in one BGZF block, cut in the middle of that block (no EOF marker).
    block = bgzf_block(text.encode())
    with open(os.path.join(HERE, "P006_truncated.vcf.gz"), "wb") as fh:
        fh.write(block[: len(block) // 2])
    for name, body in (("manifest.tsv", MANIFEST), ("manifest_bad_rows.tsv", MANIFEST_BAD_ROWS),
                       ("manifest_mixed.tsv", MANIFEST_MIXED)):
        with open(os.path.join(HERE, name), "w") as fh:
            fh.write(body)


if __name__ == "__main__":
    main()
