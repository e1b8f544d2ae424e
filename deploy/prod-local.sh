#!/usr/bin/env bash
# The production topology on this machine: nginx → several gunicorn → PostgreSQL + Redis, with
# the two Celery workers and beat. `make prod-local` (start), `make prod-local-stop`,
# `deploy/prod-local.sh status`. Everything it starts binds 127.0.0.1 and keeps its pid, logs
# and data under var/prod-local/.
#
# Settings (environment): SEED=1 seeds the demo brand, PORT (nginx, 18300), WEB_INSTANCES (gunicorn masters, 2) and
# WEB_WORKERS (processes each, 2) on the ports after PORT, DATABASE_URL
# (postgres://postgres@127.0.0.1:5432/cocrea_ops), REDIS_URL (redis://127.0.0.1:6379/3).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=$ROOT/.venv/bin
RUN=$ROOT/var/prod-local
PORT=${PORT:-18300}
WEB_INSTANCES=${WEB_INSTANCES:-2}
WEB_WORKERS=${WEB_WORKERS:-2}

export COCREA_MODE=production DEBUG=0
export COCREA_DATA_DIR=$RUN/data MEDIA_ROOT=$RUN/data/media EXPORTS_ROOT=$RUN/data/exports
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cocrea_ops}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/3}
export ALLOWED_HOSTS=127.0.0.1,localhost CSRF_TRUSTED_ORIGINS=http://127.0.0.1:$PORT
export SITE_URL=http://127.0.0.1:$PORT
export SECURE_COOKIES=0 SECURE_SSL_REDIRECT=0 TRUSTED_PROXY_COUNT=1
export EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend
export METRICS_TOKEN=${METRICS_TOKEN:-prod-local-metrics}
export PROMETHEUS_MULTIPROC_DIR=$RUN/metrics
export INSIGHTS_EMBED_THREADS=1

log() { printf '  %s\n' "$*"; }

secret() {
  [ -s "$RUN/secret-key" ] || python3 -c "import secrets; print(secrets.token_urlsafe(64))" > "$RUN/secret-key"
  chmod 600 "$RUN/secret-key"
  SECRET_KEY=$(cat "$RUN/secret-key")
  export SECRET_KEY
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start() {
  command -v nginx >/dev/null || { echo "nginx is missing: apt-get install -y nginx-light"; exit 1; }
  mkdir -p "$RUN/data" "$RUN/logs" "$PROMETHEUS_MULTIPROC_DIR"
  rm -f "$PROMETHEUS_MULTIPROC_DIR"/*.db
  secret
  env | grep -E '^(COCREA_|DATABASE_URL|REDIS_URL|ALLOWED_HOSTS|CSRF_TRUSTED|SITE_URL|SECURE_|TRUSTED_PROXY|EMAIL_BACKEND|METRICS_TOKEN|PROMETHEUS_MULTIPROC_DIR|MEDIA_ROOT|EXPORTS_ROOT|SECRET_KEY|DEBUG|INSIGHTS_EMBED)' \
    > "$RUN/env"   # what bench/contest_peak.py reads
  chmod 600 "$RUN/env"
  local dbname=${DATABASE_URL##*/}
  if ! psql "${DATABASE_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$dbname'" | grep -q 1; then
    log "create database $dbname"; psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE $dbname"
  fi
  log "migrate, collect static files"
  "$BIN/cocrea" migrate --noinput >/dev/null
  "$BIN/cocrea" collectstatic --noinput >/dev/null
  if [ "${SEED:-0}" = 1 ]; then log "seed the demo brand"; "$BIN/cocrea" seed_demo >/dev/null; fi
  local upstreams=""
  for i in $(seq 1 "$WEB_INSTANCES"); do
    local port=$((PORT + i))
    upstreams+="        server 127.0.0.1:$port max_fails=0;"$'\n'
    if ! alive "$RUN/web$i.pid"; then
      log "gunicorn $i on 127.0.0.1:$port ($WEB_WORKERS processes)"
      GUNICORN_BIND=127.0.0.1:$port GUNICORN_WORKERS=$WEB_WORKERS GUNICORN_ACCESSLOG=$RUN/logs/access$i.log \
        "$BIN/gunicorn" cocrea.wsgi -c deploy/gunicorn.conf.py --daemon --pid "$RUN/web$i.pid" \
        --error-logfile "$RUN/logs/web$i.log"
    fi
  done
  if ! alive "$RUN/worker-fast.pid"; then
    log "celery worker: interactive, email, webhooks"
    "$BIN/celery" -A cocrea worker -Q interactive,email,webhooks -c 2 -n fast@%h --detach \
      --without-gossip --without-mingle --pidfile "$RUN/worker-fast.pid" --logfile "$RUN/logs/worker-fast.log" -l INFO
  fi
  if ! alive "$RUN/worker-batch.pid"; then
    log "celery worker: batch"
    "$BIN/celery" -A cocrea worker -Q batch -c 1 -n batch@%h --detach --without-gossip --without-mingle \
      --pidfile "$RUN/worker-batch.pid" --logfile "$RUN/logs/worker-batch.log" -l INFO
  fi
  if ! alive "$RUN/beat.pid"; then
    log "celery beat"
    "$BIN/celery" -A cocrea beat --detach --pidfile "$RUN/beat.pid" --logfile "$RUN/logs/beat.log" \
      -s "$RUN/data/celerybeat-schedule" -l INFO
  fi
  sed -e "s#@RUN@#$RUN#g" -e "s#@PORT@#$PORT#g" -e "s#@MEDIA@#$MEDIA_ROOT#g" \
      -e "s#@STATIC@#$COCREA_DATA_DIR/static#g" deploy/nginx/prod-local.conf.template \
    | awk -v ups="$upstreams" '{ if ($0 == "@UPSTREAMS@") printf "%s", ups; else print }' > "$RUN/nginx.conf"
  chmod o+rx "$ROOT/var" "$RUN" "$RUN/data" 2>/dev/null || true
  if alive "$RUN/nginx.pid"; then nginx -c "$RUN/nginx.conf" -s reload; else log "nginx on 127.0.0.1:$PORT"; nginx -c "$RUN/nginx.conf"; fi
  for _ in $(seq 1 60); do
    if curl -fsS "http://127.0.0.1:$PORT/healthz" 2>/dev/null | grep -q '"status": "ok"'; then break; fi
    sleep 1
  done
  status
}

stop() {
  [ -f "$RUN/nginx.conf" ] && alive "$RUN/nginx.pid" && nginx -c "$RUN/nginx.conf" -s quit
  for name in beat worker-fast worker-batch $(cd "$RUN" 2>/dev/null && ls web*.pid 2>/dev/null | sed 's/.pid$//'); do
    if alive "$RUN/$name.pid"; then log "stop $name"; kill -TERM "$(cat "$RUN/$name.pid")"; fi
  done
  for _ in $(seq 1 30); do
    local left=0
    for f in "$RUN"/*.pid; do [ -e "$f" ] && alive "$f" && left=1; done
    [ $left = 0 ] && break
    sleep 1
  done
  rm -f "$RUN"/*.pid
}

status() {
  echo "Cocréa on http://127.0.0.1:$PORT/ (nginx → $WEB_INSTANCES gunicorn × $WEB_WORKERS → PostgreSQL, Redis; workers and beat)"
  curl -sS "http://127.0.0.1:$PORT/healthz" || true
  echo
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status"; exit 2 ;;
esac
