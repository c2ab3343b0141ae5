#!/usr/bin/env bash
# Start a throwaway PostgreSQL 15 in a temp directory on a free local port and print its
# DATABASE_URL. Usage: eval "$(bash scripts/pg-temp.sh start)"; ...; bash scripts/pg-temp.sh stop "$PGTEMP_DIR"
# Uses /usr/lib/postgresql/15/bin, installing Debian's postgresql package if it is absent.
set -euo pipefail
cmd=${1:-start}
bin=/usr/lib/postgresql/15/bin
if [ "$cmd" = stop ]; then
  dir=$2
  [ -d "$dir" ] || exit 0
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  else "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir"
  exit 0
fi
if [ ! -x "$bin/postgres" ]; then
  echo "installing PostgreSQL 15 (apt-get)" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >&2
fi
dir=$(mktemp -d /tmp/careslot-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
run "$bin/initdb" -D "$dir/data" -U careslot --auth=trust -E UTF8 >/dev/null
run "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB" start >/dev/null
run "$bin/createdb" -h 127.0.0.1 -p "$port" -U careslot careslot
echo "export PGTEMP_DIR=$dir"
echo "export DATABASE_URL=postgres://careslot@127.0.0.1:$port/careslot"
