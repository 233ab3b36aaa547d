"""The one rule for a district's derived locale (used by the school importer).

A district whose directory row has no valid NCES locale gets one derived from its schools: the
most common `ULOCAL` among its **open** schools (CCD status 1, 3, 4, 5 or 8); on a tie, the more
urban code (the lower number) wins; with no open school that has a locale, it stays unknown. A
locale the district directory reports itself is never overwritten. Pages and the API mark a
derived locale as derived.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable


def derived_locale(school_locales: Iterable[str]) -> str:
    """The derived locale of one district from its open schools' locale codes ("" if none)."""
    counts = Counter(code for code in school_locales if code)
    if not counts:
        return ""
    return min(counts, key=lambda code: (-counts[code], code))
