#!/usr/bin/env bash
# The schema-driven fuzz run of the REST API (make test-api-fuzz; CI runs it).
#
# Seeds a fresh SQLite database with a small brand (tests/fuzz/seed.py), starts the platform under gunicorn on
# 127.0.0.1:$FUZZ_PORT, and lets schemathesis try every operation of /api/v1/openapi.json with
# generated valid and invalid input, as a brand admin's key with the admin scope. It fails on
# any server error (5xx) and on any answer that does not match the schema (status code, content
# type, body). The server and the data are removed at the end, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/../.."

BIN=${BIN:-.venv/bin}
PORT=${FUZZ_PORT:-18110}
MAX_TIME=${FUZZ_MAX_TIME:-120}   # seconds of fuzzing, after the seed
DATA=$(mktemp -d)
export COCREA_DATA_DIR="$DATA" COCREA_MODE=demo
# A clean, fast and quiet server: no Redis, limits high enough for a fuzzer, no debug pages.
unset DATABASE_URL REDIS_URL
export DEBUG=0 ALLOWED_HOSTS=127.0.0.1 RATE_API_PER_MIN=100000 RATE_IDEAS_PER_HOUR=100000 \
  RATE_COMMENTS_PER_10MIN=100000 RATE_VOTES_PER_MIN=100000 LOG_LEVEL=ERROR \
  EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend

server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$DATA"
}
trap cleanup EXIT

"$BIN/cocrea" migrate --noinput >/dev/null
KEY=$("$BIN/python" tests/fuzz/seed.py | tail -n 1)

"$BIN/gunicorn" cocrea.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 --threads 1 \
  --limit-request-line 0 --log-level warning --access-logfile /dev/null &
server=$!

"$BIN/schemathesis" --config-file tests/fuzz/schemathesis.toml run "http://127.0.0.1:$PORT/api/v1/openapi.json" \
  --wait-for-schema 30 \
  --header "Authorization: Bearer $KEY" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --phases examples,coverage,fuzzing \
  --max-time "$MAX_TIME" \
  --workers 1 \
  --seed "${FUZZ_SEED:-2026}" \
  --no-color
