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
from mainstream.accounts import oidc_config as _oidc

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
    "django_tasks",
    "django_tasks_db",
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
    "mainstream.accounts",
    "mainstream.ops",
    "mainstream.backups",
    "mainstream.followup",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "mainstream.ops.middleware.DatabaseBusyMiddleware",  # a locked database: a "try again" page, never a 500
    "mainstream.accounts.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mainstream.accounts.middleware.AccountSecurityMiddleware",  # session lifetime, initial password change
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

# Accounts to 資通系統防護基準 附表十 (身分驗證): at least 12 characters, not a common password, not like the account's
# data, none of the last 3; 5 failed logins lock the account and the address for 15 minutes (the office unlocks in
# the admin: 登入失敗紀錄). mainstream.accounts.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "mainstream.accounts.validators.PasswordHistoryValidator"},
]
MAINSTREAM_PASSWORD_HISTORY = 3  # 附表十: 不得與前 3 次密碼相同
MAINSTREAM_LOCKOUT_FAILURES = int(os.environ.get("MAINSTREAM_LOCKOUT_FAILURES", 5))  # 附表十: 5 次失敗即鎖定
MAINSTREAM_LOCKOUT_MINUTES = int(os.environ.get("MAINSTREAM_LOCKOUT_MINUTES", 15))  # 附表十: 至少 15 分鐘
AUTHENTICATION_BACKENDS = ["mainstream.accounts.backends.LockoutModelBackend"]
# Staff single sign-on (OpenID Connect, issue 14 item 11): only when MAINSTREAM_OIDC_CLIENT_ID and an issuer (or the
# endpoints) are set; its backend goes after the local one, which stays for the office. docs/security.md, 單一登入.
globals().update(_oidc.oidc_settings(os.environ, AUTHENTICATION_BACKENDS))
PASSWORD_RESET_TIMEOUT = int(os.environ.get("MAINSTREAM_PASSWORD_RESET_SECONDS", 3600))  # a one-time link, one hour
# Mail (password resets, reminders): SMTP once MAINSTREAM_EMAIL_HOST is set, else none is sent (console backend).
EMAIL_BACKEND = os.environ.get(
    "MAINSTREAM_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("MAINSTREAM_EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("MAINSTREAM_EMAIL_HOST", "localhost")
EMAIL_HOST_USER = os.environ.get("MAINSTREAM_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("MAINSTREAM_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("MAINSTREAM_EMAIL_TLS", "0") == "1"
EMAIL_TIMEOUT = 10
EMAIL_PORT = int(os.environ.get("MAINSTREAM_EMAIL_PORT", 25))
DEFAULT_FROM_EMAIL = os.environ.get("MAINSTREAM_EMAIL_FROM", "mainstream@localhost")

# Sessions (附表十 連線逾時): 30 idle minutes, and at most MAINSTREAM_SESSION_ABSOLUTE_HOURS after login.
SESSION_COOKIE_AGE = int(os.environ.get("MAINSTREAM_SESSION_IDLE_MINUTES", 30)) * 60
SESSION_SAVE_EVERY_REQUEST = True  # the idle timer restarts with each request
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
MAINSTREAM_SESSION_ABSOLUTE_SECONDS = int(os.environ.get("MAINSTREAM_SESSION_ABSOLUTE_HOURS", 10)) * 3600
SESSION_COOKIE_HTTPONLY = True
# Transport: with DEBUG off (production, `serve`), cookies only over HTTPS, HSTS and the redirect to HTTPS. Behind a
# reverse proxy that ends TLS, set MAINSTREAM_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO (the proxy must set it).
_SECURE = not DEBUG and os.environ.get("MAINSTREAM_INSECURE_HTTP", "0") != "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _SECURE
SECURE_SSL_REDIRECT = _SECURE and os.environ.get("MAINSTREAM_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("MAINSTREAM_HSTS_SECONDS", 31536000)) if _SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _SECURE
SECURE_HSTS_PRELOAD = _SECURE and os.environ.get("MAINSTREAM_HSTS_PRELOAD", "0") == "1"
# On the closed intranet the host is not on the browsers' public preload list, so preload is opt-in (check W021).
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
if os.environ.get("MAINSTREAM_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (os.environ["MAINSTREAM_PROXY_SSL_HEADER"], "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script anywhere (scripts are static files); styles may use inline attributes.
MAINSTREAM_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
MAINSTREAM_CSP = _oidc.csp_for_provider(MAINSTREAM_CSP, os.environ)  # SSO: the logout goes on to the provider
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
# Uploads being received live under var/ (not /tmp): `serve` and `worker` delete what a killed server left there.
FILE_UPLOAD_TEMP_DIR = VAR_DIR / "uploads"
FILE_UPLOAD_TEMP_DIR.mkdir(parents=True, exist_ok=True)

# Each server process keeps rendered scorecards, keyed by the stored verdicts' versions (evaluation/views.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 200}}}

# The job queue (issue 13, item 4; docs/adr/0012): long work is a row in the database, run by `mainstream worker`.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "imports"],
    }
}
MAINSTREAM_JOBS_PER_USER = int(os.environ.get("MAINSTREAM_JOBS_PER_USER", "3"))  # queued or running, per user
# A running job whose worker has not reported for this long is taken as dead (a worker on another host).
MAINSTREAM_JOB_STALE_SECONDS = int(os.environ.get("MAINSTREAM_JOB_STALE_SECONDS", "900"))
MAINSTREAM_DOCUMENT_KEEP_HOURS = int(os.environ.get("MAINSTREAM_DOCUMENT_KEEP_HOURS", "24"))  # made PDFs, then deleted
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
