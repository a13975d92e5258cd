#!/usr/bin/env cwl-runner
# One patient's somatic VCF/BCF -> one JSON report (`oncoprofile report`).
# The binary is taken from PATH; the Docker image is only a hint (a local image, never pulled),
# so `cwltool --no-container` works.
cwlVersion: v1.2
class: CommandLineTool
id: oncoprofile-report
label: "oncoprofile report: one patient's somatic VCF to a JSON report (research use only)"
doc: |
  Runs `oncoprofile --quiet report VCF --patient ID --out ID.json` with the options given.
  The VCF is staged into the working directory under its own name and given by that name, so
  the report (and the HTML rendered from it) names the input by its original file name, not by
  the engine's staging path.
  A VCF that cannot be read makes the tool exit with status 2 and one line on stderr,
  `oncoprofile: error: FILE: record N (line L): field F: ...`; the step then fails.
  The patient ID names the output file, so it must be a safe file name ([A-Za-z0-9._-]).
  Options left out take the tool's defaults (`oncoprofile report --help`), exactly as in
  `oncoprofile batch`.

baseCommand: [oncoprofile, --quiet, report]

requirements:
  InitialWorkDirRequirement:
    listing:
      - $(inputs.vcf)

hints:
  DockerRequirement:
    dockerImageId: oncoprofile:latest   # local image built from the repository's Dockerfile; never pulled (README)
  ResourceRequirement:
    coresMin: $(inputs.threads)
    ramMin: 2000

inputs:
  vcf:
    type: File
    doc: VCF, VCF.gz (BGZF or gzip) or BCF (given to the tool by its file name; see `arguments`).
  patient:
    type: string
    doc: Patient identifier (also the output file name, <patient>.json).
    inputBinding: {prefix: --patient}
  tumor_type:
    type: string?
    doc: OncoTree-style tumour type code (NEC, SCLC, PANET, COAD...).
    inputBinding: {prefix: --tumor-type}
  tumor_sample:
    type: string?
    doc: Tumour sample column (detected when omitted).
    inputBinding: {prefix: --sample}
  normal_sample:
    type: string?
    doc: Normal sample column (detected when omitted).
    inputBinding: {prefix: --normal}
  targets:
    type: File?
    doc: BED of the assessed region (TMB denominator). Give at most one of targets, target_mb, assay.
    inputBinding: {prefix: --targets}
  target_mb:
    type: float?
    doc: Size of the assessed region in megabases (TMB denominator).
    inputBinding: {prefix: --target-mb}
  assay:
    type: string?
    doc: Assay preset from the knowledge base (WES, WGS, F1CDX, TSO500...).
    inputBinding: {prefix: --assay}
  genome:
    type:
      - "null"
      - type: enum
        symbols: [GRCh37, GRCh38]
    doc: Genome build (detected when omitted).
    inputBinding: {prefix: --genome}
  annotations:
    type: Directory?
    doc: Knowledge-base directory instead of the embedded one.
    inputBinding: {prefix: --annotations}
  min_vaf:
    type: float?
    doc: Minimum tumour VAF (default 0.05).
    inputBinding: {prefix: --min-vaf}
  min_depth:
    type: int?
    doc: Minimum tumour depth (default 20).
    inputBinding: {prefix: --min-depth}
  min_alt_reads:
    type: int?
    doc: Minimum tumour ALT reads (default 3).
    inputBinding: {prefix: --min-alt-reads}
  include_filtered:
    type: boolean?
    doc: Keep non-PASS records.
    inputBinding: {prefix: --include-filtered}
  all_variants:
    type: boolean?
    doc: List every passing variant.
    inputBinding: {prefix: --all-variants}
  vaf_tag:
    type: string?
    inputBinding: {prefix: --vaf-tag}
  depth_tag:
    type: string?
    inputBinding: {prefix: --depth-tag}
  tmb_include_synonymous:
    type: boolean?
    inputBinding: {prefix: --tmb-include-synonymous}
  max_pop_af:
    type: float?
    doc: Tumour-only germline cut-off for TMB (default 0.001).
    inputBinding: {prefix: --max-pop-af}
  tmb_threshold:
    type: float?
    doc: TMB-high threshold in mut/Mb (default 10).
    inputBinding: {prefix: --tmb-threshold}
  reference:
    type: File?
    doc: Indexed reference FASTA (repeat context for MSI).
    secondaryFiles: [.fai]
    inputBinding: {prefix: --reference}
  gene_models:
    type: File?
    doc: BED of coding exons (TMB region for unannotated input).
    inputBinding: {prefix: --gene-models}
  threads:
    type: int
    default: 1
    inputBinding: {prefix: --threads}

arguments:
  - position: 1
    valueFrom: $(inputs.vcf.basename)
  - prefix: --out
    valueFrom: $(inputs.patient).json

outputs:
  report:
    type: File
    doc: The patient's JSON report.
    outputBinding:
      glob: $(inputs.patient).json
