#!/usr/bin/env bash
# The load benchmark (issue 16): build the ten-year dataset into its own database, serve the app with gunicorn
# (2 sync workers, production settings), drive every key page with wrk, and print the table for docs/benchmarks.md.
#
#   DATABASE_URL=postgres://…/any_db bench/run.sh          # or: make bench
#   BENCH_REUSE=1   keep the database of the last run (skip building the dataset)
#   BENCH_DB=nvc_bench  BENCH_PORT=8799  BENCH_DURATION=10  BENCH_WARMUP=3  BENCH_REPEAT=20  BENCH_ONLY="week staff"
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
: "${DATABASE_URL:?set DATABASE_URL to a database on the PostgreSQL cluster to use}"
DB=${BENCH_DB:-nvc_bench}
PORT=${BENCH_PORT:-8799}
BASE_URL=$DATABASE_URL
export DATABASE_URL="${BASE_URL%/*}/$DB"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

if [[ -z "${BENCH_REUSE:-}" ]]; then
  DATABASE_URL=$BASE_URL DEBUG=1 $PY bench/bench.py createdb "$DB"
  DEBUG=1 $PY manage.py migrate --no-input -v0
  start=$(date +%s)
  DEBUG=1 $PY manage.py generate_dataset --years 10 --seed 1 --scale "${BENCH_SCALE:-1.0}" | grep -v パスワード
  echo "dataset built in $(( $(date +%s) - start )) s"
fi

export DJANGO_SETTINGS_MODULE=bench.settings DEBUG=0 SECURE_SSL_REDIRECT=0 \
  ALLOWED_HOSTS=127.0.0.1,localhost,testserver SECRET_KEY="bench-$(head -c 64 /dev/urandom | base64 -w0 | tr -d '/+=')"
for port in "$PORT" "$((PORT + 1))"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use by another server: set BENCH_PORT (it uses that port and the next)" >&2; exit 1
  fi
done
$PY manage.py createcachetable
$PY manage.py collectstatic --no-input -v0
.venv/bin/gunicorn config.wsgi:application --workers 2 --worker-class sync --bind "127.0.0.1:$PORT" \
  --log-level warning --pid /tmp/nvc-bench-gunicorn.pid &
GUNICORN=$!
# The same app with each person's page cache off (PERSONAL_PAGE_CACHE=0): the logged-in pages' "rendered" rows.
PERSONAL_PAGE_CACHE=0 .venv/bin/gunicorn config.wsgi:application --workers 2 --worker-class sync \
  --bind "127.0.0.1:$((PORT + 1))" --log-level warning --pid /tmp/nvc-bench-gunicorn-rendered.pid &
RENDERED_GUNICORN=$!
trap 'kill $GUNICORN $RENDERED_GUNICORN 2>/dev/null || true' EXIT
trap 'exit 1' INT TERM
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/__bench__/ok/" >/dev/null && break; sleep 0.2; done
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$((PORT + 1))/__bench__/ok/" >/dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$PORT/__bench__/ok/" >/dev/null || { echo "gunicorn did not start" >&2; exit 1; }
# shellcheck disable=SC2086
$PY bench/bench.py run --base "http://127.0.0.1:$PORT" --rendered-base "http://127.0.0.1:$((PORT + 1))" --duration "${BENCH_DURATION:-10}" \
  --warmup "${BENCH_WARMUP:-3}" --repeat "${BENCH_REPEAT:-20}" ${BENCH_ONLY:+--only $BENCH_ONLY}
