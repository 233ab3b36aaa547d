"""The partnerships registry and the resource library: loading the sourced seed, and curating resources."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from statewide.capacity.instrument import CONTENT
from statewide.capacity.models import Partnership, Resource, ResourceKind
from statewide.capacity.permissions import resource_policy
from statewide.capacity.selectors import domain_titles
from statewide.capacity.services.supports import _text_fields
from statewide.core.audit import audit_record
from statewide.core.cache import content_changed
from statewide.core.concurrency import edit_guard
from statewide.core.errors import ApplicationError
from statewide.core.permissions import SYSTEM, Actor
from statewide.core.text import http_url_problem

SEED = CONTENT / "partners-and-resources.yaml"


@transaction.atomic
def library_seed_load(*, actor: Actor) -> tuple[int, int]:
    """Load the sourced partners and resources (idempotent: keyed by slug / link and title)."""
    if actor is not SYSTEM:
        raise ApplicationError(_("Only the platform loads the seed."))
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    for row in data["partners"]:
        row = {k: v for k, v in row.items() if not k.startswith("x-")}
        row["checked_on"] = dt.date.fromisoformat(str(row["checked_on"]))
        Partnership.objects.update_or_create(slug=row.pop("slug"), defaults=row)
    for row in data["resources"]:
        row["checked_on"] = dt.date.fromisoformat(str(row["checked_on"]))
        Resource.objects.update_or_create(url=row["url"], title=row["title"], defaults=row)
    content_changed("capacity")
    return len(data["partners"]), len(data["resources"])


def _resource_values(
    *, title: str, kind: str, url: str, summary: str, domains: list[str], tiers: list[str], audience: str, source: str, published: str
) -> dict[str, Any]:
    """Check a resource's fields (the one rule for create and update): the cleaned values or field errors."""
    problems = _text_fields(
        {"title": title, "summary": summary, "audience": audience, "source": source, "published": published},
        required=("title", "source"),
        multiline=("summary",),
    )
    known = domain_titles()
    if unknown := [d for d in domains if d not in known]:
        problems["domains"] = [_("Unknown domain: %(codes)s.") % {"codes": ", ".join(unknown)}]
    if kind not in ResourceKind.values:
        problems["kind"] = [_("Choose a type.")]
    if problem := http_url_problem(url) if url else _("Give the link."):
        problems["url"] = [problem]
    if problems:
        raise ApplicationError(_("The resource was not saved."), fields=problems)
    return {
        "title": title.strip(),
        "kind": kind,
        "url": url,
        "summary": summary.strip(),
        "domains": list(domains),
        "tiers": list(tiers),
        "audience": audience.strip(),
        "source": source.strip(),
        "published": published.strip(),
    }


@transaction.atomic
def resource_create(
    *, actor: Actor, title: str, kind: str, url: str, summary: str, domains: list[str], tiers: list[str], audience: str, source: str, published: str = ""
) -> Resource:
    """Content editors curate the library; every resource names its source and is checked today."""
    resource_policy.require_create(actor)
    values = _resource_values(
        title=title, kind=kind, url=url, summary=summary, domains=domains, tiers=tiers, audience=audience, source=source, published=published
    )
    resource = Resource.objects.create(**values, checked_on=timezone.localdate())
    audit_record(actor=actor, action="resource.create", obj=resource, after={"title": resource.title, "url": url})
    return resource


@transaction.atomic
def resource_update(
    *, actor: Actor, resource: Resource, title: str, kind: str, url: str, summary: str, domains: list[str], tiers: list[str], audience: str,
    source: str, published: str = "", expected_version: int | None = None,
) -> Resource:  # fmt: skip
    """Content editors correct a resource; saving it is checking it, so its checked-on date becomes today.
    `expected_version`: optimistic locking (core.concurrency)."""
    resource_policy.require(actor, "change", resource)
    values = _resource_values(
        title=title, kind=kind, url=url, summary=summary, domains=domains, tiers=tiers, audience=audience, source=source, published=published
    )
    before = {k: str(getattr(resource, k)) for k in values}
    edit_guard(resource, expected=expected_version, submitted=values)
    for key, value in values.items():
        setattr(resource, key, value)
    resource.checked_on = timezone.localdate()
    resource.save()
    changed = [k for k in values if before[k] != str(values[k])]
    audit_record(actor=actor, action="resource.update", obj=resource, before={k: before[k] for k in changed}, after={k: str(values[k]) for k in changed})
    return resource


@transaction.atomic
def resource_withdraw(*, actor: Actor, resource: Resource) -> Resource:
    """Content editors take a resource out of the public library (it is kept, and its history with it)."""
    resource_policy.require(actor, "change", resource)
    if resource.withdrawn_on is not None:
        raise ApplicationError(_("This resource is already withdrawn."), fields={"resource": [_("This resource is already withdrawn.")]})
    resource.withdrawn_on = timezone.localdate()
    resource.save(update_fields=["withdrawn_on", "updated_at"])
    audit_record(
        actor=actor, action="resource.withdraw", obj=resource, before={"withdrawn_on": None}, after={"withdrawn_on": resource.withdrawn_on.isoformat()}
    )
    return resource
