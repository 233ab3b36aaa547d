"""Production settings: refuse weak secrets; `manage.py check --deploy` is clean."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
STRONG_KEY = "k8Jq2vN5xR0tLw3yB6zC9dF1gH4jK7mP0qS3uV6xY9aD2fG5hJ8"


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}}
    environment.update(DJANGO_SETTINGS_MODULE="statewide.settings.prod", ALLOWED_HOSTS="statewide.example.gov", **env)
    return subprocess.run([sys.executable, str(REPO / "manage.py"), *args], capture_output=True, text=True, env=environment, cwd=REPO, timeout=120)


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_real_secret_key():
    for key in ("", "short", "django-insecure-" + "x" * 60):
        result = manage("check", SECRET_KEY=key)
        assert result.returncode != 0
        assert "SECRET_KEY must be set" in result.stderr
