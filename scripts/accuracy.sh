#!/usr/bin/env bash
# The README's accuracy corpora, generated, extracted and scored: one JSON per corpus in OUT.
# Usage: scripts/accuracy.sh OUT [BIN]   (BIN: the venv's bin, default .venv/bin)
# Used to check that a refactor keeps `rencana evaluate`'s figures (compare two OUTs with diff).
set -euo pipefail
out=${1:?usage: scripts/accuracy.sh OUT [BIN]}
bin=${2:-.venv/bin}
mkdir -p "$out"
run() {  # name, generator args...
  local name=$1; shift
  [ -d "$out/$name" ] || "$bin/python" -m rencana.corpus generate "$out/$name" "$@" >/dev/null
  rm -rf "$out/$name-out"
  "$bin/rencana" extract "$out/$name" --out "$out/$name-out" -q --jobs 2 || true
  "$bin/rencana" evaluate "$out/$name" "$out/$name-out" --json > "$out/$name.json"
  echo "$name: $(cat "$out/$name.json" | head -c 400)"
}
run canvas99 --n 40 --seed 99 --renderer canvas
run docx5 --n 12 --seed 5 --renderer docx --with-seed
run xlsx2024 --n 12 --seed 2024 --renderer xlsx
run scan3 --n 12 --seed 3 --renderer scan
run scan17 --n 8 --seed 17 --renderer scan --scan-base mixed
