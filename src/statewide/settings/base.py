"""Settings shared by every environment. Environment files only tighten or adjust these."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import dj_database_url
from django.utils.translation import gettext_lazy as _

from statewide.settings.env import REPO_ROOT, env

BASE_DIR = Path(__file__).resolve().parents[1]  # src/statewide
DATA_DIR = Path(env.DATA_DIR)
NODE_MODULES = REPO_ROOT / "node_modules"

SECRET_KEY = env.SECRET_KEY
DEBUG = env.DEBUG
ALLOWED_HOSTS = env.csv("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.csv("CSRF_TRUSTED_ORIGINS")
SITE_URL = env.SITE_URL.rstrip("/")
CREDENTIALS_KEY_SECRET = env.CREDENTIALS_KEY_SECRET

INSTALLED_APPS = [
    "statewide.core.apps.StatewideAdminConfig",  # django.contrib.admin, with forms that refuse control characters
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.syndication",
    "django_htmx",
    "template_partials",
    "ninja",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "statewide.core",
    "statewide.places",
    "statewide.accounts",
    "statewide.frameworks",
    "statewide.assessments",
    "statewide.policies",
    "statewide.selfassessment",
    "statewide.credentials",
    "oauth2_provider",
    "statewide.programs",
    "statewide.capacity",
    "statewide.insights",
    "statewide.web",
    "statewide.cli",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "statewide.core.middleware.RequestIdMiddleware",
    "statewide.core.replica.ReplicaReadsMiddleware",
    "statewide.core.middleware.VersionMemoMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "statewide.core.middleware.SecurityHeadersMiddleware",
    # Last, as django-axes asks: it turns lock-outs raised by authenticate() into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "statewide.urls"
WSGI_APPLICATION = "statewide.wsgi.application"
ASGI_APPLICATION = "statewide.asgi.application"

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
                "csp.context_processors.nonce",
                "statewide.web.context_processors.site",
            ],
            "builtins": ["django.templatetags.static", "django.templatetags.i18n", "template_partials.templatetags.partials"],
        },
    }
]

if env.DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(env.DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "statewide.sqlite3"),
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
        }
    }
# An optional read replica for public read-only pages (statewide.core.replica; docs/configuration.md).
if env.DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(env.DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True)
DATABASE_ROUTERS = ["statewide.core.replica.ReplicaRouter"]
REPLICA_READ_PATHS = ["/tracker/", "/frameworks/", "/districts/", "/api/v1/policies/", "/api/v1/frameworks/"]
REPLICA_PIN_SECONDS = 10
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:signin"
LOGIN_REDIRECT_URL = "web:my_work"
LOGOUT_REDIRECT_URL = "web:home"

# Rate-limited sign-in (django-axes): lock an account+address pair after repeated failures.
AXES_FAILURE_LIMIT = env.SIGNIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = env.SIGNIN_COOLOFF_MINUTES / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The one client-address rule (TRUSTED_PROXY_COUNT hops of X-Forwarded-For), shared with every rate limit.
AXES_CLIENT_IP_CALLABLE = "statewide.core.http.client_address"
TRUSTED_PROXY_COUNT = env.TRUSTED_PROXY_COUNT
# Password spraying: failed sign-ins from one address across all accounts, per cool-off period.
SIGNIN_ADDRESS_FAILURE_LIMIT = env.SIGNIN_ADDRESS_FAILURE_LIMIT
SIGNIN_COOLOFF_SECONDS = env.SIGNIN_COOLOFF_MINUTES * 60
PASSWORD_RESET_LIMIT = env.PASSWORD_RESET_LIMIT

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie; kept default for forms.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content Security Policy (django-csp 4): nothing inline, nothing from other hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "en-us"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.TIME_ZONE
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("uswds", NODE_MODULES / "@uswds" / "uswds" / "dist"),
    ("us-atlas", NODE_MODULES / "us-atlas"),
    ("topojson-client", NODE_MODULES / "topojson-client" / "dist"),
]


def file_storage_from_url(url: str, local: Path) -> dict[str, Any]:
    """FILE_STORAGE_URL to the default storage: empty (or file://) = local files under `local`;
    s3://BUCKET[/PREFIX][?endpoint_url=…&region_name=…] = an S3-compatible store through django-storages,
    private objects, never overwritten. Credentials come from boto3's own chain (AWS_ACCESS_KEY_ID and
    AWS_SECRET_ACCESS_KEY in the environment, an instance role, …), never from this URL."""
    from urllib.parse import parse_qs, urlsplit  # noqa: PLC0415

    if not url or url.startswith("file://"):
        return {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": url.removeprefix("file://") or local}}
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.hostname:
        raise ValueError("FILE_STORAGE_URL: use file://PATH or s3://BUCKET[/PREFIX][?endpoint_url=…&region_name=…]")
    if parts.username or parts.password:
        raise ValueError("FILE_STORAGE_URL: put no credentials in the URL; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    if unknown := set(query) - {"endpoint_url", "region_name", "addressing_style"}:
        raise ValueError(f"FILE_STORAGE_URL: unknown options {sorted(unknown)}")
    options: dict[str, Any] = {
        "bucket_name": parts.hostname,
        "location": parts.path.strip("/"),
        "default_acl": "private",
        "file_overwrite": False,
        "querystring_auth": True,
        **query,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": file_storage_from_url(env.FILE_STORAGE_URL, DATA_DIR / "media"),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024


# Django's default (300) is fewer than the tracker's own pages (56 states, each in every year and
# language): entries were culled, and pages served cold, long before they expired. Pages are stored
# compressed (core.dbcache: ~11 KB for the biggest state profile), so 5,000 entries stay near 100 MB.
DB_CACHE_MAX_ENTRIES = 5000


def cache_from_url(url: str) -> dict[str, Any]:
    """CACHE_URL to a Django cache: db://TABLE[?max_entries=N], redis://… or rediss://… (Django's Redis backend), locmem://, dummy://."""
    scheme, _sep, rest = url.partition("://")
    if scheme == "db":
        table, _q, query = rest.partition("?")
        max_entries = parse_qs(query).get("max_entries", [str(DB_CACHE_MAX_ENTRIES)])[0]
        if not max_entries.isdigit() or int(max_entries) < 1:
            raise ValueError(f"CACHE_URL: max_entries must be a positive whole number, not {max_entries!r}")
        return {"BACKEND": "statewide.core.dbcache.DatabaseCache", "LOCATION": table or "statewide_cache", "OPTIONS": {"MAX_ENTRIES": int(max_entries)}}
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ValueError(f"CACHE_URL: unknown scheme {scheme!r} (use db://, redis://, rediss://, locmem:// or dummy://)")


CACHES = {"default": cache_from_url(env.CACHE_URL)}
PUBLIC_MAX_AGE = env.PUBLIC_MAX_AGE

EMAIL_BACKEND = env.EMAIL_BACKEND or "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env.EMAIL_HOST
EMAIL_PORT = env.EMAIL_PORT
EMAIL_HOST_USER = env.EMAIL_HOST_USER
EMAIL_HOST_PASSWORD = env.EMAIL_HOST_PASSWORD
EMAIL_USE_TLS = env.EMAIL_USE_TLS
DEFAULT_FROM_EMAIL = env.DEFAULT_FROM_EMAIL
SERVER_EMAIL = env.DEFAULT_FROM_EMAIL

TASKS = {"default": {"BACKEND": ("django_tasks_db.DatabaseBackend" if env.TASKS_BACKEND == "database" else "django_tasks.backends.immediate.ImmediateBackend")}}

NINJA_PAGINATION_PER_PAGE = 50

TASK_STALE_MINUTES = env.TASK_STALE_MINUTES

# Logs: plain lines in development, one JSON object per line in production (LOG_FORMAT=json); both
# carry the id of the request being served (statewide.core.logs).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "statewide.core.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "statewide.core.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": env.LOG_FORMAT, "filters": ["request_id"]}},
    "loggers": {
        "statewide": {"handlers": ["console"], "level": env.LOG_LEVEL},
        "django.request": {"handlers": ["console"], "level": "ERROR"},
    },
}

# Open Badges 3.0 service API (/ims/ob/v3p0/): OAuth 2.0 authorization code with PKCE (django-oauth-toolkit).
OB_SCOPE = "https://purl.imsglobal.org/spec/ob/v3p0/scope/"
OAUTH2_PROVIDER = {
    "PKCE_REQUIRED": True,
    "SCOPES": {
        OB_SCOPE + "credential.readonly": "Read your Open Badges credentials",
        OB_SCOPE + "profile.readonly": "Read your profile (name and e-mail address)",
        OB_SCOPE + "credential.upsert": "Add credentials to your account, or replace ones it added",
        OB_SCOPE + "profile.update": "Change your name",
    },
    "DEFAULT_SCOPES": [OB_SCOPE + "credential.readonly"],
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https", "http"],
    # RFC 9700 (OAuth 2.0 Security BCP): no implicit or password grant, PKCE S256 only, tokens never
    # in a URL, and the `iss` parameter in authorization responses (`check --deploy` stays clean).
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,  # tokens stored hashed
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
}
