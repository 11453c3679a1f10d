#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests marked `postgres` (tests/test_store*.py).
#
#   eval "$(bash tests/pg_server.sh start)"   # installs (Debian) if needed, starts, prints
#                                             # export EXPORTSCREEN_TEST_PG_URL=...
#   bash tests/pg_server.sh stop
#
# Runs the cluster as the `postgres` user when started as root (initdb refuses root), on
# 127.0.0.1:${EXPORTSCREEN_TEST_PG_PORT:-55432} with trust authentication and fsync off: a test
# server, never a place for real data. Messages go to stderr; stdout carries only the export
# line, so `eval` works. Exits non-zero (printing nothing on stdout) when it cannot start; the
# postgres tests then skip and say why.
set -euo pipefail

PORT="${EXPORTSCREEN_TEST_PG_PORT:-55432}"
ROOT="${EXPORTSCREEN_TEST_PG_DIR:-${TMPDIR:-/tmp}/exportscreen-pg-$PORT}"
DB="exportscreen_test"
URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/$DB"

say() { echo "pg_server: $*" >&2; }

pg_bin() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [[ -z "$dir" && "$(id -u)" == "0" ]]; then
        say "installing PostgreSQL from Debian packages"
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
        dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    fi
    [[ -n "$dir" ]] || { say "no PostgreSQL server binaries (apt-get install postgresql)"; exit 1; }
    echo "$dir"
}

as_owner() {  # run a command as the cluster owner
    if [[ "$(id -u)" == "0" ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
    local bin
    bin="$(pg_bin)"
    mkdir -p "$ROOT"
    [[ "$(id -u)" == "0" ]] && chown postgres: "$ROOT"
    if [[ ! -f "$ROOT/data/PG_VERSION" ]]; then
        as_owner "$bin/initdb" -D "$ROOT/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
    fi
    if ! as_owner "$bin/pg_ctl" -D "$ROOT/data" status >/dev/null 2>&1; then
        as_owner "$bin/pg_ctl" -D "$ROOT/data" -l "$ROOT/server.log" -w -t 60 start \
            -o "-p $PORT -k $ROOT -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100" \
            >&2 || { say "server did not start; see $ROOT/server.log"; tail -n 20 "$ROOT/server.log" >&2; exit 1; }
    fi
    if ! as_owner "$bin/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DB'" postgres | grep -q 1; then
        as_owner "$bin/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB"
    fi
    say "running on 127.0.0.1:$PORT (data in $ROOT)"
    echo "export EXPORTSCREEN_TEST_PG_URL=$URL"
}

stop() {
    local bin
    bin="$(pg_bin)"
    if [[ -f "$ROOT/data/PG_VERSION" ]]; then
        as_owner "$bin/pg_ctl" -D "$ROOT/data" -m fast -w stop >&2 || true
    fi
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    *) say "usage: $0 start|stop"; exit 2 ;;
esac
