"""Texas demo for the local-capacity module: districts in all three tiers with two rounds each, supports,
technical-assistance requests. Everything is marked as demo data; loading again changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.utils import timezone

from statewide.capacity import services
from statewide.capacity.instrument import item_codes
from statewide.capacity.models import Network, ReadinessRound, Support, TaRequest
from statewide.core.permissions import SYSTEM
from statewide.places.models import Jurisdiction, Organisation

# (LEAID, level pattern of round 1, of round 2): real Texas districts; the answers are invented demo data.
DISTRICTS = (
    ("4808940", 1, 2),  # Austin ISD: Tier 3 -> Tier 2
    ("4823640", 2, 3),  # Houston ISD: Tier 2 -> Tier 1
    ("4816230", 1, 1),  # Dallas ISD: stays in Tier 3
    ("4800001", 2, 2),
    ("4800002", 3, 3),
    ("4800003", 1, 2),
    ("4800004", 2, 3),
    ("4800005", 3, 3),
    ("4800006", 1, 1),
)
ROUND_DATES = (dt.datetime(2025, 10, 15, 15, tzinfo=dt.UTC), dt.datetime(2026, 10, 15, 15, tzinfo=dt.UTC))

SUPPORTS: tuple[tuple[str, str, str, list[str], list[str], str], ...] = (
    ("actionable-information", "Readiness results walkthrough", "State agency", [], [], "Webinar"),
    ("technical-assistance", "Performance task design clinic", "State agency, Office of Innovation", ["tier-3", "tier-2"], ["assessment-literacy"], "On site"),
    (
        "specialized-training",
        "Competency design institute",
        "State agency with a regional service center",
        ["tier-2", "tier-3"],
        ["learning-pathways", "educator-capacity"],
        "Three-day institute",
    ),
    ("specialized-training", "Common performance task calibration", "State agency", ["tier-1"], ["assessment-literacy"], "Workshop series"),
    (
        "peer-learning-networks",
        "Leadership team network",
        "State agency",
        ["tier-2", "tier-1"],
        ["vision-and-leadership", "culture-and-community"],
        "Quarterly convenings",
    ),
    ("partnerships", "Community engagement toolkit with a partner", "Partner organization", [], ["culture-and-community"], "Online"),
    ("micro-credentials", "Micro-credentials for coaching", "Partner organization", ["tier-1", "tier-2"], ["educator-capacity"], "Online, self-paced"),
)

DEMO_MEMBERS_SINCE = dt.date(2013, 8, 19)  # demo data: the collaborative's members joined for the 2013-14 school year


def _levels(pattern: int, codes: list[str]) -> dict[str, tuple[int | None, str]]:
    """Deterministic demo answers around a readiness level (1 low, 2 middle, 3 high)."""
    base = {1: [1, 2, 1, 2], 2: [2, 3, 2, 3], 3: [4, 3, 4, 3]}[pattern]
    answers: dict[str, tuple[int | None, str]] = {code: (base[i % 4], "") for i, code in enumerate(codes)}
    answers[codes[2]] = (max(base[0] - 1, 1), "")  # assessment literacy is the weakest domain
    answers[codes[3]] = (max(base[0] - 1, 1), "")
    return answers


def load(out: TextIO) -> None:
    instrument = services.readiness_instrument_load(actor=SYSTEM)
    texas = Jurisdiction.objects.get(usps="TX")
    codes = item_codes(instrument.definition)
    made = 0
    for leaid, first, second in DISTRICTS:
        district = Organisation.objects.filter(nces_leaid=leaid).first()
        if district is None or ReadinessRound.objects.filter(district=district, is_demo=True).exists():
            continue
        for pattern, at in zip((first, second), ROUND_DATES, strict=True):
            rnd = services.round_open(actor=SYSTEM, district=district, title=f"Fall {at.year}", instrument=instrument, is_demo=True)
            services.answers_save(actor=SYSTEM, round=rnd, answers=_levels(pattern, codes))
            services.round_submit(actor=SYSTEM, round=rnd, at=at)
        made += 1
    if not Support.objects.filter(jurisdiction=texas, is_demo=True).exists():
        for strategy, title, provider, tiers, domains, fmt in SUPPORTS:
            services.support_create(
                actor=SYSTEM, jurisdiction=texas, strategy=strategy, title=title, provider=provider, tiers=tiers, domains=domains, format=fmt,
                description="Demo data: an example of a support a state could offer.", starts_on=dt.date(2027, 1, 15), capacity=20, is_demo=True,
            )  # fmt: skip
    austin = Organisation.objects.filter(nces_leaid="4808940").first()
    if austin and not TaRequest.objects.filter(is_demo=True).exists():
        now = timezone.now()
        closed = services.ta_request_create(
            actor=SYSTEM,
            district=austin,
            topic="Scoring performance tasks together",
            details="",
            domains=["assessment-literacy"],
            urgency="normal",
            is_demo=True,
        )
        services.ta_note_add(actor=SYSTEM, request=closed, text="Visit planned with the middle school teams.", at=now - dt.timedelta(days=40))
        services.ta_close(
            actor=SYSTEM, request=closed, outcome="Two calibration sessions held; teams score tasks together each term.", at=now - dt.timedelta(days=10)
        )
        overdue = services.ta_request_create(
            actor=SYSTEM,
            district=austin,
            topic="Reporting competencies to families",
            details="",
            domains=["systems-and-resources"],
            urgency="high",
            is_demo=True,
        )
        TaRequest.objects.filter(pk=closed.pk).update(created_at=now - dt.timedelta(days=45))
        TaRequest.objects.filter(pk=overdue.pk).update(created_at=now - dt.timedelta(days=9))
    partners, resources = services.library_seed_load(actor=SYSTEM)
    if not Network.objects.filter(jurisdiction=texas, is_demo=True).exists():
        network = services.network_create(
            actor=SYSTEM, jurisdiction=texas, title="Texas competency-based education collaborative", cap=10, domains=["assessment-literacy"],
            purpose="Demo data: leadership teams of up to 10 districts meet each term to build model competencies and performance tasks.", is_demo=True,
            applications_close_on=timezone.localdate() + dt.timedelta(days=45),  # the demo's round closes in six weeks
        )  # fmt: skip
        districts = [d for d in (Organisation.objects.filter(nces_leaid=leaid).first() for leaid, _a, _b in DISTRICTS) if d is not None]
        for district in districts:
            member = services.network_apply(actor=SYSTEM, network=network, district=district)
            if district.nces_leaid != "4800006":  # left as an applicant to select
                # Demo members since the start of 2013-14, the demo's one enrollment year (TEA TAPR 2013-14), so the
                # insights' equity page (participants per school year) has participants to show.
                services.network_select(actor=SYSTEM, member=member, joined_on=DEMO_MEMBERS_SINCE)
        launch = services.convening_create(actor=SYSTEM, network=network, title="Launch convening", held_on=dt.date(2026, 9, 15), location="Austin")
        services.attendance_record(actor=SYSTEM, convening=launch, districts=districts[:6])
        services.convening_create(actor=SYSTEM, network=network, title="Winter convening", held_on=dt.date(2027, 1, 20), location="Online")
    out.write(f"Capacity library: {partners} sourced partners, {resources} sourced resources.\n")
    out.write(f"Capacity demo: readiness instrument v{instrument.version}, two rounds for each of {made} districts, supports and TA requests for Texas.\n")
