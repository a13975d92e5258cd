#!/usr/bin/env bash
# Cohort refit bench: `oncoprofile signatures` against SigProfilerAssignment (PyPI, in a venv this
# script creates) on the same matrix and reference, in one run: SigProfilerAssignment's synthetic
# scenario 8 (1,000 SBS96 catalogues, 3 signatures: SBS5, SBS40, SBS3, with their true exposures)
# from ../shared/data/signatures/sigprofiler-assignment-scenario8. Prints both wall times, the
# speed ratio and both recoveries (Pearson r with the true exposures; share of the signatures given
# > 5 % of a sample's mutations that are absent from it).
#
#   bench/signatures.sh            # BIN=path/to/oncoprofile to skip the release build
#   VENV=dir SPA_VERSION=1.1.5 CPU=2 bench/signatures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-../shared/data/signatures/sigprofiler-assignment-scenario8}
VENV=${VENV:-bench/.venv-sigprofiler}
SPA_VERSION=${SPA_VERSION:-1.1.5}
CPU=${CPU:-$(nproc)}
if [ ! -d "$DATA" ]; then echo "SKIPPED: $DATA absent"; exit 0; fi
if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
"$VENV/bin/python" -c "import SigProfilerAssignment" 2>/dev/null ||
    "$VENV/bin/pip" install -q "SigProfilerAssignment==$SPA_VERSION"
if [ -z "${BIN:-}" ]; then
    cargo build --release --locked -q
    BIN=${CARGO_TARGET_DIR:-target}/release/oncoprofile
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# One reference for both tools: the ground-truth signatures imported into SigProfiler's layout.
"$BIN" kb import signatures "$DATA/ground.truth.syn.sigs.csv" --out "$WORK/ref" --set-version scenario8 >/dev/null

t0=$(date +%s.%N)
"$BIN" signatures "$DATA/Samples.txt" --signatures "$WORK/ref" -o "$WORK/ours.tsv" --threads "$CPU"
t1=$(date +%s.%N)
ours=$(echo "$t1 - $t0" | bc -l)

"$VENV/bin/python" - "$DATA/Samples.txt" "$WORK/ref/SBS96.tsv" "$WORK/spa" "$CPU" > "$WORK/spa_time" <<'PY'
import sys, time, warnings
warnings.filterwarnings("ignore")
from SigProfilerAssignment import Analyzer
samples, sigs, out, cpu = sys.argv[1:5]
t = time.perf_counter()
Analyzer.cosmic_fit(samples, out, signature_database=sigs, input_type="matrix", make_plots=False,
                    export_probabilities=False, add_background_signatures=False, verbose=False, cpu=int(cpu))
print(time.perf_counter() - t)
PY
theirs=$(tail -1 "$WORK/spa_time")
activities=$(find "$WORK/spa" -name "*Activities*.txt" | grep -v -i stat | head -1)

"$VENV/bin/python" - "$DATA/ground.truth.syn.exposures.csv" "$WORK/ours.tsv" "$activities" "$ours" "$theirs" <<'PY'
import csv, sys
truth_path, ours_path, spa_path, t_ours, t_spa = sys.argv[1:6]
rows = list(csv.reader(open(truth_path)))
samples = rows[0][1:]
truth = {r[0]: dict(zip(samples, map(float, r[1:]))) for r in rows[1:]}
def table(path):
    r = list(csv.reader(open(path), delimiter="\t"))
    head = r[0]
    return {x[0]: {h: x[i] for i, h in enumerate(head)} for x in r[1:]}
def score(t, total_of):
    xs, ys, called, false = [], [], 0, 0
    for s in samples:
        row = t[s]
        total = total_of(row)
        for sig in truth:
            v = float(row[sig]) if row.get(sig) not in (None, "", "NA") else 0.0
            xs.append(v); ys.append(truth[sig][s])
            if v > 0.05 * total:
                called += 1
                false += truth[sig][s] == 0
    n = len(xs); mx = sum(xs) / n; my = sum(ys) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(xs, ys))
    r = cov / (sum((a - mx) ** 2 for a in xs) * sum((b - my) ** 2 for b in ys)) ** 0.5
    return r, false / called
ours = table(ours_path)
spa = table(spa_path)
r1, f1 = score(ours, lambda row: float(row["mutations"]))
r2, f2 = score(spa, lambda row: sum(float(row[s]) for s in truth))
t_ours, t_spa = float(t_ours), float(t_spa)
print(f"oncoprofile signatures : {t_ours:8.2f} s  r = {r1:.4f}  false > 5 %: {100 * f1:.2f} %")
print(f"SigProfilerAssignment  : {t_spa:8.2f} s  r = {r2:.4f}  false > 5 %: {100 * f2:.2f} %")
print(f"speed ratio (SigProfilerAssignment / oncoprofile): {t_spa / t_ours:.1f}x")
PY
