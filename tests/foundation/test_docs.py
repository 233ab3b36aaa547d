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
