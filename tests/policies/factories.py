"""Factories for policy records (seeded Faker via tests.factories)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import factory
from factory.django import DjangoModelFactory

import tests.factories  # noqa: F401  (fixes the Faker seed)
from statewide.core.cache import content_changed
from statewide.frameworks.models import Item
from statewide.places.models import Jurisdiction
from statewide.policies.models import LegalInstrument, PolicyRecord, PolicyType, Status
from tests.factories import analyze


class PolicyRecordFactory(DjangoModelFactory[PolicyRecord]):
    """A record saved directly (no version, no audit): for lists and budgets. Use the services to test edits."""

    class Meta:
        model = PolicyRecord

    class Params:
        state = "TX"
        type_code = "pilot-grant"

    jurisdiction = factory.LazyAttribute(lambda o: Jurisdiction.objects.get(usps=o.state))
    policy_type = factory.LazyAttribute(lambda o: PolicyType.objects.get(code=o.type_code))
    title = factory.Sequence(lambda n: f"Test policy {n}")
    instrument = LegalInstrument.STATUTE
    status = Status.IN_EFFECT
    enacted_on = dt.date(2015, 7, 1)
    summary = factory.Faker("sentence")
    sources = factory.LazyFunction(lambda: [{"url": "https://example.org/policy", "title": "Example", "checked_on": "2026-11-22"}])
    checked_on = dt.date(2026, 11, 22)
    version = 1

    @classmethod
    def _create(cls, model_class: type[PolicyRecord], *args: Any, **kwargs: Any) -> PolicyRecord:
        record = super()._create(model_class, *args, **kwargs)
        content_changed("policies", scopes=[record.jurisdiction.usps])  # as the services do: its state's summary is stale
        return record


def valid_input(**overrides: Any) -> dict[str, Any]:
    """A valid `statewide-policies/1` input for the services."""
    data: dict[str, Any] = {
        "jurisdiction": "TX",
        "title": "Innovation zones for districts",
        "policy_type": "innovation-zone",
        "instrument": "statute",
        "bill_number": "HB 1",
        "session": "2015",
        "status": "in_effect",
        "enacted_on": "2015-06-01",
        "effective_on": "2015-09-01",
        "conditions": ["culture-of-innovation"],
        "summary": "A test record.",
        "sources": [{"url": "https://example.org/hb1", "title": "HB 1", "checked_on": "2026-11-22"}],
    }
    data.update(overrides)
    return data


# Query budgets are measured on this many records: far more than any page shows, so one query per
# record (an N+1) would break every budget. National scale (20,000) is measured by `make bench`.
BUDGET_RECORDS = 3_000


def bulk_records(n: int, *, seed: int = 5) -> list[PolicyRecord]:
    """n records spread over all jurisdictions and types, with conditions, via bulk_create (fast)."""
    rng = random.Random(seed)
    states = list(Jurisdiction.objects.all())
    types = list(PolicyType.objects.all())
    conditions = list(Item.objects.filter(framework__slug="kw-spf-2019", kind="condition"))
    rows = []
    for i in range(n):
        start = dt.date(2000 + rng.randrange(25), rng.randrange(1, 13), 1)
        rows.append(
            PolicyRecord(
                jurisdiction=rng.choice(states),
                policy_type=rng.choice(types),
                title=f"Bulk policy {i}",
                instrument=LegalInstrument.STATUTE,
                status=Status.IN_EFFECT,
                enacted_on=start,
                in_force_from=start,
                summary="bulk",
                version=1,
                sources=[{"url": f"https://example.org/{i}", "title": "", "checked_on": "2026-11-22"}],
            )
        )
    created = PolicyRecord.objects.bulk_create(rows, batch_size=2000)
    through = PolicyRecord.conditions.through
    through.objects.bulk_create([through(policyrecord_id=r.pk, item_id=rng.choice(conditions).pk) for r in created], batch_size=5000)
    analyze(PolicyRecord._meta.db_table, through._meta.db_table)
    content_changed("policies")  # as the bulk writers do: cached pages and per-state summaries are stale
    return created
