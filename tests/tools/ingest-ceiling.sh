#!/usr/bin/env bash
# What ingest could reach on this machine without the ledger's work: the bench's ingest rows (HTTP,
# 4 senders, batches of 1,000, the same events) for this commit as it is, without the fold (each
# batch's pending counts written, never folded: CEILING=no-fold), and storing only the events and
# their idempotency keys (no ledger at all: CEILING=events-only). It builds a throwaway worktree
# with ingest-ceiling.patch (never applied to the product: it breaks every count) and runs them in
# turn, RUNS times each. PostgreSQL rows too when TEST_DATABASE_URL answers (with the same-run COPY).
#   bash tests/tools/ingest-ceiling.sh            RUNS=2 (default 1)   KEEP=1 keeps the worktree
set -euo pipefail
repo=$(git rev-parse --show-toplevel)
tree=$(mktemp -d /tmp/triage-ceiling-XXXX)
cleanup() { [[ -n "${KEEP:-}" ]] || { git -C "$repo" worktree remove --force "$tree" 2>/dev/null || true; rm -rf "$tree"; }; }
trap cleanup EXIT
git -C "$repo" worktree add --detach --force "$tree" HEAD >/dev/null
git -C "$tree" apply "$repo/tests/tools/ingest-ceiling.patch"
cp -al "$repo/node_modules" "$tree/node_modules"
mkdir -p "$tree/lib/db" && cp -r "$repo/lib/db/generated" "$tree/lib/db/"
cd "$tree"
export BENCH_RUNS=${RUNS:-1} BENCH_SKIP_ADVERSARIAL=1 BENCH_SKIP_ALERTS=1 BENCH_SKIP_IMPORT=1 BENCH_SKIP_RECLASSIFY=1 \
  BENCH_QUERY_EVENTS=0 BENCH_TREND_EVENTS=0 BENCH_RETENTION_EVENTS=0 BENCH_SKIP_EXPORTS=1
[[ -n "${TEST_DATABASE_URL:-}" ]] || export BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:1/none
for variant in as-is no-fold events-only; do
  log="$tree/bench-$variant.log"
  if [[ $variant == as-is ]]; then env -u CEILING npm run bench >"$log" 2>&1; else CEILING=$variant npm run bench >"$log" 2>&1; fi
  echo "== $variant"
  grep -E "^│ [0-9]" "$log" | sed -E 's/[[:space:]]+│/ │/g'
done
echo "(columns: database, senders, events, batch, events/s, runs, p50 batch ms, p95 batch ms, peak RSS MB[, COPY events/s, runs, of COPY])"
