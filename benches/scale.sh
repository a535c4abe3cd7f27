#!/usr/bin/env bash
# Whole-program scale benchmark (issues 6, 14): redeval on ~1,000,000 complaint rows in 24
# monthly workbooks against the calamine read floor and the Python ways (polars + fastexcel:
# `fastexcel.read_excel(p).load_sheet(0)` → polars per file; pandas + openpyxl), wall and CPU
# seconds side by side. Prints a Markdown table for the README. The machine is noisy (±15 %):
# for ratios use paired runs (`ROUNDS=8 bash benches/scale.sh` repeats the 1M runs). Needs: a release build (made here), python3 with pandas openpyxl polars
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

measure() { # name, command… → "name|seconds|cpu seconds|peak MiB"
  local name=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -f "%e %U %S %M" -o "$log" "$@" >/dev/null 2>&1 || { echo "$name failed:"; cat "$log"; exit 1; }
  awk -v n="$name" '{printf "%s|%.2f|%.2f|%d\n", n, $1, $2 + $3, $4 / 1024}' "$log"
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

echo "| program | rows read | wall s | CPU s (user + sys) | peak MiB |"
echo "|---|---:|---:|---:|---:|"
for r in "${results[@]}"; do echo "| ${r//|/ | } |"; done
echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; $(date -u +%F)"

# Paired rounds (ROUNDS > 1): floor, redeval and the polars + fastexcel script one after the
# other on the 1M set, ROUNDS times; medians of wall, CPU and of the per-round ratios.
if [ "${ROUNDS:-1}" -gt 1 ]; then
  pairs=$(mktemp)
  for _ in $(seq "$ROUNDS"); do
    f=$(measure floor "$FLOOR" "$DATA/1m")
    r=$(measure redeval "$BIN" run --input "$DATA/1m" --out "$DATA/out-1m.xlsx" --quiet)
    p=$(measure script python3 benches/python/polars_fastexcel.py "$DATA/1m" "$DATA/pl-1m.xlsx")
    echo "$f|$r|$p" >> "$pairs"
  done
  python3 - "$pairs" <<'PY'
import sys, statistics as st
rows = [l.strip().split("|") for l in open(sys.argv[1])]
def col(i): return [float(r[i]) for r in rows]
fw, fc, rw, rc, pw, pc = col(1), col(2), col(5), col(6), col(9), col(10)
med = st.median
print(f"\npaired rounds: {len(rows)}")
print(f"| median of {len(rows)} paired rounds (1M) | wall s | CPU s |\n|---|---:|---:|")
print(f"| calamine read floor | {med(fw):.2f} | {med(fc):.2f} |")
print(f"| redeval run | {med(rw):.2f} | {med(rc):.2f} |")
print(f"| polars + fastexcel script | {med(pw):.2f} | {med(pc):.2f} |")
print(f"\nredeval / floor (wall): {med([r/f for r, f in zip(rw, fw)]):.2f}; "
      f"script / redeval (wall): {med([p/r for p, r in zip(pw, rw)]):.2f}; "
      f"redeval CPU / script CPU: {med([r/p for r, p in zip(rc, pc)]):.2f}")
PY
  rm -f "$pairs"
fi
