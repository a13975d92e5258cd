#!/usr/bin/env cwl-runner
# One JSON report -> its HTML or TSV report (`oncoprofile render`).
cwlVersion: v1.2
class: CommandLineTool
id: oncoprofile-render
label: "oncoprofile render: a patient's HTML or TSV report from its JSON report"
doc: |
  Runs `oncoprofile --quiet render REPORT -O FORMAT --out <stem>.FORMAT`. The HTML report is one
  self-contained page (no network, no JavaScript); the TSV has one row per alteration.

baseCommand: [oncoprofile, --quiet, render]

hints:
  DockerRequirement:
    dockerImageId: oncoprofile:latest   # local image built from the repository's Dockerfile; never pulled (README)

inputs:
  report:
    type: File
    doc: A JSON report written by `oncoprofile report` or `batch`.
    inputBinding: {position: 1}
  output_format:
    type: string
    doc: html or tsv (the binary refuses anything else).
    inputBinding: {prefix: -O}
  report_date:
    type: string?
    doc: Date printed in the HTML report (YYYY-MM-DD; default today in UTC).
    inputBinding: {prefix: --report-date}

arguments:
  - prefix: --out
    valueFrom: $(inputs.report.nameroot).$(inputs.output_format)

outputs:
  rendered:
    type: File
    outputBinding: {glob: $(inputs.report.nameroot).$(inputs.output_format)}
