#!/usr/bin/env bash
# End-to-end test of workflows/: run the Snakemake workflow and the CWL workflow on the demo
# cohort (local executor, no containers) and check their per-patient reports and cohort summary
# against what `oncoprofile batch` writes for the same manifest.
#
#   bash workflows/test.sh                 # from the repository root; snakemake and cwltool on PATH
#
# Environment: ONCOPROFILE (binary, default target/release/oncoprofile), COHORT_MANIFEST
# (default test-data/cohort/manifest.tsv; it must list at least one patient whose VCF is bad),
# KEEP_TMP=1 to keep the working directory.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
ONCOPROFILE=${ONCOPROFILE:-$REPO/target/release/oncoprofile}
MANIFEST=${COHORT_MANIFEST:-test-data/cohort/manifest.tsv}
COMPARE="python3 $REPO/workflows/tests/compare.py"
PASSED=0

die() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; PASSED=$((PASSED + 1)); }
passed() { PASSED=$((PASSED + 1)); }

[ -x "$ONCOPROFILE" ] || die "no binary at $ONCOPROFILE (cargo build --release --locked, or set ONCOPROFILE)"
[ -f "$MANIFEST" ] || die "no demo cohort manifest at $MANIFEST"
for t in snakemake cwltool python3; do
  command -v "$t" >/dev/null || die "$t is not on PATH (pip install -r workflows/requirements.txt)"
done
ABS_MANIFEST=$(cd "$(dirname "$MANIFEST")" && pwd)/$(basename "$MANIFEST")

TMP=$(mktemp -d "${TMPDIR:-/tmp}/oncoprofile-workflows.XXXXXX")
cleanup() {
  local rc=$?
  if [ "${KEEP_TMP:-0}" = 1 ] || [ $rc -ne 0 ]; then echo "(working directory kept: $TMP)" >&2; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

# The workflows call `oncoprofile` from PATH: put the binary under test first.
mkdir -p "$TMP/bin"
ln -s "$(cd "$(dirname "$ONCOPROFILE")" && pwd)/$(basename "$ONCOPROFILE")" "$TMP/bin/oncoprofile"
export PATH="$TMP/bin:$PATH"
echo "== workflows: $(oncoprofile --version), snakemake $(snakemake --version), $(cwltool --version 2>&1 | awk '{print $NF}' | tail -1 | sed 's/^/cwltool /')"
echo "== demo cohort: $MANIFEST"

# Every run works in its own directory with the same relative output directory `out` and the
# manifest by absolute path, so report paths inside the outputs are the same strings.
run_in() { local d=$1; shift; mkdir -p "$TMP/$d"; (cd "$TMP/$d" && "$@"); }

# ---------------------------------------------------------------- reference: oncoprofile batch
# batch_reference NAME MANIFEST: batch run into $TMP/NAME/batch/out; sets N_OK, N_BAD, BAD_PATIENTS.
batch_reference() {
  local name=$1 manifest=$2 rc
  mkdir -p "$TMP/$name"
  echo "== [$name] oncoprofile batch (reference)"
  set +e
  run_in "$name/batch" oncoprofile --quiet batch --manifest "$manifest" --outdir out --threads 2 2> "$TMP/$name/batch.log"
  rc=$?
  set -e
  [ $rc -eq 5 ] || { cat "$TMP/$name/batch.log" >&2; die "batch exited $rc; the cohort must have a failing patient (exit 5)"; }
  $COMPARE status "$TMP/$name/batch/out" "$manifest" > "$TMP/$name/status"
  N_OK=$(grep -c '^ok ' "$TMP/$name/status" || true)
  N_BAD=$(grep -c '^bad ' "$TMP/$name/status" || true)
  [ "$N_OK" -ge 2 ] && [ "$N_BAD" -ge 1 ] || die "the cohort needs >= 2 good and >= 1 bad patient (got $N_OK / $N_BAD)"
  BAD_PATIENTS=$(awk '$1 == "bad" {print $3}' "$TMP/$name/status")
  ok "batch: $N_OK report(s), $N_BAD failure(s) (exit 5)"
}

# ---------------------------------------------------------------- Snakemake
SNAKEFILE="$REPO/workflows/snakemake/workflow/Snakefile"

# snakemake_keep_going NAME MANIFEST: the whole cohort with --keep-going, checked against batch.
snakemake_keep_going() {
  local name=$1 manifest=$2 rc n_err n_json n_again f
  local ref="$TMP/$name/batch/out" out="$TMP/$name/smk/out" log="$TMP/$name/smk.log"
  echo "== [$name] snakemake --keep-going on the whole cohort"
  set +e
  run_in "$name/smk" snakemake -s "$SNAKEFILE" --cores 2 --keep-going \
    --config manifest="$manifest" outdir=out > "$log" 2>&1
  rc=$?
  set -e
  [ $rc -ne 0 ] || die "snakemake succeeded although a patient's VCF is bad"
  n_err=$(grep -c "^Error in rule report" "$log" || true)
  [ "$n_err" -eq "$N_BAD" ] || die "snakemake reports $n_err failed report job(s), expected $N_BAD"
  ok "snakemake exits non-zero ($rc); $N_BAD report job(s) failed, the others ran (--keep-going)"
  while read -r msg; do
    grep -qF "oncoprofile: error: $msg" "$log" || die "snakemake log lacks the tool's message: $msg"
  done < <(python3 -c 'import json,sys; [print(r["error"]) for r in json.load(open(sys.argv[1]))["rows"] if r["status"] != "ok"]' "$ref/cohort.json")
  ok "each failed job printed the tool's one-line message"
  $COMPARE bad-messages "$ref" "$manifest" "$out"; passed
  for f in "$ref"/*.json "$ref/cohort.tsv"; do
    cmp -s "$f" "$out/$(basename "$f")" || die "snakemake's $(basename "$f") differs from the batch's"
  done
  n_json=$(find "$out" -maxdepth 1 -name '*.json' | wc -l)
  [ "$n_json" -eq $((N_OK + 1)) ] || die "snakemake wrote $n_json JSON files, expected $((N_OK + 1))"
  ok "snakemake: $N_OK report(s), cohort.tsv and cohort.json byte-identical to batch's (failures listed by the onerror handler)"

  echo "== [$name] snakemake re-run: only the failed patients are attempted again"
  set +e
  run_in "$name/smk" snakemake -s "$SNAKEFILE" --cores 2 --keep-going --dry-run --quiet rules \
    --config manifest="$manifest" outdir=out > "$TMP/$name/smk-dry.log" 2>&1
  set -e
  n_again=$(awk '$1 == "report" {print $2}' "$TMP/$name/smk-dry.log" | tail -1)
  [ "${n_again:-0}" -eq "$N_BAD" ] || { cat "$TMP/$name/smk-dry.log" >&2; die "dry re-run plans ${n_again:-0} report job(s), expected $N_BAD"; }
  ok "snakemake dry re-run plans $N_BAD report job(s) (the failed ones) and the summary"
}

mkdir -p "$TMP/main"
batch_reference main "$ABS_MANIFEST"
snakemake_keep_going main "$ABS_MANIFEST"
echo "== snakemake on the patients that succeed: the cohort rule itself"
$COMPARE subset "$TMP/main/batch/out" "$ABS_MANIFEST" "$TMP/good.tsv"
run_in smk-good snakemake -s "$SNAKEFILE" --cores 2 \
  --config manifest="$TMP/good.tsv" outdir=out > "$TMP/smk-good.log" 2>&1 \
  || { tail -40 "$TMP/smk-good.log" >&2; die "snakemake failed on the good patients"; }
for f in "$TMP"/smk-good/out/*.json; do
  [ "$(basename "$f")" = cohort.json ] && continue
  cmp -s "$f" "$TMP/main/batch/out/$(basename "$f")" || die "snakemake (good run) $(basename "$f") differs from the batch's"
done
$COMPARE subset-cohort "$TMP/main/batch/out" "$TMP/smk-good/out"; passed
ok "snakemake (exit 0): reports byte-identical to batch, cohort rule output equal to batch's ok rows"

echo "== snakemake config validation"
set +e
run_in smk-bad snakemake -s "$SNAKEFILE" --cores 1 --dry-run \
  --config manifest="$ABS_MANIFEST" threads=0 > "$TMP/smk-bad.log" 2>&1
rc=$?
set -e
[ $rc -ne 0 ] && grep -q "threads" "$TMP/smk-bad.log" || { cat "$TMP/smk-bad.log" >&2; die "threads=0 was not refused by the config schema"; }
ok "workflow/schemas/config.schema.yaml refuses threads=0"

echo "== snakemake SLURM set-up (dry run: no cluster here)"
mkdir -p "$TMP/slurm"
run_in slurm snakemake -s "$SNAKEFILE" --executor slurm --jobs 10 --keep-going --dry-run \
  --default-resources slurm_account=ACC slurm_partition=PART \
  --config manifest="$ABS_MANIFEST" outdir=out > "$TMP/slurm/cli.log" 2>&1 \
  || { tail -30 "$TMP/slurm/cli.log" >&2; die "SLURM dry run (command line) failed"; }
run_in slurm snakemake -s "$SNAKEFILE" --workflow-profile "$REPO/workflows/snakemake/profiles/slurm" --dry-run \
  --config manifest="$ABS_MANIFEST" outdir=out > "$TMP/slurm/profile.log" 2>&1 \
  || { tail -30 "$TMP/slurm/profile.log" >&2; die "SLURM dry run (profile) failed"; }
n_jobs=$((N_OK + N_BAD))
for l in cli profile; do
  n=$(grep -c "mem_mb=2000, .*runtime=60" "$TMP/slurm/$l.log" || true)
  [ "$n" -eq "$n_jobs" ] || die "SLURM dry run ($l): $n report job(s) with mem_mb=2000 and runtime=60, expected $n_jobs"
done
grep -q "slurm_account=ACC, slurm_partition=PART" "$TMP/slurm/cli.log" || die "SLURM dry run: account/partition not applied"
ok "SLURM executor: command line and profile plan $n_jobs report job(s) with their resources (dry run)"

# ---------------------------------------------------------------- CWL
CWL="$REPO/workflows/cwl"
echo "== cwltool --validate"
n_cwl=0
for f in "$CWL"/*.cwl; do
  cwltool --validate "$f" > "$TMP/validate.log" 2>&1 || { cat "$TMP/validate.log" >&2; die "$(basename "$f") is not valid CWL"; }
  n_cwl=$((n_cwl + 1))
done
[ "$n_cwl" -ge 4 ] || die "only $n_cwl CWL document(s) in $CWL"
ok "$n_cwl CWL documents are valid"

if [ "$MANIFEST" = test-data/cohort/manifest.tsv ]; then
  python3 "$CWL/manifest_to_job.py" "$MANIFEST" -o "$TMP/demo-job.yml" --base "$CWL"
  cmp -s "$TMP/demo-job.yml" "$CWL/demo-job.yml" || die "workflows/cwl/demo-job.yml is out of date: python3 workflows/cwl/manifest_to_job.py $MANIFEST -o workflows/cwl/demo-job.yml"
  ok "demo-job.yml is what manifest_to_job.py writes for the demo manifest"
  JOB="$CWL/demo-job.yml"
else
  python3 "$CWL/manifest_to_job.py" "$ABS_MANIFEST" -o "$TMP/job.yml"
  JOB="$TMP/job.yml"
fi

echo "== cwltool --on-error continue on the whole cohort"
set +e
run_in cwl cwltool --no-container --on-error continue --outdir out "$CWL/oncoprofile-batch.cwl" "$JOB" \
  > "$TMP/cwl.json" 2> "$TMP/cwl.log"
rc=$?
set -e
[ $rc -ne 0 ] || die "cwltool succeeded although a patient's VCF is bad"
grep -q "completed permanentFail" "$TMP/cwl.log" || die "cwltool log has no failed job"
while read -r vcf msg; do
  # The message names the VCF by its file name (staged under it); the rest of it is the batch's.
  grep -qE "^oncoprofile: error: $(basename "$vcf" | sed 's/[.[\*^$]/\\&/g')" "$TMP/cwl.log" \
    || die "cwltool log lacks the tool's message for $vcf"
  grep -qF -- "$msg" "$TMP/cwl.log" || die "cwltool log lacks the tool's message: $msg"
done < <(python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["rows"]:
    if r["status"] != "ok":
        print(r["vcf"], r["error"][len(r["vcf"]):] if r["error"].startswith(r["vcf"]) else r["error"])
' "$TMP/main/batch/out/cohort.json")
ok "cwltool exits non-zero ($rc); each failed job printed the tool's message"
$COMPARE reports-mod-path "$TMP/main/batch/out" "$ABS_MANIFEST" "$TMP/cwl/out"; passed
[ ! -e "$TMP/cwl/out/cohort.tsv" ] || die "cwltool produced a cohort summary although a scatter job failed"
set +e
run_in cwl oncoprofile --quiet cohort --manifest "$ABS_MANIFEST" --reports-dir out --outdir out
rc=$?
set -e
[ $rc -eq 5 ] || die "oncoprofile cohort after the CWL run exited $rc, expected 5"
$COMPARE cohort-tsv "$TMP/main/batch/out" "$TMP/cwl/out" "no report was produced"; passed
ok "CWL: no summary from the failed workflow; \`oncoprofile cohort\` afterwards lists the failure (README)"

echo "== cwltool on the cohort without the bad patients (manifest_to_job.py --exclude)"
excl=()
for p in $BAD_PATIENTS; do excl+=(--exclude "$p"); done
mkdir -p "$TMP/cwl-good"
python3 "$CWL/manifest_to_job.py" "$ABS_MANIFEST" -o "$TMP/cwl-good/job.yml" "${excl[@]}"
run_in cwl-good cwltool --no-container --outdir out "$CWL/oncoprofile-batch.cwl" job.yml \
  > "$TMP/cwl-good.json" 2> "$TMP/cwl-good.log" || { tail -40 "$TMP/cwl-good.log" >&2; die "cwltool failed on the good patients"; }
$COMPARE reports-mod-path "$TMP/main/batch/out" "$ABS_MANIFEST" "$TMP/cwl-good/out"; passed
$COMPARE cohort-tsv "$TMP/main/batch/out" "$TMP/cwl-good/out" "no report was produced"; passed
ok "CWL workflow (exit 0): reports and cohort summary equal to batch's; excluded patients listed"

echo "== cwltool: per-patient HTML and TSV reports (report_formats)"
{ cat "$TMP/cwl-good/job.yml"; printf 'report_formats: [html, tsv]\nformats: json,html\nreport_date: "2026-01-01"\n'; } > "$TMP/cwl-good/job-render.yml"
run_in cwl-good cwltool --no-container --outdir out-render "$CWL/oncoprofile-batch.cwl" job-render.yml \
  > "$TMP/cwl-render.json" 2> "$TMP/cwl-render.log" || { tail -40 "$TMP/cwl-render.log" >&2; die "cwltool failed with report_formats"; }
n_rendered=0
for j in "$TMP/cwl-good/out-render"/*.json; do
  case $(basename "$j") in cohort.json) continue ;; esac
  stem=${j%.json}
  oncoprofile --quiet render "$j" -O html --report-date 2026-01-01 --out "$TMP/expected.html"
  cmp -s "$stem.html" "$TMP/expected.html" || die "CWL $(basename "$stem").html differs from oncoprofile render of its report"
  oncoprofile --quiet render "$j" -O tsv --out "$TMP/expected.tsv"
  cmp -s "$stem.tsv" "$TMP/expected.tsv" || die "CWL $(basename "$stem").tsv differs from oncoprofile render of its report"
  n_rendered=$((n_rendered + 1))
done
[ "$n_rendered" -gt 0 ] || die "the CWL run with report_formats wrote no reports"
ok "CWL workflow renders every patient's HTML and TSV report (equal to oncoprofile render)"
$COMPARE cohort-links "$TMP/cwl-good/out-render"; passed
ok "CWL: cohort.html links every patient's page; the pages name the input file, not the staging path"

# ---------------------------------------------------------------- more manifests (the demo cohort's)
if [ -z "${COHORT_MANIFEST:-}" ]; then
  BAD_ROWS=$REPO/test-data/cohort/manifest_bad_rows.tsv
  if [ -f "$BAD_ROWS" ]; then
    echo "== [bad rows] the workflows refuse a bad manifest with the batch's message"
    mkdir -p "$TMP/bad-rows/smk"
    set +e
    msg_batch=$(oncoprofile --quiet batch --manifest "$BAD_ROWS" --outdir "$TMP/bad-rows/batch" 2>&1 >/dev/null)
    run_in bad-rows/smk snakemake -s "$SNAKEFILE" --cores 1 --dry-run --config manifest="$BAD_ROWS" > "$TMP/bad-rows/smk.log" 2>&1
    rc_smk=$?
    msg_cwl=$(python3 "$CWL/manifest_to_job.py" "$BAD_ROWS" 2>&1 >/dev/null)
    set -e
    msg_batch=${msg_batch#oncoprofile: error: }
    [ -n "$msg_batch" ] || die "batch accepted $BAD_ROWS"
    [ $rc_smk -ne 0 ] && grep -qF "oncoprofile workflow: $msg_batch" "$TMP/bad-rows/smk.log" \
      || { cat "$TMP/bad-rows/smk.log" >&2; die "snakemake did not refuse $BAD_ROWS with: $msg_batch"; }
    [ "$msg_cwl" = "manifest_to_job: error: $msg_batch" ] || die "manifest_to_job.py: '$msg_cwl' != batch's '$msg_batch'"
    [ ! -e "$TMP/bad-rows/smk/reports" ] || die "snakemake started work on a bad manifest"
    ok "Snakefile and manifest_to_job.py refuse every bad row before any work, with the batch's message"
  fi
  MIXED=$REPO/test-data/cohort/manifest_mixed.tsv
  if [ -f "$MIXED" ]; then
    # Missing file, empty file, no header, truncated BGZF: each fails its own Snakemake job.
    batch_reference mixed "$MIXED"
    snakemake_keep_going mixed "$MIXED"
  fi
fi

echo "workflows: $PASSED passed, 0 failed"
