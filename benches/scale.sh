#!/usr/bin/env bash
# Whole-program scale benchmark (issue 6): redeval on ~1,000,000 complaint rows in 24 monthly
# workbooks against the calamine read floor and the Python ways. Prints a Markdown table for
# the README. Needs: a release build (made here), python3 with pandas openpyxl polars
# fastexcel xlsxwriter (`pip install pandas openpyxl polars fastexcel xlsxwriter`).
#
#   bash benches/scale.sh            # data in /tmp/redeval-scale (kept between runs)
#   PANDAS_1M=1 bash benches/scale.sh  # also time pandas on the million rows (slow)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-/tmp/redeval-scale}
# one invocation, so the binary and the example share one feature set (one polars build)
cargo build --release --quiet --bins --examples
BIN=target/release/redeval
FLOOR=target/release/examples/read_floor
mkdir -p "$DATA"
[ -d "$DATA/1m" ] || "$BIN" sample --out "$DATA/1m" --years 2023-2024 --scale 1100
[ -d "$DATA/100k" ] || "$BIN" sample --out "$DATA/100k" --years 2023-2024 --scale 110

measure() { # name, command… → "name|rows|seconds|peak MiB"
  local name=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { echo "$name failed:"; cat "$log"; exit 1; }
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep "Maximum resident set size" "$log" | awk '{print int($NF/1024)}')
  echo "$name|$wall|$rss"
  rm -f "$log"
}

# `check` exits 1 because the sample has deliberate bad rows: only its summary line is wanted
rows() { { "$BIN" check --input "$1" --quiet 2>&1 >/dev/null || true; } | sed -n 's/.*个文件，\([0-9]*\) 行.*/\1/p'; }
R1M=$(rows "$DATA/1m"); R100K=$(rows "$DATA/100k")
echo "rows: 1m=$R1M 100k=$R100K" >&2

results=()
results+=("redeval run (1M)|$R1M|$(measure x "$BIN" run --input "$DATA/1m" --out "$DATA/out-1m.xlsx" --quiet | cut -d'|' -f2-)")
results+=("redeval run (100k)|$R100K|$(measure x "$BIN" run --input "$DATA/100k" --out "$DATA/out-100k.xlsx" --quiet | cut -d'|' -f2-)")
results+=("calamine read floor, all cores (1M)|$R1M|$(measure x "$FLOOR" "$DATA/1m" | cut -d'|' -f2-)")
results+=("calamine read floor, all cores (100k)|$R100K|$(measure x "$FLOOR" "$DATA/100k" | cut -d'|' -f2-)")
results+=("polars + fastexcel + xlsxwriter (1M)|$R1M|$(measure x python3 benches/python/polars_fastexcel.py "$DATA/1m" "$DATA/pl-1m.xlsx" | cut -d'|' -f2-)")
results+=("polars + fastexcel + xlsxwriter (100k)|$R100K|$(measure x python3 benches/python/polars_fastexcel.py "$DATA/100k" "$DATA/pl-100k.xlsx" | cut -d'|' -f2-)")
results+=("pandas + openpyxl (100k)|$R100K|$(measure x python3 benches/python/pandas_openpyxl.py "$DATA/100k" "$DATA/pd-100k.xlsx" | cut -d'|' -f2-)")
if [ "${PANDAS_1M:-0}" = 1 ]; then
  results+=("pandas + openpyxl (1M)|$R1M|$(measure x python3 benches/python/pandas_openpyxl.py "$DATA/1m" "$DATA/pd-1m.xlsx" | cut -d'|' -f2-)")
fi

echo "| program | rows read | wall s | peak MiB |"
echo "|---|---:|---:|---:|"
for r in "${results[@]}"; do echo "| ${r//|/ | } |"; done
echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; $(date -u +%F)"
