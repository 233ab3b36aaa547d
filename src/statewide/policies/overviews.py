"""Short overviews of each state's policy (content/state-overviews.yaml): two to four sentences in our
own words, with the sources they rest on and the date those sources were checked.

The file is read once per process. Territories have no overview (they are not tracked yet).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PATH = Path(__file__).parent / "content" / "state-overviews.yaml"
SCHEMA = "statewide-state-overviews/1"


@dataclass(frozen=True)
class StateOverview:
    usps: str
    text: str
    sources: tuple[dict[str, str], ...]
    checked_on: dt.date


def _parse(usps: str, raw: dict[str, Any]) -> StateOverview:
    text = " ".join(str(raw.get("text", "")).split())
    checked = raw.get("checked_on")
    sources = tuple({"url": str(s["url"]), "title": str(s.get("title", "")), "checked_on": str(checked)} for s in raw.get("sources") or [])
    if not text or not checked or not sources or not all(s["url"].startswith(("http://", "https://")) for s in sources):
        raise ValueError(f"state-overviews.yaml: {usps} needs text, checked_on and http(s) sources")
    return StateOverview(usps=usps, text=text, sources=sources, checked_on=dt.date.fromisoformat(str(checked)))


@functools.cache
def overviews() -> dict[str, StateOverview]:
    """Every overview by USPS code."""
    with PATH.open(encoding="utf-8") as fh:
        # libyaml's safe loader when present: the first state page of each worker parses the file.
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader
    if data.get("schema") != SCHEMA:
        raise ValueError(f"state-overviews.yaml must declare schema {SCHEMA}")
    return {usps: _parse(usps, raw) for usps, raw in data["overviews"].items()}


def state_overview(usps: str) -> StateOverview | None:
    return overviews().get(usps.upper())
