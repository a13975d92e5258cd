#!/usr/bin/env cwl-runner
# Scatter `oncoprofile report` over the patients of a cohort, then build the cohort summary.
cwlVersion: v1.2
class: Workflow
id: oncoprofile-batch
label: "oncoprofile batch as a CWL workflow: one report job per patient, then the cohort summary"
doc: |
  The CWL counterpart of `oncoprofile batch --manifest M --outdir D`. Each element of
  `patients` is one row of the batch manifest (patient, vcf, tumor_type, tumor_sample,
  normal_sample, targets, target_mb, assay); `manifest_to_job.py` converts a manifest TSV
  into a job file. Options given at the top level (min_vaf, min_depth, ...) apply to every
  patient, like the options of `oncoprofile batch`. Every report is byte-identical to the
  one `oncoprofile batch` writes for the same row, except `input.path`, which is the VCF's
  file name (the engine stages it under that name), where the manifest may give a path.

  Failures: a patient whose VCF cannot be read fails its own `report` job with the tool's
  one-line message. CWL has no notion of a partially successful scatter, so the workflow
  then fails and no cohort summary is produced (cwltool `--on-error continue` lets the other
  patients' jobs finish first). See README.md.

requirements:
  ScatterFeatureRequirement: {}
  StepInputExpressionRequirement: {}

inputs:
  patients:
    doc: One record per patient, as the rows of the batch manifest.
    type:
      type: array
      items:
        type: record
        name: PatientRow
        fields:
          patient: {type: string, doc: "Patient ID (a safe file name: [A-Za-z0-9._-])"}
          vcf: {type: File, doc: "VCF, VCF.gz or BCF"}
          tumor_type: {type: "string?"}
          tumor_sample: {type: "string?"}
          normal_sample: {type: "string?"}
          targets: {type: "File?"}
          target_mb: {type: "float?"}
          assay: {type: "string?"}
  manifest:
    type: File?
    doc: The cohort's manifest; with it the cohort summary has a row for every manifest patient, in manifest order.
  genome:
    type:
      - "null"
      - type: enum
        symbols: [GRCh37, GRCh38]
  annotations: Directory?
  min_vaf: float?
  min_depth: int?
  min_alt_reads: int?
  include_filtered: boolean?
  all_variants: boolean?
  vaf_tag: string?
  depth_tag: string?
  tmb_include_synonymous: boolean?
  max_pop_af: float?
  tmb_threshold: float?
  reference:
    type: File?
    secondaryFiles: [.fai]
  gene_models: File?
  threads:
    type: int
    default: 1
    doc: Threads per patient job.
  formats:
    type: string?
    doc: "Cohort outputs beyond cohort.tsv / cohort.json, as `oncoprofile cohort --formats`: e.g. json,html,tsv adds cohort.html and cohort_alterations.tsv."
  report_date:
    type: string?
    doc: Date printed in cohort.html and the per-patient HTML reports (YYYY-MM-DD).
  report_formats:
    type: string[]
    default: []
    doc: "Per-patient reports beyond the JSON (always written: the cohort step reads it): html, tsv (`oncoprofile render`)."

steps:
  report:
    run: oncoprofile-report.cwl
    scatter: row
    in:
      row: patients
      vcf: {valueFrom: $(inputs.row.vcf)}
      patient: {valueFrom: $(inputs.row.patient)}
      tumor_type: {valueFrom: $(inputs.row.tumor_type)}
      tumor_sample: {valueFrom: $(inputs.row.tumor_sample)}
      normal_sample: {valueFrom: $(inputs.row.normal_sample)}
      targets: {valueFrom: $(inputs.row.targets)}
      target_mb: {valueFrom: $(inputs.row.target_mb)}
      assay: {valueFrom: $(inputs.row.assay)}
      genome: genome
      annotations: annotations
      min_vaf: min_vaf
      min_depth: min_depth
      min_alt_reads: min_alt_reads
      include_filtered: include_filtered
      all_variants: all_variants
      vaf_tag: vaf_tag
      depth_tag: depth_tag
      tmb_include_synonymous: tmb_include_synonymous
      max_pop_af: max_pop_af
      tmb_threshold: tmb_threshold
      reference: reference
      gene_models: gene_models
      threads: threads
    out: [report]
  render:
    run: oncoprofile-render.cwl
    scatter: [report, output_format]
    scatterMethod: flat_crossproduct
    in:
      report: report/report
      output_format: report_formats
      report_date: report_date
    out: [rendered]
  cohort:
    run: oncoprofile-cohort.cwl
    in:
      reports: report/report
      rendered: render/rendered
      manifest: manifest
      formats: formats
      report_date: report_date
    out: [cohort_tsv, cohort_json, cohort_html, cohort_alterations_tsv]

outputs:
  reports:
    type: File[]
    outputSource: report/report
  rendered_reports:
    type: File[]
    outputSource: render/rendered
  cohort_tsv:
    type: File
    outputSource: cohort/cohort_tsv
  cohort_json:
    type: File
    outputSource: cohort/cohort_json
  cohort_html:
    type: File?
    outputSource: cohort/cohort_html
  cohort_alterations_tsv:
    type: File?
    outputSource: cohort/cohort_alterations_tsv
