#!/usr/bin/env bash
# What ingest could reach on this machine without the ledger's work: the bench's ingest rows (HTTP,
# 4 senders, batches of 1,000, the same events) for this commit as it is, without the fold (each
# batch's pending counts written, never folded: CEILING=no-fold), and without the ledger's writes
# in the request too (CEILING=events-only: the events, their idempotency keys and problems; no
# counts, regressions or message texts). It builds a throwaway worktree of HEAD with
# ingest-ceiling.patch (never applied to the product: it breaks every count) and runs each variant
# once per round, in turn (the machine's speed drifts: compare rows of one round). BASE=<commit>
# adds that commit as it was, with its own bench and demo data. PostgreSQL rows too when
# TEST_DATABASE_URL answers (with the same-run COPY).
#   bash tests/tools/ingest-ceiling.sh        ROUNDS=2 (default 1)  BASE=3c4d94f  KEEP=1 (worktrees)
set -euo pipefail
repo=$(git rev-parse --show-toplevel)
work=$(mktemp -d /tmp/triage-ceiling-XXXX)
logs="$work/logs"
mkdir -p "$logs"
trees=()
cleanup() {
  [[ -n "${KEEP:-}" ]] && return
  for tree in "${trees[@]}"; do git -C "$repo" worktree remove --force "$tree" 2>/dev/null || true; done
  find "$work" -mindepth 1 -maxdepth 1 ! -name logs -exec rm -rf {} +
}
trap cleanup EXIT

# A worktree of `commit` with the installed packages; `patch` applied when given.
worktree() {
  local tree="$work/$1" commit=$2 patch=${3:-}
  trees+=("$tree")
  git -C "$repo" worktree add --detach --force "$tree" "$commit" >/dev/null 2>&1
  [[ -z "$patch" ]] || git -C "$tree" apply "$patch"
  cp -al "$repo/node_modules" "$tree/node_modules"
  (cd "$tree" && npm run --silent db:generate >"$logs/$1-generate.log" 2>&1)
}
worktree head HEAD "$repo/tests/tools/ingest-ceiling.patch"
[[ -z "${BASE:-}" ]] || worktree base "$BASE"

export BENCH_RUNS=1 BENCH_SKIP_ADVERSARIAL=1 BENCH_SKIP_ALERTS=1 BENCH_SKIP_IMPORT=1 BENCH_SKIP_RECLASSIFY=1 \
  BENCH_QUERY_EVENTS=0 BENCH_TREND_EVENTS=0 BENCH_RETENTION_EVENTS=0 BENCH_SKIP_EXPORTS=1
[[ -n "${TEST_DATABASE_URL:-}" ]] || export BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:1/none
variants=(as-is no-fold events-only)
[[ -z "${BASE:-}" ]] || variants=("base-$BASE" "${variants[@]}")
for round in $(seq 1 "${ROUNDS:-1}"); do
  for variant in "${variants[@]}"; do
    log="$logs/round$round-$variant.log"
    tree="$work/head" ceiling=$variant
    [[ $variant != base-* ]] || tree="$work/base"
    [[ $variant == no-fold || $variant == events-only ]] || ceiling=
    if ! (cd "$tree" && CEILING=$ceiling npm run bench >"$log" 2>&1); then
      echo "round $round, $variant: the bench failed ($log):" >&2
      tail -20 "$log" >&2
      exit 1
    fi
    echo "== round $round, $variant"
    grep -E "^│ [0-9]" "$log" | sed -E 's/^│ [0-9]+ +//; s/[[:space:]]+│/ │/g'
  done
done
echo "(columns: database, senders, events, batch, events/s, runs, p50 batch ms, p95 batch ms, peak RSS MB[, COPY rows/s, runs, of COPY]; logs in $logs)"
