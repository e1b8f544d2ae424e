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
MAX_TIME=${FUZZ_MAX_TIME:-300}   # seconds of fuzzing at most, after the seed
MAX_EXAMPLES=${FUZZ_MAX_EXAMPLES:-25}  # generated requests per operation and phase
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
  # FUZZ_REPORT_DIR keeps the run's report, its HAR record (every request and answer; the
  # credentials are masked) and the server's log, for CI artifacts or to look into a failure.
  if [ -n "${FUZZ_REPORT_DIR:-}" ]; then
    mkdir -p "$FUZZ_REPORT_DIR"
    cp "$DATA"/report.* "$DATA/server.log" "$FUZZ_REPORT_DIR"/ 2>/dev/null || true
  fi
  rm -rf "$DATA"
}
trap cleanup EXIT

"$BIN/cocrea" migrate --noinput >/dev/null
# The seed writes the run's configuration: the fixed path parameters, and each operation's own
# credential and ids (tests/fuzz/seed.py); it prints the brand admin's key.
KEY=$("$BIN/python" tests/fuzz/seed.py tests/fuzz/schemathesis.toml "$DATA/schemathesis.toml" \
  "$DATA/credentials.json" | tail -n 1)

"$BIN/gunicorn" cocrea.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 --threads 1 \
  --limit-request-line 0 --log-level warning --access-logfile /dev/null 2>"$DATA/server.log" &
server=$!

# The schema, read once with a patient timeout (the first request of a loaded machine may be
# slow); schemathesis then reads it from the file and sends its requests to the server.
OPERATIONS=$("$BIN/python" - "http://127.0.0.1:$PORT/api/v1/openapi.json" "$DATA/openapi.json" <<'PY'
import json, sys, time, urllib.request
for _ in range(120):
    try:
        body = urllib.request.urlopen(sys.argv[1], timeout=60).read()
        break
    except OSError:
        time.sleep(1)
else:
    sys.exit("The server did not answer its schema")
open(sys.argv[2], "wb").write(body)
paths = json.loads(body)["paths"]
print(sum(m in ("get", "post", "put", "patch", "delete") for ops in paths.values() for m in ops))
PY
)

set +e
"$BIN/schemathesis" --config-file "$DATA/schemathesis.toml" run "$DATA/openapi.json" \
  --url "http://127.0.0.1:$PORT" \
  --header "Authorization: Bearer $KEY" \
  --report har --report-har-path "$DATA/report.har" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --phases examples,coverage,fuzzing \
  --max-examples "$MAX_EXAMPLES" \
  --max-time "$MAX_TIME" \
  --request-timeout 60 \
  --workers 1 \
  --seed "${FUZZ_SEED:-2026}" \
  --no-color | tee "$DATA/report.txt"
status=${PIPESTATUS[0]}
# Each credential's figures; fails if an operation never answered a success (summary.py).
"$BIN/python" tests/fuzz/summary.py "$DATA/report.har" "$DATA/openapi.json" "$DATA/credentials.json"
covered=$?
set -e
if [ "$status" != 0 ]; then
  echo "The server's errors (the 4xx answers are logged as warnings):" >&2
  grep -v "WARNING django.request" "$DATA/server.log" | tail -n 80 >&2 || true
  exit "$status"
fi
# Every operation of the schema was tried: a run cut short by its time budget fails.
TESTED=$(sed -nE 's/^ *Tested: ([0-9]+).*/\1/p' "$DATA/report.txt" | tail -n 1)
echo "operations in the schema: $OPERATIONS; tested: ${TESTED:-none}"
[ "${TESTED:-0}" = "$OPERATIONS" ] || { echo "Not every operation was tried: raise FUZZ_MAX_TIME" >&2; exit 1; }
[ "$covered" = 0 ] || { echo "Some operations never answered a success: see above" >&2; exit 1; }
