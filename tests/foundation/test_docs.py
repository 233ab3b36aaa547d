"""The docs are part of the product: these tests fail when the code and the docs drift apart."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from statewide.cli import OPERATOR_COMMANDS
from statewide.settings.env import Env

REPO = Path(__file__).resolve().parents[2]


def test_every_setting_is_documented_and_in_env_example():
    docs = (REPO / "docs" / "configuration.md").read_text()
    example = (REPO / ".env.example").read_text()
    for name in Env.model_fields:
        assert f"| `{name}` |" in docs, f"{name} is missing from docs/configuration.md"
        assert re.search(rf"^#? ?{name}=", example, re.M), f"{name} is missing from .env.example"


def test_documented_settings_exist():
    docs = (REPO / "docs" / "configuration.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", docs, re.M))
    assert documented == set(Env.model_fields)


def test_every_operator_command_is_documented():
    docs = (REPO / "docs" / "cli.md").read_text()
    for name in OPERATOR_COMMANDS:
        assert f"`statewide {name}" in docs, f"statewide {name} is missing from docs/cli.md"


def test_readme_quick_start_has_exactly_the_two_commands():
    readme = (REPO / "README.md").read_text()
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^(make \w+)$", quick, re.M)
    assert commands == ["make run", "make test"]


def test_every_python_dependency_is_explained():
    deps = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    text = (REPO / "docs" / "dependencies.md").read_text().lower()
    for dep in deps:
        name = re.split(r"[<>=\[ ]", dep, maxsplit=1)[0].lower()
        assert name in text, f"{name} is not explained in docs/dependencies.md"


def _our_management_commands() -> set[str]:
    """Every management command defined in a statewide app, hyphenated as `statewide` takes it."""
    src = REPO / "src" / "statewide"
    return {p.stem.replace("_", "-") for p in src.glob("*/management/commands/*.py") if not p.stem.startswith("_")}


def test_every_management_command_of_ours_is_documented_and_listed():
    docs = (REPO / "docs" / "cli.md").read_text()
    commands = _our_management_commands()
    assert {"load-demo", "import-policies", "send-policy-digests"} <= commands
    missing = sorted(c for c in commands if f"`statewide {c}" not in docs)
    assert not missing, f"commands missing from docs/cli.md: {missing}"
    assert set(OPERATOR_COMMANDS) == commands, "`statewide help` (cli.OPERATOR_COMMANDS) lists other commands than exist"


def test_every_documented_command_exists():
    docs = (REPO / "docs" / "cli.md").read_text()
    documented = set(re.findall(r"^\| `statewide ([a-z][a-z-]*)", docs, re.M))
    assert documented, "docs/cli.md has no command table"
    assert documented <= _our_management_commands(), f"documented but not defined: {sorted(documented - _our_management_commands())}"


def test_every_npm_dependency_is_explained_and_used():
    import json  # noqa: PLC0415

    deps = json.loads((REPO / "package.json").read_text())["dependencies"]
    text = (REPO / "docs" / "dependencies.md").read_text()
    settings_text = (REPO / "src" / "statewide" / "settings" / "base.py").read_text()
    for name in deps:
        assert name in text, f"{name} is not explained in docs/dependencies.md"
        assert f'"{name.split("/")[-1]}"' in settings_text, f"{name} is not served (STATICFILES_DIRS): unused?"
