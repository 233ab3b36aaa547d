"""Views and API code stay thin: they read through selectors and check permissions through policies.

A lint over the source (ast, no imports): no module under a `views` package, no `views.py`, no
API router and no `web` module touches a model manager (`.objects`) or resolves a principal
(`principal_of`) itself. Run by `make test` and `make lint`.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "statewide"
FORBIDDEN_NAMES = {"principal_of"}


def interface_modules() -> list[Path]:
    files = [*SRC.glob("*/views.py"), *SRC.glob("*/views/*.py"), *SRC.glob("*/*/views.py"), *SRC.glob("api/*.py"), *SRC.glob("web/*.py")]
    return sorted({f for f in files if f.name != "__init__.py" or f.stat().st_size})


def offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append(f"{path.relative_to(SRC)}:{node.lineno}: .objects (read through a selector, write through a service)")
        elif isinstance(node, ast.Name) and node.id in FORBIDDEN_NAMES:
            found.append(f"{path.relative_to(SRC)}:{node.lineno}: {node.id} (ask a policy instead)")
        elif isinstance(node, ast.ImportFrom) and any(a.name in FORBIDDEN_NAMES for a in node.names):
            found.append(f"{path.relative_to(SRC)}:{node.lineno}: imports principal_of (ask a policy instead)")
    return found


def test_the_lint_sees_the_interface_modules():
    names = {str(p.relative_to(SRC)) for p in interface_modules()}
    assert {"api/policies.py", "web/views.py", "accounts/views.py", "policies/views/records.py", "frameworks/case/views.py"} <= names


def test_the_lint_catches_an_offence(tmp_path):
    bad = tmp_path / "views.py"
    bad.write_text("from statewide.core.permissions import principal_of\n\ndef v(request):\n    return Thing.objects.all(), principal_of(request.user)\n")
    assert len(offences_at(bad)) == 3


def offences_at(path: Path) -> list[str]:
    global SRC
    saved, SRC = SRC, path.parent
    try:
        return offences(path)
    finally:
        SRC = saved


def test_views_and_api_never_touch_managers_or_principals():
    problems = [problem for path in interface_modules() for problem in offences(path)]
    assert problems == [], "\n".join(problems)
