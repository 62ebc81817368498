#!/usr/bin/env bash
# Installs what is missing, starts a private Postgres, builds and runs every test.
# Exits non-zero when anything failed. Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/../.."
source deploy/local/lib.sh

ensure_packages
start_postgres
trap stop_postgres EXIT INT TERM

# What the tests read: the database, and how to restart it (for the reconnection tests).
export AICS_TEST_DATABASE_URL="$AICS_PG_URL"
export AICS_TEST_PG_CTL="$AICS_PG_CTL"

log "building"
swift build --build-tests

# The pipeline benchmark on tiny sizes, so that it never rots: it checks correctness (every message
# answered once, in order, with a ledger outcome), not speed, and exits non-zero on any failure.
# It runs before the tests so that the test runner's summary is the last thing printed.
# `aics bench` and `aics chaos` run the aics-bench tool next to aics (the benchmark and the provider
# fakes are not linked into the production binary); their workers are real `aics worker` processes.
log "benchmark smoke run (aics bench --smoke)"
bench_out="$AICS_PG_DIR/bench-smoke"
mkdir -p "$bench_out"
AICS_DATABASE_URL="$AICS_PG_URL" "$(swift build --show-bin-path)/aics" bench --smoke \
  --json-out "$bench_out/bench-results.json" --chart-out "$bench_out/bench-chart.svg" --log-dir "$bench_out/logs"

# The reduced chaos run: a few thousand messages through three workers while workers are killed,
# a broker goes down, Postgres restarts and the fake providers fail; every message is checked
# (one outcome each, nothing lost, nothing conflicting, order kept) and it exits non-zero otherwise.
log "reduced chaos run (aics chaos --reduced)"
chaos_out="$AICS_PG_DIR/chaos-reduced"
mkdir -p "$chaos_out"
AICS_DATABASE_URL="$AICS_PG_URL" AICS_PG_CTL="$AICS_PG_CTL" "$(swift build --show-bin-path)/aics" chaos --reduced \
  --json-out "$chaos_out/chaos-results.json" --log-dir "$chaos_out/logs"

# Coverage-guided fuzzing, 30 s per target (its own sanitizer build in .build-fuzz); fails on any finding.
deploy/local/fuzz.sh --seconds 30

log "running tests"
# The output is kept so that, should the test process crash, the crashed thread's backtrace (Swift's
# runtime prints one) is repeated last, where a CI summary that shows only the end still has it.
tests_log="$AICS_PG_DIR/swift-test.log"
status=0
swift test --skip-build --disable-xctest 2>&1 | tee "$tests_log" || status=$?
if [ "$status" -ne 0 ] && grep -q "Program crashed" "$tests_log"; then
  log "the test process crashed; its backtrace:"
  awk '/Program crashed/ { on = 1 } /^Registers:/ { on = 0 } on && NF' "$tests_log" | head -120
fi
exit "$status"
