#!/usr/bin/env cwl-runner
# Per-patient reports -> cohort.tsv / cohort.json [/ cohort.html / cohort_alterations.tsv] (`oncoprofile cohort`).
cwlVersion: v1.2
class: CommandLineTool
id: oncoprofile-cohort
label: "oncoprofile cohort: cohort summary from per-patient reports"
doc: |
  Runs `oncoprofile --quiet cohort REPORT... --outdir .`. Without a manifest the rows are the
  reports' patients, sorted by patient ID. With a manifest every manifest patient gets a row
  in manifest order, and a patient without a report is an `error` row ("no report was produced").
  Exit status 5 (some patients have no report) is a success here: the rows say which.

baseCommand: [oncoprofile, --quiet, cohort]

hints:
  DockerRequirement:
    dockerImageId: oncoprofile:latest   # local image built from the repository's Dockerfile; never pulled (README)

successCodes: [0, 5]

inputs:
  reports:
    type: File[]
    doc: Per-patient JSON reports.
    inputBinding: {position: 1}
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
