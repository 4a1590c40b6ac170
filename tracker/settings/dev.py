from .base import *  # noqa: F403

# Demo data, synthetic records and benchmarks: never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devdata"]  # noqa: F405

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-never-used-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
ACCOUNT_EMAIL_VERIFICATION = "optional"
# A cache on disk, shared by the site and management commands (an import run beside
# `runserver` must make the explorer's cached counts stale, as the database cache does in
# production); a per-process memory cache would not see it.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": BASE_DIR / ".cache" / "django",  # noqa: F405
    }
}
