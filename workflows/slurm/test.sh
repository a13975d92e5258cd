#!/usr/bin/env bash
# Cluster runs on a real scheduler: a one-node SLURM cluster on localhost (munged, slurmctld,
# slurmd with a slurm.conf written here), then
#   1. the Snakemake workflow with `--executor slurm` (snakemake-executor-plugin-slurm): every
#      report and the cohort summary byte-identical to `oncoprofile batch`'s;
#   2. the CWL workflow on Toil with `--batchSystem slurm`: reports equal to batch's (input name
#      aside), cohort.html linking every patient, pages naming the input file, not a staging path.
# Every job is checked to have gone through SLURM (sacct is off: squeue --states=all lists them).
#
#   bash workflows/slurm/test.sh      # from the repository root, as root (it starts daemons)
#
# Prints "SKIPPED: ..." and exits 0 where SLURM cannot be installed or started (not root, no
# Debian packages, daemons that do not come up). Environment: ONCOPROFILE (binary, default
# target/release/oncoprofile), SLURM_VENV (Python environment, default .ci/venv-slurm, made from
# workflows/requirements-slurm.txt when missing), KEEP_TMP=1 to keep the working directory.
# The daemons are stopped by their PID files on exit; outside the working directory only the
# Debian packages and /etc/slurm/slurm.conf (removed on exit; refused if one exists) are touched.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$REPO"
ONCOPROFILE=${ONCOPROFILE:-$REPO/target/release/oncoprofile}
VENV=${SLURM_VENV:-$REPO/.ci/venv-slurm}
MANIFEST=$REPO/test-data/cohort/manifest.tsv
COMPARE="python3 $REPO/workflows/tests/compare.py"
PASSED=0
T0=$SECONDS

die() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIPPED: $*"; exit 0; }
ok() { echo "ok: $* ($((SECONDS - T0)) s)"; PASSED=$((PASSED + 1)); }

[ -x "$ONCOPROFILE" ] || die "no binary at $ONCOPROFILE (cargo build --release --locked, or set ONCOPROFILE)"
[ "$(id -u)" = 0 ] || skip "not root: cannot install and start SLURM here"

# ---------------------------------------------------------------- packages
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  echo "== apt-get install slurm-wlm munge"
  (export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq slurm-wlm munge >/dev/null) \
    || skip "could not install Debian's slurm-wlm and munge"
fi
if [ ! -x "$VENV/bin/snakemake" ] || [ ! -x "$VENV/bin/toil-cwl-runner" ]; then
  echo "== Python environment $VENV (workflows/requirements-slurm.txt)"
  python3 -m venv "$VENV" && "$VENV/bin/pip" install -q -r "$REPO/workflows/requirements-slurm.txt" \
    || die "could not install workflows/requirements-slurm.txt into $VENV"
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/oncoprofile-slurm.XXXXXX")
chmod 755 "$TMP"
stop_daemons() {
  local f pids=() p
  for f in "$TMP/run/slurmd.pid" "$TMP/run/slurmctld.pid" "$TMP/munge/munged.pid"; do
    [ -s "$f" ] && pids+=("$(cat "$f")")
  done
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  # Wait (up to 10 s) for them to exit: slurmctld writes its state while stopping.
  for _ in $(seq 1 50); do
    p=0
    for f in "${pids[@]}"; do kill -0 "$f" 2>/dev/null && p=1; done
    [ $p = 0 ] && break
    sleep 0.2
  done
}
OUR_CONF=0
cleanup() {
  local rc=$?
  stop_daemons
  [ "$OUR_CONF" = 1 ] && rm -f /etc/slurm/slurm.conf
  if [ "${KEEP_TMP:-0}" = 1 ] || [ $rc -ne 0 ]; then echo "(working directory kept: $TMP)" >&2; else rm -rf "$TMP" 2>/dev/null || true; fi
  exit $rc
}
trap cleanup EXIT

# ---------------------------------------------------------------- the cluster
# Our own munged socket and key, our own ports and spool: a system SLURM or munge is left alone.
HOST=$(hostname -s)
CPUS=$(nproc)
MEM_MB=$(awk '/MemTotal/ {print int($2 / 1024 / 2)}' /proc/meminfo)
PORT=${SLURM_TEST_PORT:-16817}
mkdir -p "$TMP/munge" "$TMP/run" "$TMP/state" "$TMP/spool" "$TMP/log"
chmod 711 "$TMP/munge"
head -c 1024 /dev/urandom > "$TMP/munge/munge.key"
chmod 600 "$TMP/munge/munge.key"
SOCK=$TMP/munge/munge.sock
munged --force --socket="$SOCK" --key-file="$TMP/munge/munge.key" --pid-file="$TMP/munge/munged.pid" \
  --log-file="$TMP/munge/munged.log" --seed-file="$TMP/munge/munged.seed" \
  || skip "munged did not start: $(tail -n 1 "$TMP/munge/munged.log" 2>/dev/null)"
# The configuration goes where SLURM looks for it: snakemake-executor-plugin-slurm removes every
# SLURM_* variable (SLURM_CONF too) from the jobs' environment. An existing one is left alone.
CONF=/etc/slurm/slurm.conf
MARK="# One node on localhost for workflows/slurm/test.sh (written by it, removed when it ends)."
if [ -e "$CONF" ] && [ "$(head -n 1 "$CONF")" != "$MARK" ]; then
  skip "$CONF exists (a configured SLURM): not replaced"
fi
mkdir -p /etc/slurm
OUR_CONF=1
cat > "$CONF" <<EOF
$MARK
ClusterName=oncoprofile-test
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SOCK
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
StateSaveLocation=$TMP/state
SlurmdSpoolDir=$TMP/spool
SlurmctldPidFile=$TMP/run/slurmctld.pid
SlurmdPidFile=$TMP/run/slurmd.pid
SlurmctldLogFile=$TMP/log/slurmctld.log
SlurmdLogFile=$TMP/log/slurmd.log
# No accounting database: job states come from squeue, kept an hour after the jobs end.
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MinJobAge=3600
InactiveLimit=0
KillWait=5
Waittime=0
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM_MB State=UNKNOWN
PartitionName=test Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld || skip "slurmctld did not start: $(tail -n 2 "$TMP/log/slurmctld.log" 2>/dev/null)"
slurmd || skip "slurmd did not start: $(tail -n 2 "$TMP/log/slurmd.log" 2>/dev/null)"
up=0
for _ in $(seq 1 60); do
  if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then up=1; break; fi
  sleep 0.5
done
[ $up = 1 ] || skip "the SLURM node did not become idle within 30 s: $(sinfo -h 2>&1 | head -n 1); $(tail -n 2 "$TMP/log/slurmd.log" 2>/dev/null)"
timeout 60 srun -N1 -n1 true || skip "srun could not run a job step on the one-node cluster"
ok "one-node SLURM cluster up: $(sinfo -h -o '%P %D %T %c CPUs %m MB') (slurm $(sinfo -V | awk '{print $2}'))"

# The workflows call `oncoprofile` from PATH (in the batch jobs too: sbatch exports the environment).
mkdir -p "$TMP/bin"
ln -s "$(cd "$(dirname "$ONCOPROFILE")" && pwd)/$(basename "$ONCOPROFILE")" "$TMP/bin/oncoprofile"
export PATH="$TMP/bin:$VENV/bin:$PATH"
run_in() { local d=$1; shift; mkdir -p "$TMP/$d"; (cd "$TMP/$d" && "$@"); }

# ---------------------------------------------------------------- reference: oncoprofile batch
# The demo cohort's patients that succeed (the Snakemake run must exit 0 to run its cohort rule).
set +e
run_in batch-all oncoprofile --quiet batch --manifest "$MANIFEST" --outdir out --threads 2 2> "$TMP/batch-all.log"
rc=$?
set -e
[ $rc -eq 5 ] || die "batch on the demo cohort exited $rc (expected 5: one bad VCF)"
$COMPARE subset "$TMP/batch-all/out" "$MANIFEST" "$TMP/good.tsv" > /dev/null
N_OK=$(($(wc -l < "$TMP/good.tsv") - 1))
run_in batch oncoprofile --quiet batch --manifest "$TMP/good.tsv" --outdir out --threads 2 --formats json,html \
  --report-date 2026-01-01 2> "$TMP/batch.log" || { cat "$TMP/batch.log" >&2; die "batch on the good patients failed"; }
ok "batch reference: $N_OK patient(s)"

# ---------------------------------------------------------------- Snakemake, SLURM executor
echo "== snakemake --executor slurm"
SNAKEFILE=$REPO/workflows/snakemake/workflow/Snakefile
run_in smk timeout 420 snakemake -s "$SNAKEFILE" --executor slurm --jobs 4 --latency-wait 10 \
  --slurm-status-command squeue --default-resources slurm_partition=test slurm_account=oncoprofile \
  --config manifest="$TMP/good.tsv" outdir=out threads=1 mem_mb=500 runtime=10 'formats=[json,html]' report_date=2026-01-01 \
  > "$TMP/smk.log" 2>&1 || { tail -n 40 "$TMP/smk.log" >&2; die "snakemake --executor slurm failed"; }
for f in "$TMP"/batch/out/*.json "$TMP"/batch/out/*.html "$TMP/batch/out/cohort.tsv"; do  # cohort.json and cohort.html too
  cmp -s "$f" "$TMP/smk/out/$(basename "$f")" || die "snakemake on SLURM: $(basename "$f") differs from batch's"
done
n_files=$(find "$TMP/batch/out" -maxdepth 1 \( -name '*.json' -o -name '*.html' -o -name cohort.tsv \) | wc -l)
# Each rule instance ran as its own SLURM job (named by the run's UUID), and all completed.
n_slurm=$(squeue -h --states=all -o '%60j %T' | grep -cE '^[0-9a-f-]{36} +COMPLETED$' || true)
n_rules=$(grep -cE '^rule (report|render|cohort):' "$TMP/smk.log" || true)
[ "$n_rules" -ge $((N_OK + 1)) ] || die "snakemake ran $n_rules rule job(s), expected at least $((N_OK + 1))"
[ "$n_slurm" -ge "$n_rules" ] || { squeue -h --states=all >&2; die "$n_slurm completed SLURM job(s) for $n_rules rule job(s)"; }
ok "snakemake --executor slurm: $n_rules job(s) ran as SLURM jobs; $n_files files (reports, pages, cohort.tsv/json/html) byte-identical to batch's"

# ---------------------------------------------------------------- CWL on Toil, SLURM batch system
echo "== toil-cwl-runner --batchSystem slurm"
python3 "$REPO/workflows/cwl/manifest_to_job.py" "$TMP/good.tsv" -o "$TMP/job.yml"
printf 'report_formats: [html]\nformats: json,html\nreport_date: "2026-01-01"\n' >> "$TMP/job.yml"
before=$(squeue -h --states=all -o '%i' | wc -l)
run_in toil timeout 420 toil-cwl-runner --no-container --batchSystem slurm --jobStore "$TMP/toil/jobstore" \
  --workDir "$TMP/toil" --outdir "$TMP/toil/out" --disableProgress --logWarning \
  "$REPO/workflows/cwl/oncoprofile-batch.cwl" "$TMP/job.yml" > "$TMP/toil.json" 2> "$TMP/toil.log" \
  || { tail -n 40 "$TMP/toil.log" >&2; die "toil-cwl-runner --batchSystem slurm failed"; }
after=$(squeue -h --states=all -o '%i' | wc -l)
[ $((after - before)) -ge $((N_OK + 1)) ] || die "Toil submitted $((after - before)) SLURM job(s), expected at least $((N_OK + 1))"
$COMPARE reports-mod-path "$TMP/batch/out" "$TMP/good.tsv" "$TMP/toil/out" > /dev/null
$COMPARE cohort-tsv "$TMP/batch/out" "$TMP/toil/out" "no report was produced" > /dev/null
$COMPARE cohort-links "$TMP/toil/out"
ok "CWL on Toil with --batchSystem slurm: $((after - before)) SLURM job(s); reports and cohort.tsv equal to batch's; cohort.html links the patients"

[ $((SECONDS - T0)) -lt 600 ] || die "the SLURM job took $((SECONDS - T0)) s (limit 600 s)"
echo "== SLURM runs took $((SECONDS - T0)) s"
echo "slurm: $PASSED passed, 0 failed"
