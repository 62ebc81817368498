# Shared helpers for deploy/local/*.sh: install what is missing, run a private throwaway Postgres.
# Sourced, not executed.

# Debian packages every aics build, test and demo needs.
# python3-yaml and binutils (readelf): the deploy tests read deploy/ YAML and the libraries aics links.
# tzdata: bindings' working hours are in their own time zones.
AICS_APT_PACKAGES=(librdkafka-dev libcurl4-openssl-dev libpq-dev postgresql kcat ca-certificates pkg-config openssl python3-yaml binutils tzdata)

log() { printf '\033[1m[aics]\033[0m %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_swift() {
  if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH="/opt/swift/usr/bin:$PATH"
  fi
  command -v swift >/dev/null 2>&1 || { log "swift is not installed (expected on PATH or in /opt/swift)"; exit 1; }
}

ensure_packages() {
  local missing=() pkg
  for pkg in "${AICS_APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  ensure_swift
}

# start_postgres: initdb + pg_ctl start in a fresh temporary folder, Unix socket only.
# initdb refuses to run as root, so as root the cluster belongs to an unprivileged system user.
# Exports AICS_PG_DIR, AICS_PG_CTL (a shell command prefix for pg_ctl on this cluster) and
# AICS_PG_URL (a libpq URI).
start_postgres() {
  local bindir run=()
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "$bindir/initdb" ] || { log "postgresql server binaries not found"; exit 1; }
  AICS_PG_DIR=$(mktemp -d /tmp/aics-pg.XXXXXX)
  if [ "$(id -u)" -eq 0 ]; then
    id aicspg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin aicspg
    chown aicspg "$AICS_PG_DIR"
    run=(runuser -u aicspg --)
  fi
  chmod 755 "$AICS_PG_DIR"
  "${run[@]}" "$bindir/initdb" -D "$AICS_PG_DIR/data" -U aics --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$AICS_PG_DIR/initdb.log" 2>&1 \
    || { cat "$AICS_PG_DIR/initdb.log" >&2; exit 1; }
  "${run[@]}" "$bindir/pg_ctl" -D "$AICS_PG_DIR/data" -l "$AICS_PG_DIR/server.log" -w \
    -o "-k $AICS_PG_DIR -c listen_addresses='' -c max_connections=300" start >/dev/null \
    || { cat "$AICS_PG_DIR/server.log" >&2; exit 1; }
  "${run[@]}" "$bindir/createdb" -h "$AICS_PG_DIR" -U aics aics
  AICS_PG_CTL="${run[*]} $bindir/pg_ctl -D $AICS_PG_DIR/data -w"
  AICS_PG_URL="postgresql://aics@/aics?host=$AICS_PG_DIR"
  export AICS_PG_DIR AICS_PG_CTL AICS_PG_URL
  log "private Postgres running at $AICS_PG_URL"
}

stop_postgres() {
  [ -n "${AICS_PG_DIR:-}" ] || return 0
  [ -d "$AICS_PG_DIR/data" ] && $AICS_PG_CTL -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$AICS_PG_DIR"
  AICS_PG_DIR=
}
