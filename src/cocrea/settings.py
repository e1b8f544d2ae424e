"""The one settings module. Everything that varies between machines comes from the environment.

Embedded default (``COCREA_MODE=demo``): SQLite in WAL mode, no Redis, tasks run inline, a demo
secret kept in the data folder. Production (``COCREA_MODE=production``) refuses to start with
DEBUG on or without a real ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from cocrea.core.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    parse_database_url,
)

PACKAGE_DIR = Path(__file__).resolve().parent
MODE = env_choice("COCREA_MODE", "demo", ("demo", "production", "test"))
DATA_DIR = Path(env_str("COCREA_DATA_DIR", str(Path.cwd() / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", MODE == "demo")


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        if MODE == "production" and (len(key) < 50 or key.startswith("demo-")):
            raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters")
        return key
    if MODE == "production":
        raise ImproperlyConfigured("COCREA_MODE=production needs SECRET_KEY")
    # Demo and tests: generated once, kept in the data folder so sessions survive restarts.
    path = DATA_DIR / "demo-secret-key"
    if not path.exists():
        path.write_text("demo-" + secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
if MODE == "production" and DEBUG:
    raise ImproperlyConfigured("COCREA_MODE=production refuses DEBUG=1")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if MODE == "production" else ["127.0.0.1", "localhost", "[::1]"]
)
if MODE == "production" and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("COCREA_MODE=production needs ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "modeltranslation",  # before the admin (docs/decisions/0009-brand-content-languages.md)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "allauth",
    "allauth.account",
    # Each brand's own identity providers (cocrea.sso; docs/decisions/0011-single-sign-on.md).
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "ninja",
    "cocrea.core",
    "cocrea.accounts",
    "cocrea.brands",
    "cocrea.campaigns",
    "cocrea.ideas",
    "cocrea.notifications",
    "cocrea.moderation",
    "cocrea.engagement",
    "cocrea.customizer",
    "cocrea.contests",
    "cocrea.community",
    "cocrea.leadusers",
    "cocrea.insights",
    "cocrea.exports",
    "cocrea.programmes",
    "cocrea.polls",
    "cocrea.influencers",
    "cocrea.api",
    "cocrea.webhooks",
    "cocrea.instore",
    "cocrea.sso",
    "cocrea.demo",
]

MIDDLEWARE = [
    "cocrea.core.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cocrea.accounts.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cocrea.api.middleware.ApiMiddleware",  # /api/v1/: body limit, NUL, ETag, Idempotency-Key
    "cocrea.core.middleware.BadRequestMiddleware",
    "cocrea.core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "cocrea.urls"
WSGI_APPLICATION = "cocrea.wsgi.application"
ASGI_APPLICATION = "cocrea.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cocrea.notifications.context_processors.unread_notifications",
                "cocrea.brands.context_processors.current_brand",
            ],
            # `tr` / `tr_html`: a brand's text in the reader's language (cocrea.core.texts).
            "builtins": ["cocrea.core.templatetags.texts"],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
_db = parse_database_url(env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'cocrea.sqlite3'}"))
if _db.engine.endswith("sqlite3"):
    DATABASES = {
        "default": {
            "ENGINE": _db.engine,
            "NAME": _db.name,
            "OPTIONS": {
                # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock
                # at BEGIN so two writers queue on the busy timeout instead of deadlocking.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
            },
            # A file, not :memory:, so threads in the concurrency tests and the live server
            # of the browser tests share one database; one per test process, so that two
            # test runs (or pytest-xdist workers) never share a file.
            "TEST": {"NAME": str(DATA_DIR / f"test-cocrea-{os.getpid()}.sqlite3")},
        }
    }
else:
    DATABASES: dict[str, dict[str, Any]] = {  # type: ignore[no-redef]
        "default": {
            "ENGINE": _db.engine,
            "NAME": _db.name,
            "USER": _db.user,
            "PASSWORD": _db.password,
            "HOST": _db.host,
            "PORT": _db.port,
            "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            # Django leaves psycopg's prepare_threshold at None, which disables prepared
            # statements even for a cursor that asks (core.db.prepared_cursor: the votes).
            # Django's own cursors bind on the client and never prepare, so a threshold no
            # query reaches prepares exactly the statements that ask to be.
            "OPTIONS": {"prepare_threshold": 2**31 - 1},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, tasks -----------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES: dict[str, dict[str, Any]] = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Shared by every process through the database: never in-process memory.
    CACHES = {  # type: ignore[no-redef]
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cocrea_cache",
            # Django culls a third of the table past 300 entries: login delays and heartbeats
            # (core/loginlimits.py, core/health.py) would vanish on a busy site.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

# Brands, memberships, users and campaigns read by every request are kept in the cache when it
# is shared and fast (core/objcache.py); the database cache table would cost what it saves.
OBJECT_CACHE = env_bool("OBJECT_CACHE", bool(REDIS_URL) and MODE != "test")

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    # Tasks run inline and no message is ever sent; without a URL kombu would describe its
    # default amqp://localhost and warn "No hostname was supplied" in every process.
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
# A task whose pool process died (killed, out of memory) goes back to its queue and is redone
# by the next process (tasks are idempotent) instead of being acknowledged as failed.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A message a worker took but never acknowledged (the worker died) goes back to the queue after
# this long (Redis); the webhooks' sweep usually sends such a delivery sooner.
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, int] = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT_S", 3600, minimum=1)
}
if env_str("CELERY_UNACKED_RESTORE_S"):  # how often a worker looks for such messages (tests)
    CELERY_BROKER_TRANSPORT_OPTIONS["unacked_restore_interval"] = env_int(
        "CELERY_UNACKED_RESTORE_S", 10, minimum=1
    )
    CELERY_BROKER_TRANSPORT_OPTIONS["unacked_restore_throttle"] = 1
# Queues by kind, so that a batch never delays a member's e-mail (docs/operations.md): run
# `celery -A cocrea worker -Q interactive,email,webhooks` and `... worker -Q batch` apart.
# Routing by task name; a task not named here goes to `batch`.
CELERY_TASK_DEFAULT_QUEUE = "batch"
CELERY_TASK_CREATE_MISSING_QUEUES = True
CELERY_TASK_ROUTES = {
    "cocrea.insights.tasks.ingest_contribution": {"queue": "interactive"},
    "cocrea.insights.tasks.analyse_voice": {"queue": "interactive"},
    "cocrea.insights.tasks.analyse_voices": {"queue": "interactive"},
    "cocrea.insights.tasks.similar_*": {"queue": "interactive"},
    "cocrea.notifications.tasks.send_notification_emails": {"queue": "email"},
    "cocrea.notifications.tasks.deliver_email": {"queue": "email"},
    "cocrea.accounts.tasks.*mail*": {"queue": "email"},
    "cocrea.webhooks.*": {"queue": "webhooks"},
    "cocrea.core.tasks.heartbeat": {"queue": "batch"},  # each beat entry names its queue
    "cocrea.*": {"queue": "batch"},
}
CELERY_BEAT_SCHEDULER = "cocrea.core.beat:Scheduler"
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
CELERY_WORKER_SEND_TASK_EVENTS = False
# /healthz: beat sends a heartbeat to each queue this often; a queue whose last heartbeat is
# older than HEALTH_STALE_S has no worker consuming it ("degraded").
HEARTBEAT_EVERY_S = env_int("HEARTBEAT_EVERY_S", 30, minimum=5, maximum=3600)
HEALTH_STALE_S = env_int("HEALTH_STALE_S", 120, minimum=10, maximum=86400)
# Periodic jobs, run by `celery -A cocrea beat` next to the workers.
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "purge-rate-limits": {"task": "cocrea.core.tasks.purge_rate_limits", "schedule": 3600.0},
    # The insight engine: retry pending analyses, recompute every brand's themes.
    "insights-recompute-themes": {
        "task": "cocrea.insights.tasks.recompute_all_themes",
        "schedule": float(env_int("INSIGHTS_RECOMPUTE_EVERY_S", 6 * 3600, minimum=60)),
    },
    # Exports: delete the files whose time is up (docs/exports.md).
    "exports-purge": {"task": "cocrea.exports.tasks.purge_expired_exports", "schedule": 3600.0},
    # The REST API: forget the answers kept for Idempotency-Key retries after a day.
    "api-purge-idempotency": {"task": "cocrea.api.tasks.purge_idempotency", "schedule": 3600.0},
    # Webhooks: send the deliveries that are due (retries, messages lost with a worker).
    "webhooks-sweep": {
        "task": "cocrea.webhooks.tasks.sweep_deliveries",
        "schedule": float(env_int("WEBHOOK_SWEEP_EVERY_S", 15, minimum=1)),
    },
    # The e-mail outbox: retries that are due, claims of dead workers (notifications/outbox.py).
    "email-outbox-sweep": {"task": "cocrea.notifications.tasks.sweep_outbox", "schedule": 60.0},
    # Accounts (docs/accounts.md): personal data exports' files, inactive accounts.
    "accounts-purge-exports": {
        "task": "cocrea.accounts.tasks.purge_personal_exports",
        "schedule": 3600.0,
    },
    "accounts-retention": {"task": "cocrea.accounts.tasks.retention_sweep", "schedule": 86400.0},
    # Programmes: the figures of the ratio dashboard, and the admins' weekly digest.
    "programmes-aggregate": {
        "task": "cocrea.programmes.tasks.aggregate_all_figures",
        "schedule": float(env_int("PROGRAMMES_AGGREGATE_EVERY_S", 900, minimum=60)),
    },
    "programmes-weekly-digest": {
        "task": "cocrea.programmes.tasks.send_weekly_digests",
        "schedule": 7 * 24 * 3600.0,
    },
    # Notification digests (docs/accounts.md): daily at 07:00, weekly on Monday at 07:00.
    "notifications-daily-digest": {
        "task": "cocrea.notifications.tasks.send_daily_digests",
        "schedule": crontab(minute=0, hour=7),
    },
    "notifications-weekly-digest": {
        "task": "cocrea.notifications.tasks.send_weekly_digests",
        "schedule": crontab(minute=0, hour=7, day_of_week=1),
    },
}
# One heartbeat per queue, each sent to its queue (core/health.py).
for _queue in ("interactive", "email", "webhooks", "batch"):
    CELERY_BEAT_SCHEDULE[f"heartbeat-{_queue}"] = {
        "task": "cocrea.core.tasks.heartbeat",
        "schedule": float(HEARTBEAT_EVERY_S),
        "args": (_queue,),
        "options": {"queue": _queue, "expires": float(HEARTBEAT_EVERY_S)},
    }

# --- Webhooks (docs/webhooks.md) ------------------------------------------------------------
# Deliveries go to public addresses only; the networks listed here are allowed too (CIDR).
# The demo and the tests send to a receiver on this machine.
WEBHOOK_ALLOWED_NETWORKS = env_list(
    "WEBHOOK_ALLOWED_NETWORKS", [] if MODE == "production" else ["127.0.0.0/8", "::1/128"]
)
WEBHOOK_TIMEOUT_S = env_int("WEBHOOK_TIMEOUT_S", 10, minimum=1, maximum=120)
WEBHOOK_LEASE_MARGIN_S = env_int("WEBHOOK_LEASE_MARGIN_S", 20, minimum=1)
WEBHOOK_MAX_RESPONSE_BYTES = env_int("WEBHOOK_MAX_RESPONSE_BYTES", 1024 * 1024, minimum=0)
WEBHOOK_BACKOFF_BASE_S = env_int("WEBHOOK_BACKOFF_BASE_S", 30, minimum=1, maximum=3600)
WEBHOOK_RETRY_HOURS = env_int("WEBHOOK_RETRY_HOURS", 24, minimum=0, maximum=24 * 7)
WEBHOOK_DISABLE_AFTER_FAILURES = env_int("WEBHOOK_DISABLE_AFTER_FAILURES", 15, minimum=1)
WEBHOOK_DISABLE_AFTER_HOURS = env_int("WEBHOOK_DISABLE_AFTER_HOURS", 24, minimum=0)
WEBHOOK_SECRET_GRACE_HOURS = env_int("WEBHOOK_SECRET_GRACE_HOURS", 24, minimum=0)
# Without a broker, deliveries are sent by a thread after commit (never in the request);
# the tests send them in line to assert on them.
WEBHOOK_INLINE_THREAD = env_bool("WEBHOOK_INLINE_THREAD", MODE != "test")

# --- In store (docs/instore.md) -----------------------------------------------------------
# Signals older than this (after correcting the device's clock) are refused: a kiosk offline
# for longer sends them in vain. A device counts as offline after INSTORE_OFFLINE_AFTER_MIN.
INSTORE_SIGNAL_MAX_AGE_DAYS = env_int("INSTORE_SIGNAL_MAX_AGE_DAYS", 30, minimum=1, maximum=3650)
INSTORE_OFFLINE_AFTER_MIN = env_int("INSTORE_OFFLINE_AFTER_MIN", 10, minimum=1, maximum=10080)

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # ModelBackend with the signed-in user read through the object cache; ModelBackend itself
    # stays listed so that sessions opened before it keep working.
    "cocrea.accounts.backends.CachedModelBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if MODE == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env_choice(
    "ACCOUNT_EMAIL_VERIFICATION", "mandatory", ("mandatory", "optional", "none")
)
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "cocrea.accounts.forms.SignupExtraForm"
# Per address only: failures per (account, address) pair slow down with progressive delays in
# core.loginlimits, which never locks the account from another address (docs/operations.md);
# accounts.adapter adds the brand's name and colours to allauth's e-mails (docs/accounts.md).
ACCOUNT_ADAPTER = "cocrea.accounts.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "20/m/ip",
    "signup": "20/h/ip" if MODE != "test" else "1000/m/ip",
    "confirm_email": "3/m/key",
    "reset_password": "20/m/ip,5/m/key",
}
LOGIN_FREE_FAILURES = env_int("LOGIN_FREE_FAILURES", 5, minimum=1, maximum=100)
LOGIN_MAX_DELAY_S = env_int("LOGIN_MAX_DELAY_S", 900, minimum=1, maximum=86400)
LOGIN_REDIRECT_URL = "/"
# Brands (docs/accounts.md): team invitations' lifetime; self-service sign-up of new brands.
TEAM_INVITATION_DAYS = env_int("TEAM_INVITATION_DAYS", 14, minimum=1, maximum=90)
BRAND_SELF_SIGNUP = env_bool("BRAND_SELF_SIGNUP", False)
# Privacy (docs/accounts.md): accounts unused for this many days are warned, then deleted
# ACCOUNT_RETENTION_NOTICE_DAYS later if still unused; 0 keeps accounts forever.
ACCOUNT_RETENTION_DAYS = env_int("ACCOUNT_RETENTION_DAYS", 0, maximum=36500)
ACCOUNT_RETENTION_NOTICE_DAYS = env_int("ACCOUNT_RETENTION_NOTICE_DAYS", 30, minimum=1)
LOGIN_URL = "account_login"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# Single sign-on (cocrea.sso): the brands' providers come from the database through the
# adapter; an account is linked only by an address the provider says it verified, and an
# unverified local account with that address loses its password (allauth's protection).
SOCIALACCOUNT_ADAPTER = "cocrea.sso.adapter.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10

# --- E-mail ---------------------------------------------------------------------------------
# EMAIL_BACKEND (the variable) names the backend that really delivers; Django's EMAIL_BACKEND
# is the outbox, which every e-mail goes through (notifications/outbox.py). EMAIL_OUTBOX=0
# sends directly, in the request, as Django does by default.
EMAIL_DELIVERY_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if MODE == "production"
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_BACKEND = (
    "cocrea.notifications.outbox.OutboxBackend"
    if env_bool("EMAIL_OUTBOX", True)
    else EMAIL_DELIVERY_BACKEND
)
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 8, minimum=1, maximum=100)
EMAIL_CLAIM_TIMEOUT_S = env_int("EMAIL_CLAIM_TIMEOUT_S", 300, minimum=10, maximum=86400)
EMAIL_OUTBOX_KEEP_DAYS = env_int("EMAIL_OUTBOX_KEEP_DAYS", 7, minimum=0, maximum=3650)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1, maximum=600)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Cocréa <no-reply@cocrea.local>")
# The port `make demo` serves on (PORT=8080 make demo): links in e-mails and in the demo's own
# output point there unless SITE_URL says where the site really is.
PORT = env_int("PORT", 8000, minimum=1, maximum=65535)
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{PORT}").rstrip("/")

# --- Languages ------------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
# Brand-written texts have a column per language (django-modeltranslation); a reader whose
# language is empty reads the other one, marked as such by the `tr` template filter.
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("fr", "en"), "fr": ("en",), "en": ("fr",)}
# Each app keeps its own catalogue (<app>/locale), the project's templates theirs (locale/): one
# `makemessages` run from src/cocrea sends every string to the catalogue of the app it lives in,
# because the most specific folder comes first here.
LOCALE_PATHS = [*sorted(PACKAGE_DIR.glob("*/locale")), PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Europe/Paris")
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "cocrea.core.files.MediaStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if MODE == "production"
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = MODE != "production"
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_IMAGE_BYTES = env_int("MAX_IMAGE_BYTES", 5 * 1024 * 1024, minimum=1024)
# Declared size bounds, checked before decoding (core/images.py): 25 megapixels takes a 24 MP
# camera's photo; any side above 10,000 px is refused. Stored pictures are re-encoded at most
# IMAGE_STORED_SIDE pixels wide and high.
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 25_000_000, minimum=10_000, maximum=100_000_000)
IMAGE_MAX_SIDE = env_int("IMAGE_MAX_SIDE", 10_000, minimum=100, maximum=30_000)
IMAGE_STORED_SIDE = env_int("IMAGE_STORED_SIDE", 2560, minimum=64, maximum=10_000)
# Export files: a private folder, never under MEDIA_ROOT (only the brand team downloads them,
# through a view that checks who asks). Workers and web processes must share it.
EXPORTS_ROOT = Path(env_str("EXPORTS_ROOT", str(DATA_DIR / "exports")))
EXPORTS_KEEP_HOURS = env_int("EXPORTS_KEEP_HOURS", 72, minimum=1, maximum=24 * 90)

# --- Security (docs/operations.md, "Security settings") ---------------------------------------
SESSION_COOKIE_SECURE = MODE == "production" and env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# HTTPS: off by default so that the embedded demo works on http://127.0.0.1; the documented
# production environment turns both on (the reverse proxy terminates TLS and sets
# X-Forwarded-Proto). HSTS is a promise browsers keep for its whole duration: start low.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, maximum=2 * 365 * 86400)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Preloading HSTS is a promise to browser vendors, not a setting to flip by default; the
# check that asks for it is silenced here and the choice is left to SECURE_HSTS_PRELOAD.
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS", ["security.W021"])
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]  # probes talk plain HTTP to the process
# Content-Security-Policy sent with every response (core.middleware.SecurityHeadersMiddleware):
# scripts and styles from our own origin only, never inline (STYLE.md already asks it).
# Empty or unset: this policy; "off": no header.
CONTENT_SECURITY_POLICY = env_str("CONTENT_SECURITY_POLICY").strip() or (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
if CONTENT_SECURITY_POLICY == "off":
    CONTENT_SECURITY_POLICY = ""
# The client's address behind a reverse proxy. 0 (the default) trusts no header: the address
# is the TCP peer's, right when Cocréa faces the Internet itself. Behind the nginx of deploy/
# set TRUSTED_PROXY_COUNT=1 (nginx appends the client to X-Forwarded-For), or name the header
# a proxy sets alone (CLIENT_IP_HEADER=X-Real-IP). Otherwise every member shares the proxy's
# address in the login limits (core.clientip is the one reader; allauth reads the same two).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, maximum=10)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER") or None

# --- Metrics (docs/operations.md, "Metrics") -------------------------------------------------
# /metrics answers Prometheus with this bearer token; empty: /metrics does not exist. With
# several processes, PROMETHEUS_MULTIPROC_DIR (read by prometheus_client itself) names one empty
# folder shared by the web and worker processes of the machine.
METRICS_TOKEN = env_str("METRICS_TOKEN")

# --- Rate limits (per member, counted in the database or Redis) -----------------------------
RATE_LIMITS = {
    "idea_submit": (env_int("RATE_IDEAS_PER_HOUR", 20), 3600),
    "comment_post": (env_int("RATE_COMMENTS_PER_10MIN", 30), 600),
    "vote_cast": (env_int("RATE_VOTES_PER_MIN", 120), 60),
    "report_submit": (env_int("RATE_REPORTS_PER_HOUR", 30), 3600),
    "similar_ideas": (env_int("RATE_SIMILAR_PER_MIN", 120), 60),
    "api_request": (env_int("RATE_API_PER_MIN", 600), 60),  # per API key, token or session
    "device_request": (env_int("RATE_DEVICE_PER_MIN", 600), 60),  # per in-store device
    # A shelf QR code's page, per phone (its cookie) and per address (a shop's Wi-Fi is one).
    "shelf_phone": (env_int("RATE_SHELF_PER_PHONE_PER_10MIN", 30), 600),
    "shelf_ip": (env_int("RATE_SHELF_PER_IP_PER_10MIN", 600), 600),
    "brand_signup": (env_int("RATE_BRAND_SIGNUPS_PER_DAY", 3), 86400),
    "markdown_preview": (env_int("RATE_PREVIEWS_PER_MIN", 120), 60),
}
# The REST API refuses bodies above this size from their Content-Length, before reading them.
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 1_048_576, minimum=1024)

# Client errors (4xx) in one line without a traceback; LOG_FORMAT=json writes one JSON object
# per line for a log collector (core/logs.py).
LOG_FORMAT = env_choice("LOG_FORMAT", "text", ("text", "json"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_4xx": {"()": "cocrea.core.logs.ClientErrorsInOneLine"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "cocrea.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["one_line_4xx"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"celery": {"level": "WARNING"}},
}
