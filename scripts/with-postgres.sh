#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server.
#
#   scripts/with-postgres.sh CMD [ARGS...]
#
# Creates a temporary cluster (data + socket dir under a temp dir), listening
# only on 127.0.0.1 at a free port (from $PG_TEST_PORT, default 54329), with a
# superuser role tracker/tracker and a database "tracker"; exports
#   DATABASE_URL=postgres://tracker:tracker@127.0.0.1:PORT/tracker
# runs CMD, then stops the server and deletes the temp dir (also on failure or
# interrupt). Exits with CMD's status.
#
# PostgreSQL refuses to run as root, so as root the server runs as the
# "postgres" user (via runuser); as any other user it runs as that user.
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

say() { echo "with-postgres: $*" >&2; }

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ -z $bindir || ! -x $bindir/initdb || ! -x $bindir/pg_ctl ]]; then
    say "no PostgreSQL server found under /usr/lib/postgresql/*/bin" \
        "(install the 'postgresql' package, e.g. with scripts/ensure-system-deps.sh)"
    exit 1
fi

if [[ $EUID -eq 0 ]]; then
    pg_user=postgres
    if ! id -u "$pg_user" >/dev/null 2>&1; then
        say "running as root but there is no 'postgres' user to run the server as"
        exit 1
    fi
    as_pg() { runuser -u "$pg_user" -- "$@"; }
else
    pg_user=$(id -un)
    as_pg() { "$@"; }
fi

# The temp dir must be reachable by the postgres user, so no $TMPDIR under
# /root: use /tmp unless PG_TEST_TMPDIR says otherwise. Keep the path short
# (unix socket paths are limited to ~107 bytes).
tmp=$(mktemp -d "${PG_TEST_TMPDIR:-/tmp}/tracker-pg.XXXXXX")
data=$tmp/data
sock=$tmp/sock
started=false

cleanup() {
    local status=$?
    if $started; then
        as_pg "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

chown "$pg_user" "$tmp"
chmod 700 "$tmp"
as_pg mkdir "$sock"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=${PG_TEST_PORT:-54329}
for _ in $(seq 1 50); do
    port_in_use "$port" || break
    port=$((port + 1))
done
if port_in_use "$port"; then
    say "no free port found from ${PG_TEST_PORT:-54329} up"
    exit 1
fi

if ! as_pg "$bindir/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$tmp/initdb.log" 2>&1; then
    say "initdb failed:"
    cat "$tmp/initdb.log" >&2
    exit 1
fi

started=true
if ! as_pg "$bindir/pg_ctl" -D "$data" -l "$tmp/server.log" -w -t 60 \
    -o "-F -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c listen_addresses=127.0.0.1 -p $port -k $sock" \
    start >/dev/null 2>&1; then
    say "PostgreSQL failed to start:"
    cat "$tmp/server.log" >&2 || true
    exit 1
fi

if ! as_pg "$bindir/psql" -X -q -h "$sock" -p "$port" -U postgres -d postgres \
    -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE tracker LOGIN SUPERUSER CREATEDB PASSWORD 'tracker'" \
    -c "CREATE DATABASE tracker OWNER tracker" >"$tmp/setup.log" 2>&1; then
    say "could not create the tracker role/database:"
    cat "$tmp/setup.log" >&2
    exit 1
fi

export DATABASE_URL="postgres://tracker:tracker@127.0.0.1:$port/tracker"
# For a command that restarts the server on purpose (`make load`'s fault test): as the server's
# user, "$TRACKER_PG_BIN/pg_ctl" -D "$TRACKER_PG_DATA" -l "$TRACKER_PG_LOG" -w restart -m fast.
export TRACKER_PG_BIN=$bindir TRACKER_PG_DATA=$data TRACKER_PG_LOG=$tmp/server.log TRACKER_PG_USER=$pg_user
say "PostgreSQL $("$bindir/postgres" -V | awk '{print $3}') on 127.0.0.1:$port"

set +e
"$@"
status=$?
set -e
exit "$status"
