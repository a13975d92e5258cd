#!/usr/bin/env bash
# Cohort scale benchmark (issue 32): synthetic cohorts of N patients, as one MAF (12 rows per
# sample) and as N small VCFs through a manifest, through `batch --formats parquet`, then `cohort`
# over the N reports. Prints, per size: time per patient, peak RSS, the Parquet tables' size, and
# for `cohort` its time, RSS and the cohort.html size. A benchmark, not a test: nothing fails.
#
#   bench/cohort_scale.sh                          # SIZES="1000 10000 100000"
#   SIZES="1000 3000" bench/cohort_scale.sh        # quick look
#   OUT=/dev/shm/scale bench/cohort_scale.sh       # where inputs and outputs go (bench/out/scale)
#   SKIP_VCF=1 / SKIP_MAF=1 / SKIP_COHORT=1        # leave a part out
#   ONCOPROFILE=/path/to/oncoprofile               # another binary (default target/release)
#
# Space: 100,000 patients need ~1.3 GB of VCFs and ~3 GB of reports per batch (each size's
# outputs are deleted once measured; the generated inputs are kept for the next run).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${ONCOPROFILE:-${CARGO_TARGET_DIR:-target}/release/oncoprofile}
OUT=${OUT:-bench/out/scale}
SIZES=${SIZES:-1000 10000 100000}
[[ -x /usr/bin/time ]] || { echo "bench: missing /usr/bin/time (apt-get install -y time)" >&2; exit 1; }
[[ -x $BIN ]] || { echo "bench: no executable at $BIN (cargo build --release)" >&2; exit 1; }
mkdir -p "$OUT"

# timed CMD... -> T (wall seconds), M (peak RSS MB), RC (exit code; 5 = some patients failed)
timed() {
  local t m
  RC=0
  /usr/bin/time -f '%e %M' -o "$OUT/.time" "$@" || RC=$?
  read -r t m < <(tail -n 1 "$OUT/.time")
  T=$t M=$((m / 1024))
  ((RC == 0 || RC == 5)) || echo "  warning: '$*' exited with $RC" >&2
}
per() { awk -v t="$1" -v n="$2" 'BEGIN { printf "%.2f ms/patient", 1000 * t / n }'; }
mb() { du -cm "$@" 2>/dev/null | tail -n 1 | cut -f1; }
row() { printf '  %-46s %8s s %6s MB   %s\n' "$1" "$2" "$3" "$4"; }

echo "machine: $(nproc) cores; $("$BIN" --version)"
for n in $SIZES; do
  echo "== $n patients"
  if [[ -z ${SKIP_MAF:-} ]]; then
    MAF=$OUT/maf_$n.maf
    [[ -s $MAF ]] || python3 bench/gen_maf.py --samples "$n" --out "$MAF"
    D=$OUT/maf_batch_$n
    rm -rf "$D"
    timed "$BIN" --quiet batch --maf "$MAF" --outdir "$D" --target-mb 30 --formats parquet --force
    row "batch --maf ($((n * 12)) rows) --formats parquet" "$T" "$M" \
      "$(per "$T" "$n"); $(find "$D" -maxdepth 1 -name 'S*.json' | wc -l) reports; parquet $(mb "$D"/*.parquet) MB, reports $(mb "$D") MB in all"
    if [[ -z ${SKIP_COHORT:-} ]]; then
      C=$OUT/cohort_$n
      rm -rf "$C"
      timed "$BIN" --quiet cohort --reports-dir "$D" --outdir "$C" --formats html,parquet
      row "cohort --reports-dir ($n reports) html,parquet" "$T" "$M" \
        "$(per "$T" "$n"); cohort.html $(du -k "$C/cohort.html" | cut -f1) KB; parquet $(mb "$C"/*.parquet) MB"
      rm -rf "$C"
    fi
    rm -rf "$D"
  fi
  if [[ -z ${SKIP_VCF:-} ]]; then
    V=$OUT/vcf_$n
    [[ -s $V/manifest.tsv ]] || python3 bench/gen_cohort.py --patients "$n" --outdir "$V"
    D=$OUT/vcf_batch_$n
    rm -rf "$D"
    timed "$BIN" --quiet batch --manifest "$V/manifest.tsv" --outdir "$D" --formats parquet --force
    row "batch --manifest ($n VCFs) --formats parquet" "$T" "$M" \
      "$(per "$T" "$n"); parquet $(mb "$D"/*.parquet) MB"
    rm -rf "$D"
  fi
done
rm -f "$OUT/.time"
