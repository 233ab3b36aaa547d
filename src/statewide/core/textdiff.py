"""Word-level differences between two texts, for every "what changed" view (one helper).

    d = word_diff("Funding follows the seat", "Funding follows the student")
    d.before  ->  'Funding follows the <del>seat</del>'
    d.after   ->  'Funding follows the <ins>student</ins>'

Texts are split into words, spaces and punctuation; `difflib.SequenceMatcher` lines them up, so
one changed word in a long paragraph is marked alone. Both sides are HTML-escaped; only the
`<del>`/`<ins>` tags are markup. Values that are not text (lists, numbers, booleans) are compared
by their text form; `None` is empty.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# A word or a punctuation mark with the spaces before it (so a changed phrase is one change).
TOKEN = re.compile(r"\s*\w+|\s*[^\w\s]|\s+")


@dataclass(frozen=True)
class WordDiff:
    before: SafeString  # the old text, removed words in <del>
    after: SafeString  # the new text, added words in <ins>
    changed: bool


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def _tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def _mark(tag: str, text: str) -> str:
    """`<tag>text</tag>`, escaped, with the spaces around the words left outside the mark."""
    words = text.strip()
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return f"{lead}<{tag}>{escape(words)}</{tag}>{trail}" if words else text


def word_diff(before: Any, after: Any) -> WordDiff:
    a, b = _tokens(as_text(before)), _tokens(as_text(after))
    old: list[str] = []
    new: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            old.append(escape(removed))
            new.append(escape(added))
            continue
        if removed:
            old.append(_mark("del", removed))
        if added:
            new.append(_mark("ins", added))
    return WordDiff(mark_safe("".join(old)), mark_safe("".join(new)), a != b)
