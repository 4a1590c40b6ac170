#!/usr/bin/env bash
# `make serve`: the real stack on this machine, as production runs it.
#
#   PostgreSQL (DATABASE_URL, or a throwaway server started here) with production settings;
#   gunicorn (deploy/gunicorn.conf.py, workers sized to the cores) on http://127.0.0.1:8000
#   (SERVE_PORT to choose another port);
#   REPORT_WORKERS background workers (PDF reports, the bulk download, the heartbeat);
#   the scheduler (daily jobs, the minutely heartbeat) and the mailer (queued mail).
#
# A worker, the scheduler or the mailer that dies (killed, or its database restarted) is started
# again after a second, as systemd does in production (Restart=always); the stack ends when
# gunicorn does. Ctrl-C stops them all. With a throwaway PostgreSQL the data goes with it; the demo data is
# seeded on every start. Local http only: secure cookies and HSTS are turned off here (and only
# here) so that a browser on http://127.0.0.1 can sign in.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}

if [[ -z ${DATABASE_URL:-} ]]; then
    exec bash scripts/with-postgres.sh bash "$0" "$@"
fi

export DJANGO_SETTINGS_MODULE=tracker.settings.production
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')}
export DJANGO_ALLOWED_HOSTS=${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}
port=${SERVE_PORT:-8000}
export DJANGO_CSRF_TRUSTED_ORIGINS=${DJANGO_CSRF_TRUSTED_ORIGINS:-http://127.0.0.1:$port,http://localhost:$port}
export WAGTAILADMIN_BASE_URL=${WAGTAILADMIN_BASE_URL:-http://127.0.0.1:$port}
export DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_HSTS_SECONDS=0 DJANGO_SECURE_COOKIES=false
export ALLAUTH_TRUSTED_PROXY_COUNT=0 FORWARDED_ALLOW_IPS=
export EVIDENCE_ROOT=${EVIDENCE_ROOT:-$PWD/private}
export DJANGO_EMAIL_BACKEND=${DJANGO_EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend}
export GUNICORN_BIND=${GUNICORN_BIND:-127.0.0.1:$port}

say() { echo "serve: $*" >&2; }
say "migrate, cache table, static files"
$PY manage.py migrate --noinput -v 0
$PY manage.py createcachetable
$PY manage.py collectstatic --noinput -v 0
if command -v msgfmt >/dev/null 2>&1; then
    $PY manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
fi
# Demo data comes from the dev-only devdata app, so it is seeded with the dev settings against
# the same database; then the shared cache is emptied so no count from before the seed remains.
if [[ ${SERVE_SEED:-1} == 1 ]]; then
    say "demo data (SERVE_SEED=0 to skip)"
    DJANGO_SETTINGS_MODULE=tracker.settings.dev $PY manage.py seed_demo
    $PY manage.py shell -c "from django.core.cache import cache; cache.clear()"
fi

pids=()
stop() {
    trap - INT TERM EXIT
    say "stopping ${#pids[@]} processes"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

# Runs a command, and again a second after it ends, until this subshell is told to stop.
respawn() {
    local child=
    trap 'if [[ -n $child ]]; then kill -TERM "$child" 2>/dev/null || true; wait "$child" 2>/dev/null || true; fi; exit 0' TERM INT
    while :; do
        "$@" &
        child=$!
        status=0
        wait "$child" || status=$?
        say "$3 ended (status $status): starting it again in 1 s"
        sleep 1
    done
}

for number in $(seq 1 "${REPORT_WORKERS:-1}"); do
    # task_worker: db_worker with a pulse; a task whose worker died is taken again.
    respawn $PY manage.py task_worker --backend reports --queue-name '*' --interval 0.5 \
        --worker-id "$(hostname)-$$-$number" &
    pids+=($!)
done
respawn $PY manage.py run_schedule &
pids+=($!)
# Production queues mail in the database (django-mailer); this sends it within seconds.
respawn $PY manage.py runmailer &
pids+=($!)
$PY -m gunicorn --config deploy/gunicorn.conf.py &
web=$!
pids+=($web)
say "http://$GUNICORN_BIND (health: /healthz, /readyz); Ctrl-C stops everything"
# The stack ends with gunicorn (or Ctrl-C).
wait "$web" || true
