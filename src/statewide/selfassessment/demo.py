"""Demo data for the self-assessment module, loaded by `statewide load-demo` (idempotent)."""

from __future__ import annotations

from typing import TextIO


def load(out: TextIO) -> None:
    """Nothing yet."""
