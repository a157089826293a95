"""Django settings, read from the environment (twelve-factor).

DATABASE_URL   default: SQLite file under var/ (WAL mode)
SECRET_KEY     default: generated once into var/secret_key (development only)
DEBUG          "1"/"true" for development pages; off by default
ZHENGWU_PRODUCTION  "1" turns on HTTPS-only cookies, HSTS and SSL redirect; requires SECRET_KEY
ALLOWED_HOSTS  comma-separated; default localhost names
ZHENGWU_VAR_DIR  where local state lives (database, secret, media); default ./var
TRUSTED_PROXY_COUNT  reverse proxies in front that append to X-Forwarded-For; default 0 (docs/deployment.md)
STORAGE_BACKEND / AWS_* see docs/deployment.md for S3-compatible object storage
ZHENGWU_UPLOADS_ORIGIN  e.g. https://files.zhengwu.example: serve uploaded files from that host only
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from zhengwu.core.csp import STATIC_SOURCE

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("ZHENGWU_VAR_DIR", Path.cwd() / "var")).resolve()


def _env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


PRODUCTION = _env_flag("ZHENGWU_PRODUCTION")
DEBUG = _env_flag("DEBUG") and not PRODUCTION
TESTING = _env_flag("ZHENGWU_TESTING")


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    if PRODUCTION:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("ZHENGWU_PRODUCTION=1 needs SECRET_KEY in the environment.")
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
# Uploaded files (photos, …) from a separate host in production (core.uploads.serve: signed links);
# empty: served under the pages' host, from paths no page's script-src allows.
UPLOADS_ORIGIN = os.environ.get("ZHENGWU_UPLOADS_ORIGIN", "").strip().rstrip("/")
if UPLOADS_ORIGIN:
    from urllib.parse import urlsplit

    ALLOWED_HOSTS.append(urlsplit(UPLOADS_ORIGIN).hostname or "")

INSTALLED_APPS = [
    "zhengwu.core",
    "zhengwu.org",
    "zhengwu.workdays",
    "zhengwu.ledger",
    "zhengwu.outbox",
    "zhengwu.credit",
    "zhengwu.dispatch",
    "zhengwu.microprojects",
    "zhengwu.lawyers",
    "zhengwu.inspections",
    "zhengwu.reforms",
    # new systems (zhengwu startsystem) go above this line
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zhengwu.core.middleware.UploadsHostMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zhengwu.core.middleware.LanguageMiddleware",
    "zhengwu.core.middleware.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "zhengwu.core.middleware.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhengwu.urls"
WSGI_APPLICATION = "zhengwu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhengwu.core.context_processors.navigation",
                "zhengwu.core.context_processors.public_site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
SQLITE_PAGE_SIZE = 16384
_default_sqlite = f"sqlite:///{VAR_DIR / 'zhengwu.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_sqlite), conn_max_age=60)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if not DATABASES["default"]["NAME"] == ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Connections persist (per thread) as on PostgreSQL: reopening SQLite and re-running the PRAGMAs
    # on every request halved the public API's throughput in benchmarks/credit_public_search.py.
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the one writer; IMMEDIATE avoids "database is locked" upgrades.
        # 16 KiB pages for a database this creates (no effect on an existing one): a 1,000,000-row 双公示
        # import took 8 % less time than with the default 4 KiB (fewer WAL frames to write and checkpoint,
        # a quarter of the page reads when its indexes are built; docs/seed-map/credit.md, item 18).
        "init_command": f"PRAGMA page_size={SQLITE_PAGE_SIZE}; PRAGMA journal_mode=WAL; "
        "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth and security ----------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workbench"  # `/` is the public home; staff land on their 工作台
LOGOUT_REDIRECT_URL = "login"

AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "zhengwu.core.throttle.axes_client_ip"  # one notion of "the client" (see below)

# Public forms count their clients by address (core.throttle): REMOTE_ADDR, or behind this many reverse
# proxies that each append to X-Forwarded-For, the address the outermost one saw. 0 = reached directly,
# and X-Forwarded-For is then never read (anyone can write it). See docs/deployment.md.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env_flag("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy: everything from our own origin, except scripts: those carry a nonce or come
# from the static files' path (STATIC_SOURCE, resolved per request by core.middleware), never from
# another same-origin path such as /dispatch/photo/… (issue 12 §1). File responses have their own
# policy (core.uploads.FILE_CSP).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.NONCE, STATIC_SOURCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# --- Internationalisation -------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- Files: static and uploads through the storage API --------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
# Hashed, compressed static files once `zhengwu collectstatic` has run; before that (a fresh checkout,
# tests) WhiteNoise serves the files straight from the apps, so no page ever fails for a missing manifest.
_COLLECTED = (STATIC_ROOT / "staticfiles.json").exists() and not (DEBUG or TESTING)
STORAGES = {
    "default": {"BACKEND": os.environ.get("STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if _COLLECTED
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if "s3" in STORAGES["default"]["BACKEND"].lower():
    # django-storages (pip install 'zhengwu[s3]'): any
    # S3-compatible store (MinIO, Ceph, 华为云 OBS, 阿里云 OSS…)
    STORAGES["default"]["OPTIONS"] = {
        "bucket_name": os.environ.get("S3_BUCKET", "zhengwu"),
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
        "region_name": os.environ.get("S3_REGION") or None,
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
WHITENOISE_USE_FINDERS = not _COLLECTED
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# --- Background work ------------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"
        if TESTING
        else "django_tasks_db.DatabaseBackend",
    }
}
#: Periodic jobs (core.periodic) to switch off, by name, e.g. "ledger.verify,credit.remind".
PERIODIC_JOBS_DISABLED = [
    n.strip() for n in os.environ.get("ZHENGWU_PERIODIC_JOBS_DISABLED", "").split(",") if n.strip()
]

# --- E-mail (reminders, notices): SMTP in production, the console in development ---------------------
_SMTP_OPTIONS = {
    "host": os.environ.get("EMAIL_HOST"),
    "port": int(os.environ["EMAIL_PORT"]) if os.environ.get("EMAIL_PORT") else None,
    "username": os.environ.get("EMAIL_HOST_USER"),
    "password": os.environ.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _env_flag("EMAIL_USE_TLS") or None,
}
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "EMAIL_BACKEND",
            "django.core.mail.backends.smtp.EmailBackend"
            if PRODUCTION
            else "django.core.mail.backends.console.EmailBackend",
        ),
        "OPTIONS": {k: v for k, v in _SMTP_OPTIONS.items() if v is not None}
        if "smtp" in os.environ.get("EMAIL_BACKEND", "smtp" if PRODUCTION else "")
        else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "zhengwu@luohu.gov.cn")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Logging: errors to stderr, never to the page -------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"axes": {"level": "WARNING"}},
}
