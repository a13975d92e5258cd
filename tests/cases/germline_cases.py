"""Scenario cases of the tumour-only screen (issue 29): germline follow-up flags and possible clonal
haematopoiesis. Called by make_cases.py's define(); a record's sixth element is its tumour VAF."""

GERMLINE = "possible germline variant"
CH = "possible clonal haematopoiesis"


def at(record, vaf):
    return record + (vaf,)


def define(write_case, V, alt, th, other=None):
    # ---- germline follow-up: founder alleles, Lynch, the NEN syndromes ----
    write_case("germline_brca1_185delag_breast",
               "BRCA1 185delAG (c.68_69del, founder allele) at VAF 0.5 in breast cancer: germline follow-up, the PARP label needs germline status",
               [at(V("BRCA1", "E23Vfs*17"), 0.5), at(V("PIK3CA", "H1047R"), 0.3)], ["--tumor-type", "BRCA"],
               alterations=[alt("BRCA1", "E23Vfs*17", "oncogenic", True)],
               therapies=[th("olaparib")],
               expect={"report_keys": ["germline_followup"], "warning_contains": [GERMLINE + "(s): BRCA1 p.E23Vfs*17"],
                       "report_contains": ['"curated_allele":"BRCA1 185delAG (Ashkenazi founder allele)"',
                                           "talazoparib in gBRCAm HER2-negative breast cancer (FDA 2018-10-16)"]})
    write_case("germline_brca2_6174delt_pancreas",
               "BRCA2 6174delT (founder allele) at VAF 0.48 in pancreatic adenocarcinoma, purity 0.4: above the somatic expectation; olaparib maintenance needs a germline variant",
               [at(V("BRCA2", "S1982Rfs*22"), 0.48), at(V("KRAS", "G12D"), 0.18)], ["--tumor-type", "PAAD", "--purity", "0.4"],
               alterations=[alt("BRCA2", "S1982Rfs*22", "oncogenic", True)],
               expect={"report_keys": ["germline_followup"],
                       "report_contains": ['"vaf_assessment":"above_somatic_expectation"', '"expected_somatic_vaf":0.2',
                                           "olaparib maintenance in gBRCAm metastatic pancreatic adenocarcinoma (FDA 2019-12-27)"]})
    write_case("germline_brca1_5382insc_low_vaf_curated",
               "BRCA1 5382insC (curated founder allele) at VAF 0.12 in ovarian cancer: flagged at any VAF",
               [at(V("BRCA1", "Q1756Pfs*74"), 0.12)], ["--tumor-type", "OV"],
               expect={"report_keys": ["germline_followup"], "report_contains": ['"curated_allele":"BRCA1 5382insC (founder allele)"']})
    write_case("germline_msh2_stop_lynch_crc", "MSH2 stop at VAF 0.45 in colorectal cancer: Lynch syndrome follow-up",
               [at(V("MSH2", "Q252*"), 0.45), at(V("KRAS", "G12D"), 0.25)], ["--tumor-type", "COADREAD"],
               alterations=[alt("MSH2", "Q252*", driver=True)],
               expect={"report_keys": ["germline_followup"], "report_contains": ['"syndrome":"Lynch syndrome"'],
                       "warning_contains": [GERMLINE + "(s): MSH2 p.Q252*"]})
    write_case("germline_mlh1_stop_any_tumour", "MLH1 frameshift at VAF 0.4 in a lung adenocarcinoma: most-actionable gene, flagged in any tumour type",
               [at(V("MLH1", "K196Nfs*5"), 0.4)], ["--tumor-type", "LUAD"],
               expect={"report_contains": ['"gene":"MLH1","protein_change":"p.K196Nfs*5"', '"syndrome":"Lynch syndrome"']})
    write_case("germline_pnet_men1_vhl_cdkn1b_tsc",
               "Pancreatic NET with MEN1, VHL, CDKN1B, TSC1 and TSC2 truncations at VAF 0.5: each gets germline follow-up",
               [at(V("MEN1", "R98*"), 0.5), at(V("VHL", "R161*"), 0.5), at(V("CDKN1B", "Q107*"), 0.5),
                at(V("TSC1", "R509*"), 0.5), at(V("TSC2", "R1032*"), 0.5)], ["--tumor-type", "PANET"],
               alterations=[alt("MEN1", "R98*", driver=True)],
               expect={"report_keys": ["germline_followup"],
                       "warning_contains": ["5 " + GERMLINE + "(s)"],
                       "report_contains": ['"syndrome":"multiple endocrine neoplasia type 1"', '"syndrome":"von Hippel-Lindau disease"',
                                           '"syndrome":"multiple endocrine neoplasia type 4"', '"gene":"TSC1","protein_change"',
                                           '"gene":"TSC2","protein_change"']})
    write_case("germline_paraganglioma_sdhx_max_tmem127_nf1",
               "Paraganglioma with SDHA, SDHB, SDHC, SDHD, SDHAF2, MAX, TMEM127 and NF1 truncations at VAF 0.5: each gets germline follow-up",
               [at(V("SDHA", "R31*"), 0.5), at(V("SDHB", "R46*"), 0.5), at(V("SDHC", "R72*"), 0.5), at(V("SDHD", "Q109*"), 0.5),
                at(V("SDHAF2", "R80*"), 0.5), at(V("MAX", "R60*"), 0.5), at(V("TMEM127", "Q74*"), 0.5), at(V("NF1", "R1362*"), 0.5)],
               ["--tumor-type", "PGNG"],
               expect={"report_keys": ["germline_followup"],
                       "report_contains": ['"gene":"SDHA","protein_change"', '"gene":"SDHB","protein_change"', '"gene":"SDHC","protein_change"',
                                           '"gene":"SDHD","protein_change"', '"gene":"SDHAF2","protein_change"', '"gene":"MAX","protein_change"',
                                           '"gene":"TMEM127","protein_change"', '"gene":"NF1","protein_change"',
                                           '"syndrome":"hereditary paraganglioma-pheochromocytoma (SDHx)"']})
    write_case("germline_mtc_ret_m918t", "RET M918T at VAF 0.5 in medullary thyroid cancer: MEN2 follow-up",
               [at(V("RET", "M918T"), 0.5)], ["--tumor-type", "THME"],
               alterations=[alt("RET", "M918T", "oncogenic", True)],
               expect={"report_contains": ['"syndrome":"multiple endocrine neoplasia type 2"']})
    write_case("germline_men1_not_in_lung_adenocarcinoma", "MEN1 truncation at VAF 0.5 in a lung adenocarcinoma: not a tumour type of the MEN1 row, no flag",
               [at(V("MEN1", "R98*"), 0.5)], ["--tumor-type", "LUAD"],
               expect={"no_warning_contains": [GERMLINE], "report_not_contains": ["germline_followup"]})
    write_case("germline_men1_low_vaf_no_flag", "MEN1 truncation at VAF 0.12 in a pancreatic NET: below the germline VAF window, no flag",
               [at(V("MEN1", "R98*"), 0.12), at(V("DAXX", "R219*"), 0.3)], ["--tumor-type", "PANET"],
               expect={"no_warning_contains": [GERMLINE], "report_not_contains": ["germline_followup"]})

    # ---- clonal haematopoiesis ----
    write_case("chip_tet2_low_vaf_luad",
               "TET2 stop at VAF 0.06 in a lung adenocarcinoma (other calls near 0.35): possible clonal haematopoiesis, not a tumour driver, not in TMB",
               [at(V("TET2", "Q1034*"), 0.06), at(V("KRAS", "G12C"), 0.35), at(V("TP53", "R273H"), 0.38), at(V("EGFR", "V769M"), 0.33)],
               ["--tumor-type", "LUAD", "--target-mb", "1.0"],
               alterations=[alt("TET2", "Q1034*", driver=False), alt("KRAS", "G12C", "oncogenic", True)],
               no_alterations=[alt("TET2", "Q1034*", driver=True)],
               expect={"report_keys": ["clonal_haematopoiesis"], "warning_contains": ["clonal haematopoiesis: TET2 p.Q1034*"],
                       "report_contains": ['"count":1,"key":"possible_clonal_haematopoiesis"', '"driver_withdrawn":true']})
    write_case("chip_dnmt3a_high_vaf_luad", "DNMT3A truncation at VAF 0.35 in a lung adenocarcinoma: at the tumour's VAF, not marked",
               [at(V("DNMT3A", "W297*"), 0.35), at(V("KRAS", "G12C"), 0.35)], ["--tumor-type", "LUAD"],
               expect={"no_warning_contains": [CH], "report_not_contains": ["clonal_haematopoiesis"]})
    write_case("chip_jak2_v617f_breast", "JAK2 V617F at VAF 0.07 in breast cancer: possible clonal haematopoiesis",
               [at(V("JAK2", "V617F"), 0.07), at(V("PIK3CA", "H1047R"), 0.3), at(V("TP53", "R273H"), 0.32)], ["--tumor-type", "BRCA"],
               expect={"report_keys": ["clonal_haematopoiesis"], "warning_contains": ["clonal haematopoiesis: JAK2 p.V617F"]})
    write_case("chip_tp53_low_vaf_not_silenced", "TP53 R273H at VAF 0.05 in a lung adenocarcinoma: a subclonal tumour driver, not silenced as CH",
               [at(V("TP53", "R273H"), 0.05), at(V("KRAS", "G12C"), 0.35), at(V("EGFR", "V769M"), 0.33)], ["--tumor-type", "LUAD"],
               alterations=[alt("TP53", "R273H", driver=True)],
               expect={"no_warning_contains": [CH], "report_not_contains": ["clonal_haematopoiesis"]})
    write_case("chip_tet2_low_vaf_aml_driver", "TET2 stop at VAF 0.06 in AML: clonal-haematopoiesis genes are drivers in blood cancers",
               [at(V("TET2", "Q1034*"), 0.06), at(V("NPM1", "W288Cfs*12"), 0.4)], ["--tumor-type", "AML"],
               alterations=[alt("TET2", "Q1034*", driver=True)],
               expect={"no_warning_contains": [CH], "report_not_contains": ["clonal_haematopoiesis"]})

    # ---- population and panel-of-normals resources (bgzipped, indexed; tests/data/germline) ----
    d = "tests/data/germline"
    write_case("resources_population_and_pon_matches",
               "Population VCF and panel of normals (non-parsimonious and multi-allelic records): a PoN match is removed as an artefact, a population match with AF 0.05 is a polymorphism",
               args=["--tumor-type", "LUAD", "--target-mb", "1", "--population-vcf", f"{d}/population.vcf.gz",
                     "--panel-of-normals", f"{d}/pon.vcf.gz"],
               copy_input=f"{d}/resources_sample.vcf",
               alterations=[alt("TP53", "R175H", "oncogenic", True)],
               no_alterations=[alt("TP53", "K139Rfs*31"), alt("BRCA2", "N289S")],
               expect={"report_keys": ["germline_resources"],
                       "report_contains": ['"count":2,"key":"panel_of_normals"', '"count":5,"key":"population_af_gt_0.001"',
                                           '"kind":"panel_of_normals"', '"matched_without_af":1']})
    write_case("resources_without_files_keeps_calls",
               "The same calls without the resources: the PoN artefact and the population polymorphism are listed",
               args=["--tumor-type", "LUAD", "--target-mb", "1"], copy_input=f"{d}/resources_sample.vcf",
               alterations=[alt("TP53", "K139Rfs*31"), alt("BRCA2", "N289S", "vus")],
               expect={"report_not_contains": ["germline_resources", "panel_of_normals"]})

    # ---- plasma (cell-free DNA) ----
    write_case("plasma_egfr_l858r_low_vaf",
               "Plasma cfDNA: EGFR L858R at VAF 0.02 passes the 0.5 % cfDNA threshold; the report states the bTMB definition and that a negative result does not exclude an alteration",
               [at(V("EGFR", "L858R"), 0.02), at(V("TP53", "R273H"), 0.015)], ["--tumor-type", "NSCLC", "--sample-type", "plasma"],
               alterations=[alt("EGFR", "L858R", "oncogenic", True)],
               therapies=[th("osimertinib", rule_id="NSCLC-OSIMERTINIB-EGFR-L858R")],
               expect={"report_keys": ["plasma"], "warning_contains": ["a negative result does not exclude an alteration"],
                       "report_contains": ['"depth_for_min_vaf":600', "bTMB >= 16", '"min_vaf":0.005']})
    # bTMB (Gandara et al. 2018): coding substitutions at VAF >= 0.5 %, known drivers left out, over 1.1 Mb, cut-off 16.
    btmb = [at(other("ZNF208", "19", 21950000 + 97 * i, "C", "T", "missense_variant", "MODERATE"), 0.02) for i in range(18)]
    write_case("plasma_btmb_high",
               "Plasma cfDNA over 1.1 Mb: 18 coding substitutions at VAF 0.02 besides the EGFR L858R and TP53 R273H drivers: bTMB 18 (drivers left out), high against 16",
               btmb + [at(V("EGFR", "L858R"), 0.03), at(V("TP53", "R273H"), 0.025)],
               ["--tumor-type", "NSCLC", "--sample-type", "plasma", "--target-mb", "1.1"],
               alterations=[alt("EGFR", "L858R", "oncogenic", True)],
               expect={"report_keys": ["plasma"], "warning_contains": ["bTMB (plasma"],
                       "report_contains": ['"count":18,"count_per_1_1_mb":18.0,"cutoff":16.0,"max_somatic_af":0.03',
                                           '"status":"high"', "2 known driver(s) left out"]})
    write_case("plasma_btmb_not_computed_other_min_vaf",
               "The same plasma calls with --min-vaf 0.01: bTMB counts calls at VAF >= 0.5 %, so it is not computed (and says why)",
               btmb + [at(V("EGFR", "L858R"), 0.03), at(V("TP53", "R273H"), 0.025)],
               ["--tumor-type", "NSCLC", "--sample-type", "plasma", "--target-mb", "1.1", "--min-vaf", "0.01"],
               expect={"report_keys": ["plasma"],
                       "report_contains": ['"status":"not_computed"', "this report's minimum VAF is 0.01 (--min-vaf)"]})
    write_case("tissue_egfr_l858r_low_vaf_filtered", "The same calls as a tissue sample: VAF 0.02 is below the tissue default 0.05",
               [at(V("EGFR", "L858R"), 0.02), at(V("TP53", "R273H"), 0.015)], ["--tumor-type", "NSCLC"],
               no_alterations=[alt("EGFR", "L858R")],
               expect={"report_not_contains": ['"plasma"'], "no_warning_contains": ["a negative result does not exclude"]})
    write_case("plasma_dnmt3a_possible_ch",
               "Plasma cfDNA: DNMT3A truncation at VAF 0.03 beside tumour calls near 0.02 is possible clonal haematopoiesis (no median condition in plasma)",
               [at(V("DNMT3A", "W297*"), 0.03), at(V("KRAS", "G12C"), 0.02), at(V("TP53", "R273H"), 0.025)],
               ["--tumor-type", "LUAD", "--sample-type", "plasma"],
               alterations=[alt("DNMT3A", "W297*", driver=False)],
               expect={"report_keys": ["clonal_haematopoiesis", "plasma"], "report_contains": ["plasma: the median condition does not apply"]})
    write_case("tissue_dnmt3a_near_median_not_ch",
               "The same DNMT3A call in tissue: at a VAF above half the sample's median, CH1 does not mark it",
               [at(V("DNMT3A", "W297*"), 0.06), at(V("KRAS", "G12C"), 0.08), at(V("TP53", "R273H"), 0.09)],
               ["--tumor-type", "LUAD"],
               expect={"report_not_contains": ["clonal_haematopoiesis"]})

    # ---- added later: appended here so that earlier cases keep their synthetic positions ----
    write_case("chip_dnmt3a_r882h_high_vaf_aml_driver",
               "DNMT3A R882H at VAF 0.42 in AML: a clonal-haematopoiesis gene at a high VAF in a blood cancer is a driver, nothing is marked",
               [at(V("DNMT3A", "R882H"), 0.42), at(V("NPM1", "W288Cfs*12"), 0.4)], ["--tumor-type", "AML"],
               alterations=[alt("DNMT3A", "R882H", "oncogenic", True)],
               expect={"no_warning_contains": [CH], "report_not_contains": ["clonal_haematopoiesis"]})
    import os
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    with open(os.path.join(root, d, "resources_sample.maf")) as f:
        maf_text = f.read()
    write_case("resources_maf_population_and_pon_matches",
               "The resource calls as a MAF (dash alleles, no --reference): the PoN's multi-allelic and non-parsimonious records and the population's multi-allelic record match all the same",
               args=["--tumor-type", "LUAD", "--target-mb", "1", "--population-vcf", f"{d}/population.vcf.gz",
                     "--panel-of-normals", f"{d}/pon.vcf.gz"],
               input_text=maf_text, input_name="input.maf",
               alterations=[alt("TP53", "R175H", "oncogenic", True)],
               no_alterations=[alt("TP53", "K139Rfs*31"), alt("BRCA2", "N289S")],
               expect={"report_keys": ["germline_resources"],
                       "report_contains": ['"count":2,"key":"panel_of_normals"', '"count":4,"key":"population_af_gt_0.001"',
                                           '"kind":"population","matched":4,"matched_without_af":1']})
