"""Framework content in other languages: item, phase and descriptor texts keyed by stable ids.

Ids: `levels.<code>.name|description`, `items.<code>.name|definition`,
`descriptors.<item>.<level>.<kind>.<n>` (n = the descriptor's slot position + 1, i.e. its order
among the item's descriptors of that phase and kind in the content pack).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from statewide.core.datatext import Localized, data_texts

CONTENT = Path(__file__).resolve().parent / "content"


def pack_texts(slug: str, language: str | None = None) -> dict[str, str]:
    return data_texts(CONTENT, slug, language)


def descriptor_key(item: str, level: str, kind: str, position: int) -> str:
    return f"descriptors.{item}.{level}.{kind}.{position + 1}"


def localize_items(slug: str, items: Iterable[Any]) -> list[Any]:
    texts = pack_texts(slug)
    if not texts:
        return list(items)
    return [Localized(i, name=texts.get(f"items.{i.code}.name"), definition=texts.get(f"items.{i.code}.definition")) for i in items]


def localize_levels(slug: str, levels: Iterable[Any]) -> list[Any]:
    texts = pack_texts(slug)
    if not texts:
        return list(levels)
    return [Localized(lv, name=texts.get(f"levels.{lv.code}.name"), description=texts.get(f"levels.{lv.code}.description")) for lv in levels]


def localize_descriptors(slug: str, item_code: str, descriptors: Iterable[Any]) -> list[Any]:
    """Descriptors of one item (with `level` loaded), their text translated where a translation exists."""
    texts = pack_texts(slug)
    if not texts:
        return list(descriptors)
    return [Localized(d, text=texts.get(descriptor_key(item_code, d.level.code, d.kind, d.position))) for d in descriptors]
