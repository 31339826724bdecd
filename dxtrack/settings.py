"""Settings, read from environment variables (every one is documented in docs/configuration.md).

Bad values fail loudly at start-up rather than being silently replaced by a default.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {value!r}")


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from None


def envfloat(name: str, default: str) -> float:
    value = os.getenv(name, default)
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """sqlite:///relative/or//absolute/path, or postgres://user:password@host:port/name."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path[1:]) if parsed.path.startswith("/") else parsed.path
        if not path:
            raise ImproperlyConfigured("DATABASE_URL sqlite:/// needs a file path")
        (BASE_DIR / path).parent.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(BASE_DIR / path),
            "OPTIONS": {"timeout": 20},
        }
    if parsed.scheme in ("postgres", "postgresql"):
        if not parsed.path.strip("/"):
            raise ImproperlyConfigured("DATABASE_URL postgres:// needs a database name")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", "60"),
        }
    raise ImproperlyConfigured(f"DATABASE_URL scheme must be sqlite or postgres, got {url!r}")


VAR_DIR = Path(os.getenv("DXTRACK_VAR_DIR", str(BASE_DIR / "var")))


def secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in var/secret_key."""
    if os.getenv("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = secret_key()
DEBUG = envbool("DEBUG", "false")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "csp",
    "dxtrack.core",
    "dxtrack.registry",
    "dxtrack.reporting",
    "dxtrack.evaluation",
    "dxtrack.dashboards",
    "dxtrack.outputs",
    "dxtrack.opendata",
    "dxtrack.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "dxtrack.core.request_guard.RequestGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dxtrack.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "dxtrack.core.middleware.SessionTimeoutMiddleware",
    "csp.middleware.CSPMiddleware",
    "dxtrack.core.middleware.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "dxtrack.urls"
WSGI_APPLICATION = "dxtrack.wsgi.application"

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
                "dxtrack.core.context.roles",
                "dxtrack.dashboards.simulation.simulation",
            ],
        },
    }
]

DATABASES = {
    "default": database_from_url(os.getenv("DATABASE_URL", f"sqlite:///{VAR_DIR}/dxtrack.sqlite3"))
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Vietnamese messages; the common list is Django's plus core/vocab/common_passwords.txt.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "dxtrack.core.passwords.SimilarityValidator"},
    {"NAME": "dxtrack.core.passwords.LengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "dxtrack.core.passwords.CommonValidator"},
    {"NAME": "dxtrack.core.passwords.NumericValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my-work"  # "Việc của tôi": each role lands on its work (issue 15)
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "dxtrack" / "locale"]
TIME_ZONE = os.getenv("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploads are checked by size and content in the views; this is the hard ceiling for a request.
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
UPLOAD_MAX_BYTES = DATA_UPLOAD_MAX_MEMORY_SIZE
PLAN_UPLOAD_MAX_BYTES = envint("PLAN_UPLOAD_MAX_BYTES", str(15 * 1024 * 1024))

SESSION_COOKIE_HTTPONLY = True
# SECURE_COOKIES sets both; SESSION_COOKIE_SECURE / CSRF_COOKIE_SECURE override it one by one.
SESSION_COOKIE_SECURE = envbool(
    "SESSION_COOKIE_SECURE", "true" if envbool("SECURE_COOKIES", "false") else "false"
)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", "true" if SESSION_COOKIE_SECURE else "false")
# A session ends after SESSION_IDLE_TIMEOUT seconds without a request, and SESSION_COOKIE_AGE
# seconds after the login whatever the activity (core.middleware.SessionTimeoutMiddleware).
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(12 * 3600))
SESSION_IDLE_TIMEOUT = envint("SESSION_IDLE_TIMEOUT", str(30 * 60))
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "false")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false")
# The health check answers local probes over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
BEHIND_HTTPS_PROXY = envbool("BEHIND_HTTPS_PROXY", "false")
if BEHIND_HTTPS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_FAILURE_VIEW = "dxtrack.core.views.csrf_failure"
# Every page: scripts, styles, images and fonts from this site only; no inline script
# (tests/core/test_security_headers.py scans the templates); nothing may frame a page.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Login and API token throttling (core.throttle): after THROTTLE_ACCOUNT_FAILURES failed logins
# of one account (THROTTLE_ADDRESS_FAILURES from one address, THROTTLE_TOKEN_FAILURES wrong API
# tokens from one address) the next attempt waits THROTTLE_BASE_WAIT seconds, doubling with each
# further failure up to THROTTLE_MAX_WAIT; failures are forgotten THROTTLE_WINDOW seconds after
# the last one. Counters live in the "throttle" cache: files under DXTRACK_VAR_DIR/throttle,
# shared by the workers of one machine.
THROTTLE_ACCOUNT_FAILURES = envint("THROTTLE_ACCOUNT_FAILURES", "5")
THROTTLE_ADDRESS_FAILURES = envint("THROTTLE_ADDRESS_FAILURES", "20")
THROTTLE_TOKEN_FAILURES = envint("THROTTLE_TOKEN_FAILURES", "10")
THROTTLE_BASE_WAIT = envint("THROTTLE_BASE_WAIT", "60")
THROTTLE_MAX_WAIT = envint("THROTTLE_MAX_WAIT", "3600")
THROTTLE_WINDOW = envint("THROTTLE_WINDOW", "3600")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "throttle"),
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}

EMAIL_BACKEND = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "dxtrack@localhost")

# Evaluation thresholds (DESIGN.md, Methods): the Open SDG progress measure cut-offs.
STATUS_ON_TRACK_RATIO = envfloat("STATUS_ON_TRACK_RATIO", "0.95")
STATUS_AT_RISK_RATIO = envfloat("STATUS_AT_RISK_RATIO", "0.6")
TASK_AT_RISK_POINTS = envfloat("TASK_AT_RISK_POINTS", "20")

REST_FRAMEWORK = {
    "DEFAULT_PAGINATION_CLASS": "dxtrack.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "dxtrack.api.auth.UnitTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "dxtrack.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# The OpenAPI 3 schema of /api/v1/ (/api/v1/schema/, page /api/v1/docs/): drf-spectacular from
# the views' own descriptions (dxtrack/api/openapi.py adds the shared shapes and error answers).
SPECTACULAR_SETTINGS = {
    "TITLE": "dxtrack API v1",
    "DESCRIPTION": "API của hệ thống theo dõi chương trình chuyển đổi số cấp tỉnh.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["dxtrack.api.openapi.postprocess"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}

# The province this installation serves: its unit code in the registry. Document results are
# loaded as its values, and targets are judged on its own figures or the aggregate of its units.
PROVINCE_UNIT_CODE = os.getenv("PROVINCE_UNIT_CODE", "19")

# Reporting (issue 4; docs/reporting.md).
EVIDENCE_MAX_BYTES = envint("EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024))
# An uploaded Excel template, checked before it is parsed (reporting.excel, core.uploads): the
# sum of its uncompressed parts, and any one part (a sheet, the shared strings).
EXCEL_MAX_UNZIPPED_BYTES = envint("EXCEL_MAX_UNZIPPED_BYTES", str(50 * 1024 * 1024))
EXCEL_MAX_PART_BYTES = envint("EXCEL_MAX_PART_BYTES", str(10 * 1024 * 1024))
REMINDER_DAYS_BEFORE = envint("REMINDER_DAYS_BEFORE", "3")
# The write API's bodies (docs/reporting.md, "Limits"): JSON or form size (a larger one is a 413;
# multipart with evidence files: UPLOAD_MAX_BYTES) and how deep JSON may nest.
API_MAX_BODY_BYTES = envint("API_MAX_BODY_BYTES", str(1024 * 1024))
API_MAX_JSON_DEPTH = envint("API_MAX_JSON_DEPTH", "20")
REPORTING_COORDINATOR_UNIT = os.getenv("REPORTING_COORDINATOR_UNIT", "so-khoa-hoc-va-cong-nghe")
# A unit's report goes to its leader (role approver) before the coordinator, where the unit has
# one; a unit's own policy in the admin overrides this.
REPORTING_UNIT_APPROVAL = envbool("REPORTING_UNIT_APPROVAL", "true")

# Open data (issue 11; docs/open-data.md): the licence of every dataset, who publishes the
# catalogue and whom to contact, and which sites may frame the embeddable charts and tables.
OPENDATA_LICENSE_ID = os.getenv("OPENDATA_LICENSE_ID", "CC-BY-4.0")
OPENDATA_LICENSE_TITLE = os.getenv("OPENDATA_LICENSE_TITLE", "Creative Commons Attribution 4.0")
OPENDATA_LICENSE_URL = os.getenv(
    "OPENDATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/"
)
OPENDATA_PUBLISHER = os.getenv("OPENDATA_PUBLISHER", "Ủy ban nhân dân tỉnh Thái Nguyên")
OPENDATA_CONTACT_NAME = os.getenv(
    "OPENDATA_CONTACT_NAME", "Sở Khoa học và Công nghệ tỉnh Thái Nguyên"
)
OPENDATA_CONTACT_EMAIL = os.getenv("OPENDATA_CONTACT_EMAIL", "dulieumo@thainguyen.gov.vn")
OPENDATA_EMBED_FRAME_ANCESTORS = envlist("OPENDATA_EMBED_FRAME_ANCESTORS", "'self'")

# Evaluation (issue 5; docs/evaluation.md): the scorecard weights (DESIGN.md, Methods: "weights
# are settings").
SCORECARD_WEIGHTS = {
    "tasks": envfloat("SCORECARD_WEIGHT_TASKS", "40"),
    "report_completeness": envfloat("SCORECARD_WEIGHT_REPORT_COMPLETENESS", "20"),
    "report_timeliness": envfloat("SCORECARD_WEIGHT_REPORT_TIMELINESS", "10"),
    "targets": envfloat("SCORECARD_WEIGHT_TARGETS", "30"),
}
if any(w < 0 for w in SCORECARD_WEIGHTS.values()) or not any(SCORECARD_WEIGHTS.values()):
    raise ImproperlyConfigured("SCORECARD_WEIGHT_* must be ≥ 0 and not all 0")
# Targets whose deadline falls within this many days are listed as "due soon" on the overview.
EVALUATION_DUE_SOON_DAYS = envint("EVALUATION_DUE_SOON_DAYS", "365")
