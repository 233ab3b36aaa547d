"""Production. Adds no features: it only tightens the base settings and refuses weak secrets."""

from django.core.exceptions import ImproperlyConfigured

from statewide.settings.base import *
from statewide.settings.base import env, file_storage_from_url

DEBUG = False
if len(env.SECRET_KEY) < 50 or env.SECRET_KEY.startswith("django-insecure") or len(set(env.SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to 50 or more random characters in production (python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
SECRET_KEY = env.SECRET_KEY
EMAIL_BACKEND = env.EMAIL_BACKEND or "django.core.mail.backends.smtp.EmailBackend"

SECURE_SSL_REDIRECT = env.SECURE_SSL_REDIRECT
SECURE_HSTS_SECONDS = env.SECURE_HSTS_SECONDS
# Probes from the load balancer or orchestrator speak plain HTTP to the app server.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
if env.BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES = {
    "default": file_storage_from_url(env.FILE_STORAGE_URL, DATA_DIR / "media"),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# OAuth clients (wallets, backpacks) must use https redirect URIs in production (RFC 9700 §2.1).
OAUTH2_PROVIDER = {**OAUTH2_PROVIDER, "ALLOWED_REDIRECT_URI_SCHEMES": ["https"]}
