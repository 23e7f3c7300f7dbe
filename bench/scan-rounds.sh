#!/bin/bash
# Issue 3's ratio on a shared machine: the read-and-parse baseline and one or two builds of
# `ospo scan --format json`, in turn, round after round, so that each round's ratio compares runs made
# under the same load. Wall time, user and system CPU (s) and peak RSS (KB) from /usr/bin/time.
#
# Usage: bench/scan-rounds.sh TREE [ROUNDS] [OTHER_BIN]
#   TREE       a tree from bench/generate-monorepo.ts (e.g. bench/.data/monorepo-100x1000)
#   ROUNDS     default 3
#   OTHER_BIN  another build's bin/ospo.js (e.g. a copy of bin/, dist/ and package.json made before a
#              change, with node_modules linked beside it), run between the baseline and this build
# Outputs go to $TMPDIR; compare them with cmp to check both builds write the same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
tree=${1:?usage: bench/scan-rounds.sh TREE [ROUNDS] [OTHER_BIN]}
rounds=${2:-3}
other=${3:-}
out=${TMPDIR:-/tmp}
timed() {
  /usr/bin/time -o "$out/scan-rounds.time" -f "%e s, CPU %U + %S s, %M KB" "$@" >/dev/null 2>&1
  cat "$out/scan-rounds.time"
}
for r in $(seq 1 "$rounds"); do
  line="round $r: baseline [$(timed node bench/read-parse-baseline.mjs "$tree")]"
  if [ -n "$other" ]; then
    line="$line  other [$(timed node "$other" scan "$tree" --format json -o "$out/scan-rounds-other.json")]"
  fi
  line="$line  this [$(timed node bin/ospo.js scan "$tree" --format json -o "$out/scan-rounds-this.json")]"
  echo "$line"
done
