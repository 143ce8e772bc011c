"""Settings for the interview practice app, read from the environment.

With no environment at all the app runs for development: DEBUG on, SQLite next to manage.py.
With DEBUG=false it refuses to start without a real SECRET_KEY and ALLOWED_HOSTS.
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from interview.lib.env import (
    email_settings,
    env_bool,
    env_int,
    env_list,
    env_str,
    require_production_secret,
)

BASE_DIR = Path(__file__).resolve().parent.parent

_DEV_SECRET_KEY = "dev-only-secret-key-not-for-production"

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
ALLOW_SIGNUP = env_bool("ALLOW_SIGNUP", True)
TIME_ZONE = env_str("TIME_ZONE", "UTC")

# E-mail (password reset): printed to the console unless EMAIL_URL names an SMTP server.
globals().update(email_settings(env_str("EMAIL_URL", "console:")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "webmaster@localhost")
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3 * 24 * 3600, minimum=600)

if not DEBUG:
    require_production_secret(SECRET_KEY, insecure_default=_DEV_SECRET_KEY)
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names when DEBUG=false")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "interview.bank",
    "interview.practice",
    "interview.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "interview.lib.unstorable.RejectUnstorableInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "interview.practice.middleware.UserLanguageMiddleware",
    "interview.lib.headers.PrivacyHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "interview.practice.middleware.UserTimeZoneMiddleware",
    "axes.middleware.AxesMiddleware",
]

# A study-pack file beyond its limit is dropped while it arrives (see the handler).
FILE_UPLOAD_HANDLERS = [
    "interview.practice.packs.uploads.PackUploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

ROOT_URLCONF = "interview.urls"
WSGI_APPLICATION = "interview.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "interview.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
# A query running longer than this is cancelled by PostgreSQL (the request gets an error page):
# gthread workers never time out a request waiting on SQL, so without it a few slow queries
# hold every thread. Below GUNICORN_TIMEOUT; 0 turns it off (the entrypoint migrates with 0).
DB_STATEMENT_TIMEOUT_MS = env_int("DB_STATEMENT_TIMEOUT_MS", 20_000, minimum=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DB_STATEMENT_TIMEOUT_MS:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS}"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A transaction takes the write lock when it begins: a deferred one that read first and
    # then writes (submitting an answer while its autosave is being written) is refused at
    # once with "database is locked", as SQLite cannot wait there without a deadlock.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    # Tests use a file, not shared-cache memory: the browser tests' live server serves
    # requests from several threads, and only a file database waits for a lock to clear.
    # One file per test process, so two test runs never share a database.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"interview-test-{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "bank:home"
LOGOUT_REDIRECT_URL = "bank:home"

# Login throttling: a username is locked out from one address after repeated failures.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "interview.accounts.throttle.login_username"
AXES_CLIENT_IP_CALLABLE = "interview.accounts.throttle.axes_client_address"
# Opt-in: the number of reverse proxies in front of the app, when every request passes them.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
SIGNUP_TAKEN_LIMIT = env_int("SIGNUP_TAKEN_LIMIT", 5, minimum=1)
SIGNUP_TAKEN_WINDOW = 15 * 60

# Interface languages. The user's choice (a preference when logged in, else the language
# cookie) wins, then the browser's Accept-Language, then English. Dates and numbers follow it.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("pt", "Português"),
    ("it", "Italiano"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_HTTPONLY = True
USE_I18N = True
USE_TZ = True
# Dates named by format ("SHORT_DATETIME_FORMAT") follow the language; English tuned here.
FORMAT_MODULE_PATH = ["interview.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The Python exercise harness is served from where the server also runs it (one file).
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("sandbox", BASE_DIR / "interview" / "sandbox" / "browser"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy: nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Pages
# The progress dashboard's summary is cached under the user's activity stamp; recall (FSRS)
# changes with time alone, so an entry is used this long at most.
PROGRESS_CACHE_SECONDS = 300
TOPIC_QUESTIONS_PER_PAGE = 25
SEARCH_RESULTS_PER_PAGE = 20
DECK_CARDS_PER_PAGE = 50

# Practice: seconds after a deadline during which an answer still counts (network delay).
PRACTICE_GRACE_SECONDS = env_int("PRACTICE_GRACE_SECONDS", 10, minimum=0)
INTERVIEW_HISTORY_PER_PAGE = 20

# Exercises. SQL runs in a DuckDB process per run (interview/sandbox/sql.py), with these limits.
SQL_TIMEOUT_SECONDS = env_int("SQL_TIMEOUT_SECONDS", 5, minimum=1)
SQL_MEMORY_MB = env_int("SQL_MEMORY_MB", 256, minimum=16)
SQL_ADDRESS_SPACE_MB = env_int("SQL_ADDRESS_SPACE_MB", 2048, minimum=256)
SQL_MAX_ROWS = env_int("SQL_MAX_ROWS", 1000, minimum=1)
SQL_MAX_BYTES = env_int("SQL_MAX_BYTES", 1_000_000, minimum=1000)
SQL_MAX_QUERY_CHARS = 20_000
# Runs are children forked by a per-process server with DuckDB loaded (fast); off: a fresh
# Python process per run.
SQL_FORK_SERVER = env_bool("SQL_FORK_SERVER", True)
# Runs at once per app process (the others wait their turn, at most SQL_QUEUE_SECONDS).
SQL_POOL_SIZE = env_int("SQL_POOL_SIZE", 2, minimum=1)
SQL_QUEUE_SECONDS = env_int("SQL_QUEUE_SECONDS", 10, minimum=1)
# An editor's official Python solution is checked on save in a limited process.
PYTHON_CHECK_TIMEOUT_SECONDS = 10
# Python exercises run in the browser; the page stops a run after this many seconds.
PYTHON_RUN_TIMEOUT_SECONDS = env_int("PYTHON_RUN_TIMEOUT_SECONDS", 10, minimum=1)
