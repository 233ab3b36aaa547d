"""docs/programs.md matches the code: the state diagram is the one `workflow.mermaid()` draws."""

from __future__ import annotations

from pathlib import Path

from statewide.programs.templates import program_templates
from statewide.programs.workflow import TRANSITIONS, mermaid, roles_table

DOC = Path(__file__).resolve().parents[2] / "docs" / "programs.md"


def test_the_documented_state_machine_is_generated_from_the_code() -> None:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("<!-- BEGIN GENERATED: workflow.mermaid() -->\n```mermaid\n", 1)[1].split("```\n<!-- END GENERATED -->", 1)[0]
    assert block == mermaid()
    for t in TRANSITIONS:
        assert f": {t.name} (" in block


def test_every_template_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for key in program_templates():
        assert f"| `{key}`" in text


def test_the_documented_roles_and_optional_stages_are_generated_from_the_code() -> None:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("<!-- BEGIN GENERATED: workflow.roles_table() -->\n", 1)[1].split("<!-- END GENERATED -->", 1)[0]
    assert block == roles_table()
