#!/usr/bin/env bash
# Whole-program scale benchmark (issues 6, 14, 25): redeval on ~1,000,000 complaint rows in 24
# monthly workbooks against the calamine read floor and the Python ways (polars + fastexcel:
# `fastexcel.read_excel(p).load_sheet(0)` → polars per file; pandas + openpyxl), wall and CPU
# seconds side by side, on two sets of the same rows: as redeval's sample writes them (shared
# strings) and as streaming writers write large exports (inline strings: xlsxwriter's
# constant_memory, benches/python/inline_strings.py); and 2,000 small workbooks × 20 rows
# (benches/python/small_files.py), shared and inline. Prints Markdown tables for the README.
# The machine is noisy (±15 %): for ratios use paired runs (`ROUNDS=5 bash benches/scale.sh`
# repeats floor / redeval / script one after the other on each set). Needs: a release build
# (made here), python3 with pandas openpyxl polars fastexcel xlsxwriter python-calamine
# (`pip install pandas openpyxl polars fastexcel xlsxwriter python-calamine`).
#
#   bash benches/scale.sh            # data in /tmp/redeval-scale (kept between runs)
#   PANDAS_1M=1 bash benches/scale.sh  # also time pandas on the million rows (slow)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-/tmp/redeval-scale}
# one invocation, so the binary and the example share one feature set (one polars build)
cargo build --release --quiet --bins --examples
T=${CARGO_TARGET_DIR:-target}
BIN=$T/release/redeval
FLOOR=$T/release/examples/read_floor
mkdir -p "$DATA"
[ -d "$DATA/1m" ] || "$BIN" sample --out "$DATA/1m" --years 2023-2024 --scale 1100
[ -d "$DATA/100k" ] || "$BIN" sample --out "$DATA/100k" --years 2023-2024 --scale 110
[ -d "$DATA/1m-inline" ] || python3 benches/python/inline_strings.py "$DATA/1m" "$DATA/1m-inline" >&2
[ -d "$DATA/small" ] || python3 benches/python/small_files.py data/sample "$DATA/small" 2000 20 >&2
[ -d "$DATA/small-inline" ] || python3 benches/python/small_files.py data/sample "$DATA/small-inline" 2000 20 --inline >&2

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
R1MI=$(rows "$DATA/1m-inline")
results+=("redeval run (1M)|$R1M|$(measure x "$BIN" run --input "$DATA/1m" --out "$DATA/out-1m.xlsx" --quiet | cut -d'|' -f2-)")
results+=("redeval run (1M, inline strings)|$R1MI|$(measure x "$BIN" run --input "$DATA/1m-inline" --out "$DATA/out-1mi.xlsx" --quiet | cut -d'|' -f2-)")
results+=("redeval run (100k)|$R100K|$(measure x "$BIN" run --input "$DATA/100k" --out "$DATA/out-100k.xlsx" --quiet | cut -d'|' -f2-)")
results+=("calamine read floor, all cores (1M)|$R1M|$(measure x "$FLOOR" "$DATA/1m" | cut -d'|' -f2-)")
results+=("calamine read floor, all cores (1M, inline strings)|$R1MI|$(measure x "$FLOOR" "$DATA/1m-inline" | cut -d'|' -f2-)")
results+=("calamine read floor, all cores (100k)|$R100K|$(measure x "$FLOOR" "$DATA/100k" | cut -d'|' -f2-)")
results+=("polars + fastexcel + xlsxwriter (1M)|$R1M|$(measure x python3 benches/python/polars_fastexcel.py "$DATA/1m" "$DATA/pl-1m.xlsx" | cut -d'|' -f2-)")
results+=("polars + fastexcel + xlsxwriter (1M, inline strings)|$R1MI|$(measure x python3 benches/python/polars_fastexcel.py "$DATA/1m-inline" "$DATA/pl-1mi.xlsx" | cut -d'|' -f2-)")
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

# Paired rounds (ROUNDS > 1): on each 1M set floor, redeval and the polars + fastexcel script
# one after the other, ROUNDS times; on each small-file set floor and redeval. Medians of wall,
# CPU and of the per-round ratios, and the spread (min–max) of redeval / floor.
if [ "${ROUNDS:-1}" -gt 1 ]; then
  for set in 1m 1m-inline small small-inline; do
    pairs=$(mktemp)
    for _ in $(seq "$ROUNDS"); do
      f=$(measure floor "$FLOOR" "$DATA/$set")
      r=$(measure redeval "$BIN" run --input "$DATA/$set" --out "$DATA/out-$set.xlsx" --quiet)
      case $set in
        1m*) p=$(measure script python3 benches/python/polars_fastexcel.py "$DATA/$set" "$DATA/pl-$set.xlsx") ;;
        *) p="script|0|0|0" ;;
      esac
      echo "$f|$r|$p" >> "$pairs"
    done
    python3 - "$pairs" "$set" <<'PY'
import sys, statistics as st
rows = [l.strip().split("|") for l in open(sys.argv[1])]
def col(i): return [float(r[i]) for r in rows]
fw, fc, rw, rc, pw, pc = col(1), col(2), col(5), col(6), col(9), col(10)
med = st.median
ratio = [r / f for r, f in zip(rw, fw)]
print(f"\n{sys.argv[2]}: median of {len(rows)} paired rounds")
print("| program | wall s | CPU s |\n|---|---:|---:|")
print(f"| calamine read floor | {med(fw):.2f} | {med(fc):.2f} |")
print(f"| redeval run | {med(rw):.2f} | {med(rc):.2f} |")
if med(pw) > 0:
    print(f"| polars + fastexcel script | {med(pw):.2f} | {med(pc):.2f} |")
print(f"\nredeval / floor (wall): {med(ratio):.2f} (rounds {min(ratio):.2f}–{max(ratio):.2f})", end="")
if med(pw) > 0:
    print(f"; script / redeval (wall): {med([p/r for p, r in zip(pw, rw)]):.2f}; "
          f"redeval CPU / script CPU: {med([r/p for r, p in zip(rc, pc)]):.2f}", end="")
print()
PY
    rm -f "$pairs"
  done
fi
