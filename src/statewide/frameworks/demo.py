"""Demo data for the frameworks module, loaded by `statewide load-demo` (idempotent)."""

from __future__ import annotations

from typing import TextIO

from statewide.core.permissions import SYSTEM
from statewide.frameworks.loader import frameworks_load_packs


def load(out: TextIO) -> None:
    """Load (or update) every framework content pack."""
    report = frameworks_load_packs(actor=SYSTEM)
    out.write(f"Frameworks: {len(report.loaded)} loaded, {len(report.unchanged)} unchanged, {report.links} cross-framework links.\n")
