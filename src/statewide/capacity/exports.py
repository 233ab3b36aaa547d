"""Rows for the capacity module's CSV and XLSX downloads (written by `core.tabular`, never here)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from statewide.capacity import selectors
from statewide.capacity.models import ReadinessRound, Support, TaRequest
from statewide.capacity.permissions import state_export_policy
from statewide.capacity.selectors import StateSettings, ta_timing
from statewide.places.models import Jurisdiction


def supports_table(supports: Iterable[Support], strategies: dict[str, str], *, with_demand: bool) -> list[list[Any]]:
    header = ["id", "title", "strategy", "provider", "tiers", "domains", "format", "starts_on", "ends_on", "places", "demo"]
    rows: list[list[Any]] = [[*header, "districts_interested"] if with_demand else header]
    for s in supports:
        row = [str(s.public_id), s.title, strategies.get(s.strategy, s.strategy), s.provider, " ".join(s.tiers), " ".join(s.domains), s.format,
               s.starts_on.isoformat() if s.starts_on else "", s.ends_on.isoformat() if s.ends_on else "", s.capacity, "yes" if s.is_demo else ""]  # fmt: skip
        rows.append([*row, getattr(s, "demand", None)] if with_demand else row)
    return rows


def rounds_table(rounds: Iterable[ReadinessRound], domain_codes: list[str]) -> Iterator[list[Any]]:
    """The header, then one row per round, produced one at a time (the CSV download streams them)."""
    yield ["district_leaid", "district", "round", "submitted_at", "overall_score", "tier", *(f"score_{c}" for c in domain_codes)]
    for r in rounds:
        scores = {d["code"]: d["score"] for d in (r.result or {}).get("domains", [])}
        yield [r.district.nces_leaid, r.district.name, r.title, r.submitted_at.isoformat() if r.submitted_at else "",
               float(r.score) if r.score is not None else None, r.tier_code, *(scores.get(c) for c in domain_codes)]  # fmt: skip


def ta_table(requests: Iterable[TaRequest], settings: StateSettings) -> list[list[Any]]:
    rows: list[list[Any]] = [
        [
            "id",
            "district_leaid",
            "district",
            "topic",
            "urgency",
            "status",
            "assignee",
            "received",
            "first_response",
            "closed",
            "response_hours",
            "overdue",
            "outcome",
        ]
    ]
    for t in requests:
        timing = ta_timing(t, settings)
        rows.append([
            str(t.public_id), t.district.nces_leaid, t.district.name, t.topic, t.urgency, t.status, t.assignee.email if t.assignee else "",
            t.created_at.isoformat(), t.first_response_at.isoformat() if t.first_response_at else "", t.closed_at.isoformat() if t.closed_at else "",
            round(timing.response_hours, 1) if timing.response_hours is not None else None, "yes" if timing.overdue else "", t.outcome,
        ])  # fmt: skip
    return rows


STATE_EXPORTS = ("supports", "rounds", "ta")


def state_rows(*, actor: Any, usps: str, what: str) -> tuple[int, Iterable[list[Any]]]:
    """(data rows, rows with the header first) of a state's export, read as `actor` may see them.

    The one source of the three state exports, in the request (small) and in the background job
    (`core.exports.export_job` names this function). Permission is checked again here, since a job
    may run after the requester lost their role."""
    state = Jurisdiction.objects.get(usps=usps)
    state_export_policy.require(actor, "export", state)
    if what == "supports":
        supports = list(selectors.support_list(actor, state).order_by("title"))
        return len(supports), supports_table(supports, selectors.strategy_names(), with_demand=True)
    if what == "rounds":
        rounds = selectors.state_districts_by_tier(actor, state)
        return rounds.count(), rounds_table(rounds.iterator(chunk_size=2000), list(selectors.domain_titles()))
    if what == "ta":
        requests = list(selectors.ta_list(actor, jurisdiction=state).order_by("-created_at"))
        return len(requests), ta_table(requests, selectors.state_settings(state))
    raise ValueError(what)
