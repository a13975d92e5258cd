# The cohort summary once every patient has a report (the workflow's onerror handler covers the
# other case: see ../Snakefile).


rule cohort:
    """`oncoprofile cohort` over the reports, in manifest order."""
    input:
        reports=expand(os.path.join(OUTDIR, "{stem}.json"), stem=STEMS),
        rendered=expand(os.path.join(OUTDIR, "{stem}.{fmt}"), stem=STEMS, fmt=FORMATS),
        manifest=MANIFEST,
    output:
        [os.path.join(OUTDIR, COHORT_EXTRA[f]) for f in FORMATS],
        tsv=os.path.join(OUTDIR, "cohort.tsv"),
        json=os.path.join(OUTDIR, "cohort.json"),
        complete=COMPLETE,
    log:
        os.path.join(OUTDIR, "logs", "cohort.log"),
    params:
        cmd=shlex.join(cohort_command()),
    shell:
        "{params.cmd} 2> {log:q} && touch {output.complete:q}"
