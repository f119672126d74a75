"""Settings for Regio Agenda, read from the environment (12-factor).

Every knob an operator may turn is an environment variable; the README lists them.
Defaults give a working development instance on SQLite under ``var/``.
"""

import os
import secrets
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# SECRET_KEY comes from the environment. Without it: DEBUG uses a fixed development key; the
# local targets of the Makefile (`make demo`, `make bench`, `make messages`) set
# GENERATE_SECRET_KEY=true and get a random key kept in var/secret_key; anything else refuses to
# start rather than sign sessions with a key everybody knows (docs/decisions.md, 2026-12).
# `manage.py check --deploy` also fails on the development key (regioagenda.core.checks).
DEV_SECRET_KEY = "dev-insecure-regioagenda-change-me-in-production-0123456789"


def _local_secret_key(path: Path) -> str:
    """The key kept in ``path``, written with a new random key (owner-only) when missing."""
    if not path.exists():
        owner_only = lambda name, flags: os.open(name, flags, 0o600)  # noqa: E731
        with open(path, "x", encoding="ascii", opener=owner_only) as file:
            file.write(secrets.token_urlsafe(50))
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 50:
        raise ImproperlyConfigured(
            f"{path} holds no usable SECRET_KEY; delete it to get a new one."
        )
    return key


SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = DEV_SECRET_KEY
    elif env.bool("GENERATE_SECRET_KEY", default=False):
        try:
            SECRET_KEY = _local_secret_key(VAR_DIR / "secret_key")
        except FileExistsError:  # another process of the same start wrote it a moment ago
            SECRET_KEY = _local_secret_key(VAR_DIR / "secret_key")
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random value (python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'); only DEBUG=true or GENERATE_SECRET_KEY=true "
            "(the local demo: a random key kept in VAR_DIR/secret_key) run without it."
        )

INSTALLED_APPS = [
    "regioagenda.core",
    "regioagenda.accounts",
    "regioagenda.regions",
    "regioagenda.community",
    "regioagenda.matrix",
    "regioagenda.sources",
    "regioagenda.actors",
    "regioagenda.participation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "template_partials",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_tasks_rq",
    "django_rq",
    "simple_history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "regioagenda.accounts.middleware.RequireStaffMFAMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "regioagenda.core.middleware.PrivateNoStoreMiddleware",
]

ROOT_URLCONF = "regioagenda.urls"
WSGI_APPLICATION = "regioagenda.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "regioagenda" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "regioagenda.core.context_processors.shell",
            ],
        },
    }
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'regioagenda.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the in-process task worker write while the server reads.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
else:
    # Persistent connections: a request reuses its worker's connection instead of opening one
    # (a new PostgreSQL connection cost more than a whole cached page). Checked before reuse, so
    # a restarted database or a dropped connection costs one reconnect, not an error. Each
    # gunicorn worker (and each thread) and each task worker keeps one: their sum must stay
    # below the server's max_connections (docs/deployment.md). CONN_MAX_AGE=0 turns this off.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis is optional: cache, sessions and the RQ task queue.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "regioagenda",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # In the database, not in each process's memory: the login limits (allauth's
    # ACCOUNT_RATE_LIMITS) count across all gunicorn workers and survive restarts.
    # The table is made by the migration core 0003 (docs/decisions.md, 2026-12).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "regioagenda_cache",
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }

# Public pages as anonymous visitors see them, per data version (core/pagecache.py): in Redis
# when configured, else in files under VAR_DIR (the version itself is in the shared default cache,
# so a page kept in one machine's files is never served after a change made on another).
REGIOAGENDA_PAGE_CACHE = env.bool("PAGE_CACHE", default=True)
if REDIS_URL:
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "regioagenda-pages"}
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "pages"),
        "OPTIONS": {"MAX_ENTRIES": 5_000},
    }

# Background jobs: the database queue by default, RQ when Redis is configured.
TASK_BACKEND = env.str("TASK_BACKEND", default="rq" if REDIS_URL else "db")
_TASK_BACKENDS = {
    "db": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
if TASK_BACKEND not in _TASK_BACKENDS:
    raise environ.ImproperlyConfigured(
        f"TASK_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {TASK_BACKEND!r}."
    )
TASKS = {"default": _TASK_BACKENDS[TASK_BACKEND]}
# /healthz answers 503 ("tasks": "stalled") when a task has waited longer than this in the
# database queue and no worker (`manage.py worker`) has reported within the same time.
TASKS_STALLED_AFTER = env.int("TASKS_STALLED_AFTER", default=120)
RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 3600}}

# Accounts
AUTH_USER_MODEL = "accounts.User"
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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "regions:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Regio Agenda] "
ACCOUNT_RATE_LIMITS = env.dict("ACCOUNT_RATE_LIMITS", default={}) or {
    "login_failed": "10/m/ip,5/5m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Regio Agenda"
# Staff roles (programme admin, coordinator, moderator, editor) must use a second factor.
# The demo turns this off so that a newcomer can click through every role at once.
REGIOAGENDA_REQUIRE_STAFF_MFA = env.bool("REQUIRE_STAFF_MFA", default=True)
# The client's address is REMOTE_ADDR. Only behind a reverse proxy that sets a header with the
# client's address (and overwrites what the client sent) name it here, as in request.META, e.g.
# CLIENT_IP_HEADER=HTTP_X_REAL_IP or HTTP_X_FORWARDED_FOR (then the right-most entry counts,
# the one the proxy appended). Unset, no such header is trusted (core.http.client_address).
REGIOAGENDA_CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="")
# The public self-assessment accepts at most this many anonymous answers per client address,
# round and hour; more are refused with a sentence and reported to the moderators.
REGIOAGENDA_SURVEY_ANSWERS_PER_ADDRESS_HOUR = env.int("SURVEY_ANSWERS_PER_ADDRESS_HOUR", default=5)

# Email
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
globals().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Regio Agenda <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The public address of the platform, for links in emails sent outside a request (background
# jobs). When empty, links use the address of the request that caused the email.
SITE_URL = env.str("SITE_URL", default="").rstrip("/")

# Internationalisation: German first, English complete.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "regioagenda" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Berlin"

# Static and media files
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "regioagenda" / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env.bool("MANIFEST_STATIC", default=True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Rich text (field summaries, forum posts) is refused before sanitising beyond these limits:
# the sanitiser's time grows sharply with nesting (regioagenda.core.html.check_rich_text).
RICH_TEXT_MAX_CHARS = 100_000
RICH_TEXT_MAX_DEPTH = 20
# The register import takes the whole Destatis file (3.5 MB for Germany).
REGISTER_UPLOAD_MAX_BYTES = env.int("REGISTER_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)

# Security: strict by default; `manage.py check --deploy` must be clean in production.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
CSRF_FAILURE_VIEW = "regioagenda.core.views.csrf_failure"
# A load balancer checks over plain HTTP and follows no redirects (matched without the leading /).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

# The official register shipped with the project (Destatis GV100AD, Bavarian extract).
REGISTER_REFERENCE_FILE = BASE_DIR / "data" / "register" / "GV100AD_bayern_30112025.txt"
REGISTER_SOURCE = (
    "Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD, Gebietsstand 30.11.2025; "
    "Bevölkerung 31.12.2024 (Basis Zensus 2022)"
)
