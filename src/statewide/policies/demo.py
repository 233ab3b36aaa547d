"""Load the tracker's content: the policy-type vocabulary and the sourced seed policies (idempotent).

`load(out)` is called by `statewide load-demo`; `manage.py load_policies` runs the same loaders.
Seeded records carry a `seed_key`; re-loading updates them in place through the services, so an
unchanged seed creates no new version and a changed seed creates exactly one. A seeded record that a
person has edited since (any version not noted "seed") is left alone: the edit wins.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO

import yaml
from django.db import transaction

from statewide.core.errors import ApplicationError
from statewide.core.permissions import SYSTEM
from statewide.policies.models import PolicyRecord, PolicyRecordVersion
from statewide.policies.services.records import policy_record_create, policy_record_update
from statewide.policies.services.types import policy_type_upsert
from statewide.policies.services.validation import Lookups

CONTENT = Path(__file__).parent / "content"
TYPES_SCHEMA = "statewide-policy-types/1"
SEED_SCHEMA = "statewide-policies/1"


def _yaml(name: str) -> dict[str, Any]:
    with (CONTENT / name).open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def load_policy_types() -> int:
    """Create or update the policy types of content/policy-types.yaml. Returns how many there are."""
    data = _yaml("policy-types.yaml")
    if data.get("schema") != TYPES_SCHEMA:
        raise ValueError(f"policy-types.yaml must declare schema {TYPES_SCHEMA}")
    with transaction.atomic():
        for position, t in enumerate(data["types"], start=1):
            items = [tuple(ref.split("/", 1)) for ref in t.get("items", [])]
            policy_type_upsert(actor=SYSTEM, code=t["code"], name=t["name"], description=t.get("description", ""), position=position, items=items)  # type: ignore[arg-type]
    return len(data["types"])


def seed_files() -> list[Path]:
    """The seed files: content/policies.yaml first, then every content/policies-*.yaml by name."""
    return [CONTENT / "policies.yaml", *sorted(CONTENT.glob("policies-*.yaml"))]


def _raw_seed_records() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in seed_files():
        data = _yaml(path.name)
        if data.get("schema") != SEED_SCHEMA:
            raise ValueError(f"{path.name} must declare schema {SEED_SCHEMA}")
        if "checked_on" in data:
            raise ValueError(f"{path.name}: give each record its own checked_on, not one date for the file")
        out.extend(data["records"])
    keys = [r["key"] for r in out]
    if len(keys) != len(set(keys)):
        raise ValueError(f"Duplicate seed keys: {sorted({k for k in keys if keys.count(k) > 1})}")
    return out


def seed_records() -> list[dict[str, Any]]:
    """The seed records of every seed file. Each record must carry its own checked_on (the date its
    sources were checked); a source without a date of its own takes the record's."""
    out = []
    for raw in _raw_seed_records():
        rec = dict(raw)
        if not rec.get("checked_on"):
            raise ValueError(f"Seed record {rec.get('key')} has no checked_on")
        rec["sources"] = [{"checked_on": str(rec["checked_on"]), **s} for s in rec.get("sources", [])]
        out.append(rec)
    return out


def load_seed_policies() -> tuple[int, int]:
    """Create or update the seeded records. Returns (created, updated)."""
    created = updated = 0
    records = seed_records()
    with transaction.atomic():
        lookups = Lookups.load()
        existing = {r.seed_key: r for r in PolicyRecord.objects.exclude(seed_key="")}
        edited = set(PolicyRecordVersion.objects.filter(record__seed_key__in=list(existing)).exclude(note="seed").values_list("record__seed_key", flat=True))
        # Two passes so `related` can point at records seeded later in the file.
        keys_to_id: dict[str, str] = {k: str(r.public_id) for k, r in existing.items()}
        for rec in records:
            key = rec.pop("key")
            rec.pop("related_keys", None)
            if key in existing and key in edited:
                continue  # a person has edited this record since it was seeded: their edit wins
            try:
                if key in existing:
                    before_version = existing[key].version
                    r = policy_record_update(actor=SYSTEM, record=existing[key], data=rec, note="seed", lookups=lookups)
                    updated += int(r.version != before_version)
                else:
                    r = policy_record_create(actor=SYSTEM, data=rec, note="seed", lookups=lookups, seed_key=key)
                    existing[key] = r
                    created += 1
            except ApplicationError as exc:
                raise ApplicationError(f"Seed record {key}: {exc.message}", fields=exc.fields) from exc
            keys_to_id[key] = str(r.public_id)
        for raw in _raw_seed_records():
            if raw.get("related_keys") and raw["key"] not in edited:
                related = [{"kind": kind, "to": keys_to_id[k]} for kind, k in (p.split(":", 1) for p in raw["related_keys"])]
                policy_record_update(actor=SYSTEM, record=existing[raw["key"]], data={"related": related}, note="seed", lookups=lookups)
    return created, updated


def load(out: TextIO) -> None:
    n = load_policy_types()
    created, updated = load_seed_policies()
    out.write(f"Policies: {n} policy types; seed records {created} created, {updated} updated.\n")
