"""Settings of the worker process started by `test_worker_kill.py`: the test's database, the database queue, the gate's e-mail backend."""

import os

import dj_database_url

from statewide.settings.test import *  # noqa: F403

DATABASES = {"default": dj_database_url.parse(os.environ["WORKER_DB_URL"])}
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = "tests.resilience.gate.GateEmailBackend"
