"""YouthCity settings, read from the environment (12-factor).

Production is the default: ``DEBUG`` is off, a ``SECRET_KEY`` is required and HTTPS
hardening is on. ``make demo`` and the test suite set ``DEBUG=1`` explicitly.
See docs/configuration.md for every variable.
"""

from __future__ import annotations

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent  # the youthcity package
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(environ.Env().str("YOUTHCITY_VAR_DIR", default=str(PROJECT_DIR / "var")))

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, []),
    CSRF_TRUSTED_ORIGINS=(list, []),
    SECURE_SSL_REDIRECT=(bool, True),
    SECURE_HSTS_SECONDS=(int, 31536000),
    TASKS_BACKEND=(str, "immediate"),
    LOGIN_FAILURE_LIMIT=(int, 5),
    LOGIN_COOLOFF_MINUTES=(int, 15),
)
environ.Env.read_env(str(PROJECT_DIR / ".env"), overwrite=False) if (PROJECT_DIR / ".env").exists() else None

DEBUG: bool = env("DEBUG")

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-only-used-when-DEBUG-is-on-0123456789")
else:
    SECRET_KEY = env.str("SECRET_KEY")  # required in production: no default on purpose

ALLOWED_HOSTS: list[str] = env("ALLOWED_HOSTS") or (["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS: list[str] = env("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "youthcity.core.third_party_apps.AxesConfig",  # axes, named in words
    "auditlog",
    "csp",
    "ninja",
    "django_tasks",
    "youthcity.core.third_party_apps.TasksDatabaseConfig",  # django_tasks_db, named in words
    # YouthCity: foundation
    "youthcity.core",
    "youthcity.regions",
    "youthcity.organizations",
    "youthcity.accounts",
    # YouthCity: domains
    "youthcity.portal",
    "youthcity.ledger",
    "youthcity.benefits",
    "youthcity.stations",
    "youthcity.housing",
    "youthcity.careers",
    "youthcity.community",
    "youthcity.volunteering",
    "youthcity.monitoring",
    # Operations: health checks, request ids, worker heartbeats, database routing
    "youthcity.ops",
]

MIDDLEWARE = [
    "youthcity.ops.request_id.RequestIdMiddleware",
    "youthcity.ops.db_router.ReplicaRoutingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "youthcity.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "youthcity.core.middleware.DefaultLanguageMiddleware",
    # Refuses bodies too large (413), unparseable multipart, NUL / lone surrogates and non-finite
    # JSON numbers (400/422) in the caller's language, before CSRF or any view reads the request.
    "youthcity.core.edge.EdgeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
    "youthcity.accounts.middleware.AccountDutiesMiddleware",  # first-sign-in password, new privacy notice
]

ROOT_URLCONF = "youthcity.config.urls"
WSGI_APPLICATION = "youthcity.config.wsgi.application"
ASGI_APPLICATION = "youthcity.config.asgi.application"

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
                "youthcity.portal.context_processors.platform",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------
# Embedded SQLite by default; PostgreSQL in production and CI via DATABASE_URL.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'youthcity.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue instead of
    # failing with "database is locked" on lock upgrade (see docs/architecture.md).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
# A streaming replica for read-only pages (youthcity/ops/db_router.py, docs/scaling.md): the public
# index, the policy list and the dashboards read from it unless the session wrote in the last
# REPLICA_PIN_SECONDS (then it reads its own writes on the primary).
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"].setdefault("CONN_MAX_AGE", DATABASES["default"].get("CONN_MAX_AGE", 0))
    DATABASES["replica"].setdefault("CONN_HEALTH_CHECKS", True)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["youthcity.ops.db_router.ReplicaRouter"]
REPLICA_PIN_SECONDS = env.int("REPLICA_PIN_SECONDS", default=15)
REPLICA_ROUTING_HEADER = env.bool("REPLICA_ROUTING_HEADER", default=False)
REPLICA_READ_VIEWS = [
    "portal:home", "portal:dashboard",
    "benefits:policies",
    "monitoring:public-latest", "monitoring:public", "monitoring:dashboard", "monitoring:dashboard-period",
    "monitoring:dashboard-district",
    "ledger:dashboard", "ledger:assessment",
    "stations:list", "stations:dashboard",
]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")

# --- Cache ----------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="yc")}}
    # Sessions read from Redis, so any application node serves any person; cached_db keeps a copy in
    # PostgreSQL so that a Redis restart signs nobody out (SESSION_ENGINE=…backends.cache: Redis only).
    SESSION_ENGINE = env.str("SESSION_ENGINE", default="django.contrib.sessions.backends.cached_db")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "youthcity"}}

# --- Background tasks (django-tasks, the backport of Django 6's tasks API) ----
# immediate: run in-process (default, demo, tests); database: PostgreSQL/SQLite-backed
# queue worked by `youthcity db_worker`; rq: Redis-backed, worked by `youthcity rqworker default`.
_tasks_backend = env("TASKS_BACKEND")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
            "rq": "django_tasks_rq.RQBackend",
            "dummy": "django_tasks.backends.dummy.DummyBackend",
        }[_tasks_backend],
        "QUEUES": ["default", "notifications"],
    }
}
if _tasks_backend == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {name: {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"} for name in ("default", "notifications")}

# --- Authentication -------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

# Login throttling (django-axes): lock a username+IP after N failures for a cool-off period.
AXES_FAILURE_LIMIT = env("LOGIN_FAILURE_LIMIT")
AXES_COOLOFF_TIME = env("LOGIN_COOLOFF_MINUTES") / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "youthcity.accounts.views.lockout_response"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0) or None

API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=30)

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.str("STATIC_ROOT", default=str(VAR_DIR / "static"))
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},  # or S3, below
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "youthcity.core.staticfiles.ManifestStaticFilesStorage"
    },
}
if env.str("MEDIA_S3_BUCKET", default=""):
    # Uploads on S3-compatible object storage (MinIO, Ceph RGW, OSS, COS, OBS …) shared by every
    # application node. Private objects: the views check who may read a document and stream it.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("MEDIA_S3_BUCKET"),
            "endpoint_url": env.str("MEDIA_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("MEDIA_S3_REGION", default="") or None,
            "access_key": env.str("MEDIA_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("MEDIA_S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("MEDIA_S3_PREFIX", default="media"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "addressing_style": env.str("MEDIA_S3_ADDRESSING_STYLE", default="path"),
        },
    }
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024  # a non-file body larger than this is refused with 413
# A multipart request (files included) larger than this is refused with 413 before it is read.
MAX_UPLOAD_REQUEST_SIZE = env.int("MAX_UPLOAD_REQUEST_SIZE", default=64 * 1024 * 1024)

# --- E-mail and SMS (console by default) --------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="YouthCity <noreply@youthcity.local>")
SMS_BACKEND = env.str("SMS_BACKEND", default="youthcity.core.sms.ConsoleSmsBackend")
# Real-name verification of ID numbers (youthcity.accounts.realname): console by default.
REALNAME_BACKEND = env.str("REALNAME_BACKEND", default="youthcity.accounts.realname.ConsoleRealNameBackend")
# `check --deploy` warns about the console back-ends (youthcity.W020, W021); a deployment that
# runs without a gateway on purpose lists the ids here (comma-separated).
SILENCED_SYSTEM_CHECKS: list[str] = env.list("SILENCED_SYSTEM_CHECKS", default=[])

# --- Sensitive personal information encrypted at rest (docs/privacy.md) -----------
# Fernet keys, comma-separated, the first is current (`youthcity rotate_keys` moves every value to
# it). Empty with DEBUG on: development keys derived from SECRET_KEY. Empty in production: an
# ImproperlyConfigured error at first use and a system-check error (youthcity.E010).
FIELD_ENCRYPTION_KEYS: list[str] = env.list("FIELD_ENCRYPTION_KEYS", default=[])
FIELD_BLIND_INDEX_KEY: str = env.str("FIELD_BLIND_INDEX_KEY", default="")
if DEBUG:
    import base64 as _b64
    import hashlib as _hashlib

    def _development_key(purpose: str) -> str:
        digest = _hashlib.sha256(f"youthcity:{purpose}:{SECRET_KEY}".encode()).digest()
        return _b64.urlsafe_b64encode(digest).decode()

    FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [_development_key("field-encryption")]
    FIELD_BLIND_INDEX_KEY = FIELD_BLIND_INDEX_KEY or _development_key("blind-index")

# --- Security (production defaults; relaxed only when DEBUG) -------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts and styles only from this site, no inline script
# anywhere (charts and menus are static files reading JSON blocks). Style *attributes* stay
# allowed (style-src-attr): bar widths and map swatches are data; attributes cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Features no page uses are switched off for every page (Permissions-Policy header).
PERMISSIONS_POLICY = "camera=(self), geolocation=(), microphone=(), payment=(), usb=(), interest-cohort=()"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Logs and error reporting (youthcity/ops) ------------------------------------
# LOG_FORMAT=json writes one JSON object per line; every line carries the request id.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "youthcity.ops.request_id.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "youthcity.ops.log_format.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             "formatter": "json" if LOG_FORMAT == "json" else "text"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # One line per request (method, path, status, duration, user); off with LOG_REQUESTS=0.
        "youthcity.request": {"level": "INFO" if env.bool("LOG_REQUESTS", default=not DEBUG) else "WARNING"},
        # Django logs 4xx/5xx itself; the request line above already has them.
        "django.request": {"level": "ERROR"},
    },
}
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from youthcity.ops.error_reporting import init_error_reporting

    init_error_reporting(SENTRY_DSN, environment=env.str("SENTRY_ENVIRONMENT", default="production"),
                         release=env.str("SENTRY_RELEASE", default=""),
                         traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0))
# /readyz calls the task workers gone when no heartbeat came back for this long (timer: every minute).
WORKER_HEARTBEAT_MAX_AGE = env.int("WORKER_HEARTBEAT_MAX_AGE", default=180)

# --- Platform -------------------------------------------------------------
YOUTHCITY_CITY_PACK = env.str("CITY_PACK", default="luoyang")
YOUTHCITY_FACES = {
    "portal": _("Youth portal"),
    "workbench": _("Staff workbench"),
    "dashboard": _("Leaders' dashboard"),
}
NINJA_PAGINATION_PER_PAGE = 50

# --- Audit trail (django-auditlog) -----------------------------------------
# Every model is audited (who, when, what changed) unless it is itself a log, a session,
# a queue row or a read marker. Sensitive values are masked in the log itself.
AUDITLOG_INCLUDE_ALL_MODELS = True
AUDITLOG_EXCLUDE_TRACKING_MODELS = (
    "auditlog",
    "ninja",
    "sessions",
    "admin",
    "axes",
    "contenttypes",
    "django_tasks_database",  # the label of django_tasks_db
    "ops",
    "core.notification",
    "accounts.apitoken",
    "stations.bednight",  # index rows derived from a booking, which is itself audited
    "stations.personnight",
    "ledger.livesnapshot",  # a bound target's daily platform value, derived from audited records
    "accounts.onetimecode",  # hashes of one-time codes: never copied into the trail
    "volunteering.hourstotal",  # sums derived from the hours ledger, which is itself audited
    "volunteering.membertotal",
    "accounts.accesslog",  # itself a log
)
AUDITLOG_EXCLUDE_TRACKING_FIELDS = ("password", "last_login", "created_at", "updated_at", "key_hash",
                                    "id_number_index")
AUDITLOG_MASK_TRACKING_FIELDS = ("id_number", "phone")
AUDITLOG_MASK_CALLABLE = "youthcity.core.masking.mask_for_audit"  # 4103**********1234, 138****1234
AUDITLOG_DISABLE_ON_RAW_SAVE = True
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_USE_FK_STRING_REPRESENTATION = False  # ids at write time; names when read (portal.audit)
