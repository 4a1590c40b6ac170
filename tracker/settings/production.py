"""Production: every secret and host comes from the environment (see .env.example)."""

import os

from django.core.exceptions import ImproperlyConfigured

from tracker.storage import s3_storages

from .base import *  # noqa: F403


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
ALLOWED_HOSTS = _env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = _env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Static files served by the application itself, compressed and cached forever.
# WhiteNoise right after SecurityMiddleware, as its documentation asks (static files get the
# security headers and skip everything after).
_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1  # noqa: F405
MIDDLEWARE = [*MIDDLEWARE[:_security], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[_security:]]  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "evidence": STORAGES["evidence"],  # noqa: F405 (outside MEDIA_ROOT: see base.py)
}

# Media and evidence on S3-compatible storage when S3_BUCKET is set (tracker.storage), so any
# machine can serve and write them; on this machine's disk otherwise.
STORAGES.update(s3_storages(os.environ))

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind that proxy every request comes from the proxy's address: allauth's per-address rate
# limits must read the client's from X-Forwarded-For, trusting as many proxies as there are.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("ALLAUTH_TRUSTED_PROXY_COUNT", "1"))
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Off only for `make serve` on http://127.0.0.1 (scripts/serve.sh): never in a deployment.
_SECURE_COOKIES = os.environ.get("DJANGO_SECURE_COOKIES", "true").lower() == "true"
SESSION_COOKIE_SECURE = _SECURE_COOKIES
CSRF_COOKIE_SECURE = _SECURE_COOKIES
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Connections kept open between requests (a new PostgreSQL connection per request cost a
# quarter of the throughput when measured), checked before reuse so a restarted database costs
# one failed check rather than a failed request.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# The cache is shared by every web process on every machine: allauth's login rate limits, the
# explorer's counts, the sessions' cache and the worker heartbeat live there. Redis when
# REDIS_URL is set (Django's own backend), otherwise the database cache (run
# `manage.py createcachetable` once after migrating). Never a per-process cache: each worker
# would allow its own five failed logins.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Django's RedisCache, reusing its redis-py client (tracker/cache.py).
    CACHES = {"default": {"BACKEND": "tracker.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "tracker_cache"}
    }
# Sessions read from the shared cache and written through to the database, so no web process
# holds state and a cache flush signs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Mail is queued in the database within the request's transaction (django-mailer) and sent by
# the mailer process: a slow or unreachable mail server never fails or delays a request, and
# what could not be sent is retried every minute (SCHEDULED_JOBS). The real backend:
EMAIL_BACKEND = "mailer.backend.DbBackend"
MAILER_EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
# Several machines may run a mailer: they share the queue through row locks, not a lock file.
MAILER_USE_FILE_LOCK = False
MAILER_EMPTY_QUEUE_SLEEP = 5
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "20"))
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("DJANGO_EMAIL_USE_TLS", "false").lower() == "true"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "")
