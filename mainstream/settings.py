"""Django settings for mainstream.

Configuration comes from the environment (MAINSTREAM_*); the defaults run the embedded SQLite
database under ``var/`` so that ``make demo`` needs nothing else.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

from mainstream import keys as _keys

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MAINSTREAM_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret(name: str, filename: str) -> str:
    """A secret from the environment, else one generated once and kept in var/ (never in git)."""
    value = os.environ.get(name)
    if value:
        return value
    path = VAR_DIR / filename
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()


SECRET_KEY = _secret("MAINSTREAM_SECRET_KEY", ".secret_key")
# Keyed hash of national ID numbers (伍、二; never stored in clear). In production it comes from the environment or a
# key file outside var/ (MAINSTREAM_ID_HASH_KEY_FILE); a key generated into var/ is for demos (docs/id-key-custody.md).
MAINSTREAM_ID_HASH_KEY, MAINSTREAM_ID_HASH_KEY_SOURCE = _keys.id_key_resolve(os.environ, VAR_DIR)

DEBUG = os.environ.get("MAINSTREAM_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("MAINSTREAM_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # the core
    "mainstream.units",
    "mainstream.plan",
    "mainstream.audit",
    "mainstream.evaluation",
    "mainstream.imports",
    # one app per tool of the plan
    "mainstream.mechanism",
    "mainstream.training",
    "mainstream.statistics",
    "mainstream.analysis",
    "mainstream.impact",
    "mainstream.budget",
    "mainstream.measures",
    "mainstream.publicity",
    "mainstream.reports",
    "mainstream.portal",
    "mainstream.help",
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
    "mainstream.files.RequestSizeLimitMiddleware",  # before any view (and CSRF's check) reads the body
]

ROOT_URLCONF = "mainstream.urls"
CSRF_FAILURE_VIEW = "mainstream.errors.csrf_failure"
WSGI_APPLICATION = "mainstream.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "mainstream" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mainstream.units.context.navigation",
            ],
            "builtins": ["mainstream.templatetags.roc", "mainstream.templatetags.words"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("MAINSTREAM_DATABASE_URL") or f"sqlite:///{VAR_DIR / 'mainstream.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 30,
            # WAL lets the web UI read while an import writes; NORMAL is durable in WAL mode.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hant"
LANGUAGES = [("zh-hant", "繁體中文")]
TIME_ZONE = "Asia/Taipei"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "mainstream" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Uploaded files (minutes, analyses, assessment forms) live outside the database and are served
# only through views that check access (never under a public URL).
MEDIA_ROOT = VAR_DIR / "files"
MAINSTREAM_UPLOAD_MAX_BYTES = int(os.environ.get("MAINSTREAM_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024  # form fields (not files) of one request
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # an upload past this goes to a temporary file, not memory
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# The largest request body per path (checked from Content-Length before the body is read; longest prefix wins).
_MB = 1024 * 1024
MAINSTREAM_REQUEST_MAX_BYTES = {
    "": MAINSTREAM_UPLOAD_MAX_BYTES + _MB,
    "/imports/": int(os.environ.get("MAINSTREAM_IMPORT_MAX_BYTES", 200 * _MB)),
    "/training/import/": int(os.environ.get("MAINSTREAM_TRAINING_IMPORT_MAX_BYTES", 500 * _MB)),
    "/publicity/read/": 6 * _MB,
    "/publicity/api/": 2 * _MB,
}
# ZIP-based files (XLSX, ODS, DOCX, ODT) are refused before parsing past these (mainstream.files.zip_check).
MAINSTREAM_ZIP_MAX_BYTES = int(os.environ.get("MAINSTREAM_ZIP_MAX_BYTES", 300 * _MB))
MAINSTREAM_ZIP_MAX_ENTRIES = int(os.environ.get("MAINSTREAM_ZIP_MAX_ENTRIES", 1000))
MAINSTREAM_ZIP_MAX_RATIO = int(os.environ.get("MAINSTREAM_ZIP_MAX_RATIO", 200))

MAINSTREAM_PLAN_FILE = os.environ.get(
    "MAINSTREAM_PLAN_FILE", str(BASE_DIR / "mainstream" / "plan" / "data" / "plan-109-112.yaml")
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MAINSTREAM_LOG_LEVEL", "WARNING")},
}

# The evaluation's as-of date when none is given (ROC or ISO). Empty: today. The demo sets a day in 111
# so that the scorecard shows duties still in progress.
MAINSTREAM_AS_OF = os.environ.get("MAINSTREAM_AS_OF", "")
