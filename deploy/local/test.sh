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
log "running tests"
swift test --skip-build --disable-xctest
