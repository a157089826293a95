#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL: Debian's server, loopback only, data in a temp folder,
# run as the postgres user (initdb/pg_ctl refuse root). DATABASE_URL is set for the command.
#   scripts/with-postgres.sh .venv/bin/pytest
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[[ -n $bindir && -x $bindir/initdb ]] || { echo "PostgreSQL server not installed (scripts/system-deps.sh installs it)" >&2; exit 2; }
id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql --shell /bin/bash postgres
as_pg() { if [[ $(id -un) == postgres ]]; then "$@"; else runuser -u postgres -- "$@"; fi; }
data=$(mktemp -d /tmp/zhengwu-pg.XXXXXX)
chown postgres: "$data"; chmod 700 "$data"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() {
  as_pg "$bindir/pg_ctl" -D "$data/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap cleanup EXIT
as_pg "$bindir/initdb" -D "$data/db" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$data/initdb.log" 2>&1 \
  || { cat "$data/initdb.log" >&2; exit 2; }
as_pg "$bindir/pg_ctl" -D "$data/db" -l "$data/server.log" -w \
  -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
  start >/dev/null || { cat "$data/server.log" >&2; exit 2; }
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/zhengwu"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
"$@"
