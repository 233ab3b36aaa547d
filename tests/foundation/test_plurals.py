"""Sentences with a count use plural forms (ngettext / blocktranslate count), never "(s)"."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

from django.utils import translation

from statewide.core.jobs import import_summary

SRC = Path(__file__).resolve().parents[2] / "src/statewide"
PARENS_S = re.compile(r"[A-Za-z]\(s\)")


def _bad(text: str) -> bool:
    return bool(PARENS_S.search(text.replace("http(s)", "")))


def test_no_string_or_template_counts_with_parenthesised_s() -> None:
    found = []
    for path in SRC.rglob("*.py"):
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
        found += [f"{path.relative_to(SRC)}:{t.start[0]}" for t in tokens if t.type == tokenize.STRING and _bad(t.string)]
    for path in (SRC / "templates").rglob("*.html"):
        found += [f"{path.relative_to(SRC)}:{n}" for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if _bad(line)]
    assert found == [], "use ngettext or {% blocktranslate count %}: " + ", ".join(found)


def test_import_summary_gives_each_count_its_plural_form() -> None:
    with translation.override("en"):
        assert import_summary(created=1, updated=0, unchanged=2) == "Imported: 1 new, 0 updated, 2 unchanged."
    with translation.override("es"):
        assert import_summary(created=1, updated=2, unchanged=1) == "Importación: 1 nuevo, 2 actualizados, 1 sin cambios."
        assert import_summary(created=3, updated=1, unchanged=0) == "Importación: 3 nuevos, 1 actualizado, 0 sin cambios."


def test_spanish_plural_forms_of_the_respondent_and_quiz_sentences() -> None:
    from django.utils.translation import ngettext  # noqa: PLC0415

    with translation.override("es"):
        one = ngettext("You answered %(a)s of %(q)s question.", "You answered %(a)s of %(q)s questions.", 1) % {"a": 1, "q": 1}
        many = ngettext("You answered %(a)s of %(q)s question.", "You answered %(a)s of %(q)s questions.", 4) % {"a": 2, "q": 4}
    assert (one, many) == ("Respondió 1 de 1 pregunta.", "Respondió 2 de 4 preguntas.")
