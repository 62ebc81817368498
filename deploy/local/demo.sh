#!/usr/bin/env bash
# Installs what is missing, starts a private Postgres, builds aics and runs `aics demo`.
# Extra arguments go to `aics demo` (see `aics demo --help`).
set -euo pipefail
cd "$(dirname "$0")/../.."
source deploy/local/lib.sh

ensure_packages
start_postgres
trap stop_postgres EXIT INT TERM
export AICS_DATABASE_URL="$AICS_PG_URL"
# The demo's own throwaway key for encrypting provider secrets; never use it for real data.
export AICS_SECRET_KEY="${AICS_SECRET_KEY:-demo-only-secret-key-0123456789abcdef}"

log "building aics"
swift build --product aics
.build/debug/aics demo "$@"
