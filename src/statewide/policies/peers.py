"""What the tracker knows about framework conditions in a state, for the quiz's recommendations:
the state's policies in force that serve each condition, and peer states that have acted on it.

Read-only and public (the policy-record view rule); a fixed number of queries whatever the data size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from statewide.frameworks.models import Item
from statewide.places.models import Jurisdiction
from statewide.policies.models import PolicyRecord, in_force_q
from statewide.policies.permissions import policy_record_policy
from statewide.policies.services.validation import CONDITION_FRAMEWORK

PEERS_PER_CONDITION = 3


def record_brief(r: PolicyRecord) -> dict[str, Any]:
    """A record as the quiz result stores it (frozen at submission)."""
    return {
        "id": str(r.public_id),
        "title": r.title,
        "citation": r.citation,
        "state": r.jurisdiction.usps,
        "url": reverse("policies:detail", args=[r.public_id]),
        "confirmed": r.confirmed,
    }


@dataclass
class ConditionPolicies:
    usps: str
    name: str
    tracked: bool  # the tracker has at least one record of the state (in force or not)
    serving: dict[str, list[PolicyRecord]]  # condition code -> the state's records in force serving it
    others: dict[str, dict[str, list[PolicyRecord]]]  # condition code -> other state's USPS -> its records
    types: dict[str, frozenset[str]] = field(default_factory=dict)  # USPS -> policy types in force
    names: dict[str, str] = field(default_factory=dict)  # USPS -> name

    def peers(self, code: str, limit: int = PEERS_PER_CONDITION) -> list[tuple[str, str, list[PolicyRecord]]]:
        """Other states with a policy in force serving the condition: most alike in policy types first
        (Jaccard index of the types in force), then most records serving it, then by name."""
        mine = self.types.get(self.usps, frozenset())

        def alike(usps: str) -> float:
            theirs = self.types.get(usps, frozenset())
            return len(mine & theirs) / len(mine | theirs) if mine | theirs else 0.0

        ranked = sorted(self.others.get(code, {}).items(), key=lambda kv: (-alike(kv[0]), -len(kv[1]), self.names.get(kv[0], kv[0])))
        return [(usps, self.names.get(usps, usps), recs) for usps, recs in ranked[:limit]]


def condition_policies(usps: str, codes: list[str], on: dt.date | None = None) -> ConditionPolicies:
    """The state's and every other state's public records in force on `on` (default today) serving the
    given kw-spf-2019 conditions, in 4 queries."""
    on = on or timezone.localdate()
    state = Jurisdiction.objects.get(usps=usps.upper())
    visible = policy_record_policy.filter(None, "view")
    tracked = visible.filter(jurisdiction=state).exists()
    wanted = Item.objects.filter(framework__slug=CONDITION_FRAMEWORK, code__in=codes)
    records = list(
        visible.filter(in_force_q(on), conditions__in=wanted)
        .distinct()
        .select_related("jurisdiction", "policy_type")
        .prefetch_related(Prefetch("conditions", queryset=wanted, to_attr="served"))
        .order_by("jurisdiction__name", "in_force_from", "title")
    )
    types: dict[str, set[str]] = defaultdict(set)
    for j_usps, code in visible.filter(in_force_q(on)).values_list("jurisdiction__usps", "policy_type__code").distinct():
        types[j_usps].add(code)
    serving: dict[str, list[PolicyRecord]] = defaultdict(list)
    others: dict[str, dict[str, list[PolicyRecord]]] = defaultdict(lambda: defaultdict(list))
    names: dict[str, str] = {state.usps: state.name}
    for r in records:
        names[r.jurisdiction.usps] = r.jurisdiction.name
        for c in r.served:  # type: ignore[attr-defined]
            if r.jurisdiction_id == state.pk:
                serving[c.code].append(r)
            else:
                others[c.code][r.jurisdiction.usps].append(r)
    return ConditionPolicies(
        usps=state.usps,
        name=state.name,
        tracked=tracked,
        serving=dict(serving),
        others={k: dict(v) for k, v in others.items()},
        types={k: frozenset(v) for k, v in types.items()},
        names=names,
    )
