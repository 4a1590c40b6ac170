"""gunicorn settings for the tracker, used by `make serve` and deploy/tracker-web.service.

Every value can be overridden from the environment (see .env.example and the README's deploy
guide), so the same file serves a laptop and a production machine.
"""

import multiprocessing
import os

wsgi_app = "tracker.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Pages are CPU-bound in Python (SQL is a few ms of a 25-40 ms page), so sync workers, about two
# per core: one computes while the other waits on the database or the client.
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
# With worker_class "gthread": threads per worker, which also keep clients' connections alive
# between requests (sync workers close each one). Compare both with `make load`.
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request that takes longer than this is killed and logged: long work (PDFs, big exports)
# belongs in the background worker, never in a request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, so a slow leak never takes a machine down. Cached pages are
# served at 1,000-2,000 req/s: with 2,000 ± 200, workers that started together reached their
# limit within a second of each other every few seconds, and all restarting (and warming up) at
# once stalled the site under load. Limits far apart keep their restarts apart.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", str(max_requests // 2)))
# The app is imported once and forked: less memory per worker and a failing import stops the
# start-up at once rather than in every worker.
preload_app = True
# gunicorn 25.1+ opens a control socket (for `gunicornc`) in $XDG_RUNTIME_DIR, else in
# ~/.gunicorn/. The service's home is the code folder, read-only to it (/srv/tracker), where
# every start logged "Permission denied": under systemd it goes into the unit's runtime
# directory (RuntimeDirectory=tracker, /run/tracker), which systemd names in RUNTIME_DIRECTORY.
if os.environ.get("RUNTIME_DIRECTORY"):
    control_socket = os.path.join(os.environ["RUNTIME_DIRECTORY"].split(":")[0], "gunicorn.ctl")
# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - gunicorn docs advise it
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The proxy in front (deploy/nginx.conf) sets X-Forwarded-For/Proto; trust it only from here.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
