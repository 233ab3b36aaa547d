"""Demo data for the quiz module, loaded by `statewide load-demo` (idempotent): the quiz instruments."""

from __future__ import annotations

from typing import TextIO

from statewide.assessments.instruments import instruments_load


def load(out: TextIO) -> None:
    changes = instruments_load()
    out.write(f"Quiz instruments: {', '.join(changes) if changes else 'unchanged'}.\n")
