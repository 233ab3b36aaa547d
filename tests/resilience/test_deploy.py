"""deploy/: the pieces that can run here are run (nginx -t, systemd-analyze verify); the compose file and
the Dockerfile are checked for structure (no Docker daemon here)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"


def test_nginx_accepts_the_proxy_configuration(tmp_path: Path) -> None:
    if not shutil.which("nginx") or not shutil.which("openssl"):
        if os.environ.get("CI") == "true":  # scripts/system-deps.sh installs nginx: in CI this must run
            pytest.fail("nginx and openssl are required in CI (scripts/system-deps.sh installs them)")
        pytest.skip("needs Debian's nginx and openssl (make system-deps)")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=statewide.test",
         "-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (DEPLOY / "nginx" / "statewide.conf").read_text()
    site = site.replace("/etc/ssl/statewide", str(tmp_path)).replace("/var/cache/nginx/statewide", str(tmp_path / "cache"))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n include /etc/nginx/mime.types;\n access_log off;\n"
        + "".join(f" {name}_temp_path {tmp_path}/{name};\n" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        + f" include {DEPLOY}/nginx/upstream-local.conf;\n include {tmp_path}/site.conf;\n}}\n"
    )
    done = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr and "test is successful" in done.stderr


def test_nginx_never_caches_signed_in_or_token_requests() -> None:
    site = (DEPLOY / "nginx" / "statewide.conf").read_text()
    assert "proxy_no_cache $statewide_signed_in $http_authorization;" in site
    assert "proxy_cache_bypass $statewide_signed_in $http_authorization;" in site
    assert '"~*sessionid=" 1;' in site and "proxy_set_header X-Request-ID $request_id;" in site


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd-analyze")
def test_systemd_units_verify(tmp_path: Path) -> None:
    env = tmp_path / "statewide.env"
    env.write_text("SECRET_KEY=x\n")
    units = []
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        text = unit.read_text().replace("/etc/statewide/statewide.env", str(env)).replace("/opt/statewide", str(REPO))
        target = tmp_path / (unit.name.replace("@.service", "@1.service"))
        target.write_text(text)
        units.append(str(target))
    assert len(units) == 6
    done = subprocess.run(["systemd-analyze", "verify", "--man=no", *units], capture_output=True, text=True)
    problems = [line for line in done.stderr.splitlines() if str(tmp_path) in line or "statewide" in line]
    assert done.returncode == 0 and not problems, done.stderr


def test_compose_file_runs_app_worker_postgresql_redis_and_nginx_from_files_that_exist() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {"app", "worker", "db", "redis", "nginx", "migrate", "backup"} <= set(services)
    assert services["db"]["image"].startswith("postgres:15")
    assert services["worker"]["command"] == ["statewide", "worker"]
    assert "readyz" in str(services["app"]["healthcheck"]["test"])
    for service in ("app", "worker", "backup"):
        assert services[service]["environment"]["TASKS_BACKEND"] == "database"
    for mount in services["nginx"]["volumes"]:
        source = mount.split(":")[0]
        if source.startswith("./") and source != "./tls":
            assert (DEPLOY / source).is_file(), source


def test_dockerfile_copies_what_exists_and_serves_with_the_deploy_settings() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    for source in re.findall(r"^COPY (?!--from)(.+) \S+$", dockerfile, re.M):
        for part in source.split():
            assert (REPO / part).exists(), part
    assert 'CMD ["gunicorn", "statewide.wsgi", "-c", "deploy/gunicorn.conf.py"]' in dockerfile
    assert "/readyz" in dockerfile and "postgresql-client-15" in dockerfile
