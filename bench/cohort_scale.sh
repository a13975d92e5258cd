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
#   VCF_SIZES="1000 5000 20000"                    # the manifest part's sizes (default SIZES)
#
# Linearity: after the sizes, each part's time per patient at every size is set against the
# smallest size's (1.00x everywhere = time linear in patients).
#   ONCOPROFILE=/path/to/oncoprofile               # another binary (default target/release)
#
# Space: 100,000 patients need ~1.3 GB of VCFs and ~3 GB of reports per batch (each size's
# outputs are deleted once measured; the generated inputs are kept for the next run).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${ONCOPROFILE:-${CARGO_TARGET_DIR:-target}/release/oncoprofile}
OUT=${OUT:-bench/out/scale}
SIZES=${SIZES:-1000 10000 100000}
VCF_SIZES=${VCF_SIZES:-$SIZES}
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
row() { printf '  %-46s %8s s %6s MB   %s (%s)\n' "$1" "$2" "$3" "$4" "$(load)"; }
load() { uptime | sed 's/.*load average/load/'; }
declare -A PER # "part size" -> seconds per patient, for the linearity lines
note() { PER["$1 $2"]=$(awk -v t="$3" -v n="$2" 'BEGIN { printf "%.6f", t / n }'); }

echo "machine: $(nproc) cores; $("$BIN" --version)"
for n in $SIZES; do
  echo "== $n patients"
  if [[ -z ${SKIP_MAF:-} ]]; then
    MAF=$OUT/maf_$n.maf
    [[ -s $MAF ]] || python3 bench/gen_maf.py --samples "$n" --out "$MAF"
    D=$OUT/maf_batch_$n
    rm -rf "$D"
    timed "$BIN" --quiet batch --maf "$MAF" --outdir "$D" --target-mb 30 --formats parquet --force
    note maf "$n" "$T"
    row "batch --maf ($((n * 12)) rows) --formats parquet" "$T" "$M" \
      "$(per "$T" "$n"); $(find "$D" -maxdepth 1 -name 'S*.json' | wc -l) reports; parquet $(mb "$D"/*.parquet) MB, reports $(mb "$D") MB in all"
    if [[ -z ${SKIP_COHORT:-} ]]; then
      C=$OUT/cohort_$n
      rm -rf "$C"
      timed "$BIN" --quiet cohort --reports-dir "$D" --outdir "$C" --formats html,parquet
      note cohort "$n" "$T"
      row "cohort --reports-dir ($n reports) html,parquet" "$T" "$M" \
        "$(per "$T" "$n"); cohort.html $(du -k "$C/cohort.html" | cut -f1) KB; parquet $(mb "$C"/*.parquet) MB"
      rm -rf "$C"
    fi
    rm -rf "$D"
  fi
done
for n in $VCF_SIZES; do
  [[ -z ${SKIP_VCF:-} ]] || break
  echo "== $n patients, small VCFs through a manifest"
  V=$OUT/vcf_$n
  if [[ ! -s $V/manifest.tsv ]]; then
    /usr/bin/time -f '%e' -o "$OUT/.time" python3 bench/gen_cohort.py --patients "$n" --outdir "$V"
    echo "  generated $V in $(tail -n 1 "$OUT/.time") s ($(mb "$V") MB; gen_cohort.py --jobs $(nproc))"
  fi
  D=$OUT/vcf_batch_$n
  rm -rf "$D"
  timed "$BIN" --quiet batch --manifest "$V/manifest.tsv" --outdir "$D" --formats parquet --force
  note vcf "$n" "$T"
  row "batch --manifest ($n VCFs) --formats parquet" "$T" "$M" \
    "$(per "$T" "$n"); $(find "$D" -name 'P*.json' | wc -l) reports; parquet $(mb "$D"/*.parquet) MB ($(du -ck "$D"/*.parquet | tail -n 1 | cut -f1) KB)"
  if [[ -z ${SKIP_COHORT:-} ]]; then
    C=$OUT/vcf_cohort_$n
    rm -rf "$C"
    timed "$BIN" --quiet cohort --reports-dir "$D" --outdir "$C" --formats html,parquet
    note vcfcohort "$n" "$T"
    row "cohort --reports-dir ($n VCF reports) html,parquet" "$T" "$M" \
      "$(per "$T" "$n"); cohort.html $(du -k "$C/cohort.html" | cut -f1) KB; parquet $(mb "$C"/*.parquet) MB"
    rm -rf "$C"
  fi
  rm -rf "$D"
done
echo "linearity (time per patient against the smallest size; 1.00x = linear):"
for part in maf cohort vcf vcfcohort; do
  case $part in vcf*) sizes=$VCF_SIZES ;; *) sizes=$SIZES ;; esac
  base="" line=""
  for n in $sizes; do
    p=${PER["$part $n"]:-}
    [[ -n $p ]] || continue
    [[ -n $base ]] || base=$p
    line+=" $n: $(awk -v p="$p" 'BEGIN { printf "%.2f ms", p * 1000 }') ($(awk -v p="$p" -v b="$base" 'BEGIN { printf "%.2fx", p / b }'));"
  done
  [[ -z $line ]] || printf '  %-8s%s\n' "$part" "${line%;}"
done
rm -f "$OUT/.time"
