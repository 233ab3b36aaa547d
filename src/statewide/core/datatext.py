"""Translations of text that lives in data files (quiz instruments, framework content packs).

Such text is not in the gettext catalogues: each data file has, per language, a sibling file
`translations/<lang>/<name>.yaml` holding `texts:`, a flat mapping from stable ids to text. English
is the data itself. A missing id falls back to the English text (a test checks none is missing).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import get_language

SOURCE_LANGUAGE = "en"


def active_language() -> str:
    return (get_language() or SOURCE_LANGUAGE).split("-")[0]


@lru_cache(maxsize=32)
def _load(path: str) -> dict[str, str]:
    file = Path(path)
    if not file.exists():
        return {}
    data: dict[str, Any] = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in (data.get("texts") or {}).items()}


def data_texts(directory: Path, name: str, language: str | None = None) -> dict[str, str]:
    """The texts of data file `name` in `language` (default: the active one); {} for English."""
    lang = language or active_language()
    if lang == SOURCE_LANGUAGE:
        return {}
    return _load(str(directory / "translations" / lang / f"{name}.yaml"))


class Localized:
    """A read-only view of an object with some attributes replaced by translations (for templates)."""

    def __init__(self, obj: Any, **overrides: Any) -> None:
        self._obj = obj
        self.__dict__.update({k: v for k, v in overrides.items() if v})

    def __getattr__(self, name: str) -> Any:
        return getattr(self._obj, name)

    def __str__(self) -> str:
        return str(self.__dict__.get("name") or self._obj)
