"""The one typed reader of the environment.

Every option an operator may set is declared here with its type, default and meaning. The
configuration reference (docs/configuration.md) lists each of them; a test fails when one is
missing there. Values come from the process environment, then from an optional `.env` file in
the working directory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[3]


class Env(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=True)

    SECRET_KEY: str = Field("", description="Django's signing key. Required (50+ random characters) in production.")
    DEBUG: bool = Field(False, description="Show debug pages. Never true in production; the dev settings force it on.")
    ALLOWED_HOSTS: str = Field("127.0.0.1,localhost", description="Comma-separated host names the site answers to.")
    CSRF_TRUSTED_ORIGINS: str = Field("", description="Comma-separated origins (scheme://host) trusted for CSRF, e.g. behind a proxy.")
    CREDENTIALS_KEY_SECRET: str = Field(
        "", description="Fernet key (32 url-safe base64 bytes) that encrypts issuers' private signing keys at rest. Empty: derived from SECRET_KEY."
    )
    SITE_URL: str = Field("http://127.0.0.1:8000", description="Public base URL, used in e-mails, feeds and share links.")
    DATABASE_URL: str = Field("", description="PostgreSQL URL (postgres://user:pass@host:port/name). Empty means the embedded SQLite file in DATA_DIR.")
    DATABASE_REPLICA_URL: str = Field(
        "",
        description="Optional PostgreSQL streaming replica (postgres://…) that public read-only pages (REPLICA_READ_PATHS) read from; writes always go to DATABASE_URL.",
    )
    DATA_DIR: Path = Field(REPO_ROOT / "var", description="Folder for the embedded SQLite database, collected static files and uploads.")
    TIME_ZONE: str = Field("America/New_York", description="Time zone for dates shown to people. Stored times are UTC.")
    EMAIL_BACKEND: str = Field("", description="Django e-mail backend. Empty: console in development, SMTP in production.")
    EMAIL_HOST: str = Field("localhost", description="SMTP server host.")
    EMAIL_PORT: int = Field(25, description="SMTP server port.")
    EMAIL_HOST_USER: str = Field("", description="SMTP user name.")
    EMAIL_HOST_PASSWORD: str = Field("", description="SMTP password.")
    EMAIL_USE_TLS: bool = Field(False, description="Use STARTTLS with the SMTP server.")
    DEFAULT_FROM_EMAIL: str = Field("Statewide <no-reply@localhost>", description="Sender of the e-mails the platform sends.")
    SIGNIN_FAILURE_LIMIT: int = Field(5, description="Failed sign-ins allowed per account and address before a lock-out.")
    SIGNIN_COOLOFF_MINUTES: int = Field(15, description="How long a sign-in lock-out lasts.")
    SIGNIN_ADDRESS_FAILURE_LIMIT: int = Field(
        30, description="Failed sign-ins allowed from one address across all accounts per cool-off period before the address is refused (password spraying)."
    )
    PASSWORD_RESET_LIMIT: int = Field(5, description="Password-reset requests allowed per hour from one address, and for one e-mail address.")
    SECURE_SSL_REDIRECT: bool = Field(True, description="Production: redirect plain HTTP to HTTPS.")
    SECURE_HSTS_SECONDS: int = Field(31536000, description="Production: HSTS max-age in seconds.")
    BEHIND_PROXY: bool = Field(False, description="Trust X-Forwarded-Proto from a reverse proxy that sets it.")
    TRUSTED_PROXY_COUNT: int = Field(
        0, ge=0, description="Reverse proxies in front of the app that append to X-Forwarded-For; 0 uses the connecting address (the header is ignored)."
    )
    TASKS_BACKEND: Literal["immediate", "database"] = Field(
        "immediate", description="Background work: run at once in the request (immediate) or queue in the database for `statewide worker` (database)."
    )
    FILE_STORAGE_URL: str = Field(
        "",
        description="Where uploads are stored: empty for local files in DATA_DIR/media; s3://BUCKET[/PREFIX][?endpoint_url=…&region_name=…] for an S3-compatible store (credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).",
    )
    CACHE_URL: str = Field(
        "db://statewide_cache",
        description="Shared cache for pages and aggregates: db://TABLE[?max_entries=N] (database cache, the default; at most N entries, 5000 unless set), redis://host:6379/0 (Redis), locmem:// or dummy://.",
    )
    PUBLIC_MAX_AGE: int = Field(
        0, description="Seconds a proxy or CDN may serve a public page without asking again. 0: it revalidates every time (never stale)."
    )
    LOG_LEVEL: str = Field("INFO", description="Log level for the platform's own loggers.")
    LOG_FORMAT: Literal["plain", "json"] = Field(
        "plain", description="Log lines as plain text (development) or one JSON object per line with the request id (production, log collectors)."
    )
    TASK_STALE_MINUTES: int = Field(
        60, ge=1, description="A background task running longer than this is taken to be lost (its worker died) and is queued again when a worker starts."
    )

    def csv(self, name: str) -> list[str]:
        value = getattr(self, name)
        return [part.strip() for part in str(value).split(",") if part.strip()]


env = Env()
