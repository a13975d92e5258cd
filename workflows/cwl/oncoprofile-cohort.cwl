#!/usr/bin/env cwl-runner
# Per-patient reports -> cohort.tsv / cohort.json [/ cohort.html / cohort_alterations.tsv] (`oncoprofile cohort`).
cwlVersion: v1.2
class: CommandLineTool
id: oncoprofile-cohort
label: "oncoprofile cohort: cohort summary from per-patient reports"
doc: |
  Runs `oncoprofile --quiet cohort --reports-dir . --outdir .` on the reports (and the rendered
  HTML reports, when given) staged into its working directory: cohort.html then links each
  patient to `./<patient>.html`, which is where the workflow's outputs put it. Without a manifest the rows are the
  reports' patients, sorted by patient ID. With a manifest every manifest patient gets a row
  in manifest order, and a patient without a report is an `error` row ("no report was produced").
  Exit status 5 (some patients have no report) is a success here: the rows say which.

baseCommand: [oncoprofile, --quiet, cohort]

requirements:
  InitialWorkDirRequirement:
    listing:
      - $(inputs.reports)
      - $(inputs.rendered)

hints:
  DockerRequirement:
    dockerImageId: oncoprofile:latest   # local image built from the repository's Dockerfile; never pulled (README)

successCodes: [0, 5]

inputs:
  reports:
    type: File[]
    doc: Per-patient JSON reports (staged beside the outputs, read with --reports-dir).
  rendered:
    type: File[]
    default: []
    doc: The patients' rendered reports (HTML, TSV); with HTML reports, cohort.html links to them.
  manifest:
    type: File?
    doc: The cohort's manifest TSV (patient, vcf, ...); its VCFs are not read.
    inputBinding: {prefix: --manifest}
  formats:
    type: string?
    doc: "Cohort outputs, comma-separated: json (cohort.tsv, cohort.json: always), html (adds cohort.html), tsv (adds cohort_alterations.tsv)."
    inputBinding: {prefix: --formats}
  report_date:
    type: string?
    doc: Date printed in cohort.html (YYYY-MM-DD; default today in UTC).
    inputBinding: {prefix: --report-date}

arguments:
  - prefix: --reports-dir
    valueFrom: $(runtime.outdir)
  - prefix: --outdir
    valueFrom: $(runtime.outdir)

outputs:
  cohort_tsv:
    type: File
    outputBinding: {glob: cohort.tsv}
  cohort_json:
    type: File
    outputBinding: {glob: cohort.json}
  cohort_html:
    type: File?
    outputBinding: {glob: cohort.html}
  cohort_alterations_tsv:
    type: File?
    outputBinding: {glob: cohort_alterations.tsv}
