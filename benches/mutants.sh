#!/usr/bin/env bash
# Mutation testing (issue 15) over the files that decide a figure on a ranked sheet.
# Not part of CI: the full list takes hours on two cores; cargo-mutants works on its own copy
# of the tree. Needs `cargo install cargo-mutants --locked`.
#
#   bash benches/mutants.sh                          # every file below, unit tests only
#   bash benches/mutants.sh src/score/rank.rs        # one file
#   TESTS=all bash benches/mutants.sh src/score/mod.rs   # with the integration tests too
#
# Results: $OUT/mutants.out/{caught,missed,unviable,timeout}.txt; summarise them into the
# README table. Equivalent mutants are explained in benches/mutants.md.
set -euo pipefail
cd "$(dirname "$0")/.."
FILES=("$@")
if [ ${#FILES[@]} -eq 0 ]; then
  FILES=(src/score/rank.rs src/score/mod.rs src/score/normalize.rs
         src/metrics/company.rs src/metrics/unit.rs src/metrics/instructor.rs
         src/trend/mk.rs src/ingest/cell.rs
         src/analysis/stability.rs src/analysis/attribution.rs src/analysis/flags.rs)
fi
OUT=${OUT:-/tmp/redeval-mutants}
args=()
for f in "${FILES[@]}"; do args+=(-f "$f"); done
extra=(--cargo-arg=--lib)
[ "${TESTS:-lib}" = all ] && extra=()
cargo mutants "${args[@]}" --output "$OUT" --timeout ${TIMEOUT:-30} "${extra[@]}"
