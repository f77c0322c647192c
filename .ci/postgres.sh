#!/usr/bin/env bash
# A project-local PostgreSQL cluster for development and tests, used when DATABASE_URL is not set.
#
#   .ci/postgres.sh start   initialise (once) and start the cluster; install the server if root and missing
#   .ci/postgres.sh stop    stop it
#   .ci/postgres.sh url     print the DATABASE_URL that reaches it
#
# PostgreSQL refuses to run as root. As root the cluster runs as the `postgres` user, and because that
# user may not reach the checkout (a clone under /root), its data lives under /var/tmp, keyed by the
# checkout's path. As any other user it lives in var/postgres/ inside the checkout. The server listens
# on a Unix socket in the data folder only (no TCP port to clash with another cluster).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
dbname=nvc
dbuser=nvc
port=5432

if [ "$(id -u)" = 0 ]; then
  key=$(printf '%s' "$top" | sha1sum | cut -c1-12)
  data="/var/tmp/nvc-pg-$key"
  as_owner() { su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; }
else
  data="$top/var/postgres"
  as_owner() { "$@"; }
fi
socket_dir="$data"


bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  return 1
}

install_server() {
  if bindir >/dev/null; then return; fi
  if [ "$(id -u)" != 0 ]; then
    echo "PostgreSQL server binaries are missing. Install them (Debian: sudo apt-get install postgresql) or set DATABASE_URL." >&2
    exit 1
  fi
  echo "Installing Debian's postgresql package…" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >/dev/null
}

start() {
  install_server
  local bin; bin=$(bindir)
  if [ "$(id -u)" = 0 ]; then
    mkdir -p "$data"; chown postgres: "$data"; chmod 700 "$data"
  else
    mkdir -p "$data"; chmod 700 "$data"
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    as_owner "$bin/initdb" -D "$data" -U "$dbuser" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$socket_dir'
port = $port
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
CONF
  fi
  if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 start >/dev/null
  fi
  if ! "$bin/psql" -h "$socket_dir" -p "$port" -U "$dbuser" -d postgres -tAc "select 1 from pg_database where datname='$dbname'" | grep -q 1; then
    "$bin/createdb" -h "$socket_dir" -p "$port" -U "$dbuser" "$dbname"
  fi
}

stop() {
  local bin; bin=$(bindir) || exit 0
  if [ -f "$data/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    echo "PostgreSQL stopped ($data)."
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  # django-environ reads a leading-slash path as the socket folder: HOST=/var/tmp/…, NAME=nvc.
  url) echo "postgres://$dbuser@/$socket_dir/$dbname" ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
