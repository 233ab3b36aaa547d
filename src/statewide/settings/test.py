"""The test suite. Fast hashing, in-memory e-mail and cache, tasks run at once."""

from statewide.settings.base import *

DEBUG = False
SECRET_KEY = "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["*"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files in tests come from the finders (live_server serves them); whitenoise needs STATIC_ROOT.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]
# The test database is built by our own migrations (data migrations included), as production is.
# Third-party apps' tables without foreign keys to our models are created straight from their models:
# their migrations are tested upstream and replaying their histories slows every test-database
# creation. (admin refers to our user table, which PostgreSQL needs to exist first, so it migrates.)
MIGRATION_MODULES = dict.fromkeys(("sessions", "axes", "django_tasks_database"))
# A second alias for the read-replica router's tests (a mirror of default: no second database is
# built). No path reads from it unless a test turns REPLICA_READ_PATHS on.
# On SQLite (one shared in-memory database) the second connection reads uncommitted rows, as a
# replica shows what the primary wrote, instead of waiting on the test transaction's lock.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["replica"]["OPTIONS"] = {"init_command": "PRAGMA read_uncommitted = 1;"}
REPLICA_READ_PATHS = []
