#!/usr/bin/env python3
"""Fixtures for tests/integrity.rs (deterministic; needs `bcftools` and `bgzip`).

    cd test-data/integrity && python3 make_integrity.py

- `escaped_haploid.vcf`: a FORMAT description with escaped quotes (\\"), a haploid GT in one
  sample, a Number=A FORMAT tag (AF) and a multi-allelic record; two reportable hotspots.
- `escaped_haploid.bcf`: the same, written by `bcftools view -Ob` (must give the same alterations).
- `multiblock.vcf.gz` / `multiblock.bcf`: the same data in many small BGZF blocks (a few hundred
  bytes each), so that truncation tests can cut at every block boundary and inside blocks.
- `multiblock.gz.vcf.gz`: the VCF as one plain gzip member (not BGZF).
- `bcf_sample_count.bcf`: the first record says 3 samples; the header names 2.
- `bcf_undefined_info.bcf`: the first record uses an INFO dictionary index the header does not define.
- `bcf_huge_record.bcf`: the first record's l_shared is 0xfffffff0 (in a file of a few KB).
- `bcf_huge_header.bcf`: the header length l_text is 0xfffffff0.
"""
import gzip
import struct
import subprocess
import zlib

EOF_BLOCK = bytes.fromhex("1f8b08040000000000ff0600424302001b0003000000000000000000")

VCF = """##fileformat=VCFv4.2
##FILTER=<ID=PASS,Description="All filters passed">
##FILTER=<ID=weak_evidence,Description="Mutation does not meet likelihood threshold">
##INFO=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth">
##INFO=<ID=SOMATIC,Number=0,Type=Flag,Description="Somatic event">
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths for the \\"ref\\" and \\"alt\\" alleles, in the order listed">
##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fractions of \\"alternate\\" alleles in the tumor">
##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth">
##contig=<ID=chr7,length=159345973>
##contig=<ID=chr12,length=133275309>
##contig=<ID=chrX,length=156040895>
##reference=file:///refs/GRCh38.fa
##source=Mutect2
##tumor_sample=PT_T
##normal_sample=PT_N
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tPT_N\tPT_T
"""

RECORDS = [
    "chr7\t140753336\t.\tA\tT\t.\tPASS\tDP=180;SOMATIC\tGT:AD:AF:DP\t0/0:80,0:0:80\t0/1:60,40:0.4:100",
    "chr12\t25245350\t.\tC\tT,A\t50\tPASS\tDP=200\tGT:AD:AF:DP\t0/0:90,0,0:0,0:90\t0/1/2:70,25,5:0.25,0.05:100",
    "chrX\t1000000\trs1\tG\tA\t12.5\tweak_evidence\tDP=60\tGT:AD:AF:DP\t0:30,0:0:30\t1:10,20:0.667:30",
]
# Filler records (not hotspots) so that the data spans many small blocks.
for i in range(60):
    RECORDS.append(
        f"chrX\t{2000000 + 137 * i}\t.\tC\tG\t.\tPASS\tDP={40 + i}\tGT:AD:AF:DP\t0:{40 + i},0:0:{40 + i}\t1:{20 + i},{20}:{20 / (40 + i):.3f}:{40 + i}"
    )


def bgzf_block(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    cdata = c.compress(data) + c.flush()
    bsize = 18 + len(cdata) + 8 - 1
    head = b"\x1f\x8b\x08\x04\x00\x00\x00\x00\x00\xff\x06\x00BC\x02\x00" + struct.pack("<H", bsize)
    return head + cdata + struct.pack("<II", zlib.crc32(data) & 0xFFFFFFFF, len(data))


def bgzf(data: bytes, block: int) -> bytes:
    out = b"".join(bgzf_block(data[i : i + block]) for i in range(0, len(data), block))
    return out + EOF_BLOCK


def main():
    text = VCF + "".join(r + "\n" for r in RECORDS)
    with open("escaped_haploid.vcf", "w") as f:
        f.write(VCF + "".join(r + "\n" for r in RECORDS[:3]))
    subprocess.run(
        ["bcftools", "view", "--no-version", "-Ob", "-o", "escaped_haploid.bcf", "escaped_haploid.vcf"], check=True
    )
    with open("multiblock.vcf.gz", "wb") as f:
        f.write(bgzf(text.encode(), 700))
    with open("multiblock.gz.vcf.gz", "wb") as f:
        f.write(gzip.compress(text.encode(), mtime=0))
    with open("/tmp/_multiblock.vcf", "w") as f:
        f.write(text)
    raw = subprocess.run(
        ["bcftools", "view", "--no-version", "-Ou", "/tmp/_multiblock.vcf"], check=True, capture_output=True
    ).stdout
    with open("multiblock.bcf", "wb") as f:
        f.write(bgzf(raw, 500))

    # Corruptions of the BCF's first record (uncompressed bytes, then re-blocked).
    l_text = struct.unpack("<I", raw[5:9])[0]
    rec = 9 + l_text  # first record: l_shared, l_indiv, shared...
    shared = rec + 8

    def write(name, data):
        with open(name, "wb") as f:
            f.write(bgzf(data, 60000))

    b = bytearray(raw)
    n_fmt_sample = struct.unpack("<I", b[shared + 20 : shared + 24])[0]
    b[shared + 20 : shared + 24] = struct.pack("<I", (n_fmt_sample & 0xFF000000) | 3)
    write("bcf_sample_count.bcf", bytes(b))

    # INFO keys follow ID, alleles and FILTER: find the first INFO key (typed int8) by walking.
    b = bytearray(raw)
    i = shared + 24

    def skip_typed(i):
        d = b[i]
        ty, n = d & 15, d >> 4
        i += 1
        if n == 15:
            n = b[i + 1]  # int8 count
            i += 2
        size = {0: 0, 1: 1, 7: 1, 2: 2, 3: 4, 5: 4}[ty]
        return i + n * size

    n_allele = struct.unpack("<I", b[shared + 16 : shared + 20])[0] >> 16
    i = skip_typed(i)  # ID
    for _ in range(n_allele):
        i = skip_typed(i)
    i = skip_typed(i)  # FILTER
    assert b[i] == 0x11, "INFO key is an int8"
    b[i + 1] = 99
    write("bcf_undefined_info.bcf", bytes(b))

    b = bytearray(raw)
    b[rec : rec + 4] = struct.pack("<I", 0xFFFFFFF0)
    write("bcf_huge_record.bcf", bytes(b))

    b = bytearray(raw)
    b[5:9] = struct.pack("<I", 0xFFFFFFF0)
    write("bcf_huge_header.bcf", bytes(b))


if __name__ == "__main__":
    main()
