#!/usr/bin/env bash
# make serve-prod: nginx (the buffering proxy) in front of CALCULATOR_INSTANCES gunicorn instances,
# with the rate-limit and sign-in counters in Redis, all in the foreground on loopback; Ctrl-C (or
# SIGTERM) stops everything it started. nginx and redis-server come from Debian's packages,
# installed here with apt-get when missing. Runs as root or as any user (nothing binds below 1024,
# every file lives in CALCULATOR_RUN_DIR).
#
# Settings (environment):
#   CALCULATOR_LISTEN      nginx's address            (127.0.0.1:8080)
#   CALCULATOR_INSTANCES   gunicorn instances         (1; each is what `make serve` runs)
#   CALCULATOR_APP_PORT    first instance's port      (8001, then 8002, ...)
#   CALCULATOR_WORKERS     sync workers per instance  (one per core, calculator/gunicorn_conf.py)
#   CALCULATOR_REDIS_URL   an existing Redis; if unset one is started on 127.0.0.1:CALCULATOR_REDIS_PORT (6390)
#   CALCULATOR_RUN_DIR     nginx/redis files          (instance/run)
#   CALCULATOR_CONFIG      app configuration          (production: needs CALCULATOR_SECRET_KEY, else one is
#                          generated once into instance/secret_key; TRUSTED_HOSTS default localhost names)
# and every CALCULATOR_* setting of config.py (database URL, limits, ...).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo

need=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
if [ -z "${CALCULATOR_REDIS_URL:-}" ]; then
  command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} from Debian's packages" >&2
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # Debian starts the packaged services on install: this script runs its own, on loopback only
  for svc in nginx redis-server; do
    $SUDO systemctl disable --now "$svc" >/dev/null 2>&1 || $SUDO service "$svc" stop >/dev/null 2>&1 || true
  done
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

LISTEN=${CALCULATOR_LISTEN:-127.0.0.1:8080}
INSTANCES=${CALCULATOR_INSTANCES:-1}
APP_PORT=${CALCULATOR_APP_PORT:-8001}
RUN=$(realpath -m "${CALCULATOR_RUN_DIR:-instance/run}")
mkdir -p "$RUN"/{body,proxy,fastcgi,uwsgi,scgi}
# nginx's workers drop root to nobody: its temporary folders must be theirs to write
[ "$(id -u)" = 0 ] && chmod 0777 "$RUN"/{body,proxy,fastcgi,uwsgi,scgi}

export CALCULATOR_CONFIG=${CALCULATOR_CONFIG:-production}
if [ "$CALCULATOR_CONFIG" = production ] && [ -z "${CALCULATOR_SECRET_KEY:-}" ]; then
  [ -s instance/secret_key ] || { umask 077; mkdir -p instance; $BIN/python -c 'import secrets; print(secrets.token_hex(32))' > instance/secret_key; }
  CALCULATOR_SECRET_KEY=$(cat instance/secret_key); export CALCULATOR_SECRET_KEY
fi
export CALCULATOR_TRUSTED_HOSTS=${CALCULATOR_TRUSTED_HOSTS:-'["127.0.0.1", "localhost", "::1"]'}
# nginx is one hop: the app takes the client's address from its X-Forwarded-For, nothing else
export CALCULATOR_PROXY_X_FOR=${CALCULATOR_PROXY_X_FOR:-1} CALCULATOR_PROXY_X_PROTO=${CALCULATOR_PROXY_X_PROTO:-1}

pids=()
stop() {
  trap - EXIT INT TERM
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap stop EXIT
trap 'exit 0' INT TERM

if [ -z "${CALCULATOR_REDIS_URL:-}" ]; then
  REDIS_PORT=${CALCULATOR_REDIS_PORT:-6390}
  # counters only: nothing is saved to disk, and nothing listens beyond loopback
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --dir "$RUN" \
    --protected-mode yes --daemonize no --loglevel warning &
  pids+=($!)
  export CALCULATOR_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
  for _ in $(seq 50); do
    $BIN/python - "$REDIS_PORT" <<'EOF' 2>/dev/null && break
import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=0.2).close()
EOF
    sleep 0.1
  done
fi

$BIN/flask --app wsgi init-db >/dev/null

upstreams=""
for i in $(seq 0 $((INSTANCES - 1))); do
  port=$((APP_PORT + i))
  CALCULATOR_BIND="127.0.0.1:$port" $BIN/gunicorn -c python:calculator.gunicorn_conf wsgi:app &
  pids+=($!)
  upstreams+="        server 127.0.0.1:$port max_fails=0;"$'\n'
done

sed -e "s#@RUN@#$RUN#g" -e "s#@LISTEN@#$LISTEN#g" -e "s#@NGINX_WORKERS@#${CALCULATOR_NGINX_WORKERS:-1}#g" \
  deploy/nginx.conf.in | $BIN/python -c 'import sys; print(sys.stdin.read().replace("@UPSTREAMS@\n", sys.argv[1]), end="")' "$upstreams" \
  > "$RUN/nginx.conf"
"$NGINX" -e stderr -t -q -p "$RUN" -c "$RUN/nginx.conf" -g "daemon off;"
# nginx's error lines quote the request line and upstream URL, query string (applicant answers)
# included: cut every query before the line is written
"$NGINX" -e stderr -p "$RUN" -c "$RUN/nginx.conf" -g "daemon off;" \
  2> >(sed -u -E 's/\?[^" ]*( HTTP\/[0-9.]+)?"/\1"/g' >&2) &
pids+=($!)
echo "serving on http://$LISTEN (nginx -> $INSTANCES gunicorn instance(s) from 127.0.0.1:$APP_PORT; counters in $CALCULATOR_REDIS_URL)" >&2
wait -n "${pids[@]}"  # any of them ending ends the whole deployment
