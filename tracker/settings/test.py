from .base import *  # noqa: F403

# Demo data, synthetic records and benchmarks: never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devdata"]  # noqa: F405

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "evidence": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# One process under test: allauth's rate limits may use the default local-memory cache.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The page cache is off in tests, which read what the view put in response.context (a cached
# page has none); tests/tracker/test_page_cache.py turns it on. Were it on, the version changes
# at once on a write rather than on commit, as a test's transaction never commits.
PAGE_CACHE_ENABLED = False
PAGE_CACHE_BUMP_ON_COMMIT = False
