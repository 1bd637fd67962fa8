#!/usr/bin/env bash
# The batch benchmarks of BENCHMARKS.md, back to back on the same machine:
# `etuus batch` (JSON lines and Parquet), Python's calculate_batch, memory
# over 10 million streamed rows, and the OpenFisca comparison point.
#
#   benches/batch.sh                # everything (OpenFisca if it can be installed)
#
# The households are the 1 000 bench households (benches/data) repeated to
# 100 000. "One core" pins the process to one CPU with taskset. Each figure
# is the best of three runs, as reported by the run's own summary.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${TMPDIR:-/tmp}/etuus-bench-batch
mkdir -p "$work"
cargo build --release -q -p etuus-cli
bin=target/release/etuus
python=${PYTHON:-target/python-venv/bin/python}
[ -x "$python" ] || python=python3
one=()
command -v taskset > /dev/null && one=(taskset -c "$(($(nproc) - 1))")

for _ in $(seq 100); do cat benches/data/households-1000.etuus.jsonl; done > "$work/h100k.jsonl"
"$python" python/examples/population.py "$work/h100k.parquet" --households 100000

# Best households/s of three runs of `etuus batch ARGS…`.
best() {
  local best=0
  for _ in 1 2 3; do
    local rate
    rate=$("$@" 2>&1 >/dev/null | sed -n 's/.* \([0-9]*\) households\/s$/\1/p')
    [ "${rate:-0}" -gt "$best" ] && best=$rate
  done
  echo "$best"
}

echo "etuus batch, JSON lines in and out, combined, one core:  $(best "${one[@]}" "$bin" batch "$work/h100k.jsonl" -o "$work/out.jsonl" --jobs 1) households/s"
echo "etuus batch, JSON lines, asumistuki amount only, one core: $(best "${one[@]}" "$bin" batch "$work/h100k.jsonl" -o "$work/out.jsonl" --jobs 1 --result yleinen_asumistuki) households/s"
echo "etuus batch, JSON lines, combined, all cores:             $(best "$bin" batch "$work/h100k.jsonl" -o "$work/out.jsonl") households/s"
echo "etuus batch, Parquet in and out, combined, all cores:     $(best "$bin" batch "$work/h100k.parquet" -o "$work/out.parquet") households/s"
echo "etuus batch, Parquet in and out, combined, one core:      $(best "${one[@]}" "$bin" batch "$work/h100k.parquet" -o "$work/out.parquet" --jobs 1) households/s"

"${one[@]}" "$python" - "$work/h100k.parquet" <<'PY'
import sys, time
import pyarrow.parquet as pq
import etuus
table = pq.read_table(sys.argv[1])
best = min(
    (lambda t0: (etuus.calculate_batch(table, jobs=1), time.perf_counter() - t0)[1])(time.perf_counter())
    for _ in range(3)
)
print(f"Python calculate_batch, Arrow table, combined, one core:  {table.num_rows / best:.0f} households/s")
PY

# Memory: 100 000 households × 100 months = 10 million rows, streamed,
# against the 100 000 rows of one month.
rss() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1; }
small=$(rss "$bin" batch "$work/h100k.jsonl" --quiet --result yleinen_asumistuki)
large=$(rss "$bin" batch "$work/h100k.jsonl" --quiet --result yleinen_asumistuki --months 2021-01..2029-04 --assume-latest)
echo "peak memory: 100 000 rows ${small} KiB; 10 000 000 rows ${large} KiB"

# OpenFisca: a tiny equivalent yleinen asumistuki on the same households, in
# a virtual environment of its own (OpenFisca pins its numpy).
of=$work/openfisca-venv
if [ ! -x "$of/bin/python" ]; then
  python3 -m venv "$of" && "$of/bin/pip" install -q openfisca-core || { echo "OpenFisca: not installed"; exit 0; }
fi
"$bin" batch benches/data/households-1000.etuus.jsonl --quiet --result yleinen_asumistuki \
  --value asumistuki.kuntaryhma --value asumistuki.lammitysnormin_korotus_kunnassa > "$work/groups.jsonl"
"$python" - "$work/groups.jsonl" benches/data/households-1000.etuus.jsonl "$work/openfisca.json" <<'PY'
import json, sys
groups = [json.loads(l) for l in open(sys.argv[1])]
out = []
for g, line in zip(groups, open(sys.argv[2])):
    b = json.loads(line)
    h = b["etuus"]
    out.append({
        "vuokra": h["vuokra"],
        "vesimaksu_erikseen": bool(h.get("vesimaksu_erikseen", False)),
        "lammitys_erikseen": bool(h.get("lammitys_erikseen", False)),
        "kuntaryhma": ["I", "II", "III"].index(g["asumistuki.kuntaryhma"]) + 1,
        "lammityskorotus": float(g["asumistuki.lammitysnormin_korotus_kunnassa"]),
        "henkilot": list(h["henkilot"].values()),
        "expected": b["expected_asumistuki"],
    })
json.dump(out, open(sys.argv[3], "w"))
PY
"${one[@]}" "$of/bin/python" benches/openfisca/asumistuki_openfisca.py "$work/openfisca.json" --repeat 100
