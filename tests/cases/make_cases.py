#!/usr/bin/env python3
"""Write the scenario cases under tests/cases/NAME/ (input.vcf + case.toml).

Deterministic; run from any directory: `python3 tests/cases/make_cases.py`.
Inputs are small synthetic VEP-annotated VCFs on GRCh38 (tumour-only, one
sample TUMOR, AD 60,40). Where annotations/hotspots.tsv has the exact allele the
GRCh38 coordinate of that row is used; otherwise a synthetic position inside the
gene is used (the CSQ annotation carries the protein change). The CSQ layout
follows test-data/classify/vep_grch37.vcf. Each case's expectations are written
to case.toml (schema: tests/cases/README.md). Edit the CASES table and re-run.
"""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

AA3 = {"A": "Ala", "R": "Arg", "N": "Asn", "D": "Asp", "C": "Cys", "Q": "Gln", "E": "Glu", "G": "Gly",
       "H": "His", "I": "Ile", "L": "Leu", "K": "Lys", "M": "Met", "F": "Phe", "P": "Pro", "S": "Ser",
       "T": "Thr", "W": "Trp", "Y": "Tyr", "V": "Val", "*": "Ter"}

# GRCh38 contig lengths of the chromosomes used.
CONTIGS = {"1": 248956422, "2": 242193529, "3": 198295559, "4": 190214555, "5": 181538259, "6": 170805979,
           "7": 159345973, "9": 138394717, "10": 133797422, "11": 135086622, "12": 133275309,
           "13": 114364328, "14": 107043718, "15": 101991189, "16": 90338345, "17": 83257441,
           "19": 58617616, "20": 64444167, "22": 50818468, "X": 156040895}

# Approximate GRCh38 gene locations for synthetic positions (chrom, a position inside the gene).
LOCUS = {"ABL1": ("9", 130860000), "KRAS": ("12", 25230000), "NRAS": ("1", 114710000), "BRAF": ("7", 140780000), "EGFR": ("7", 55200000),
         "MET": ("7", 116760000), "ERBB2": ("17", 39720000), "ALK": ("2", 29300000), "ROS1": ("6", 117330000),
         "KIT": ("4", 54730000), "PDGFRA": ("4", 54280000), "PIK3CA": ("3", 179220000), "ESR1": ("6", 152100000),
         "BRCA1": ("17", 43080000), "BRCA2": ("13", 32350000), "ATM": ("11", 108250000), "CDK12": ("17", 39490000),
         "RAD54L": ("1", 46260000), "MRE11": ("11", 94470000), "H3-3A": ("1", 226064000), "VHL": ("3", 10142000), "POLE": ("12", 132650000), "FLT3": ("13", 28030000), "NPM1": ("5", 171400000), "DNMT3A": ("2", 25240000), "JAK2": ("9", 5070000), "MRE11A": ("11", 94471000), "TP53": ("17", 7675000), "RB1": ("13", 48400000),
         "MEN1": ("11", 64810000), "DAXX": ("6", 33320000), "TSC2": ("16", 2080000), "APC": ("5", 112830000),
         "IDH1": ("2", 208240000), "IDH2": ("15", 90090000), "RET": ("10", 43120000), "FGFR3": ("4", 1800000),
         "MLH1": ("3", 37020000), "CDKN1B": ("12", 12720000), "ATRX": ("X", 77680000), "PTEN": ("10", 87900000),
         "ZNF208": ("19", 21950000), "TTN": ("2", 178600000), "CHEK2": ("22", 28700000), "PALB2": ("16", 23620000),
         "TET2": ("4", 105240000), "DNMT3A": ("2", 25240000), "JAK2": ("9", 5070000), "MSH2": ("2", 47410000),
         "SDHA": ("5", 230000), "SDHB": ("1", 17030000), "SDHC": ("1", 161330000), "SDHD": ("11", 112090000),
         "SDHAF2": ("11", 61430000), "TSC1": ("9", 132900000), "NF1": ("17", 31230000), "MAX": ("14", 65010000),
         "TMEM127": ("2", 96250000), "ASXL1": ("20", 32430000), "PPM1D": ("17", 60600000)}


def load_hotspot_alleles():
    out = {}
    with open(os.path.join(ROOT, "annotations", "hotspots.tsv")) as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) < 13 or c[2] != "exact" or c[11] == ".":
                continue
            out.setdefault((c[0], c[6]), c[11])
    return out


HOT = load_hotspot_alleles()
# Synthetic positions are numbered per gene within one case: write_case() clears this counter after
# writing, so a case's positions depend only on its own records, never on how many cases (or
# germline_cases.py's cases) were defined before it. A global counter made every added case shift
# the positions of later cases of the same gene, so a rerun rewrote committed inputs.
_synthetic = {}


def three(change):
    """One-letter protein change → VEP-style three-letter HGVSp body."""
    import re
    m = re.fullmatch(r"([A-Z])(\d+)([A-Z*])", change)
    if m:
        return f"{AA3[m.group(1)]}{m.group(2)}{AA3[m.group(3)]}"
    m = re.fullmatch(r"([A-Z])(\d+)_([A-Z])(\d+)(del|dup)", change)
    if m:
        return f"{AA3[m.group(1)]}{m.group(2)}_{AA3[m.group(3)]}{m.group(4)}{m.group(5)}"
    m = re.fullmatch(r"([A-Z])(\d+)_([A-Z])(\d+)ins([A-Z]+)", change)
    if m:
        ins = "".join(AA3[x] for x in m.group(5))
        return f"{AA3[m.group(1)]}{m.group(2)}_{AA3[m.group(3)]}{m.group(4)}ins{ins}"
    m = re.fullmatch(r"([A-Z])(\d+)([A-Z])fs\*(\d+)", change)
    if m:
        return f"{AA3[m.group(1)]}{m.group(2)}{AA3[m.group(3)]}fsTer{m.group(4)}"
    raise ValueError(change)


def pos_of(change):
    import re
    nums = re.findall(r"\d+", change.split("fs")[0])
    return nums[0] if len(nums) == 1 else f"{nums[0]}-{nums[1]}"


def variant(gene, change, csq=None, exon=None):
    """A VCF record (chrom, pos, ref, alt, CSQ) for gene + one-letter protein change.
    `change` may also be ("splice", chrom, pos) or ("intron", ...) tuples via csq override.
    `exon`: the VEP EXON field (`27/27`), empty by default."""
    kind = csq or ("missense_variant" if change[-1] not in "*" and "del" not in change and "dup" not in change
                   and "ins" not in change and "fs" not in change else None)
    if kind is None:
        if change.endswith("*"):
            kind = "stop_gained"
        elif "fs" in change:
            kind = "frameshift_variant"
        elif "dup" in change or "ins" in change:
            kind = "inframe_insertion"
        else:
            kind = "inframe_deletion"
    key = (gene, change)
    if key in HOT and kind == "missense_variant":
        chrom, p, ref, alt = HOT[key].split(":")
        p = int(p)
    else:
        chrom, base = LOCUS[gene]
        n = _synthetic.get(gene, 0)
        _synthetic[gene] = n + 1
        p = base + 37 * n
        if kind == "frameshift_variant":
            ref, alt = "C", "CA"
        elif kind == "inframe_deletion":
            ref, alt = "CAGGAATTAAGAGAAG", "C"
        elif kind == "inframe_insertion":
            ref, alt = "G", "GGCTTACGTGATG"
        else:
            ref, alt = "C", "T"
    impact = {"missense_variant": "MODERATE", "inframe_deletion": "MODERATE", "inframe_insertion": "MODERATE"}.get(kind, "HIGH")
    aa = change[0] + "/" + (change[-1] if kind in ("missense_variant", "stop_gained") else "X")
    csq_s = (f"{alt[-1] if len(alt) == 1 else '-'}|{kind}|{impact}|{gene}|ENSG|Transcript|ENST_{gene}|protein_coding|{exon or ''}||"
             f"|ENSP_{gene}:p.{three(change)}|||{pos_of(change)}|{aa}|||YES")
    return (chrom, p, ref, alt, csq_s)


def splice(gene, chrom, p, hgvsc):
    csq_s = f"T|splice_donor_variant&intron_variant|HIGH|{gene}|ENSG|Transcript|ENST_{gene}|protein_coding||13/20|ENST_{gene}:{hgvsc}||||||||YES"
    return (chrom, p, "G", "T", csq_s)


def other(gene, chrom, p, ref, alt, consequence, impact="MODIFIER"):
    csq_s = f"{alt}|{consequence}|{impact}|{gene}|ENSG|Transcript|ENST_{gene}|protein_coding|||||||||||YES"
    return (chrom, p, ref, alt, csq_s)


HEADER = """##fileformat=VCFv4.2
##source=oncoprofile scenario case (synthetic, written by tests/cases/make_cases.py)
##reference=GRCh38
{contigs}##FILTER=<ID=PASS,Description="All filters passed">
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">
##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fraction">
##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth">
##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. Format: Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp|cDNA_position|CDS_position|Protein_position|Amino_acids|Codons|Existing_variation|CANONICAL">
{extra}#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR
"""


def chrom_key(c):
    return (0, int(c)) if c.isdigit() else (1, c)


def write_vcf(path, records, extra_header="", info_extra=None):
    records = sorted(records, key=lambda r: (chrom_key(r[0]), r[1]))
    contigs = "".join(f"##contig=<ID={c},length={CONTIGS[c]}>\n" for c in sorted({r[0] for r in records}, key=chrom_key))
    with open(path, "w") as f:
        f.write(HEADER.format(contigs=contigs, extra=extra_header))
        for i, rec in enumerate(records):
            (chrom, p, ref, alt, csq), vaf = rec[:5], (rec[5] if len(rec) > 5 else None)
            info = f"CSQ={csq}"
            if info_extra:
                info = info_extra(i, ref, alt) + ";" + info
            # A record may carry its own VAF (sixth element; depth 200); the default is 0.4 at depth 100.
            sample = "0/1:60,40:0.4:100" if vaf is None else f"0/1:{200 - round(200 * vaf)},{round(200 * vaf)}:{vaf}:200"
            f.write(f"{chrom}\t{p}\t.\t{ref}\t{alt}\t.\tPASS\t{info}\tGT:AD:AF:DP\t{sample}\n")


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_case(name, description, records=None, args=(), pending=None, alterations=(), no_alterations=(),
               therapies=(), no_therapies=(), expect=None, copy_input=None, extra_header="", info_extra=None,
               files=None, input_text=None, input_name="input.vcf"):
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    # Extra inputs (copy-number files): name -> text; `args` names them as tests/cases/<name>/<file>.
    for fname, text in (files or {}).items():
        with open(os.path.join(d, fname), "w") as f:
            f.write(text)
    if copy_input:
        shutil.copyfile(os.path.join(ROOT, copy_input), os.path.join(d, "input.vcf"))
    elif input_text is not None:
        with open(os.path.join(d, input_name), "w") as f:
            f.write(input_text)
    else:
        write_vcf(os.path.join(d, "input.vcf"), records, extra_header, info_extra)
    lines = [f"description = {toml_value(description)}"]
    if copy_input:
        lines.append(f"# input.vcf is a copy of {copy_input}")
    if input_name != "input.vcf":
        lines.append(f"input = {toml_value(input_name)}")
    lines.append(f"args = {toml_value(list(args))}")
    if pending:
        lines.append(f"pending = {toml_value(pending)}")
    expect = dict(expect or {})
    if expect:
        lines.append("")
        lines.append("[expect]")
        for k, v in expect.items():
            lines.append(f"{k} = {toml_value(v)}")
    for table, items in (("alteration", alterations), ("no_alteration", no_alterations),
                         ("therapy", therapies), ("no_therapy", no_therapies)):
        for it in items:
            lines.append("")
            lines.append(f"[[expect.{table}]]")
            for k, v in it.items():
                lines.append(f"{k} = {toml_value(v)}")
    with open(os.path.join(d, "case.toml"), "w") as f:
        f.write("\n".join(lines) + "\n")
    _synthetic.clear()


def alt(gene, pc, onc=None, driver=None, **kw):
    d = {"gene": gene, "protein_change": "p." + pc}
    if onc:
        d["oncogenicity"] = onc
    if driver is not None:
        d["driver"] = driver
    d.update(kw)
    return d


def th(therapy, direction=None, **kw):
    d = {"therapy_contains": therapy}
    if direction:
        d["direction"] = direction
    d.update(kw)
    return d


V = variant
ON = "on_label"

def define():
    # ---------------- NSCLC ----------------
    write_case("nsclc_kras_g12c", "KRAS G12C in NSCLC: sotorasib and adagrasib on-label", [V("KRAS", "G12C")],
               ["--tumor-type", "NSCLC"], alterations=[alt("KRAS", "G12C", "oncogenic", True, hotspot="KRAS G12")],
               therapies=[th("sotorasib", context=ON, amp_tier="IA"), th("adagrasib", rule_id="NSCLC-ADAGRASIB-KRAS-G12C", context=ON)],
               no_therapies=[th("dabrafenib"), th("cetuximab", context=ON)])
    write_case("nsclc_kras_g12d", "KRAS G12D in NSCLC: no G12C inhibitor", [V("KRAS", "G12D")], ["--tumor-type", "LUAD"],
               alterations=[alt("KRAS", "G12D", "oncogenic", True)], no_therapies=[th("sotorasib"), th("adagrasib")])
    write_case("nsclc_egfr_ex19del", "EGFR exon 19 deletion in NSCLC: osimertinib, amivantamab + lazertinib, osimertinib + chemotherapy",
               [V("EGFR", "E746_A750del")], ["--tumor-type", "NSCLC"],
               alterations=[alt("EGFR", "E746_A750del", "oncogenic", True)],
               therapies=[th("osimertinib", rule_id="NSCLC-OSIMERTINIB-EGFR-EX19DEL", amp_tier="IA", escat_tier="I-A"),
                          th("amivantamab + lazertinib", context=ON), th("osimertinib + pemetrexed", context=ON)],
               no_therapies=[th("afatinib")])
    write_case("nsclc_egfr_l858r", "EGFR L858R in NSCLC: first-line osimertinib options", [V("EGFR", "L858R")], ["--tumor-type", "NSCLC"],
               alterations=[alt("EGFR", "L858R", "oncogenic", True)],
               therapies=[th("osimertinib", rule_id="NSCLC-OSIMERTINIB-EGFR-L858R"),
                          th("amivantamab + lazertinib", rule_id="NSCLC-AMIVANTAMAB-LAZERTINIB-EGFR-L858R"),
                          th("osimertinib + pemetrexed", rule_id="NSCLC-OSIMERTINIB-CHEMO-EGFR-L858R")])
    write_case("nsclc_egfr_t790m", "EGFR L858R + T790M in NSCLC: osimertinib; first/second-generation TKI resistance",
               [V("EGFR", "L858R"), V("EGFR", "T790M")], ["--tumor-type", "NSCLC"],
               therapies=[th("osimertinib", rule_id="NSCLC-OSIMERTINIB-EGFR-T790M"),
                          th("erlotinib", "resistance", rule_id="NSCLC-EGFR-T790M-TKI-RESISTANCE")])
    write_case("nsclc_egfr_c797s", "EGFR L858R + T790M + C797S in NSCLC: osimertinib resistance",
               [V("EGFR", "L858R"), V("EGFR", "T790M"), V("EGFR", "C797S")], ["--tumor-type", "NSCLC"],
               alterations=[alt("EGFR", "C797S", hotspot="EGFR C797")],
               therapies=[th("osimertinib", "resistance", rule_id="NSCLC-OSIMERTINIB-EGFR-C797S-RESISTANCE", context="investigational")])
    write_case("nsclc_egfr_g719a", "EGFR G719A (uncommon) in NSCLC: afatinib on-label, osimertinib guideline",
               [V("EGFR", "G719A")], ["--tumor-type", "NSCLC"], alterations=[alt("EGFR", "G719A", "oncogenic", True)],
               therapies=[th("afatinib", rule_id="NSCLC-AFATINIB-EGFR-G719X", context=ON, escat_tier="I-B"),
                          th("osimertinib", rule_id="NSCLC-OSIMERTINIB-EGFR-G719X", evidence_level="guideline")],
               no_therapies=[th("amivantamab + lazertinib"), th("osimertinib + pemetrexed")])
    write_case("nsclc_egfr_l861q", "EGFR L861Q in NSCLC: afatinib and osimertinib", [V("EGFR", "L861Q")], ["--tumor-type", "NSCLC"],
               alterations=[alt("EGFR", "L861Q", "oncogenic", True)],
               therapies=[th("afatinib", rule_id="NSCLC-AFATINIB-EGFR-L861Q-S768I"), th("osimertinib", rule_id="NSCLC-OSIMERTINIB-EGFR-L861Q-S768I")])
    write_case("nsclc_egfr_s768i", "EGFR S768I in NSCLC: afatinib and osimertinib", [V("EGFR", "S768I")], ["--tumor-type", "NSCLC"],
               alterations=[alt("EGFR", "S768I", "oncogenic", True)],
               therapies=[th("afatinib", context=ON), th("osimertinib", evidence_level="guideline")])
    write_case("nsclc_egfr_ex20ins", "EGFR exon 20 insertion in NSCLC: amivantamab", [V("EGFR", "D770_N771insSVD")], ["--tumor-type", "NSCLC"],
               alterations=[alt("EGFR", "D770_N771insSVD", "oncogenic", True)],
               therapies=[th("amivantamab", rule_id="NSCLC-AMIVANTAMAB-EGFR-EX20INS")], no_therapies=[th("osimertinib"), th("afatinib")])
    write_case("nsclc_met_ex14", "MET exon 14 splice donor in NSCLC: capmatinib, tepotinib",
               [splice("MET", "7", 116771990, "c.3028+1G>T")], ["--tumor-type", "NSCLC"],
               therapies=[th("capmatinib", context=ON), th("tepotinib", context=ON)])
    write_case("nsclc_met_ex14_d1228n", "MET exon 14 + D1228N in NSCLC: type I MET TKI resistance",
               [splice("MET", "7", 116771990, "c.3028+1G>T"), V("MET", "D1228N")], ["--tumor-type", "NSCLC"],
               alterations=[alt("MET", "D1228N", hotspot="MET D1228")],
               therapies=[th("type I MET TKIs", "resistance", rule_id="NSCLC-TYPE-I-MET-TKI-D1228-Y1230-RESISTANCE")])
    write_case("nsclc_met_y1230c", "MET Y1230C in NSCLC: type I MET TKI resistance", [V("MET", "Y1230C")], ["--tumor-type", "NSCLC"],
               therapies=[th("capmatinib", "resistance")])
    write_case("nsclc_braf_v600e", "BRAF V600E in NSCLC: dabrafenib + trametinib and encorafenib + binimetinib",
               [V("BRAF", "V600E")], ["--tumor-type", "NSCLC"],
               therapies=[th("dabrafenib + trametinib", rule_or_merged="NSCLC-DABRAFENIB-TRAMETINIB-BRAF"),
                          th("encorafenib + binimetinib", context=ON, escat_tier="I-B")],
               no_therapies=[th("mFOLFOX6", context=ON)])
    write_case("nsclc_erbb2_ex20ins", "ERBB2 exon 20 insertion in NSCLC: trastuzumab deruxtecan, zongertinib",
               [V("ERBB2", "A775_G776insYVMA")], ["--tumor-type", "NSCLC"],
               therapies=[th("trastuzumab deruxtecan", context=ON), th("zongertinib", rule_id="NSCLC-ZONGERTINIB-ERBB2-EX20INS")])
    write_case("nsclc_erbb2_v777l", "ERBB2 V777L (kinase domain) in NSCLC: zongertinib", [V("ERBB2", "V777L")], ["--tumor-type", "NSCLC"],
               therapies=[th("zongertinib", rule_id="NSCLC-ZONGERTINIB-ERBB2-TKD", context=ON)])
    write_case("nsclc_erbb2_s310f", "ERBB2 S310F (extracellular) in NSCLC: trastuzumab deruxtecan but not zongertinib",
               [V("ERBB2", "S310F")], ["--tumor-type", "NSCLC"],
               therapies=[th("trastuzumab deruxtecan")], no_therapies=[th("zongertinib")])
    write_case("nsclc_alk_g1202r", "ALK G1202R in NSCLC: crizotinib resistance; fusion rules cannot fire",
               [V("ALK", "G1202R")], ["--tumor-type", "NSCLC"],
               therapies=[th("crizotinib", "resistance", rule_id="NSCLC-ALK-TKI-G1202R-RESISTANCE"), th("alectinib", "resistance")],
               no_therapies=[th("alectinib"), th("lorlatinib"), th("crizotinib")])
    write_case("nsclc_alk_l1196m", "ALK L1196M in NSCLC: crizotinib resistance only (second-generation inhibitors keep activity)", [V("ALK", "L1196M")], ["--tumor-type", "NSCLC"],
               therapies=[th("crizotinib", "resistance", rule_id="NSCLC-CRIZOTINIB-ALK-RESISTANCE")], no_therapies=[th("alectinib", "resistance")])
    write_case("nsclc_ros1_g2032r", "ROS1 G2032R in NSCLC: crizotinib resistance", [V("ROS1", "G2032R")], ["--tumor-type", "NSCLC"],
               therapies=[th("crizotinib", "resistance", rule_id="NSCLC-CRIZOTINIB-ROS1-G2032R-RESISTANCE")],
               no_therapies=[th("entrectinib"), th("repotrectinib")])
    write_case("nsclc_not_assessed", "NSCLC report should say fusions and copy-number changes were not assessed",
               [V("KRAS", "G12D")], ["--tumor-type", "NSCLC"],
               expect={"report_keys": ["not_assessed"], "report_contains": ["fusion"]})
    # ---------------- colorectal ----------------
    write_case("crc_kras_g12c", "KRAS G12C in CRC: G12C inhibitor + anti-EGFR on-label; anti-EGFR alone resisted",
               [V("KRAS", "G12C")], ["--tumor-type", "CRC"],
               therapies=[th("adagrasib + cetuximab", context=ON), th("sotorasib + panitumumab", context=ON),
                          th("anti-EGFR", "resistance", rule_id="CRC-ANTI-EGFR-KRAS-RESISTANCE")],
               no_therapies=[th("dabrafenib")])
    write_case("crc_kras_g12d", "KRAS G12D in CRC: anti-EGFR resistance, no G12C combination", [V("KRAS", "G12D")], ["--tumor-type", "COAD"],
               therapies=[th("anti-EGFR", "resistance")], no_therapies=[th("sotorasib"), th("adagrasib")])
    write_case("crc_nras_q61k", "NRAS Q61K in CRC: anti-EGFR resistance", [V("NRAS", "Q61K")], ["--tumor-type", "READ"],
               therapies=[th("anti-EGFR", "resistance", rule_id="CRC-ANTI-EGFR-NRAS-RESISTANCE")])
    write_case("crc_braf_v600e", "BRAF V600E in CRC: encorafenib + cetuximab (with/without mFOLFOX6); never dabrafenib + trametinib",
               [V("BRAF", "V600E")], ["--tumor-type", "CRC"],
               therapies=[th("encorafenib + cetuximab", rule_id="CRC-ENCORAFENIB-CETUXIMAB-BRAF", context=ON),
                          th("encorafenib + cetuximab + mFOLFOX6", context=ON, escat_tier="I-A"),
                          th("anti-EGFR", "resistance", rule_id="CRC-ANTI-EGFR-BRAF-V600E-RESISTANCE")],
               no_therapies=[th("dabrafenib"), th("encorafenib + binimetinib")])
    write_case("crc_msi_h", "MSI-H colorectal cancer: pembrolizumab, first-line nivolumab + ipilimumab, single-agent nivolumab (2017 label)",
               copy_input="test-data/biomarkers/msi_h_mutect2.vcf", args=["--tumor-type", "CRC", "--target-mb", "1"],
               expect={"msi_status": "MSI-H", "best_amp_tier": "IA"},
               therapies=[th("pembrolizumab", rule_id="CRC-PEMBROLIZUMAB-MSIH", context=ON),
                          th("nivolumab", rule_id="CRC-NIVOLUMAB-MSIH", context=ON, amp_tier="IA"),
                          th("nivolumab + ipilimumab", rule_id="CRC-NIVOLUMAB-IPILIMUMAB-MSIH-FIRST-LINE", escat_tier="I-A")])
    write_case("crc_mss_mlh1_truncation", "MLH1 truncation in an MSS-unclassified CRC: dMMR warning, no checkpoint inhibitor",
               [V("MLH1", "R226*")], ["--tumor-type", "CRC"], alterations=[alt("MLH1", "R226*", driver=True)],
               expect={"warning_contains": "MLH1"}, no_therapies=[th("pembrolizumab"), th("nivolumab")])
    write_case("crc_pik3ca_no_fulvestrant", "PIK3CA H1047R in CRC: no breast-only fulvestrant combination off-label",
               [V("PIK3CA", "H1047R")], ["--tumor-type", "CRC"],
               no_therapies=[th("fulvestrant")])
    # ---------------- melanoma ----------------
    write_case("mel_braf_v600e", "BRAF V600E melanoma: dabrafenib + trametinib on-label", [V("BRAF", "V600E")], ["--tumor-type", "SKCM"],
               therapies=[th("dabrafenib + trametinib", rule_id="MEL-DABRAFENIB-TRAMETINIB-BRAF", escat_tier="I-A")])
    write_case("mel_braf_v600k", "BRAF V600K melanoma: dabrafenib + trametinib and encorafenib + binimetinib (melanoma labels cover V600K; the NSCLC label does not)", [V("BRAF", "V600K")], ["--tumor-type", "MEL"],
               therapies=[th("dabrafenib + trametinib", context=ON), th("encorafenib + binimetinib", rule_id="MEL-ENCORAFENIB-BINIMETINIB-BRAF", context=ON)],
               no_therapies=[th("encorafenib + binimetinib", rule_id="NSCLC-ENCORAFENIB-BINIMETINIB-BRAF")])
    write_case("mel_nras_q61r", "NRAS Q61R melanoma: no BRAF-directed therapy", [V("NRAS", "Q61R")], ["--tumor-type", "MEL"],
               alterations=[alt("NRAS", "Q61R", "oncogenic", True)], no_therapies=[th("dabrafenib"), th("encorafenib")])
    write_case("mel_braf_no_cetuximab", "BRAF V600E melanoma: no colorectal cetuximab combination off-label",
               [V("BRAF", "V600E")], ["--tumor-type", "MEL"], no_therapies=[th("cetuximab")])
    write_case("mel_braf_offlabel_last", "BRAF V600E melanoma: every BRAF/MEK doublet on-label (encorafenib + binimetinib has its own melanoma approval; the NSCLC row merges into it)",
               [V("BRAF", "V600E")], ["--tumor-type", "MEL"],
               therapies=[th("dabrafenib + trametinib", rule_id="MEL-DABRAFENIB-TRAMETINIB-BRAF", context=ON),
                          th("encorafenib + binimetinib", rule_or_merged="NSCLC-ENCORAFENIB-BINIMETINIB-BRAF", context=ON)],
               no_therapies=[th("cetuximab"), th("mFOLFOX6"), th("encorafenib + binimetinib", context="off_label")])
    write_case("paad_kras_g12c_offlabel", "KRAS G12C pancreatic cancer: sotorasib/adagrasib off-label (extrapolation yes), no colorectal anti-EGFR combination",
               [V("KRAS", "G12C")], ["--tumor-type", "PAAD"], expect={"off_label_last": True},
               therapies=[th("sotorasib", rule_id="NSCLC-SOTORASIB-KRAS-G12C", context="off_label", amp_tier="IIC"),
                          th("adagrasib", rule_id="NSCLC-ADAGRASIB-KRAS-G12C", context="off_label")],
               no_therapies=[th("cetuximab"), th("panitumumab")])
    write_case("brca_brca2_no_prostate_combos", "BRCA2 frameshift breast cancer: olaparib/talazoparib on-label, no niraparib + abiraterone or talazoparib + enzalutamide",
               [V("BRCA2", "S1982Rfs*22")], ["--tumor-type", "BRCA"],
               therapies=[th("olaparib", rule_id="BRCA-OLAPARIB-BRCA", context=ON), th("talazoparib", rule_id="BRCA-TALAZOPARIB-BRCA", context=ON)],
               no_therapies=[th("abiraterone"), th("enzalutamide")])
    write_case("prad_pik3ca_no_breast_combos", "PIK3CA H1047R prostate cancer: no fulvestrant combination (alpelisib, inavolisib, capivasertib) off-label",
               [V("PIK3CA", "H1047R")], ["--tumor-type", "PRAD"],
               no_therapies=[th("fulvestrant"), th("alpelisib"), th("capivasertib")])
    write_case("nsclc_msi_h_no_ucec_chemo_io", "MSI-H NSCLC: tissue-agnostic pembrolizumab; no endometrial chemo-immunotherapy or colorectal nivolumab + ipilimumab off-label",
               copy_input="test-data/biomarkers/msi_h_mutect2.vcf", args=["--tumor-type", "NSCLC", "--target-mb", "1"],
               expect={"msi_status": "MSI-H"},
               therapies=[th("pembrolizumab", rule_id="TA-PEMBROLIZUMAB-MSIH", context="tissue_agnostic")],
               no_therapies=[th("carboplatin"), th("nivolumab + ipilimumab")])
    # ---------------- GIST ----------------
    write_case("gist_kit_exon11", "KIT exon 11 deletion in GIST: imatinib", [V("KIT", "W557_K558del")], ["--tumor-type", "GIST"],
               alterations=[alt("KIT", "W557_K558del", "oncogenic", True)],
               therapies=[th("imatinib", rule_id="GIST-IMATINIB-KIT", context=ON)], no_therapies=[th("imatinib", "resistance")])
    write_case("gist_kit_d816v", "KIT D816V in GIST: imatinib resistance, not imatinib sensitivity", [V("KIT", "D816V")], ["--tumor-type", "GIST"],
               alterations=[alt("KIT", "D816V", "oncogenic", True)],
               therapies=[th("imatinib", "resistance", rule_id="GIST-TYPE-II-KIT-ACTIVATION-LOOP-RESISTANCE"),
                          th("sunitinib", "resistance", rule_id="GIST-TYPE-II-KIT-ACTIVATION-LOOP-RESISTANCE")],
               no_therapies=[th("imatinib"), th("dabrafenib"), th("sunitinib")])
    write_case("gist_kit_t670i", "KIT exon 11 + T670I (secondary) in GIST: imatinib resistance",
               [V("KIT", "W557_K558del"), V("KIT", "T670I")], ["--tumor-type", "GIST"],
               alterations=[alt("KIT", "T670I", hotspot="KIT T670")], therapies=[th("imatinib", "resistance")])
    write_case("gist_kit_v654a_demotion", "KIT exon 11 + V654A in GIST: imatinib sensitivity demoted (IID / X) because V654A confers resistance",
               [V("KIT", "W557_K558del"), V("KIT", "V654A")], ["--tumor-type", "GIST"],
               expect={"warning_contains": ["KIT p.V654A", "confers resistance to imatinib"]},
               therapies=[th("imatinib", "resistance", rule_id="GIST-IMATINIB-KIT-SECONDARY-RESISTANCE"),
                          th("imatinib", rule_id="GIST-IMATINIB-KIT", amp_tier="IID", escat_tier="X",
                             note_contains="demoted: KIT p.V654A confers resistance to imatinib (GIST-IMATINIB-KIT-SECONDARY-RESISTANCE")],
               no_therapies=[th("imatinib", rule_id="GIST-IMATINIB-KIT", amp_tier="IA")])
    write_case("nsclc_egfr_l858r_c797s_demotion", "EGFR L858R + C797S in NSCLC: osimertinib (alone and with chemotherapy) demoted",
               [V("EGFR", "L858R"), V("EGFR", "C797S")], ["--tumor-type", "NSCLC"],
               expect={"warning_contains": ["EGFR p.C797S", "confers resistance to osimertinib"]},
               therapies=[th("osimertinib", "resistance", rule_id="NSCLC-OSIMERTINIB-EGFR-C797S-RESISTANCE"),
                          th("osimertinib", rule_id="NSCLC-OSIMERTINIB-EGFR-L858R", amp_tier="IID", escat_tier="X",
                             note_contains="demoted: EGFR p.C797S confers resistance to osimertinib"),
                          th("osimertinib + pemetrexed", rule_id="NSCLC-OSIMERTINIB-CHEMO-EGFR-L858R", amp_tier="IID",
                             note_contains="demoted:")],
               no_therapies=[th("osimertinib", amp_tier="IA")])
    write_case("nsclc_egfr_l858r_t790m_no_demotion", "EGFR L858R + T790M in NSCLC: T790M resistance is to first/second-generation TKIs, osimertinib stays IA",
               [V("EGFR", "L858R"), V("EGFR", "T790M")], ["--tumor-type", "NSCLC"],
               expect={"no_warning_contains": ["demoted"]},
               therapies=[th("first/second-generation", "resistance", rule_id="NSCLC-EGFR-T790M-TKI-RESISTANCE"),
                          th("osimertinib", rule_id="NSCLC-OSIMERTINIB-EGFR-L858R", amp_tier="IA")],
               no_therapies=[th("osimertinib", note_contains="demoted")])
    write_case("gist_kit_n822k", "KIT N822K in GIST: imatinib resistance", [V("KIT", "N822K")], ["--tumor-type", "GIST"],
               therapies=[th("imatinib", "resistance")], no_therapies=[th("imatinib")])
    write_case("gist_kit_y823d", "KIT Y823D in GIST: imatinib resistance", [V("KIT", "Y823D")], ["--tumor-type", "GIST"],
               alterations=[alt("KIT", "Y823D", "oncogenic", True)], therapies=[th("imatinib", "resistance")])
    write_case("gist_kit_d820g", "KIT D820G in GIST: imatinib resistance (codon rule)", [V("KIT", "D820G")], ["--tumor-type", "GIST"],
               therapies=[th("imatinib", "resistance", rule_id="GIST-TYPE-II-KIT-ACTIVATION-LOOP-RESISTANCE")], no_therapies=[th("imatinib")])
    write_case("gist_kit_exon9", "KIT exon 9 A502_Y503dup in GIST: imatinib 800 mg", [V("KIT", "A502_Y503dup")], ["--tumor-type", "GIST"],
               alterations=[alt("KIT", "A502_Y503dup", "oncogenic", True, hotspot="KIT exon 9 mutation")],
               therapies=[th("imatinib 800 mg", rule_id="GIST-IMATINIB-HIGH-DOSE-KIT-EXON9"), th("imatinib", rule_id="GIST-IMATINIB-KIT")])
    write_case("gist_pdgfra_d842v", "PDGFRA D842V in GIST: avapritinib; imatinib resistance", [V("PDGFRA", "D842V")], ["--tumor-type", "GIST"],
               therapies=[th("avapritinib", rule_id="GIST-AVAPRITINIB-PDGFRA-EXON18", context=ON),
                          th("imatinib", "resistance", rule_id="GIST-IMATINIB-PDGFRA-D842V-RESISTANCE")],
               no_therapies=[th("imatinib")])
    write_case("gist_pdgfra_d846y", "PDGFRA D846Y (exon 18) in GIST: avapritinib and imatinib", [V("PDGFRA", "D846Y")], ["--tumor-type", "GIST"],
               alterations=[alt("PDGFRA", "D846Y", "oncogenic", True)],
               therapies=[th("avapritinib"), th("imatinib", rule_id="GIST-IMATINIB-PDGFRA")], no_therapies=[th("imatinib", "resistance")])
    write_case("gist_pdgfra_v561d", "PDGFRA V561D (exon 12) in GIST: imatinib, not avapritinib", [V("PDGFRA", "V561D")], ["--tumor-type", "GIST"],
               alterations=[alt("PDGFRA", "V561D", "oncogenic", True, hotspot="PDGFRA V561")],
               therapies=[th("imatinib")], no_therapies=[th("avapritinib")])
    write_case("gist_pdgfra_d842_h845del", "PDGFRA D842_H845del (exon 18 in-frame deletion) in GIST: avapritinib and imatinib",
               [V("PDGFRA", "D842_H845del")], ["--tumor-type", "GIST"],
               alterations=[alt("PDGFRA", "D842_H845del", "oncogenic", True)],
               therapies=[th("avapritinib", rule_id="GIST-AVAPRITINIB-PDGFRA-EXON18"), th("imatinib", rule_id="GIST-IMATINIB-PDGFRA")],
               no_therapies=[th("imatinib", "resistance")])
    # ---------------- breast ----------------
    write_case("brca_pik3ca_h1047r", "PIK3CA H1047R breast cancer: alpelisib, inavolisib, capivasertib", [V("PIK3CA", "H1047R")], ["--tumor-type", "BRCA"],
               therapies=[th("alpelisib + fulvestrant", context=ON), th("inavolisib"), th("capivasertib")])
    write_case("brca_esr1_d538g", "ESR1 D538G breast cancer: elacestrant, imlunestrant; aromatase-inhibitor resistance",
               [V("ESR1", "D538G")], ["--tumor-type", "BRCA"], alterations=[alt("ESR1", "D538G", "oncogenic", True)],
               therapies=[th("elacestrant", context=ON), th("imlunestrant", rule_id="BRCA-IMLUNESTRANT-ESR1", context=ON),
                          th("aromatase inhibitors", "resistance", rule_id="BRCA-AROMATASE-INHIBITOR-ESR1-RESISTANCE")])
    write_case("brca_esr1_y537s", "ESR1 Y537S breast cancer: oral SERDs; aromatase-inhibitor resistance", [V("ESR1", "Y537S")], ["--tumor-type", "BRCA"],
               therapies=[th("imlunestrant"), th("letrozole", "resistance")])
    write_case("brca_esr1_e380q", "ESR1 E380Q breast cancer: aromatase-inhibitor resistance", [V("ESR1", "E380Q")], ["--tumor-type", "BRCA"],
               therapies=[th("aromatase inhibitors", "resistance")])
    write_case("brca_brca1_fs", "BRCA1 frameshift breast cancer: olaparib, talazoparib", [V("BRCA1", "Q1756Pfs*74")], ["--tumor-type", "BRCA"],
               alterations=[alt("BRCA1", "Q1756Pfs*74", "oncogenic", True)],
               therapies=[th("olaparib", rule_id="BRCA-OLAPARIB-BRCA"), th("talazoparib", rule_id="BRCA-TALAZOPARIB-BRCA")])
    # ---------------- prostate ----------------
    write_case("prad_brca2_fs", "BRCA2 frameshift mCRPC: olaparib, rucaparib, niraparib + abiraterone, talazoparib + enzalutamide",
               [V("BRCA2", "S1982Rfs*22")], ["--tumor-type", "PRAD"],
               therapies=[th("olaparib", rule_id="PRAD-OLAPARIB-BRCA"), th("rucaparib", rule_id="PRAD-RUCAPARIB-BRCA"),
                          th("niraparib + abiraterone"), th("talazoparib + enzalutamide", rule_id="PRAD-TALAZOPARIB-ENZALUTAMIDE-BRCA")])
    write_case("prad_atm_nonsense", "ATM nonsense mCRPC: olaparib and talazoparib + enzalutamide (HRR), no BRCA-only rucaparib",
               [V("ATM", "R35*")], ["--tumor-type", "PRAD"],
               therapies=[th("olaparib", rule_id="PRAD-OLAPARIB-HRR", context=ON),
                          th("talazoparib + enzalutamide", rule_id="PRAD-TALAZOPARIB-ENZALUTAMIDE-HRR")],
               no_therapies=[th("rucaparib"), th("niraparib")])
    write_case("prad_cdk12_fs", "CDK12 frameshift mCRPC: olaparib and talazoparib + enzalutamide", [V("CDK12", "K512Efs*3")], ["--tumor-type", "PRAD"],
               therapies=[th("olaparib", rule_id="PRAD-OLAPARIB-HRR"), th("talazoparib + enzalutamide", rule_id="PRAD-TALAZOPARIB-ENZALUTAMIDE-HRR")])
    write_case("prad_rad54l_fs", "RAD54L frameshift mCRPC: olaparib only (not a TALAPRO-2 gene)", [V("RAD54L", "E200Gfs*9")], ["--tumor-type", "PRAD"],
               therapies=[th("olaparib", rule_id="PRAD-OLAPARIB-HRR")], no_therapies=[th("talazoparib")])
    write_case("prad_mre11a_alias", "MRE11 frameshift annotated with the old symbol MRE11A: the MRE11 rule matches through the gene table's aliases",
               [V("MRE11A", "N117Tfs*7")], ["--tumor-type", "PRAD"],
               therapies=[th("talazoparib + enzalutamide", rule_id="PRAD-TALAZOPARIB-ENZALUTAMIDE-HRR", context=ON)], no_therapies=[th("olaparib")])
    write_case("gist_kit_exon9_other_dup", "KIT exon 9 in-frame duplication other than A502_Y503dup in GIST: imatinib 800 mg through the exon9_mutation class",
               [V("KIT", "S501_A502dup")], ["--tumor-type", "GIST"],
               therapies=[th("imatinib 800 mg", rule_id="GIST-IMATINIB-HIGH-DOSE-KIT-EXON9", context=ON)])
    write_case("gist_pdgfra_exon18_inframe", "PDGFRA exon 18 in-frame deletion not starting at D842/I843/D846 in GIST: avapritinib through the exon18_mutation class",
               [V("PDGFRA", "H845_N848del")], ["--tumor-type", "GIST"],
               therapies=[th("avapritinib", rule_or_merged="GIST-AVAPRITINIB-PDGFRA-EXON18-INFRAME", context=ON)])
    write_case("gist_pdgfra_d842_frameshift", "PDGFRA frameshift starting at D842 in GIST: the codon rules (avapritinib, exon 18) need a missense or in-frame change",
               [V("PDGFRA", "D842Gfs*4")], ["--tumor-type", "GIST"],
               alterations=[alt("PDGFRA", "D842Gfs*4", driver=False)],
               no_therapies=[th("avapritinib"), th("imatinib", "resistance")])
    write_case("chol_idh1_r132_frameshift", "IDH1 frameshift starting at R132 in cholangiocarcinoma: no ivosidenib (codon rule needs a missense change)",
               [V("IDH1", "R132Lfs*3")], ["--tumor-type", "CHOL"], no_therapies=[th("ivosidenib")])
    write_case("chol_idh1_r132_stop", "IDH1 stop at R132 in cholangiocarcinoma: no ivosidenib",
               [V("IDH1", "R132*")], ["--tumor-type", "CHOL"], no_therapies=[th("ivosidenib")])
    write_case("prad_mre11_fs", "MRE11 frameshift mCRPC: talazoparib + enzalutamide only (not a PROfound gene)", [V("MRE11", "N117Tfs*7")], ["--tumor-type", "PRAD"],
               therapies=[th("talazoparib + enzalutamide", rule_id="PRAD-TALAZOPARIB-ENZALUTAMIDE-HRR")], no_therapies=[th("olaparib")])
    # ---------------- ovarian ----------------
    write_case("ov_brca1_fs", "BRCA1 frameshift ovarian cancer: olaparib, niraparib, rucaparib", [V("BRCA1", "E1373*")], ["--tumor-type", "HGSOC"],
               therapies=[th("olaparib", rule_id="OV-OLAPARIB-BRCA"), th("niraparib", rule_id="OV-NIRAPARIB-BRCA"),
                          th("rucaparib", rule_id="OV-RUCAPARIB-BRCA")],
               no_therapies=[th("avutometinib")])
    write_case("ov_brca2_no_abiraterone", "BRCA2 ovarian cancer: no prostate-only abiraterone/enzalutamide combination off-label",
               [V("BRCA2", "S1982Rfs*22")], ["--tumor-type", "OV"],
               no_therapies=[th("abiraterone"), th("enzalutamide")])
    write_case("ov_brca2_k3326_last_exon", "BRCA2 p.K3326* (last exon, known benign allele in benign_truncations.tsv): likely benign, not reported, no PARP inhibitor",
               [V("BRCA2", "K3326*", exon="27/27")], ["--tumor-type", "OV"],
               no_alterations=[alt("BRCA2", "K3326*")], no_therapies=[th("olaparib"), th("niraparib"), th("rucaparib")])
    write_case("ov_brca2_k3326_no_exon", "BRCA2 p.K3326* without an EXON field: still the listed benign allele",
               [V("BRCA2", "K3326*")], ["--tumor-type", "HGSOC"],
               no_alterations=[alt("BRCA2", "K3326*")], no_therapies=[th("olaparib")])
    write_case("ov_brca2_penultimate_exon_fs", "BRCA2 frameshift in the penultimate exon: NMD escape unknown (no position in exon), call stands",
               [V("BRCA2", "E3002Kfs*5", exon="26/27")], ["--tumor-type", "HGSOC"],
               alterations=[alt("BRCA2", "E3002Kfs*5", "oncogenic", True)], therapies=[th("olaparib", rule_id="OV-OLAPARIB-BRCA")])
    write_case("tp53_last_exon_stop_lowered", "TP53 stop in the last exon: escapes NMD, no essential region curated: oncogenic lowered to likely_oncogenic",
               [V("TP53", "Q375*", exon="11/11")], ["--tumor-type", "HGSOC"],
               alterations=[alt("TP53", "Q375*", "likely_oncogenic", True)])
    write_case("cdkn1b_last_exon_stop_vus", "CDKN1B stop in the last exon (loss of function not established): likely_oncogenic lowered to vus",
               [V("CDKN1B", "E188*", exon="3/3")], ["--tumor-type", "PANET"],
               alterations=[alt("CDKN1B", "E188*", "vus", False)])
    write_case("cdkn1b_first_exon_stop", "CDKN1B stop in exon 1 of 3: NMD applies, likely_oncogenic",
               [V("CDKN1B", "Q104*", exon="1/3")], ["--tumor-type", "PANET"],
               alterations=[alt("CDKN1B", "Q104*", "likely_oncogenic", True)])
    write_case("lgsoc_kras_g12v", "KRAS G12V low-grade serous ovarian cancer: avutometinib + defactinib", [V("KRAS", "G12V")], ["--tumor-type", "LGSOC"],
               therapies=[th("avutometinib + defactinib", context=ON, escat_tier="I-B")])
    write_case("hgsoc_kras_g12v", "KRAS G12V high-grade serous ovarian cancer: avutometinib + defactinib excluded", [V("KRAS", "G12V")], ["--tumor-type", "HGSOC"],
               no_therapies=[th("avutometinib")])
    # ---------------- endometrial ----------------
    write_case("ucec_msi_h", "MSI-H endometrial cancer: chemo-immunotherapy (dostarlimab, pembrolizumab, durvalumab)",
               copy_input="test-data/biomarkers/msi_h_mutect2.vcf", args=["--tumor-type", "UCEC", "--target-mb", "1"],
               expect={"msi_status": "MSI-H"},
               therapies=[th("dostarlimab + carboplatin", context=ON), th("pembrolizumab + carboplatin", context=ON),
                          th("durvalumab + carboplatin", rule_id="UCEC-DURVALUMAB-CHEMO-DMMR", context=ON),
                          th("pembrolizumab", rule_id="TA-PEMBROLIZUMAB-MSIH")],
               no_therapies=[th("nivolumab + ipilimumab", context=ON)])
    # ---------------- glioma ----------------
    write_case("glioma_idh1_astr", "IDH1 R132H grade 2 astrocytoma: vorasidenib", [V("IDH1", "R132H")], ["--tumor-type", "ASTR"],
               alterations=[alt("IDH1", "R132H", "oncogenic", True)],
               therapies=[th("vorasidenib", rule_id="GLIOMA-VORASIDENIB-IDH1", context=ON, escat_tier="I-A")])
    write_case("glioma_idh2_odg", "IDH2 R172K oligodendroglioma: vorasidenib", [V("IDH2", "R172K")], ["--tumor-type", "ODG"],
               therapies=[th("vorasidenib", rule_id="GLIOMA-VORASIDENIB-IDH2", context=ON)])
    write_case("glioma_idh1_gbm", "IDH1 R132H glioblastoma: vorasidenib (grade 2 glioma evidence only) not extrapolated; ivosidenib off-label (IDH1 approvals in two histologies)", [V("IDH1", "R132H")], ["--tumor-type", "GBM"],
               therapies=[th("ivosidenib", context="off_label")], no_therapies=[th("vorasidenib")])
    # ---------------- thyroid ----------------
    write_case("thap_braf_v600e", "BRAF V600E anaplastic thyroid cancer: dabrafenib + trametinib", [V("BRAF", "V600E")], ["--tumor-type", "THAP"],
               therapies=[th("dabrafenib + trametinib", rule_id="THAP-DABRAFENIB-TRAMETINIB-BRAF")])
    write_case("thme_ret_m918t", "RET M918T medullary thyroid cancer: selpercatinib", [V("RET", "M918T")], ["--tumor-type", "MTC"],
               therapies=[th("selpercatinib", rule_id="THME-SELPERCATINIB-RET", context=ON)])
    # ---------------- NET / NEC ----------------
    write_case("panet_men1_daxx", "MEN1 + DAXX pancreatic NET: well-differentiated NET pattern; NET notes incl. cabozantinib",
               [V("MEN1", "R516Pfs*15"), V("DAXX", "Q219*")], ["--tumor-type", "PANET"],
               expect={"pattern": ["net_men1_daxx_atrx"], "no_pattern": ["nec_tp53_rb1"]},
               therapies=[th("everolimus", "note", rule_id="NET-EVEROLIMUS"), th("sunitinib", "note"),
                          th("cabozantinib", "note", rule_id="NET-CABOZANTINIB"), th("lanreotide", "note")],
               no_therapies=[th("platinum", "note")])
    write_case("panet_tsc2", "TSC2 truncation pancreatic NET: everolimus investigational (rationale only)", [V("TSC2", "R611*")], ["--tumor-type", "PANET"],
               expect={"pattern": ["net_mtor_pathway"]},
               therapies=[th("everolimus", rule_id="NET-EVEROLIMUS-MTOR-PATHWAY", context="investigational", amp_tier="IID")])
    write_case("lnet_cabozantinib", "Lung carcinoid (extra-pancreatic NET): cabozantinib and everolimus notes", [V("MEN1", "R516Pfs*15")], ["--tumor-type", "ALC"],
               therapies=[th("cabozantinib", "note"), th("everolimus", "note")], no_therapies=[th("sunitinib", "note")])
    write_case("sclc_tp53_rb1", "TP53 + RB1 small cell lung cancer: NEC pattern; platinum-etoposide, IO, tarlatamab notes",
               [V("TP53", "R273H"), V("RB1", "R320*")], ["--tumor-type", "SCLC"],
               expect={"pattern": ["nec_tp53_rb1"], "no_pattern": ["gepnec_adenocarcinoma_like"]},
               therapies=[th("platinum + etoposide", "note"), th("atezolizumab", "note"), th("tarlatamab", "note")],
               no_therapies=[th("cabozantinib", "note")])
    write_case("sclc_free_text", "--tumor-type \"small cell lung cancer\" should resolve to SCLC",
               [V("TP53", "R273H"), V("RB1", "R320*")], ["--tumor-type", "small cell lung cancer"],
               expect={"tumor_type": "SCLC"}, therapies=[th("platinum + etoposide", "note")])
    write_case("nec_plain_no_gepnec_pattern", "Plain NEC with KRAS/TP53/RB1: the GEP-NEC adenocarcinoma-like pattern must not fire",
               [V("KRAS", "G12D"), V("TP53", "R273H"), V("RB1", "R320*")], ["--tumor-type", "NEC"],
               expect={"pattern": ["nec_tp53_rb1"], "no_pattern": ["gepnec_adenocarcinoma_like"]})
    write_case("crcnec_kras_apc", "Colorectal NEC with KRAS + APC + TP53 + RB1: NEC and GEP-NEC adenocarcinoma-like patterns",
               [V("KRAS", "G12D"), V("APC", "R1450*"), V("TP53", "R273H"), V("RB1", "R320*")], ["--tumor-type", "CRCNEC"],
               expect={"pattern": ["nec_tp53_rb1", "gepnec_adenocarcinoma_like"], "tumor_type": "CRCNEC"},
               therapies=[th("platinum + etoposide", "note")], no_therapies=[th("anti-EGFR", "resistance")])
    write_case("minen_braf_v600e", "BRAF V600E MiNEN: tissue-agnostic dabrafenib + trametinib (NEC restatement merged)",
               [V("BRAF", "V600E")], ["--tumor-type", "MINEN"],
               expect={"pattern": ["gepnec_adenocarcinoma_like"]},
               therapies=[th("dabrafenib + trametinib", context="tissue_agnostic")])
    write_case("caution_crcnec_braf_v600e", "BRAF V600E colorectal NEC: caution that the tissue-agnostic dabrafenib + trametinib label excludes colorectal cancer",
               [V("BRAF", "V600E")], ["--tumor-type", "CRCNEC"],
               expect={"pattern": ["crcnec_braf_colorectal_like"], "warning_contains": ["excludes colorectal cancer", "Tafinlar"]},
               therapies=[th("encorafenib + cetuximab", rule_id="CRCNEC-ENCORAFENIB-CETUXIMAB-BRAF", context="investigational")],
               no_therapies=[th("dabrafenib"), th("trametinib"), th("binimetinib")])
    write_case("caution_nec_braf_no_gep_pattern", "BRAF V600E in a NEC of unstated site: no GEP-NEC or colorectal-type pattern, no colorectal caution",
               [V("BRAF", "V600E")], ["--tumor-type", "NEC"],
               expect={"no_pattern": ["gepnec_adenocarcinoma_like", "crcnec_braf_colorectal_like"], "no_warning_contains": ["excludes colorectal cancer"]},
               therapies=[th("dabrafenib + trametinib")])
    write_case("caution_unknown_tumor_type", "--tumor-type NCE (a typo): one warning naming the closest code NEC",
               [V("TP53", "R273H"), V("RB1", "R320*")], ["--tumor-type", "NCE"],
               expect={"warning_contains": ["tumour type `NCE` is not in the knowledge base", "did you mean NEC?"],
                       "no_warning_contains": ["kept as given"]})
    write_case("caution_tumor_type_synonym", "--tumor-type \"Colorectal Cancer\" (a synonym, any case) resolves to COADREAD",
               [V("KRAS", "G12D")], ["--tumor-type", "Colorectal Cancer"],
               expect={"tumor_type": "COADREAD", "no_warning_contains": ["not in the knowledge base"]},
               therapies=[th("anti-EGFR", "resistance")])
    write_case("caution_genome_contradicts_contigs", "--genome GRCh37 on a file whose ##contig lengths say GRCh38: a warning",
               [V("KRAS", "G12D")], ["--tumor-type", "COAD", "--genome", "GRCh37"],
               expect={"warning_contains": ["--genome GRCh37 contradicts the file's ##contig lengths, which say GRCh38"]})
    exome = [other(f"SYN{i:04d}", "1", 1_000_000 + 1000 * i, "C", "T", "missense_variant", "MODERATE") for i in range(1100)]
    write_case("caution_panel_assay_on_exome", "--assay F1CDX on exome-wide calls (1,100 genes hit): TMB status indeterminate, warned",
               exome, ["--tumor-type", "COAD", "--assay", "F1CDX"],
               expect={"tmb_status": "indeterminate", "warning_contains": ["do not come from the assay's footprint"]},
               no_therapies=[th("pembrolizumab")])
    write_case("caution_panet_not_assessed_sstr", "PANET report says SSTR status and germline status were not assessed",
               [V("MEN1", "R98*")], ["--tumor-type", "PANET"],
               expect={"report_keys": ["not_assessed"], "report_contains": ["sstr_imaging", "somatostatin-receptor", "germline_status"]})
    # ---------------- other tumour types ----------------
    write_case("chol_idh1_r132c", "IDH1 R132C cholangiocarcinoma: ivosidenib", [V("IDH1", "R132C")], ["--tumor-type", "CHOL"],
               therapies=[th("ivosidenib", rule_id="CHOL-IVOSIDENIB-IDH1", context=ON)], no_therapies=[th("vorasidenib", context=ON)])
    write_case("blca_fgfr3_s249c", "FGFR3 S249C urothelial carcinoma: erdafitinib", [V("FGFR3", "S249C")], ["--tumor-type", "BLCA"],
               therapies=[th("erdafitinib", rule_id="BLCA-ERDAFITINIB-FGFR3", context=ON)])
    write_case("paad_brca2_fs", "BRCA2 frameshift pancreatic adenocarcinoma: olaparib (germline label)", [V("BRCA2", "S1982Rfs*22")], ["--tumor-type", "PAAD"],
               therapies=[th("olaparib", rule_id="PAAD-OLAPARIB-BRCA", context=ON)])
    write_case("stad_msi_h", "MSI-H gastric cancer: tissue-agnostic pembrolizumab and dostarlimab; colorectal rules only off-label",
               copy_input="test-data/biomarkers/msi_h_strelka2.vcf", args=["--tumor-type", "STAD", "--target-mb", "1"],
               expect={"msi_status": "MSI-H"},
               therapies=[th("pembrolizumab", rule_id="TA-PEMBROLIZUMAB-MSIH", context="tissue_agnostic"),
                          th("dostarlimab", rule_id="TA-DOSTARLIMAB-DMMR", context="tissue_agnostic")],
               no_therapies=[th("nivolumab + ipilimumab", context=ON)])
    write_case("unknown_type_kras_g12c", "KRAS G12C without a tumour type: conservative tiers and a warning", [V("KRAS", "G12C")], [],
               expect={"warning_contains": "no tumour type"},
               therapies=[th("sotorasib", context="tumor_type_unknown", amp_tier="IIC")])
    # TMB-high: 40 missense variants in a non-knowledge-base gene over 1 Mb.
    tmb = [other("ZNF208", "19", 21950000 + 97 * i, "C", "T", "missense_variant", "MODERATE") for i in range(40)]
    write_case("cup_tmb_high", "TMB-high (40 mut/Mb) cancer of unknown primary: tissue-agnostic pembrolizumab", tmb,
               ["--tumor-type", "CUP", "--target-mb", "1"], expect={"tmb_status": "high"},
               therapies=[th("pembrolizumab", rule_id="TA-PEMBROLIZUMAB-TMBH", context="tissue_agnostic")])
    # MSI from intronic repeat indels: 150 deletions in intronic A/T runs (Mutect2 STR/RU/RPA), --target-mb 34.
    msi = [other("TTN", "2", 178600000 + 211 * i, "CA", "C", "intron_variant") for i in range(150)]
    extra = ('##INFO=<ID=RPA,Number=R,Type=Integer,Description="Number of times tandem repeat unit is repeated">\n'
             '##INFO=<ID=RU,Number=1,Type=String,Description="Tandem repeat unit (bases)">\n'
             '##INFO=<ID=STR,Number=0,Type=Flag,Description="Variant is a short tandem repeat">\n')
    write_case("msi_intronic_repeats_wes", "Intronic repeat indels with --target-mb 34 must not make an MSI-H call",
               msi, ["--tumor-type", "CRC", "--target-mb", "34"], extra_header=extra,
               info_extra=lambda i, r, a: "RPA=12,11;RU=A;STR",
               expect={"msi_status_not": "MSI-H"}, no_therapies=[th("pembrolizumab")])

    # Resistance as a mechanism (issue 26, section 1): one row per drug class and binding site.
    write_case("nsclc_egfr_ex19del_c797s", "EGFR exon 19 deletion + C797S in NSCLC: every covalent C797 binder demoted (osimertinib, amivantamab + lazertinib); the options approved after osimertinib lead",
               [V("EGFR", "E746_A750del"), V("EGFR", "C797S")], ["--tumor-type", "NSCLC"],
               expect={"warning_contains": ["confers resistance to lazertinib", "confers resistance to osimertinib"],
                       "leading_therapy_contains": "amivantamab + carboplatin + pemetrexed"},
               therapies=[th("covalent C797", "resistance", rule_id="NSCLC-OSIMERTINIB-EGFR-C797S-RESISTANCE"),
                          th("amivantamab + lazertinib", rule_id="NSCLC-AMIVANTAMAB-LAZERTINIB-EGFR-EX19DEL", escat_tier="X", note_contains="demoted: EGFR p.C797S confers resistance to lazertinib"),
                          th("osimertinib", rule_id="NSCLC-OSIMERTINIB-EGFR-EX19DEL", escat_tier="X", note_contains="demoted:"),
                          th("amivantamab + carboplatin + pemetrexed", rule_id="NSCLC-AMIVANTAMAB-CHEMO-EGFR-EX19DEL-AFTER-TKI", context=ON, amp_tier="IA", escat_tier="I-A"),
                          th("datopotamab deruxtecan", rule_id="NSCLC-DATOPOTAMAB-DERUXTECAN-EGFR", context=ON, escat_tier="I-B")],
               no_therapies=[th("lazertinib", amp_tier="IA"), th("osimertinib", amp_tier="IA")])
    write_case("nsclc_egfr_ex20ins_first_line", "EGFR exon 20 insertion in NSCLC: first-line amivantamab + carboplatin + pemetrexed (PAPILLON 2024)",
               [V("EGFR", "D770_N771insSVD")], ["--tumor-type", "LUAD"],
               therapies=[th("amivantamab + carboplatin + pemetrexed", rule_id="NSCLC-AMIVANTAMAB-CHEMO-EGFR-EX20INS", context=ON, escat_tier="I-A")],
               no_therapies=[th("amivantamab + carboplatin + pemetrexed", rule_id="NSCLC-AMIVANTAMAB-CHEMO-EGFR-EX19DEL-AFTER-TKI")])
    write_case("nsclc_kras_g12c_y96d", "KRAS G12C + Y96D (a VUS) in NSCLC: the switch-II resistance row demotes sotorasib and adagrasib",
               [V("KRAS", "G12C"), V("KRAS", "Y96D")], ["--tumor-type", "NSCLC"],
               expect={"warning_contains": ["KRAS p.Y96D", "confers resistance to sotorasib"]},
               therapies=[th("switch-II", "resistance", rule_id="KRAS-G12C-INHIBITOR-SWITCH-II-RESISTANCE"),
                          th("sotorasib", rule_id="NSCLC-SOTORASIB-KRAS-G12C", amp_tier="IID", escat_tier="X", note_contains="demoted: KRAS p.Y96D"),
                          th("adagrasib", rule_id="NSCLC-ADAGRASIB-KRAS-G12C", escat_tier="X")],
               no_therapies=[th("sotorasib", amp_tier="IA"), th("adagrasib", amp_tier="IA")])
    write_case("crc_kras_g12c_nras_q61k", "KRAS G12C + NRAS Q61K in colorectal cancer: a second RAS allele demotes the G12C combinations",
               [V("KRAS", "G12C"), V("NRAS", "Q61K")], ["--tumor-type", "CRC"],
               therapies=[th("switch-II", "resistance", rule_id="KRAS-G12C-INHIBITOR-SECOND-RAS-RESISTANCE"),
                          th("adagrasib + cetuximab", escat_tier="X", note_contains="KRAS-G12C-INHIBITOR-SECOND-RAS-RESISTANCE"),
                          th("sotorasib + panitumumab", escat_tier="X")],
               no_therapies=[th("adagrasib + cetuximab", amp_tier="IA")])
    write_case("nsclc_kras_y96d_without_g12c", "KRAS Y96D without G12C: no G12C-inhibitor resistance entry (the row needs KRAS G12C)",
               [V("KRAS", "Y96D")], ["--tumor-type", "NSCLC"],
               no_therapies=[th("switch-II", "resistance"), th("sotorasib")])
    write_case("mel_braf_v600e_nras_q61k", "BRAF V600E + NRAS Q61K melanoma: MAPK reactivation demotes every BRAF/MEK regimen",
               [V("BRAF", "V600E"), V("NRAS", "Q61K")], ["--tumor-type", "SKCM"],
               expect={"warning_contains": ["NRAS p.Q61K", "confers resistance to dabrafenib, trametinib"]},
               therapies=[th("BRAF and MEK inhibitors", "resistance", rule_id="BRAF-MEK-INHIBITOR-MAPK-REACTIVATION-RESISTANCE"),
                          th("dabrafenib + trametinib", rule_id="MEL-DABRAFENIB-TRAMETINIB-BRAF", amp_tier="IID", escat_tier="X", note_contains="demoted: NRAS p.Q61K")],
               no_therapies=[th("dabrafenib + trametinib", amp_tier="IA"), th("encorafenib + binimetinib", amp_tier="IIC")])
    write_case("mel_nras_q61k_alone", "NRAS Q61K melanoma without BRAF V600: no BRAF/MEK resistance entry (the row needs BRAF V600E/K)",
               [V("NRAS", "Q61K")], ["--tumor-type", "MEL"], no_therapies=[th("BRAF and MEK inhibitors", "resistance")])
    write_case("gist_kit_exon11_v654a_second_line", "KIT exon 11 + V654A (exon 13) in GIST: imatinib demoted; sunitinib (second line by exon), regorafenib, ripretinib",
               [V("KIT", "W557_K558del"), V("KIT", "V654A")], ["--tumor-type", "GIST"],
               therapies=[th("sunitinib", rule_id="GIST-SUNITINIB-KIT-EXON13-14", context=ON, amp_tier="IA", escat_tier="I-A"),
                          th("regorafenib", rule_id="GIST-REGORAFENIB-KIT-SECONDARY", context=ON),
                          th("ripretinib", rule_id="GIST-RIPRETINIB-KIT-SECONDARY", context=ON),
                          th("imatinib", rule_id="GIST-IMATINIB-KIT", escat_tier="X")],
               no_therapies=[th("sunitinib", "resistance")])
    write_case("gist_kit_exon11_n822k_third_line", "KIT exon 11 + N822K (exon 17) in GIST: type II inhibitors (imatinib, sunitinib) resisted; regorafenib and ripretinib",
               [V("KIT", "W557_K558del"), V("KIT", "N822K")], ["--tumor-type", "GIST"],
               therapies=[th("type II KIT/PDGFRA", "resistance", rule_id="GIST-TYPE-II-KIT-ACTIVATION-LOOP-RESISTANCE"),
                          th("imatinib", rule_id="GIST-IMATINIB-KIT", escat_tier="X", note_contains="demoted: KIT p.N822K"),
                          th("regorafenib", context=ON), th("ripretinib", context=ON)],
               no_therapies=[th("sunitinib"), th("imatinib", amp_tier="IA")])
    write_case("gist_kit_v654a_n822k_sunitinib_demoted", "KIT exon 11 + V654A + N822K in GIST: sunitinib (matched by V654A) demoted by the exon 17 mutation",
               [V("KIT", "W557_K558del"), V("KIT", "V654A"), V("KIT", "N822K")], ["--tumor-type", "GIST"],
               therapies=[th("sunitinib", rule_id="GIST-SUNITINIB-KIT-EXON13-14", escat_tier="X", note_contains="demoted: KIT p.N822K confers resistance to sunitinib")],
               no_therapies=[th("sunitinib", amp_tier="IA")])
    # No top tier on a weak call (issue 26, section 7).
    write_case("crc_msi_h_low_confidence", "Unannotated colorectal VCF called MSI-H by the indel-burden fallback (low confidence): checkpoint inhibitors keep IA only if confirmed, with the caveat, never leading",
               copy_input="test-data/biomarkers/msi_h_plain.vcf", args=["--tumor-type", "CRC", "--target-mb", "1"],
               expect={"msi_status": "MSI-H", "report_contains": ["confirm MSI/dMMR by IHC or PCR"]},
               therapies=[th("pembrolizumab", rule_id="CRC-PEMBROLIZUMAB-MSIH", amp_tier="IA", confirmation_required=True,
                             note_contains="confirm MSI/dMMR by IHC or PCR"),
                          th("nivolumab + ipilimumab", amp_tier="IA", confirmation_required=True),
                          th("dostarlimab", confirmation_required=True)],
               no_therapies=[th("pembrolizumab", confirmation_required=False)])
    write_case("crc_msi_h_confirmed_call", "MSI-H from caller repeat fields inside a capture BED (moderate confidence, not a weak call): no confirmation flag, pembrolizumab leads",
               copy_input="test-data/biomarkers/msi_h_mutect2.vcf", args=["--tumor-type", "CRC", "--targets", "test-data/biomarkers/targets.bed"],
               expect={"leading_therapy_contains": "ipilimumab"},
               therapies=[th("pembrolizumab", rule_id="CRC-PEMBROLIZUMAB-MSIH", confirmation_required=False)],
               no_therapies=[th("pembrolizumab", confirmation_required=True)])
    # Extrapolation (issue 26, section 2): one histology's evidence is not extrapolated.
    write_case("paad_kras_g12d_no_avutometinib", "KRAS G12D pancreatic cancer: avutometinib + defactinib (low-grade serous ovarian evidence only) is not offered",
               [V("KRAS", "G12D")], ["--tumor-type", "PAAD"], expect={"best_amp_tier": "none"},
               no_therapies=[th("avutometinib")])
    write_case("blca_egfr_l858r_no_offlabel_egfr_tki", "EGFR L858R in urothelial carcinoma: EGFR TKIs (NSCLC evidence only) are not offered off-label",
               [V("EGFR", "L858R")], ["--tumor-type", "BLCA"],
               no_therapies=[th("osimertinib"), th("lazertinib"), th("amivantamab")])
    # Tumour types as people type them (issue 26, section 5).
    write_case("tt_free_text_lcnec_of_lung", "\"large cell neuroendocrine carcinoma of lung\" resolves to LCNEC; NEC notes present",
               [V("TP53", "R273H"), V("RB1", "R320*")], ["--tumor-type", "large cell neuroendocrine carcinoma of lung"],
               expect={"tumor_type": "LCNEC", "no_warning_contains": ["not in the knowledge base"], "pattern": ["nec_tp53_rb1"]},
               therapies=[th("platinum + etoposide", "note")])
    write_case("tt_free_text_rectal_nec", "\"neuroendocrine carcinoma of the rectum\" resolves to the colorectal NEC code",
               [V("BRAF", "V600E")], ["--tumor-type", "neuroendocrine carcinoma of the rectum"],
               expect={"tumor_type": "CRCNEC", "pattern": ["crcnec_braf_colorectal_like"]},
               therapies=[th("encorafenib + cetuximab", rule_id="CRCNEC-ENCORAFENIB-CETUXIMAB-BRAF")], no_therapies=[th("dabrafenib")])
    write_case("tt_free_text_lgsoc", "\"low-grade serous ovarian carcinoma\" resolves to LGSOC: avutometinib + defactinib on-label (not IIC)",
               [V("KRAS", "G12V")], ["--tumor-type", "low-grade serous ovarian carcinoma"],
               expect={"tumor_type": "LGSOC"}, therapies=[th("avutometinib + defactinib", context=ON, amp_tier="IA")])
    write_case("tt_free_text_ihch", "\"intrahepatic cholangiocarcinoma\" (and OncoTree IHCH) resolve to CHOL: ivosidenib on-label",
               [V("IDH1", "R132C")], ["--tumor-type", "intrahepatic cholangiocarcinoma"],
               expect={"tumor_type": "CHOL"}, therapies=[th("ivosidenib", context=ON, amp_tier="IA")])
    write_case("tt_code_ihch_alias", "--tumor-type IHCH (OncoTree intrahepatic cholangiocarcinoma) is an alias of CHOL",
               [V("IDH1", "R132C")], ["--tumor-type", "IHCH"], expect={"tumor_type": "CHOL"})
    write_case("tt_free_text_dmg", "\"diffuse midline glioma, H3 K27M-mutant\" resolves to the new DMG code",
               [V("TP53", "R273H")], ["--tumor-type", "diffuse midline glioma, H3 K27M-mutant"],
               expect={"tumor_type": "DMG", "no_warning_contains": ["not in the knowledge base"]})
    write_case("tt_free_text_lung_carcinoid", "\"lung carcinoid\" resolves to LNET: NET notes",
               [V("MEN1", "R516Pfs*15")], ["--tumor-type", "lung carcinoid"],
               expect={"tumor_type": "LNET"}, therapies=[th("everolimus", "note")])
    write_case("tt_tnbc_no_endocrine_combinations", "Triple-negative breast cancer (new TNBC code) with PIK3CA H1047R: no HR-positive-only endocrine combinations",
               [V("PIK3CA", "H1047R")], ["--tumor-type", "triple-negative breast cancer"],
               expect={"tumor_type": "TNBC"}, no_therapies=[th("fulvestrant"), th("alpelisib"), th("capivasertib")])
    write_case("tt_unknown_free_text_did_you_mean", "Unknown free text \"small cell carcinoma\": a warning with the closest codes",
               [V("TP53", "R273H"), V("RB1", "R320*")], ["--tumor-type", "small cell carcinoma"],
               expect={"warning_contains": ["tumour type `small cell carcinoma` is not in the knowledge base", "did you mean SCLC"]})
    # Approvals 2023-2026 (issue 26, section 3), each checked against its FDA label.
    write_case("nsclc_egfr_ex20ins_sunvozertinib", "EGFR exon 20 insertion NSCLC after platinum: sunvozertinib (2025)",
               [V("EGFR", "D770_N771insSVD")], ["--tumor-type", "NSCLC"],
               therapies=[th("sunvozertinib", rule_id="NSCLC-SUNVOZERTINIB-EGFR-EX20INS", context=ON, escat_tier="I-B")])
    write_case("nsclc_erbb2_tkd_first_line", "HER2 kinase-domain L755S NSCLC: zongertinib on-label with its first-line extension (FDA, February 2026)",
               [V("ERBB2", "L755S")], ["--tumor-type", "NSCLC"],
               therapies=[th("zongertinib", rule_id="NSCLC-ZONGERTINIB-ERBB2-TKD", context=ON, amp_tier="IA",
                             note_contains="first line, February 2026")])
    write_case("nsclc_erbb2_v777l_sevabertinib", "HER2 kinase-domain V777L NSCLC: sevabertinib (2025) and zongertinib",
               [V("ERBB2", "V777L")], ["--tumor-type", "LUAD"],
               therapies=[th("sevabertinib", rule_id="NSCLC-SEVABERTINIB-ERBB2-TKD", context=ON), th("zongertinib", context=ON)])
    write_case("brca_esr1_vepdegestrant", "ESR1 Y537S breast cancer: vepdegestrant (2026) with the other oral SERDs",
               [V("ESR1", "Y537S")], ["--tumor-type", "BRCA"],
               therapies=[th("vepdegestrant", rule_id="BRCA-VEPDEGESTRANT-ESR1", context=ON, escat_tier="I-A")])
    write_case("prad_brca2_olaparib_abiraterone", "BRCA2 mCRPC: olaparib + abiraterone (PROpel, 2023)",
               [V("BRCA2", "S1982Rfs*22")], ["--tumor-type", "PRAD"],
               therapies=[th("olaparib + abiraterone", rule_id="PRAD-OLAPARIB-ABIRATERONE-BRCA", context=ON)])
    write_case("plgg_braf_v600e", "BRAF V600E paediatric low-grade glioma: dabrafenib + trametinib on-label (2023), tovorafenib (2024)",
               [V("BRAF", "V600E")], ["--tumor-type", "paediatric low-grade glioma"],
               expect={"tumor_type": "PLGG"},
               therapies=[th("dabrafenib + trametinib", rule_or_merged="PLGG-DABRAFENIB-TRAMETINIB-BRAF", context=ON, amp_tier="IA"),
                          th("tovorafenib", rule_id="PLGG-TOVORAFENIB-BRAF-V600", context=ON)])
    write_case("dmg_h3_k27m_dordaviprone", "H3-3A K28M (H3 K27M) diffuse midline glioma: dordaviprone (2025)",
               [V("H3-3A", "K28M")], ["--tumor-type", "DMG"],
               therapies=[th("dordaviprone", rule_id="DMG-DORDAVIPRONE-H3-K27M", context=ON, escat_tier="I-B")])
    write_case("mel_braf_v600e_melanoma_regimens", "BRAF V600E melanoma: the melanoma BRAF/MEK approvals (encorafenib + binimetinib, vemurafenib + cobimetinib, atezolizumab triplet)",
               [V("BRAF", "V600E")], ["--tumor-type", "SKCM"],
               therapies=[th("encorafenib + binimetinib", context=ON, escat_tier="I-A"),
                          th("vemurafenib + cobimetinib", rule_id="MEL-VEMURAFENIB-COBIMETINIB-BRAF", context=ON),
                          th("atezolizumab + vemurafenib + cobimetinib", rule_id="MEL-ATEZOLIZUMAB-VEMURAFENIB-COBIMETINIB-BRAF", context=ON)])
    write_case("panet_vhl_belzutifan", "VHL truncation pancreatic NET: belzutifan (VHL disease label, germline confirmation)",
               [V("VHL", "R161*")], ["--tumor-type", "PANET"],
               therapies=[th("belzutifan", rule_id="PANET-BELZUTIFAN-VHL", note_contains="germline")])
    write_case("ppgl_belzutifan_note", "Paraganglioma: belzutifan listed as a genotype-independent note (2025)",
               [V("TP53", "R273H")], ["--tumor-type", "PGNG"],
               therapies=[th("belzutifan", "note", rule_id="PPGL-BELZUTIFAN")])
    write_case("sclc_lurbinectedin_maintenance", "Extensive-stage SCLC: lurbinectedin + atezolizumab maintenance note (2025)",
               [V("TP53", "R273H"), V("RB1", "R320*")], ["--tumor-type", "SCLC"],
               therapies=[th("lurbinectedin + atezolizumab", "note", rule_id="SCLC-LURBINECTEDIN-ATEZOLIZUMAB-MAINTENANCE")])
    write_case("um_not_assessed_hla", "Uveal melanoma report names HLA-A*02:01 as not assessed; every report states the approvals review month",
               [V("TP53", "R273H")], ["--tumor-type", "UM"],
               expect={"report_contains": ["hla_a0201", "approvals_reviewed_through"]})
    write_case("astr_not_assessed_1p19q_mgmt", "IDH1 R132H astrocytoma report names 1p/19q codeletion and MGMT promoter methylation as not assessed",
               [V("IDH1", "R132H")], ["--tumor-type", "ASTR"],
               expect={"report_contains": ["codel_1p19q", "mgmt_methylation"]},
               therapies=[th("vorasidenib", rule_id="GLIOMA-VORASIDENIB-IDH1", context=ON)])
    write_case("odg_not_assessed_1p19q_mgmt", "Free-text oligodendroglioma: 1p/19q and MGMT not assessed, vorasidenib on-label for IDH2",
               [V("IDH2", "R172K")], ["--tumor-type", "oligodendroglioma"],
               expect={"tumor_type": "ODG", "report_contains": ["codel_1p19q", "mgmt_methylation"]},
               therapies=[th("vorasidenib", rule_id="GLIOMA-VORASIDENIB-IDH2", context=ON)])
    write_case("ov_not_assessed_hrd", "Ovarian cancer report names HRD status as not assessed", [V("BRCA1", "E1373*")], ["--tumor-type", "HGSOC"],
               expect={"report_contains": ["hrd_status"]})
    # NEN interpretation (issue 26, section 6).
    write_case("vhl_r161_last_exon_kept", "VHL p.R161* in the last exon: stops inside the curated essential region (elongin C binding, codons 157-171), stays oncogenic",
               [V("VHL", "R161*", exon="3/3")], ["--tumor-type", "PANET"],
               alterations=[alt("VHL", "R161*", "oncogenic", True)])
    write_case("vhl_last_exon_after_region_vus", "VHL stop after codon 171 in the last exon: escapes NMD and removes no essential region: VUS",
               [V("VHL", "Q203*", exon="3/3")], ["--tumor-type", "CCRCC"],
               alterations=[alt("VHL", "Q203*", "vus", False)])
    write_case("panetg3_tp53_rb1_discordant", "Pancreatic NET G3 with TP53 + RB1: NEC genotype, a caution that genotype and stated grade disagree, naming the platinum-based context",
               [V("TP53", "R273H"), V("RB1", "R320*")], ["--tumor-type", "PANETG3"],
               expect={"pattern": ["nec_tp53_rb1", "net_nec_genotype_discordant"],
                       "warning_contains": ["discordant with the stated well-differentiated NET", "platinum"]})
    write_case("sclc_tp53_rb1_no_discordance", "SCLC with TP53 + RB1: concordant, no discordance caution",
               [V("TP53", "R273H"), V("RB1", "R320*")], ["--tumor-type", "SCLC"],
               expect={"no_pattern": ["net_nec_genotype_discordant"], "no_warning_contains": ["discordant"]})
    # Known drivers (issue 26, section 8): POLE exonuclease alleles; a POLE truncation is no ultramutator driver.
    write_case("ucec_pole_s459f", "POLE S459F (exonuclease domain, ultramutator allele) in endometrial cancer: oncogenic driver",
               [V("POLE", "S459F")], ["--tumor-type", "UCEC"],
               alterations=[alt("POLE", "S459F", "oncogenic", True, hotspot="POLE S459")])
    write_case("pole_r150_stop_not_driver", "POLE R150* (truncation outside the exonuclease mechanism): not a driver",
               [V("POLE", "R150*")], ["--tumor-type", "COAD"],
               alterations=[alt("POLE", "R150*", "vus", False)])
    write_case("luad_tp53_rb1_no_nen_text", "Lung adenocarcinoma with TP53 + RB1 drivers: the genes' NEN relevance is not shown outside NEN reports",
               [V("TP53", "R273H"), V("RB1", "R320*")], ["--tumor-type", "LUAD"],
               expect={"report_not_contains": ["in neuroendocrine neoplasms"], "no_pattern": ["nec_tp53_rb1"]})
    write_case("sclc_tp53_rb1_nen_text", "SCLC with TP53 + RB1: the genes' NEN relevance is shown",
               [V("TP53", "R273H"), V("RB1", "R320*")], ["--tumor-type", "SCLC"],
               expect={"report_contains": ["in neuroendocrine neoplasms"]})
    # ---------------- Myeloid neoplasms (issue 26, section 4) ----------------
    # AML and MDS are served (FLT3, IDH1/2, NPM1 rules); other blood cancers get a loud warning.
    aml = ["--tumor-type", "acute myeloid leukemia"]
    flt3_drugs = [th("midostaurin", rule_id="AML-MIDOSTAURIN-FLT3-ITD", context=ON, amp_tier="IA", escat_tier="I-A"),
                  th("quizartinib", rule_id="AML-QUIZARTINIB-FLT3-ITD", context=ON, amp_tier="IA"),
                  th("gilteritinib", rule_id="AML-GILTERITINIB-FLT3-ITD", context=ON, amp_tier="IA")]
    write_case("aml_flt3_itd", "FLT3-ITD (VEP in-frame duplication in exon 14) with NPM1 exon 12 frameshift in AML: FLT3 inhibitors and menin inhibitors on-label, no out-of-scope warning",
               [V("FLT3", "F594_D600dup"), V("NPM1", "W288Cfs*12", exon="11/11")], aml,
               expect={"tumor_type": "AML", "best_amp_tier": "IA", "no_warning_contains": ["does not serve"]},
               alterations=[alt("FLT3", "F594_D600dup", "oncogenic", True, hotspot="FLT3 internal tandem duplication"),
                            alt("NPM1", "W288Cfs*12", "oncogenic", True, hotspot="NPM1 exon 12 frameshift")],
               therapies=flt3_drugs + [th("revumenib", rule_id="AML-REVUMENIB-NPM1", context=ON, amp_tier="IA", escat_tier="I-B"),
                                       th("ziftomenib", rule_id="AML-ZIFTOMENIB-NPM1", context=ON, amp_tier="IA")])
    itd_vcf = ("##fileformat=VCFv4.2\n##source=oncoprofile scenario case (synthetic, written by tests/cases/make_cases.py)\n"
               "##reference=GRCh38\n##contig=<ID=5,length=181538259>\n##contig=<ID=13,length=114364328>\n##contig=<ID=17,length=83257441>\n"
               "##FILTER=<ID=PASS,Description=\"All filters passed\">\n"
               "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
               "##FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"Allelic depths\">\n"
               "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR\n"
               "5\t171410543\t.\tC\tCTCTG\t.\tPASS\t.\tGT:AD\t0/1:60,40\n"
               "13\t28034120\t.\tT\tTCATATTCTCTGAAATCAACGT\t.\tPASS\t.\tGT:AD\t0/1:70,30\n"
               "17\t7675088\t.\tC\tT\t.\tPASS\t.\tGT:AD\t0/1:60,40\n")
    write_case("aml_flt3_itd_unannotated", "An unannotated VCF (GRCh38) with a 21-bp in-frame insertion in FLT3 exon 14 and the 4-bp NPM1 exon 12 insertion (type A): recognised as FLT3-ITD and NPM1 exon 12 frameshift, FLT3 and menin inhibitors on-label",
               None, aml, input_text=itd_vcf,
               expect={"tumor_type": "AML", "report_contains": ["FLT3 internal tandem duplication"]},
               alterations=[{"gene": "FLT3", "oncogenicity": "oncogenic", "driver": True, "hotspot": "FLT3 internal tandem duplication"},
                            {"gene": "NPM1", "oncogenicity": "oncogenic", "driver": True, "hotspot": "NPM1 exon 12 frameshift"}],
               therapies=flt3_drugs + [th("revumenib", rule_id="AML-REVUMENIB-NPM1", context=ON)])
    write_case("aml_flt3_d835y_tkd", "FLT3 D835Y (tyrosine kinase domain) in AML: midostaurin and gilteritinib, not quizartinib (FLT3-ITD only)",
               [V("FLT3", "D835Y"), V("DNMT3A", "R882H")], aml,
               alterations=[alt("FLT3", "D835Y", "oncogenic", True, hotspot="FLT3 D835"),
                            alt("DNMT3A", "R882H", "oncogenic", True, hotspot="DNMT3A R882")],
               therapies=[th("midostaurin", rule_id="AML-MIDOSTAURIN-FLT3-TKD", context=ON, amp_tier="IA"),
                          th("gilteritinib", rule_id="AML-GILTERITINIB-FLT3-TKD", context=ON, amp_tier="IA")],
               no_therapies=[th("quizartinib")])
    write_case("aml_idh1_r132c", "IDH1 R132C in AML: ivosidenib and olutasidenib on-label; the cholangiocarcinoma and glioma labels are not extrapolated to a blood cancer",
               [V("IDH1", "R132C")], ["--tumor-type", "AML"],
               therapies=[th("ivosidenib", rule_id="AML-IVOSIDENIB-IDH1", context=ON, amp_tier="IA", escat_tier="I-A"),
                          th("olutasidenib", rule_id="AML-OLUTASIDENIB-IDH1", context=ON, amp_tier="IA", escat_tier="I-B")],
               no_therapies=[th("", rule_id="CHOL-IVOSIDENIB-IDH1"), th("vorasidenib"), th("", context="off_label")])
    write_case("aml_idh2_r140q", "IDH2 R140Q in AML: enasidenib on-label", [V("IDH2", "R140Q")], ["--tumor-type", "AML"],
               therapies=[th("enasidenib", rule_id="AML-ENASIDENIB-IDH2", context=ON, amp_tier="IA")],
               no_therapies=[th("vorasidenib")])
    write_case("mds_idh1_r132h", "IDH1 R132H in myelodysplastic syndrome: ivosidenib on its MDS label; the AML-only olutasidenib is not offered",
               [V("IDH1", "R132H")], ["--tumor-type", "myelodysplastic syndrome"],
               expect={"tumor_type": "MDS", "no_warning_contains": ["does not serve"]},
               therapies=[th("ivosidenib", rule_id="MDS-IVOSIDENIB-IDH1", context=ON, amp_tier="IA", escat_tier="I-B")],
               no_therapies=[th("olutasidenib"), th("", rule_id="AML-IVOSIDENIB-IDH1")])
    write_case("aml_braf_v600e_no_solid_rules", "BRAF V600E with TP53 + RB1 in AML: no solid-tumour BRAF rule, on- or off-label, and no NEC pattern",
               [V("BRAF", "V600E"), V("TP53", "R273H"), V("RB1", "R320*")], aml,
               expect={"tumor_type": "AML", "best_amp_tier": "none", "no_pattern": ["nec_tp53_rb1"]},
               no_therapies=[th("")])
    write_case("crc_idh1_no_aml_rules", "IDH1 R132C in colorectal cancer: the AML and MDS labels never apply to a solid tumour",
               [V("IDH1", "R132C")], ["--tumor-type", "COADREAD"],
               no_therapies=[th("olutasidenib"), th("", rule_id="AML-IVOSIDENIB-IDH1"), th("", rule_id="MDS-IVOSIDENIB-IDH1")])
    write_case("mpn_out_of_scope_loud_warning", "\"myeloproliferative neoplasm\" resolves to MPN, a blood cancer no rule serves: a loud warning and no therapy match",
               [V("FLT3", "D835Y"), V("TP53", "R273H")], ["--tumor-type", "myeloproliferative neoplasm"],
               expect={"tumor_type": "MPN", "best_amp_tier": "none",
                       "warning_contains": ["haematological neoplasm, which this knowledge base does not serve"]},
               no_therapies=[th("")])
    # ---------------- Protein changes (issue 26, section 8) ----------------
    maf_head = ("Hugo_Symbol\tChromosome\tStart_Position\tEnd_Position\tVariant_Classification\tVariant_Type\t"
                "Reference_Allele\tTumor_Seq_Allele2\tTumor_Sample_Barcode\tNCBI_Build\tHGVSp_Short\n")
    write_case("maf_braf_v600e_no_hgvsp", "A GRCh37 MAF row at the BRAF V600E allele without HGVSp (COLO829-style): the change comes from the hotspot allele, and the melanoma BRAF options follow",
               None, ["--tumor-type", "SKCM"], input_name="input.maf",
               input_text=maf_head + "BRAF\t7\t140453136\t140453136\tMissense_Mutation\tSNP\tA\tT\tCOLO829\tGRCh37\t\n",
               alterations=[alt("BRAF", "V600E", "oncogenic", True, hotspot="BRAF V600")],
               therapies=[th("dabrafenib + trametinib", rule_id="MEL-DABRAFENIB-TRAMETINIB-BRAF", context=ON, amp_tier="IA")])
    write_case("maf_legacy_stop_x", "A MAF with the legacy protein change p.Q1378X (APC) in colorectal cancer: reported as HGVS p.Q1378*, the input text kept in protein_change_input",
               None, ["--tumor-type", "COADREAD"], input_name="input.maf",
               input_text=maf_head + "APC\t5\t112175423\t112175423\tNonsense_Mutation\tSNP\tC\tT\tTUMOR\tGRCh37\tp.Q1378X\n",
               expect={"report_contains": ["protein_change_input", "p.Q1378X"]},
               alterations=[alt("APC", "Q1378*", "oncogenic", True)])
    # ---------------- Copy number (--cna, issue 28) ----------------
    # Synthetic GRCh38 segments over the MANE spans of annotations/gene_spans.tsv.
    cnvkit = lambda rows: "chromosome\tstart\tend\tgene\tlog2\tdepth\tprobes\tweight\n" + "".join(
        f"chr{c}\t{s}\t{e}\t{g}\t{l}\t100\t20\t18\n" for c, s, e, g, l in rows)
    cna = lambda name, f: ["--genome", "GRCh38", "--cna", f"tests/cases/{name}/{f}"]
    erbb2 = [("17", 39600000, 39800000, "ERBB2", 2.4), ("17", 39800000, 80000000, "-", 0.0)]
    write_case("brca_erbb2_amp_cnvkit", "ERBB2 amplification from CNVkit segments in breast cancer: trastuzumab on-label",
               [V("TP53", "R273H")], ["--tumor-type", "BRCA"] + cna("brca_erbb2_amp_cnvkit", "tumour.cns"),
               files={"tumour.cns": cnvkit(erbb2)},
               expect={"report_keys": ["copy_number"], "report_contains": ["ERBB2 amplification"]},
               therapies=[th("trastuzumab", rule_id="BRCA-TRASTUZUMAB-ERBB2-AMP", context=ON, amp_tier="IA")],
               no_therapies=[th("tucatinib")])
    purple = ("chromosome\tstart\tend\tcopyNumber\tbafCount\tbaf\tminorAlleleCopyNumber\tmajorAlleleCopyNumber\n"
              "17\t39500001\t39900000\t18.4\t12\t0.55\t8.1\t10.3\n17\t39900001\t83257441\t2.1\t300\t0.5\t1.0\t1.1\n")
    write_case("brca_erbb2_amp_purple", "ERBB2 amplification from PURPLE somatic copy number in breast cancer",
               [V("TP53", "R273H")], ["--tumor-type", "BRCA"] + cna("brca_erbb2_amp_purple", "tumour.purple.cnv.somatic.tsv"),
               files={"tumour.purple.cnv.somatic.tsv": purple},
               expect={"report_contains": ["ERBB2 amplification"]},
               therapies=[th("trastuzumab", rule_id="BRCA-TRASTUZUMAB-ERBB2-AMP", context=ON, amp_tier="IA")])
    write_case("coadread_erbb2_amp_tucatinib", "ERBB2 amplification in colorectal cancer: tucatinib + trastuzumab, not the breast label",
               [V("TP53", "R273H")], ["--tumor-type", "COADREAD"] + cna("coadread_erbb2_amp_tucatinib", "tumour.cns"),
               files={"tumour.cns": cnvkit(erbb2)},
               therapies=[th("tucatinib", rule_id="COADREAD-TUCATINIB-TRASTUZUMAB-ERBB2-AMP", context=ON)],
               no_therapies=[th("trastuzumab + cisplatin")])
    rb1 = [("13", 48000000, 48600000, "RB1", -3.2)]
    write_case("nec_rb1_homdel_tp53", "RB1 homozygous deletion (CNVkit) + TP53 R273H in a NEC: the TP53/RB1 NEC pattern",
               [V("TP53", "R273H")], ["--tumor-type", "NEC"] + cna("nec_rb1_homdel_tp53", "tumour.cns"),
               files={"tumour.cns": cnvkit(rb1)},
               expect={"pattern": ["nec_tp53_rb1"], "report_contains": ["homozygous_deletion"]})
    write_case("nec_tp53_no_cna_no_pattern", "TP53 alone in a NEC without copy number: no TP53/RB1 pattern",
               [V("TP53", "R273H")], ["--tumor-type", "NEC"], expect={"no_pattern": ["nec_tp53_rb1"]})
    # Chromosomal instability (issue 28): whole-genome allele-specific segments over the GRCh38 arms of
    # annotations/centromeres.tsv, each arm one segment with (nMajor, nMinor) from `cn_of(chrom, arm)`.
    def genome_segments(cn_of):
        rows = []
        with open(os.path.join(ROOT, "annotations", "centromeres.tsv")) as f:
            for line in f:
                t = line.rstrip("\n").split("\t")
                if line.startswith("#") or t[0] != "GRCh38":
                    continue
                c, length, cs, ce, p = t[1], int(t[2]), int(t[3]), int(t[4]), t[5] == "yes"
                if p:
                    rows.append((c, 1, cs) + cn_of(c, "p"))
                rows.append((c, ce + 1, length) + cn_of(c, "q"))
        return "Chromosome\tStart\tEnd\tnMajor\tnMinor\n" + "".join(
            f"{c}\t{s}\t{e}\t{a}\t{b}\n" for c, s, e, a, b in rows)
    nec_arms = {("3", "p"): (1, 0), ("4", "p"): (1, 0), ("4", "q"): (1, 0), ("5", "q"): (1, 0),
                ("10", "p"): (1, 0), ("10", "q"): (1, 0), ("13", "q"): (1, 0), ("17", "p"): (1, 0),
                ("3", "q"): (2, 1), ("5", "p"): (2, 1), ("8", "q"): (3, 1), ("20", "q"): (2, 1)}
    write_case("nec_high_cin", "A NEC with TP53 R273H and 12 arm-level events over the whole genome: high chromosomal instability, supporting NEC (with its pancreatic-NET caveat)",
               [V("TP53", "R273H")], ["--tumor-type", "NEC", "--genome", "GRCh38", "--cna", "tests/cases/nec_high_cin/tumour.ascat.tsv"],
               files={"tumour.ascat.tsv": genome_segments(lambda c, a: nec_arms.get((c, a), (1, 1)))},
               expect={"pattern": ["nen_high_cin"], "no_pattern": ["nen_low_cin"],
                       "report_contains": ["\"arm\":\"17p\"", "\"level\":\"high\""],
                       "warning_contains": ["whole chromosomes 1, 2, 3, 6, 10, 11, 16 and 22"]})
    write_case("panetg3_men1_low_cin", "A pancreatic NET G3 with MEN1 and DAXX truncations and only chromosome 11 lost: low chromosomal instability, consistent with a well-differentiated NET",
               [V("MEN1", "R516Pfs*15"), V("DAXX", "Q219*")],
               ["--tumor-type", "PANETG3", "--genome", "GRCh38", "--cna", "tests/cases/panetg3_men1_low_cin/tumour.ascat.tsv"],
               files={"tumour.ascat.tsv": genome_segments(lambda c, a: (1, 0) if c == "11" else (1, 1))},
               expect={"pattern": ["nen_low_cin", "net_men1_daxx_atrx"], "no_pattern": ["nen_high_cin"],
                       "report_contains": ["\"arm\":\"11q\"", "\"level\":\"low\""]})
    write_case("nec_no_cna_cin_not_assessed", "A NEC without copy-number input: chromosomal instability not assessed, no CIN pattern",
               [V("TP53", "R273H")], ["--tumor-type", "NEC"],
               expect={"no_pattern": ["nen_high_cin", "nen_low_cin"],
                       "report_contains": ["\"status\":\"not_assessed\"", "no copy-number input (--cna)"]})
    brca2 = [("13", 32000000, 33000000, "BRCA2", -0.8)]
    write_case("prad_brca2_loss_plus_truncation", "BRCA2 copy loss + BRCA2 truncation in prostate cancer: biallelic loss, olaparib",
               [V("BRCA2", "E1493Vfs*10")], ["--tumor-type", "PRAD"] + cna("prad_brca2_loss_plus_truncation", "tumour.cns"),
               files={"tumour.cns": cnvkit(brca2)},
               expect={"report_contains": ["two hits"]},
               therapies=[th("olaparib", rule_id="PRAD-OLAPARIB-BRCA-BIALLELIC-LOSS", context=ON)])

    ascat = lambda rows: "Chromosome\tStart\tEnd\tnMajor\tnMinor\n" + "".join(
        f"{c}\t{s}\t{e}\t{a}\t{b}\n" for c, s, e, a, b in rows)
    write_case("panet_men1_truncation_plus_cn_loh", "MEN1 frameshift + copy-neutral LOH (allele-specific segments) in a pancreatic NET: two hits",
               [V("MEN1", "R516Pfs*15")], ["--tumor-type", "PANET"] + cna("panet_men1_truncation_plus_cn_loh", "tumour.ascat.tsv"),
               files={"tumour.ascat.tsv": ascat([("11", 60000001, 70000000, 2, 0)])},
               expect={"pattern": ["net_men1_daxx_atrx"], "report_contains": ["loss of heterozygosity of MEN1", "two hits"]})
    write_case("panet_men1_homdel_only", "MEN1 homozygous deletion alone (PURPLE gene table) in a pancreatic NET: the MEN1/DAXX/ATRX pattern from copy number",
               [V("TP53", "R273H")], ["--tumor-type", "PANET"] + cna("panet_men1_homdel_only", "tumour.purple.cnv.gene.tsv"),
               files={"tumour.purple.cnv.gene.tsv": "chromosome\tstart\tend\tgene\tminCopyNumber\tmaxCopyNumber\n11\t64803516\t64810551\tMEN1\t0.05\t0.1\n"},
               expect={"pattern": ["net_men1_daxx_atrx"], "report_contains": ["homozygous deletion of a tumour suppressor (MEN1)"]})

    # Copy-number knowledge rows (issue 28): pattern tokens GENE:class and the MET amplification row.
    write_case("gbm_egfr_amplification", "EGFR amplification (CNVkit) in a glioblastoma: the WHO CNS5 molecular-glioblastoma statement, no EGFR therapy",
               [V("TP53", "R273H")], ["--tumor-type", "GBM"] + cna("gbm_egfr_amplification", "tumour.cns"),
               files={"tumour.cns": cnvkit([("7", 54900000, 55300000, "EGFR", 2.6)])},
               expect={"pattern": ["glioma_egfr_amplification"], "report_contains": ["EGFR amplification"]},
               no_therapies=[th("osimertinib"), th("erlotinib"), th("gefitinib")])
    write_case("astr_cdkn2a_mtap_homdel", "CDKN2A + MTAP homozygous deletion (9p21, CNVkit) in an IDH1-mutant astrocytoma: grade 4 statement and the MTAP note, vorasidenib still listed",
               [V("IDH1", "R132H")], ["--tumor-type", "ASTR"] + cna("astr_cdkn2a_mtap_homdel", "tumour.cns"),
               files={"tumour.cns": cnvkit([("9", 21700000, 22100000, "MTAP,CDKN2A", -4.5)])},
               expect={"pattern": ["astrocytoma_cdkn2a_homdel", "mtap_homdel"], "no_pattern": ["meso_cdkn2a_homdel"]},
               therapies=[th("vorasidenib", rule_id="GLIOMA-VORASIDENIB-IDH1")])
    write_case("sarcoma_mdm2_amplification", "MDM2 amplification (CNVkit) in a sarcoma: consistent with well-differentiated/dedifferentiated liposarcoma, no therapy",
               [V("TP53", "R273H")], ["--tumor-type", "SARCOMA"] + cna("sarcoma_mdm2_amplification", "tumour.cns"),
               files={"tumour.cns": cnvkit([("12", 68700000, 68900000, "MDM2", 3.0)])},
               expect={"pattern": ["sarcoma_mdm2_amplification"], "best_amp_tier": "none"})
    write_case("nsclc_met_amplification", "MET amplification (CNVkit) in NSCLC: capmatinib as investigational evidence (GEOMETRY mono-1), never an approval tier",
               [V("TP53", "R273H")], ["--tumor-type", "NSCLC"] + cna("nsclc_met_amplification", "tumour.cns"),
               files={"tumour.cns": cnvkit([("7", 116600000, 116900000, "MET", 2.8)])},
               therapies=[th("capmatinib", rule_id="NSCLC-CAPMATINIB-MET-AMP", context="investigational", amp_tier="IIC", escat_tier="II-B")],
               no_therapies=[th("capmatinib", context=ON), th("tepotinib")])
    write_case("sarcoma_smarcb1_homdel", "SMARCB1 homozygous deletion (CNVkit) in a sarcoma: SMARCB1-deficient tumour statement, INI1 IHC to confirm",
               [V("TP53", "R273H")], ["--tumor-type", "SARCOMA"] + cna("sarcoma_smarcb1_homdel", "tumour.cns"),
               files={"tumour.cns": cnvkit([("22", 23700000, 23900000, "SMARCB1", -4.0)])},
               expect={"pattern": ["smarcb1_biallelic_loss"], "report_contains": ["INI1"]})
    write_case("luad_egfr_amp_no_glioma_pattern", "EGFR amplification in a lung adenocarcinoma: the glioma statement does not fire",
               [V("TP53", "R273H")], ["--tumor-type", "LUAD"] + cna("luad_egfr_amp_no_glioma_pattern", "tumour.cns"),
               files={"tumour.cns": cnvkit([("7", 54900000, 55300000, "EGFR", 2.6)])},
               expect={"no_pattern": ["glioma_egfr_amplification"]})

    # ---------------- Fusions (--sv, issue 28) ----------------
    pairs = "GeneA\tGeneB\tSv_Type\nALK\tEML4\tFUSION\n"
    write_case("nsclc_eml4_alk_gene_pair", "EML4-ALK from an unordered gene pair in NSCLC: read as EML4::ALK, ALK inhibitors on-label",
               [V("TP53", "R273H")], ["--tumor-type", "NSCLC", "--genome", "GRCh38", "--sv", "tests/cases/nsclc_eml4_alk_gene_pair/fusions.txt"],
               files={"fusions.txt": pairs},
               expect={"report_keys": ["fusions"], "report_contains": ["EML4::ALK"]},
               therapies=[th("alectinib", rule_id="NSCLC-ALECTINIB-ALK", context=ON, amp_tier="IA"),
                          th("lorlatinib", rule_id="NSCLC-LORLATINIB-ALK", context=ON),
                          th("ensartinib", rule_id="NSCLC-ENSARTINIB-ALK", context=ON, amp_tier="IA"),
                          th("ceritinib", rule_id="NSCLC-CERITINIB-ALK", context=ON, amp_tier="IA"),
                          th("brigatinib", rule_id="NSCLC-BRIGATINIB-ALK", context=ON, amp_tier="IA")])
    ros1 = "GeneA\tGeneB\tSv_Type\nROS1\tCD74\tFUSION\n"
    write_case("nsclc_cd74_ros1_taletrectinib", "CD74-ROS1 in NSCLC: taletrectinib (2025) and repotrectinib on-label",
               [V("TP53", "R273H")], ["--tumor-type", "NSCLC", "--genome", "GRCh38", "--sv", "tests/cases/nsclc_cd74_ros1_taletrectinib/fusions.txt"],
               files={"fusions.txt": ros1},
               expect={"report_contains": ["CD74::ROS1"]},
               therapies=[th("taletrectinib", rule_id="NSCLC-TALETRECTINIB-ROS1", context=ON, amp_tier="IA"),
                          th("repotrectinib", rule_id="NSCLC-REPOTRECTINIB-ROS1", context=ON)])
    ret = "GeneA\tGeneB\tSv_Type\nRET\tKIF5B\tFUSION\n"
    write_case("nsclc_kif5b_ret_pralsetinib", "KIF5B-RET in NSCLC: pralsetinib on-label, selpercatinib tissue-agnostic",
               [V("TP53", "R273H")], ["--tumor-type", "NSCLC", "--genome", "GRCh38", "--sv", "tests/cases/nsclc_kif5b_ret_pralsetinib/fusions.txt"],
               files={"fusions.txt": ret},
               expect={"report_contains": ["KIF5B::RET"]},
               therapies=[th("pralsetinib", rule_id="NSCLC-PRALSETINIB-RET", context=ON, amp_tier="IA"),
                          th("selpercatinib", rule_id="TA-SELPERCATINIB-RET")])
    # Issue 28: the retained kinase domain (annotations/fusion_domains.tsv: RET exons 12-18 of
    # NM_020975). A KIF5B::RET junction (BEDPE, GRCh38: KIF5B intron, RET intron 11) keeps it; one
    # in RET intron 18 keeps exons 19-20 only: no RET inhibitor, and the evidence says why.
    bedpe_head = "chrom1\tstart1\tend1\tchrom2\tstart2\tend2\tname\tscore\tstrand1\tstrand2\n"
    kept = bedpe_head + "chr10\t43114999\t43115000\tchr10\t32017142\t32017143\tsv1\t.\t-\t-\n"
    write_case("nsclc_kif5b_ret_kinase_domain_retained", "KIF5B::RET from a DNA junction in RET intron 11: kinase domain (exons 12-18) retained, pralsetinib on-label",
               [V("TP53", "R273H")], ["--tumor-type", "NSCLC", "--sv", "tests/cases/nsclc_kif5b_ret_kinase_domain_retained/fusions.bedpe"],
               files={"fusions.bedpe": kept},
               expect={"report_contains": ["KIF5B::RET", "RET kinase domain (exons 12-18 of ENST00000355710.8) retained"]},
               therapies=[th("pralsetinib", rule_id="NSCLC-PRALSETINIB-RET", context=ON, amp_tier="IA"),
                          th("selpercatinib", rule_id="TA-SELPERCATINIB-RET")])
    lost = bedpe_head + "chr10\t43125499\t43125500\tchr10\t32017142\t32017143\tsv1\t.\t-\t-\n"
    write_case("nsclc_kif5b_ret_kinase_domain_lost", "KIF5B::RET from a DNA junction in RET intron 18, 3' of the kinase domain: no RET inhibitor, with the reason",
               [V("TP53", "R273H")], ["--tumor-type", "NSCLC", "--sv", "tests/cases/nsclc_kif5b_ret_kinase_domain_lost/fusions.bedpe"],
               files={"fusions.bedpe": lost},
               expect={"report_contains": ["KIF5B::RET", "RET kinase domain (exons 12-18 of ENST00000355710.8) lost", "so no kinase-inhibitor rule is matched"]},
               no_therapies=[th("pralsetinib"), th("selpercatinib")])
    tpm3 = "GeneA\tGeneB\tSv_Type\nTPM3\tALK\tFUSION\n"
    write_case("imt_tpm3_alk_crizotinib", "TPM3-ALK in an inflammatory myofibroblastic tumour (free text): crizotinib on-label (2022)",
               [V("TP53", "R273H")], ["--tumor-type", "inflammatory myofibroblastic tumour", "--genome", "GRCh38", "--sv", "tests/cases/imt_tpm3_alk_crizotinib/fusions.txt"],
               files={"fusions.txt": tpm3},
               expect={"tumor_type": "IMT", "report_contains": ["TPM3::ALK"]},
               therapies=[th("crizotinib", rule_id="IMT-CRIZOTINIB-ALK", context=ON, amp_tier="IA")],
               no_therapies=[th("alectinib")])
    ccdc6 = "GeneA\tGeneB\tSv_Type\nCCDC6\tRET\tFUSION\n"
    write_case("thpa_ccdc6_ret_pralsetinib", "CCDC6-RET in papillary thyroid cancer: pralsetinib on-label (thyroid RET fusion, 2020), selpercatinib tissue-agnostic",
               [V("TP53", "R273H")], ["--tumor-type", "THPA", "--genome", "GRCh38", "--sv", "tests/cases/thpa_ccdc6_ret_pralsetinib/fusions.txt"],
               files={"fusions.txt": ccdc6},
               expect={"report_contains": ["CCDC6::RET"]},
               therapies=[th("pralsetinib", rule_id="THCA-PRALSETINIB-RET", context=ON, amp_tier="IA"),
                          th("selpercatinib", rule_id="TA-SELPERCATINIB-RET")])
    sv_rec = ("Sample_Id\tSite1_Hugo_Symbol\tSite2_Hugo_Symbol\tTumor_Split_Read_Count\n"
              "S1\tALK\tEML4\t12\n")
    write_case("nsclc_alk_eml4_reciprocal_only", "Only the reciprocal ALK::EML4 product (cBioPortal, ordered): no ALK inhibitor",
               [V("TP53", "R273H")], ["--tumor-type", "NSCLC", "--genome", "GRCh38", "--sv", "tests/cases/nsclc_alk_eml4_reciprocal_only/data_sv.txt"],
               files={"data_sv.txt": sv_rec},
               expect={"report_contains": ["reciprocal", "not the oncogenic ALK fusion"]},
               no_therapies=[th("alectinib"), th("lorlatinib")])

    # Approvals reviewed for 2026 (issue 26): NRG1 fusion in cholangiocarcinoma (May 2026).
    nrg1 = "GeneA\tGeneB\tSv_Type\nNRG1\tSLC3A2\tFUSION\n"
    write_case("chol_nrg1_fusion_zenocutuzumab", "SLC3A2-NRG1 in cholangiocarcinoma: zenocutuzumab on-label (FDA, May 2026)",
               [V("TP53", "R273H")], ["--tumor-type", "CHOL", "--genome", "GRCh38", "--sv", "tests/cases/chol_nrg1_fusion_zenocutuzumab/fusions.txt"],
               files={"fusions.txt": nrg1},
               expect={"report_contains": ["SLC3A2::NRG1"]},
               therapies=[th("zenocutuzumab", rule_id="NRG1-ZENOCUTUZUMAB-FUSION", context=ON, amp_tier="IA",
                             note_contains="cholangiocarcinoma")])

    # ---------------- Blood-cancer fusions (issue 28) ----------------
    # BCR::ABL1 (GRCh38 junction of BCR intron 14 and ABL1 intron 1, e14a2), PML::RARA, FIP1L1::PDGFRA,
    # ETV6::PDGFRB, KMT2A::AFF1, NPM1::ALK: each rule from a tiny fusion table; the reciprocal ABL1::BCR
    # matches nothing. The rules check the driver and its position; the tumour type carries the partner.
    arriba = ("#gene1\tgene2\tstrand1(gene/fusion)\tstrand2(gene/fusion)\tbreakpoint1\tbreakpoint2\tsite1\tsite2\ttype\t"
              "split_reads1\tsplit_reads2\tdiscordant_mates\tconfidence\treading_frame\n"
              "BCR\tABL1\t+/+\t+/+\t22:23290413\t9:130854064\tsplice-site\tsplice-site\ttranslocation\t12\t9\t4\thigh\tin-frame\n")
    cml_tkis = [th("imatinib", rule_id="CML-IMATINIB-BCR-ABL1", context=ON, amp_tier="IA", escat_tier="I-A"),
                th("dasatinib", rule_id="CML-DASATINIB-BCR-ABL1", context=ON, amp_tier="IA"),
                th("nilotinib", rule_id="CML-NILOTINIB-BCR-ABL1", context=ON, amp_tier="IA", escat_tier="I-A"),
                th("bosutinib", rule_id="CML-BOSUTINIB-BCR-ABL1", context=ON, amp_tier="IA"),
                th("asciminib", rule_id="CML-ASCIMINIB-BCR-ABL1", context=ON, amp_tier="IA"),
                th("ponatinib", rule_id="CML-PONATINIB-BCR-ABL1", context=ON, amp_tier="IA", escat_tier="I-B",
                   note_contains="at least two prior kinase inhibitors")]
    write_case("cml_bcr_abl1_arriba", "BCR::ABL1 from Arriba in chronic myeloid leukaemia (free text): the BCR::ABL1 inhibitors on-label, no out-of-scope warning",
               [V("TP53", "R273H")], ["--tumor-type", "chronic myeloid leukemia", "--sv", "tests/cases/cml_bcr_abl1_arriba/fusions.tsv"],
               files={"fusions.tsv": arriba},
               expect={"tumor_type": "CML", "best_amp_tier": "IA", "report_contains": ["BCR::ABL1"],
                       "no_warning_contains": ["does not serve"]},
               therapies=cml_tkis,
               no_therapies=[th("ponatinib", rule_id="CML-PONATINIB-ABL1-T315I"), th("", rule_id="PHALL-IMATINIB-BCR-ABL1")])
    recip = ("Sample_Id\tSite1_Hugo_Symbol\tSite2_Hugo_Symbol\tTumor_Split_Read_Count\n"
             "S1\tABL1\tBCR\t12\n")
    write_case("cml_abl1_bcr_reciprocal_only", "Only the reciprocal ABL1::BCR product (cBioPortal, ordered) in CML: reported as not the oncogenic ABL1 fusion, no BCR::ABL1 inhibitor",
               [V("TP53", "R273H")], ["--tumor-type", "CML", "--genome", "GRCh38", "--sv", "tests/cases/cml_abl1_bcr_reciprocal_only/data_sv.txt"],
               files={"data_sv.txt": recip},
               expect={"report_contains": ["ABL1::BCR", "reciprocal", "not the oncogenic ABL1 fusion"], "best_amp_tier": "none"},
               no_therapies=[th("imatinib"), th("dasatinib"), th("nilotinib"), th("bosutinib"), th("asciminib"), th("ponatinib")])
    star = ("#FusionName\tJunctionReadCount\tSpanningFragCount\tSpliceType\tLeftGene\tLeftBreakpoint\tRightGene\tRightBreakpoint\tPROT_FUSION_TYPE\n"
            "BCR--ABL1\t26\t18\tONLY_REF_SPLICE\tBCR^ENSG00000186716\tchr22:23290413:+\tABL1^ENSG00000097007\tchr9:130854064:+\tINFRAME\n")
    write_case("cml_bcr_abl1_t315i", "BCR::ABL1 (STAR-Fusion) with ABL1 T315I in CML: ponatinib and asciminib for T315I lead, the T315I-impaired inhibitors are demoted by the resistance row",
               [V("ABL1", "T315I"), V("TP53", "R273H")], ["--tumor-type", "CML", "--sv", "tests/cases/cml_bcr_abl1_t315i/fusions.tsv"],
               files={"fusions.tsv": star},
               expect={"report_contains": ["BCR::ABL1"], "best_amp_tier": "IA"},
               alterations=[alt("ABL1", "T315I")],
               therapies=[th("ponatinib", rule_id="CML-PONATINIB-ABL1-T315I", context=ON, amp_tier="IA"),
                          th("asciminib", rule_id="CML-ASCIMINIB-ABL1-T315I", context=ON, amp_tier="IA"),
                          th("imatinib", rule_id="CML-IMATINIB-BCR-ABL1", escat_tier="X", note_contains="demoted:"),
                          th("dasatinib", rule_id="CML-DASATINIB-BCR-ABL1", note_contains="demoted:"),
                          th("nilotinib", rule_id="CML-NILOTINIB-BCR-ABL1", note_contains="demoted:"),
                          th("bosutinib", rule_id="CML-BOSUTINIB-BCR-ABL1", note_contains="demoted:"),
                          th("imatinib", direction="resistance", rule_id="BCR-ABL1-TKI-T315I-RESISTANCE")])
    write_case("cml_t315i_vcf_only", "ABL1 T315I from the VCF alone in CML (no --sv): ponatinib and asciminib for T315I on-label, the T315I-impaired class as resistance, and the BCR::ABL1 fusion listed first under not assessed",
               [V("ABL1", "T315I"), V("TP53", "R273H")], ["--tumor-type", "CML"],
               expect={"report_contains": ["bcr_abl1_fusion"], "best_amp_tier": "IA"},
               therapies=[th("ponatinib", rule_id="CML-PONATINIB-ABL1-T315I", context=ON, amp_tier="IA"),
                          th("asciminib", rule_id="CML-ASCIMINIB-ABL1-T315I", context=ON, amp_tier="IA"),
                          th("bosutinib", direction="resistance", rule_id="BCR-ABL1-TKI-T315I-RESISTANCE")],
               no_therapies=[th("imatinib")])
    bcr_pair = "GeneA\tGeneB\tSv_Type\nABL1\tBCR\tFUSION\n"
    write_case("phall_bcr_abl1_gene_pair", "BCR-ABL1 from an unordered gene pair in Ph+ ALL (free text): read as BCR::ABL1; imatinib, dasatinib and ponatinib on-label, the CML-only inhibitors not listed",
               [V("TP53", "R273H")], ["--tumor-type", "Ph+ ALL", "--genome", "GRCh38", "--sv", "tests/cases/phall_bcr_abl1_gene_pair/fusions.txt"],
               files={"fusions.txt": bcr_pair},
               expect={"tumor_type": "BLLBCRABL1", "report_contains": ["BCR::ABL1"], "no_warning_contains": ["does not serve"]},
               therapies=[th("imatinib", rule_id="PHALL-IMATINIB-BCR-ABL1", context=ON, amp_tier="IA"),
                          th("dasatinib", rule_id="PHALL-DASATINIB-BCR-ABL1", context=ON, amp_tier="IA"),
                          th("ponatinib", rule_id="PHALL-PONATINIB-BCR-ABL1", context=ON, amp_tier="IA", escat_tier="I-A")],
               no_therapies=[th("nilotinib"), th("bosutinib"), th("asciminib")])
    write_case("bll_bcr_abl1_off_label", "BCR-ABL1 in a B-ALL given without its subtype (BLL): the rules cannot see the 5' partner, so the Ph+ ALL and CML approvals are off-label evidence only",
               [V("TP53", "R273H")], ["--tumor-type", "BLL", "--genome", "GRCh38", "--sv", "tests/cases/bll_bcr_abl1_off_label/fusions.txt"],
               files={"fusions.txt": bcr_pair},
               expect={"tumor_type": "BLL", "off_label_last": True, "pattern": ["bll_abl1_fusion_phall"]},
               therapies=[th("imatinib", context="off_label", amp_tier="IIC"), th("ponatinib", context="off_label")],
               no_therapies=[th("nilotinib"), th("bosutinib"), th("asciminib"), th("imatinib", context=ON)])
    pml = "GeneA\tGeneB\tSv_Type\nRARA\tPML\tFUSION\n"
    write_case("apl_pml_rara_arsenic_tretinoin", "PML-RARA from a gene pair in acute promyelocytic leukaemia (alias APL): arsenic trioxide + tretinoin on-label (2018)",
               [V("TP53", "R273H")], ["--tumor-type", "APL", "--genome", "GRCh38", "--sv", "tests/cases/apl_pml_rara_arsenic_tretinoin/fusions.txt"],
               files={"fusions.txt": pml},
               expect={"tumor_type": "APLPMLRARA", "report_contains": ["PML::RARA"], "no_warning_contains": ["does not serve"]},
               therapies=[th("arsenic trioxide + tretinoin", rule_id="APL-ARSENIC-TRIOXIDE-TRETINOIN-PML-RARA", context=ON, amp_tier="IA")])
    write_case("aml_pml_rara_pattern_no_rule", "PML-RARA in a patient given only as AML: the APL pattern says so and points to --tumor-type APL; no arsenic trioxide rule (the rules do not see the 5' partner)",
               [V("TP53", "R273H")], ["--tumor-type", "AML", "--genome", "GRCh38", "--sv", "tests/cases/aml_pml_rara_pattern_no_rule/fusions.txt"],
               files={"fusions.txt": pml},
               expect={"pattern": ["aml_rara_fusion_apl"], "report_contains": ["PML::RARA"]},
               no_therapies=[th("arsenic trioxide")])
    fip = "GeneA\tGeneB\tSv_Type\nFIP1L1\tPDGFRA\tFUSION\n"
    write_case("cel_fip1l1_pdgfra_imatinib", "FIP1L1-PDGFRA in chronic eosinophilic leukaemia (free text): imatinib on-label (HES/CEL label, 2006)",
               [V("TP53", "R273H")], ["--tumor-type", "chronic eosinophilic leukemia", "--genome", "GRCh38", "--sv", "tests/cases/cel_fip1l1_pdgfra_imatinib/fusions.txt"],
               files={"fusions.txt": fip},
               expect={"tumor_type": "CELNOS", "report_contains": ["FIP1L1::PDGFRA"]},
               therapies=[th("imatinib", rule_id="MLN-IMATINIB-PDGFRA-FUSION", context=ON, amp_tier="IA")],
               no_therapies=[th("avapritinib")])
    etv6 = "GeneA\tGeneB\tSv_Type\nPDGFRB\tETV6\tFUSION\n"
    write_case("mdsmpn_etv6_pdgfrb_imatinib", "ETV6-PDGFRB in a myelodysplastic/myeloproliferative neoplasm: imatinib on-label (PDGFR rearrangement label, 2006)",
               [V("TP53", "R273H")], ["--tumor-type", "MDSMPN", "--genome", "GRCh38", "--sv", "tests/cases/mdsmpn_etv6_pdgfrb_imatinib/fusions.txt"],
               files={"fusions.txt": etv6},
               expect={"tumor_type": "MDSMPN", "report_contains": ["ETV6::PDGFRB"]},
               therapies=[th("imatinib", rule_id="MLN-IMATINIB-PDGFRB-FUSION", context=ON, amp_tier="IA")])
    kmt2a = "GeneA\tGeneB\tSv_Type\nAFF1\tKMT2A\tFUSION\n"
    write_case("bll_kmt2a_aff1_revumenib", "KMT2A-AFF1 in B-lymphoblastic leukaemia: revumenib on-label (acute leukaemia with a KMT2A translocation, 2024)",
               [V("TP53", "R273H")], ["--tumor-type", "BLL", "--genome", "GRCh38", "--sv", "tests/cases/bll_kmt2a_aff1_revumenib/fusions.txt"],
               files={"fusions.txt": kmt2a},
               expect={"report_contains": ["KMT2A::AFF1"], "no_warning_contains": ["does not serve"]},
               therapies=[th("revumenib", rule_id="ALL-REVUMENIB-KMT2A-FUSION", context=ON, amp_tier="IA", escat_tier="I-B")])
    mllt3 = "GeneA\tGeneB\tSv_Type\nKMT2A\tMLLT3\tFUSION\n"
    write_case("aml_kmt2a_mllt3_revumenib", "KMT2A-MLLT3 in AML: revumenib on-label (2024)",
               [V("TP53", "R273H")], ["--tumor-type", "AML", "--genome", "GRCh38", "--sv", "tests/cases/aml_kmt2a_mllt3_revumenib/fusions.txt"],
               files={"fusions.txt": mllt3},
               expect={"report_contains": ["KMT2A::MLLT3"]},
               therapies=[th("revumenib", rule_id="AML-REVUMENIB-KMT2A-FUSION", context=ON, amp_tier="IA")],
               no_therapies=[th("", rule_id="ALL-REVUMENIB-KMT2A-FUSION")])
    npm1 = "GeneA\tGeneB\tSv_Type\nALK\tNPM1\tFUSION\n"
    write_case("alcl_npm1_alk_crizotinib", "NPM1-ALK in ALK-positive anaplastic large cell lymphoma: crizotinib on-label (2021); the NSCLC ALK inhibitors are not listed",
               [V("TP53", "R273H")], ["--tumor-type", "ALCLALKP", "--genome", "GRCh38", "--sv", "tests/cases/alcl_npm1_alk_crizotinib/fusions.txt"],
               files={"fusions.txt": npm1},
               expect={"report_contains": ["NPM1::ALK"], "no_warning_contains": ["does not serve"]},
               therapies=[th("crizotinib", rule_id="ALCL-CRIZOTINIB-ALK", context=ON, amp_tier="IA")],
               no_therapies=[th("alectinib"), th("lorlatinib")])

    # ---------------- Tumour-only screen: germline follow-up, clonal haematopoiesis (issue 29) ----------------
    import germline_cases
    germline_cases.define(write_case, V, alt, th, other)


if __name__ == "__main__":
    for n in os.listdir(HERE):
        p = os.path.join(HERE, n)
        if os.path.isdir(p):
            shutil.rmtree(p)
    define()
    print(len([n for n in os.listdir(HERE) if os.path.isdir(os.path.join(HERE, n))]), "cases written")
