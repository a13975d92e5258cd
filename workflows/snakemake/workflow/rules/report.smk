# Per-patient rules: the JSON report, and the HTML / TSV rendered from it.


rule report:
    """One patient. On failure the tool's one-line message goes to <outdir>/<patient>.error
    (read by `oncoprofile cohort`), the full stderr stays in the log, and the job fails."""
    input:
        existing_inputs,
    output:
        os.path.join(OUTDIR, "{stem}.json"),
    log:
        os.path.join(OUTDIR, "logs", "{stem}.log"),
    params:
        cmd=report_command,
        error=lambda wc: os.path.join(OUTDIR, f"{wc.stem}.error"),
    threads: config["threads"]
    resources:
        mem_mb=config["mem_mb"],
        runtime=config["runtime"],
    shell:
        r"""
        rm -f {params.error:q}
        if {params.cmd} 2> {log:q}; then
            exit 0
        else
            rc=$?
            msg=$( {{ grep '^oncoprofile: error: ' {log:q} || grep -v '^[[:space:]]*$' {log:q} || true; }} | tail -n 1 )
            msg=${{msg#oncoprofile: error: }}
            printf '%s\n' "${{msg:-oncoprofile exited with status $rc}}" > {params.error:q}
            cat {log:q} >&2
            exit $rc
        fi
        """


rule render:
    """A patient's HTML or TSV report, rendered from its JSON report (`oncoprofile render`)."""
    input:
        os.path.join(OUTDIR, "{stem}.json"),
    output:
        os.path.join(OUTDIR, "{stem}.{fmt}"),
    log:
        os.path.join(OUTDIR, "logs", "render", "{stem}.{fmt}.log"),
    wildcard_constraints:
        fmt="html|tsv",
    params:
        cmd=lambda wc, input, output: shlex.join(
            [ONCO, "--quiet", "render", input[0], "-O", wc.fmt, "--out", output[0]] + DATE_ARGS
        ),
    shell:
        "{params.cmd} 2> {log:q}"
