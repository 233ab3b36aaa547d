"""The product is written in American English: no British spellings in what people read.

Scanned: template text (not template variables or tag names), the strings the Python code shows
people (gettext calls, `verbose_name`, `help_text`, `description`, `label`, `help`, `summary`),
and the docs. Code identifiers (the `Organisation` model, `organisation_members` URL names) may
keep their spelling; what a person reads may not.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "statewide"

BRITISH = re.compile(
    r"\b("
    r"(?:re)?colour\w*|organis\w*|programmes?|centred|centre[sd]?|licence[sd]?|behaviour\w*|favour\w*|honour\w*"
    r"|catalogue[sd]?|analys(?:e|ed|es|ing)|(?:recogn|prioriti|summari|normali|minimi|maximi|emphasi|utili|authori|customi|initiali|categori|standardi|finali|anonymi|visuali|optimi)s(?:e|ed|es|ing|ation\w*)"
    r"|labelled|labelling|modelled|modelling|travelled|judgement|enrolment|defence|whilst|amongst|grey|neighbour\w*|labour\w*|artefacts?|fulfil"
    r")\b",
    re.IGNORECASE,
)
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy", "gettext_noop"}
USER_KEYWORDS = {"verbose_name", "verbose_name_plural", "help_text", "description", "label", "help", "summary", "message"}


def british(text: str) -> list[str]:
    return sorted({m.group(0) for m in BRITISH.finditer(text)})


def template_text(source: str) -> str:
    """Template source without `{{ variables }}`, comments and tag names (translated strings kept)."""
    source = re.sub(r"\{#.*?#\}", " ", source, flags=re.S)
    source = re.sub(r"\{\{.*?\}\}", " ", source, flags=re.S)

    def tag(match: re.Match[str]) -> str:
        body = match.group(1).strip()
        if body.startswith(("translate", "trans ", "blocktranslate", "blocktrans")):
            return " ".join(re.findall(r"[\"']([^\"']*)[\"']", body))
        return " "

    source = re.sub(r"\{%(.*?)%\}", tag, source, flags=re.S)
    # Attribute values naming code (URLs, ids, classes, field names) are not read by people.
    return re.sub(r"\b(?:href|src|id|class|name|for|action|hx-\w+|data-\w+|aria-labelledby|aria-describedby|aria-controls)=\"[^\"]*\"", " ", source)


def python_strings(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            args = list(node.args) if name in GETTEXT else []
            args += [k.value for k in node.keywords if k.arg in USER_KEYWORDS]
            found += [(a.lineno, a.value) for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        elif (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id in {"help", "help_text", "verbose_name"} for t in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            found.append((node.lineno, node.value.value))
    return found


def doc_text(source: str) -> str:
    """Markdown without code blocks and inline code (identifiers keep their spelling)."""
    source = re.sub(r"```.*?```", " ", source, flags=re.S)
    return re.sub(r"`[^`]*`", " ", source)


def test_the_pattern_catches_british_and_spares_american():
    assert british("The colour of the organisation's programme, centred; a licence.") == ["centred", "colour", "licence", "organisation", "programme"]
    assert british("Organisations prioritised behaviour, labelled and catalogued") == ["Organisations", "behaviour", "catalogued", "labelled", "prioritised"]
    assert british("The color of the organization's program, centered; a license. Analyze, prioritize.") == []
    assert (
        template_text('{% url "accounts:organisation_members" organisation.public_id %}<a href="/organisations/">{% translate "Organization" %}</a>').strip()
        == "<a  >Organization</a>"
    )


def test_templates_are_in_american_english():
    hits = []
    for path in sorted((SRC / "templates").rglob("*")):
        if path.is_file() and path.suffix in {".html", ".txt", ".xml"}:
            for n, line in enumerate(template_text(path.read_text()).splitlines(), 1):
                if words := british(line):
                    hits.append(f"{path.relative_to(ROOT)} (~line {n}): {words}")
    assert not hits, "British spellings in templates:\n" + "\n".join(hits)


def test_user_facing_python_strings_are_in_american_english():
    hits = []
    for path in sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts):
        for lineno, text in python_strings(path):
            if words := british(text):
                hits.append(f"{path.relative_to(ROOT)}:{lineno}: {words} in {text[:80]!r}")
    assert not hits, "British spellings in user-facing strings:\n" + "\n".join(hits)


@pytest.mark.parametrize("path", sorted([*(ROOT / "docs").glob("*.md"), ROOT / "README.md"]), ids=lambda p: p.name)
def test_docs_are_in_american_english(path):
    hits = [f"line {n}: {words}" for n, line in enumerate(doc_text(path.read_text()).splitlines(), 1) if (words := british(line))]
    assert not hits, f"British spellings in {path.name}:\n" + "\n".join(hits)
