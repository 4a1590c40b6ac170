"""Settings shared by every environment.

Environment-specific modules (dev, test, production) import from here and override.
Secrets never live here: production reads them from the environment.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "tracker",
    "commitments",
    "commitments.explorer",
    "commitments.progress",
    "commitments.ogp",
    "commitments.history",
    "commitments.api",
    "commitments.contracting",
    "commitments.scores",
    "commitments.cases",
    "commitments.fieldwork",
    "peers",
    "reports",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "mailer",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_htmx",
    "django_countries",
    "auditlog",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # /healthz and /readyz for a load balancer, whatever Host it sends, http or https.
    "tracker.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Anonymous pages served from the shared cache (tracker.page_cache) before everything but the
    # HTTPS redirect and HSTS above (and WhiteNoise's static files, production.py): a hit runs no
    # other middleware, and carries the CSP and Permissions-Policy headers stored with the page.
    # It also marks the record changed after every signed-in write.
    "tracker.page_cache.AnonymousPageCacheMiddleware",
    # Read-only CORS for the open API (/api/ only: CORS_URLS_REGEX below).
    "corsheaders.middleware.CorsMiddleware",
    # Content-Security-Policy on every response, error pages included (tracker.security).
    "tracker.security.SiteCSPMiddleware",
    "tracker.security.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The API's 404s stay 404s (LocaleMiddleware would redirect them to /en/api/…).
    "commitments.api.middleware.ApiNotFoundMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication: staff and points of contact without two-factor are sent to set it up.
    "tracker.middleware.TwoFactorRequiredMiddleware",
    # Changes made while serving a request are logged as the signed-in person's (role and
    # organisation only: commitments.history.attribution).
    "commitments.history.attribution.ChangeLogMiddleware",
    # Then a signed-in person without admin access gets a 403 page at /admin/, not a redirect loop.
    "tracker.middleware.AdminAccessMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Before Wagtail serves a page: its site, root page and site root paths in one query.
    "tracker.routing.SiteLookupMiddleware",
]

ROOT_URLCONF = "tracker.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "tracker.navigation.navigation",
                # {{ CSP_NONCE }} for an inline <script nonce="…">, should one ever be needed.
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "tracker.wsgi.application"

# A SQLite file in the project unless DATABASE_URL says otherwise (PostgreSQL in CI and production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
# On SQLite two processes write to one file: the site and the PDF report worker (`make run`), or
# the live server and the worker in the browser tests. WAL lets readers go on while one writes;
# IMMEDIATE takes the write lock when a transaction begins, so a writer waits up to ``timeout``
# seconds for it instead of failing at once with "database is locked" when a read transaction
# cannot be upgraded. synchronous=NORMAL is safe in WAL mode (a power cut may lose the last
# commits, never the database). Django 5.2 applies these options to every new connection.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,  # seconds
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "tracker.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts: allauth is the only way in, for the site and for Wagtail's admin alike.
ACCOUNT_ADAPTER = "tracker.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# One address per account, changed by verifying the new one before it replaces the old.
ACCOUNT_CHANGE_EMAIL = True
# "Send me a sign-in code": a one-time code by email instead of the password.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Rate limits live in the *default* cache (allauth has no setting of its own for it), so the
# default cache must be shared by every process in production: production.py makes it the
# database cache. Five failed logins for one account (key) in five minutes: the sixth attempt is
# refused even with the right password. Per address (ip) ten a minute, as allauth's default, so
# that one office behind a NAT does not lock its colleagues out. Other actions keep allauth's
# defaults (sign-in codes, resets, sign-ups are limited too).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# Two-factor: TOTP (an authenticator app) with recovery codes. Staff and points of contact
# must turn it on before they can act (tracker.permissions.requires_two_factor).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Open Commitments Tracker"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
WAGTAILADMIN_LOGIN_URL = "account_login"

# Internationalisation: every page in English and Spanish, both prefixed (/en/…, /es/…).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
# One content tree, served in both interface languages: the record is what OGP published,
# in the language it was published in. See README, "Languages".
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("en", "English")]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = BASE_DIR / "static_collected"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Evidence of progress updates: outside MEDIA_ROOT, so no web server publishes a draft's or
    # a returned update's file; the ``update_evidence`` view serves it to those who may see it.
    "evidence": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("EVIDENCE_ROOT") or str(BASE_DIR / "private")},
    },
}

# A refused form (expired or cross-site) gets the site's 403 page, saying why, in its language.
CSRF_FAILURE_VIEW = "tracker.errors.csrf_failure"

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# The map of site visits (Leaflet, served from our static files): its tile server and the
# attribution its licence asks for. The tile server's origin is allowed in img-src below.
LEAFLET_TILE_URL = os.environ.get("LEAFLET_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
LEAFLET_TILE_ATTRIBUTION = os.environ.get(
    "LEAFLET_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)


def _origin(url: str) -> str:
    """The scheme and host of a tile URL template ("https://tile.example.org"), for the CSP."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


# Content-Security-Policy (django-csp 4). The site's own pages load scripts, styles, images and
# fonts from the site only: no inline script (a <script> that must be inline takes
# nonce="{{ CSP_NONCE }}"), no inline style, no plugins, no framing, forms post to the site.
# Violations are reported to tracker.security.csp_report, which logs them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *filter(None, [_origin(LEAFLET_TILE_URL)])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "report-uri": ["/csp-report/"],
        "report-to": "csp",
    },
}
# Wagtail's admin (/admin/ only) still writes inline scripts and style attributes, and uses
# data: and blob: images (Wagtail's CSP work, wagtail/wagtail#1288, is not finished): these
# directives replace the site's there. No nonce in them, or browsers would ignore
# 'unsafe-inline'. Its page previews frame the site's own pages, hence frame-ancestors 'self'.
CSP_ADMIN_DIRECTIVES = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "frame-ancestors": [SELF],
}
# No calls from the admin to third parties (the CSP would refuse them anyway): no Gravatar
# avatars (they send a hash of each editor's address to gravatar.com), no version check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Permissions-Policy: browser features the site never uses, off (tracker.security).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

WAGTAIL_SITE_NAME = "Open Commitments Tracker"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ALLOW_UNICODE_SLUGS = False

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tracker@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Django tasks: the default backend stays immediate (Wagtail runs its search and reference
# indexing through it); PDF reports go to their own database-backed backend, which a worker
# (`manage.py task_worker --backend reports`, started by `make run`) takes them from.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "reports": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
# The public change log (commitments.history): django-auditlog writes it, into our own log
# entry model (with the commitment and the actor's role); changes as JSON values, related
# objects by their text; no addresses kept; raw saves (fixtures) are not changes.
AUDITLOG_LOGENTRY_MODEL = "commitments_history.ChangeEntry"
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_USE_FK_STRING_REPRESENTATION = True
AUDITLOG_DISABLE_REMOTE_ADDR = True
AUDITLOG_DISABLE_ON_RAW_SAVE = True

# A render gets at most this many seconds, and may add at most this many bytes of address space
# to what its worker holds; then it fails cleanly.
REPORTS_RENDER_TIMEOUT = 300
REPORTS_RENDER_MEMORY = 2 * 1024**3
# New renders one visitor (by address) may ask for in ten minutes; ready reports don't count.
REPORTS_PER_VISITOR = 10
# The explorer's XLSX export of up to this many commitments is made in the request; a bigger one
# in the background by the report worker, with its progress shown (reports.spreadsheets).
EXPORT_XLSX_IN_REQUEST_MAX = int(os.environ.get("EXPORT_XLSX_IN_REQUEST_MAX", "5000"))

# Scheduled jobs (tracker.jobs): management commands with their arguments, run every minute
# and once a day — by `manage.py run_schedule` (`make serve`) or by systemd timers calling
# `manage.py run_jobs <period>` (deploy/). Each is idempotent; features add their own here.
SCHEDULED_JOBS = {
    # Mail queued by production's backend (django-mailer) that could not be sent goes back to
    # the queue every minute and is sent again (the mailer process, `runmailer`, sends new mail
    # within seconds; this also covers a deployment without it). Row locks keep senders apart.
    # reclaim_tasks: a task whose worker was killed goes back to the queue (tracker.task_workers).
    # Stored case scorecards a deadline has passed on are recomputed (commitments.cases.scorecards).
    "minutely": [
        ("enqueue_heartbeat",),
        ("reclaim_tasks",),
        ("retry_deferred",),
        ("send_mail",),
        ("refresh_case_scorecards",),
    ],
    "daily": [
        ("send_reminders",),
        ("send_digests",),
        ("send_case_reminders",),
        # Photos kept from visit forms that came back with errors and were never sent again.
        ("prune_pending_visit_photos",),
        ("send_peer_digests",),
        # The open-data download is rebuilt when the data changed since the last build.
        ("build_open_data", "--if-stale"),
        ("prune_reports",),
        ("prune_db_task_results", "--backend", "reports", "--queue-name", "*", "--min-age-days", "2"),
        ("clearsessions",),
        # Sent mail's log is kept a week (its bodies hold links, not secrets, but no need to keep).
        ("purge_mail_log", "7"),
    ],
}
# When run_schedule runs the daily jobs (UTC, HH:MM).
DAILY_JOBS_AT = os.environ.get("DAILY_JOBS_AT", "05:00")
# /readyz fails when no worker has run the heartbeat task for this many seconds.
WORKER_HEARTBEAT_MAX_AGE = int(os.environ.get("WORKER_HEARTBEAT_MAX_AGE", "180"))

# Background workers (`manage.py task_worker`) stamp a pulse every TASK_WORKER_PULSE seconds; a
# task whose worker has not stamped for TASK_WORKER_LOST_AFTER seconds (or, run by a worker
# without a pulse, has run for TASK_RUN_LIMIT) is taken again, at most TASK_MAX_ATTEMPTS times
# in all (tracker.task_workers). The limit is well beyond a report's render timeout.
TASK_WORKER_PULSE = 5
TASK_WORKER_LOST_AFTER = 20
TASK_RUN_LIMIT = REPORTS_RENDER_TIMEOUT + 600
TASK_MAX_ATTEMPTS = 3

# Anonymous pages cached by the record's version (tracker.page_cache): which views (by URL name),
# for how long at most (a change makes them stale at once), and which models' writes change
# nothing a public page shows.
# Off for the benchmarks (`make bench` measures the views themselves, not cache hits).
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE_ENABLED", "true").lower() == "true"
# The version changes when the writing transaction commits, so no request can store the old page
# under the new version. (The test settings change it at once: a test's transaction never commits.)
PAGE_CACHE_BUMP_ON_COMMIT = True
PAGE_CACHE_SECONDS = 60 * 60
PAGE_CACHE_URL_NAMES = {
    "wagtail_serve",
    "commitments:explorer",
    "commitments:export_csv",
    "commitments:export_xlsx",
}
# Signed-in POSTs make cached pages stale (a QuerySet.update() sends no signal), except to these
# views, which change nothing a public page shows (their model writes still count, unless ignored
# below): following, asking for a report or a spreadsheet, signing in and out.
PAGE_CACHE_POST_UNCHANGED_URL_NAMES = {
    "commitments:follow",
    *("reports:request", "reports:spreadsheet"),
    *("account_login", "account_logout"),
}
PAGE_CACHE_IGNORED_MODELS = {
    "sessions.session",
    # Who follows what is shown to no one but them (the follow box, outside shared parts).
    "commitments.follow",
    "django_tasks_database.dbtaskresult",  # every queued task, the heartbeat's too
    *("mailer.message", "mailer.messagelog", "mailer.dontsendentry"),
    *("reports.report", "reports.spreadsheetexport", "commitments.remindersent"),
    *("wagtailcore.revision", "wagtailcore.pagelogentry", "wagtailcore.modellogentry"),
    *("wagtailsearch.indexentry", "wagtailusers.userprofile"),
    *("account.emailconfirmation", "mfa.authenticator"),
    # The open-data download's builds: a visit to /open-data/ queues one when the data changed
    # (a build is not a change).
    "commitments_api.opendatadump",
}
# The open API (commitments.api): read-only, JSON (and DRF's browsable pages), no sign-in,
# cursor pagination; anonymous clients throttled per address in the default cache (shared by
# every process in production: the database cache).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["commitments.api.throttling.AnonymousThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "commitments.api.pagination.StableCursorPagination",
    "PAGE_SIZE": 100,
}
# Requests per anonymous client (by address); DRF's rate syntax: "N/second|minute|hour|day".
API_ANON_RATE = os.environ.get("API_ANON_RATE", "600/hour")
SPECTACULAR_SETTINGS = {
    "TITLE": "Open Commitments Tracker API",
    "DESCRIPTION": "The public record of OGP members, action plans, commitments, milestones, "
    "approved progress updates, IRM assessments and organisations; contracting data; published "
    "civil-society scores, feedback cases, site visits and consultations; peers' practices and "
    "events. Read-only; no sign-in.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # No link inside each operation's button (deep links nest a link in a button: axe's
    # nested-interactive, WCAG 4.1.2).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "SERVE_URLCONF": "commitments.api.schema_urls",
    # Its `check --deploy` hook builds a schema of the whole site (Wagtail's admin API included,
    # which it cannot describe) and fails the deploy check with warnings about views not ours.
    # Our API's schema is held by tests/api (generated, served and run by Schemathesis).
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "commitments.api.docs.document_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "MilestoneStatusEnum": "commitments.rules.MilestoneStatus",
        "ActionPlanStatusEnum": "commitments.models.ActionPlanStatus",
    },
}
# Read-only CORS on the API only: any origin may GET it, never with credentials.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified"]
# The licence of the tracker's own data (progress updates, milestones, roles) in the open data;
# OGP's data (commitments' texts, IRM assessments) is OGP's, attributed to it.
OPEN_DATA_LICENCE = {
    "name": os.environ.get("OPEN_DATA_LICENCE_NAME", "CC BY 4.0"),
    "url": os.environ.get("OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"),
}
# Contracting red flags (commitments.contracting.indicators): the law's minimum award period, in
# days; a linked process whose tender.awardPeriod is shorter is flagged.
CONTRACTING_MIN_AWARD_PERIOD_DAYS = int(os.environ.get("CONTRACTING_MIN_AWARD_PERIOD_DAYS", "10"))
# Feedback cases (commitments.cases): the implementer's deadlines, in working days (Monday to
# Friday, except the public holidays in CASE_HOLIDAYS) counted in CASE_TIME_ZONE, and how many
# working days before each deadline the POCs are reminded.
CASE_ACKNOWLEDGE_WORKING_DAYS = 5
CASE_ANSWER_WORKING_DAYS = 20
CASE_REMINDER_WORKING_DAYS = 1
CASE_TIME_ZONE = TIME_ZONE
# Public holidays that are not working days: ISO dates, comma-separated in the environment
# ("2026-12-25,2027-01-01"). One list for every member (keep the site's country's); a wrong
# date fails the system checks (commitments.cases.checks).
CASE_HOLIDAYS = [day.strip() for day in os.environ.get("CASE_HOLIDAYS", "").split(",") if day.strip()]
