"""Peer networks: creation, applications, selection with a cap and a waitlist, convenings with attendance."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from statewide.capacity.models import Convening, MembershipStatus, Network, NetworkMember
from statewide.capacity.permissions import network_policy, ta_policy
from statewide.capacity.services.supports import _text_fields
from statewide.core.audit import audit_record
from statewide.core.concurrency import edit_guard
from statewide.core.errors import ApplicationError
from statewide.core.permissions import Actor
from statewide.core.text import http_url_problem
from statewide.places.models import Jurisdiction, Organisation


def _network_problems(*, title: str, purpose: str, cap: int, opens: dt.date | None, closes: dt.date | None) -> dict[str, list[str]]:
    """The one check of a network's fields (create and update): text, cap, and the round's dates in order."""
    problems = _text_fields({"title": title, "purpose": purpose}, required=("title",), multiline=("purpose",))
    if not 1 <= cap <= 500:
        problems["cap"] = [_("Give a cap between 1 and 500.")]
    if opens and closes and closes < opens:
        problems["applications_close_on"] = [_("The closing date must be on or after the opening date.")]
    return problems


def _round_dates(network: Network) -> dict[str, str | None]:
    return {k: d.isoformat() if (d := getattr(network, k)) else None for k in ("applications_open_on", "applications_close_on")}


@transaction.atomic
def network_create(
    *, actor: Actor, jurisdiction: Jurisdiction, title: str, purpose: str, cap: int, domains: list[str], is_demo: bool = False,
    applications_open_on: dt.date | None = None, applications_close_on: dt.date | None = None,
) -> Network:  # fmt: skip
    network_policy.require_create(actor, state=jurisdiction.usps)
    if problems := _network_problems(title=title, purpose=purpose, cap=cap, opens=applications_open_on, closes=applications_close_on):
        raise ApplicationError(_("The network was not created."), fields=problems)
    network = Network.objects.create(
        jurisdiction=jurisdiction, title=title.strip(), purpose=purpose.strip(), cap=cap, domains=domains, is_demo=is_demo,
        applications_open_on=applications_open_on, applications_close_on=applications_close_on,
    )  # fmt: skip
    audit_record(
        actor=actor, action="network.create", obj=network, after={"title": network.title, "cap": cap, **_round_dates(network)}, scope_state=jurisdiction.usps
    )
    return network


@transaction.atomic
def network_update(
    *, actor: Actor, network: Network, title: str, purpose: str, cap: int, domains: list[str], applications_open: bool,
    applications_open_on: dt.date | None = None, applications_close_on: dt.date | None = None, expected_version: int | None = None,
) -> Network:  # fmt: skip
    """The state's admins edit a network (its round's dates too). The cap never goes below the members already seated.
    `expected_version`: optimistic locking (core.concurrency)."""
    network_policy.require(actor, "manage", network)
    network = Network.objects.select_for_update().get(pk=network.pk)
    problems = _network_problems(title=title, purpose=purpose, cap=cap, opens=applications_open_on, closes=applications_close_on)
    if "cap" not in problems and cap < network.member_count:
        problems["cap"] = [_("The network has %(n)d members: the cap cannot be lower.") % {"n": network.member_count}]
    if problems:
        raise ApplicationError(_("The network was not saved."), fields=problems)
    before = {"title": network.title, "cap": network.cap, "applications_open": network.applications_open, **_round_dates(network)}
    submitted = {"title": title.strip(), "purpose": purpose.strip(), "cap": cap, "domains": list(domains), "applications_open": applications_open}
    submitted |= {"applications_open_on": applications_open_on, "applications_close_on": applications_close_on}
    edit_guard(network, expected=expected_version, submitted=submitted)
    network.title, network.purpose, network.cap, network.domains = title.strip(), purpose.strip(), cap, list(domains)
    network.applications_open = applications_open
    network.applications_open_on, network.applications_close_on = applications_open_on, applications_close_on
    network.save()
    audit_record(
        actor=actor, action="network.update", obj=network, before=before,
        after={"title": network.title, "cap": cap, "applications_open": applications_open, **_round_dates(network)}, scope_state=network.jurisdiction.usps,
    )  # fmt: skip
    return network


def application_refusal(network: Network, today: dt.date) -> str:
    """Why a district cannot apply on `today` ("" when it can): the message of pages and API."""
    status = network.application_status(today)
    if status == "not_yet" and network.applications_open_on:
        return _("Applications to this network open on %(day)s.") % {"day": date_format(network.applications_open_on, "DATE_FORMAT")}
    if status == "ended" and network.applications_close_on:
        return _("Applications to this network closed on %(day)s.") % {"day": date_format(network.applications_close_on, "DATE_FORMAT")}
    if status == "closed":
        return _("Applications to this network are closed.")
    return ""


@transaction.atomic
def network_applications_set(*, actor: Actor, network: Network, open: bool) -> Network:
    """Open or close a network's application round (applicants already in stay; new ones are refused while closed)."""
    network_policy.require(actor, "manage", network)
    before = network.applications_open
    Network.objects.filter(pk=network.pk).update(applications_open=open)
    network.applications_open = open
    audit_record(
        actor=actor, action="network.applications_open" if open else "network.applications_close", obj=network,
        before={"applications_open": before}, after={"applications_open": open}, scope_state=network.jurisdiction.usps,
    )  # fmt: skip
    return network


@transaction.atomic
def network_apply(*, actor: Actor, network: Network, district: Organisation, statement: str = "") -> NetworkMember:
    """A district (its members) applies while applications are open."""
    ta_policy.require_create(actor, org=district)
    if refusal := application_refusal(network, timezone.localdate()):
        raise ApplicationError(refusal, fields={"network": [refusal]})
    if district.jurisdiction_id != network.jurisdiction_id:
        raise ApplicationError(_("This network is for districts of another state."))
    if problems := _text_fields({"statement": statement}, multiline=("statement",)):
        raise ApplicationError(_("The application was not sent."), fields=problems)
    member, created = NetworkMember.objects.get_or_create(network=network, district=district, defaults={"statement": statement.strip()})
    if created:
        audit_record(actor=actor, action="network.apply", obj=network, after={"district": district.nces_leaid}, scope_state=network.jurisdiction.usps)
    return member


@transaction.atomic
def network_select(*, actor: Actor, member: NetworkMember, joined_on: dt.date | None = None) -> NetworkMember:
    """The state selects an applicant: a member while the cap allows, otherwise waitlisted. `joined_on`: the day
    the district became a member (today unless the state records an earlier day; never a future one).

    The seat is taken by one conditional UPDATE (`member_count < cap`), which the database applies
    atomically, so concurrent selections never pass the cap; the check constraint backs it up."""
    network_policy.require(actor, "manage", member.network)
    if joined_on is not None and joined_on > timezone.localdate():
        raise ApplicationError(_("The membership was not recorded: give today or an earlier day."), fields={"joined_on": [_("Give today or an earlier day.")]})
    member = NetworkMember.objects.select_for_update().get(pk=member.pk)
    if member.status == MembershipStatus.MEMBER:
        return member
    seated = Network.objects.filter(pk=member.network_id, member_count__lt=F("cap")).update(member_count=F("member_count") + 1)
    member.status = MembershipStatus.MEMBER if seated else MembershipStatus.WAITLISTED
    if seated:
        member.joined_on, member.left_on = joined_on or timezone.localdate(), None
    member.save(update_fields=["status", "joined_on", "left_on", "updated_at"])
    audit_record(
        actor=actor,
        action="network.select",
        obj=member.network,
        after={"district": member.district.nces_leaid, "status": member.status},
        scope_state=member.network.jurisdiction.usps,
    )
    return member


@transaction.atomic
def network_leave(*, actor: Actor, member: NetworkMember, left_on: dt.date | None = None) -> NetworkMember | None:
    """A member leaves (the state records it, on `left_on`: today unless an earlier day, never before it joined);
    the first on the waitlist takes the seat. Returns who moved up."""
    network_policy.require(actor, "manage", member.network)
    member = NetworkMember.objects.select_for_update().get(pk=member.pk)
    if member.status != MembershipStatus.MEMBER:
        raise ApplicationError(_("Only a member can leave."))
    left_on = left_on or timezone.localdate()
    if left_on > timezone.localdate() or (member.joined_on and left_on < member.joined_on):
        raise ApplicationError(
            _("The departure was not recorded: give a day from the day it joined to today."),
            fields={"left_on": [_("Give a day from the day it joined to today.")]},
        )
    network = Network.objects.select_for_update().get(pk=member.network_id)
    member.status = MembershipStatus.LEFT
    member.left_on = left_on
    member.save(update_fields=["status", "left_on", "updated_at"])
    Network.objects.filter(pk=network.pk).update(member_count=F("member_count") - 1)
    promoted = NetworkMember.objects.filter(network=network, status=MembershipStatus.WAITLISTED).order_by("updated_at", "id").first()
    if promoted:
        Network.objects.filter(pk=network.pk).update(member_count=F("member_count") + 1)
        promoted.status = MembershipStatus.MEMBER
        promoted.joined_on, promoted.left_on = timezone.localdate(), None
        promoted.save(update_fields=["status", "joined_on", "left_on", "updated_at"])
    audit_record(
        actor=actor,
        action="network.leave",
        obj=network,
        after={"left": member.district.nces_leaid, "promoted": promoted.district.nces_leaid if promoted else None},
        scope_state=network.jurisdiction.usps,
    )
    return promoted


@transaction.atomic
def convening_create(*, actor: Actor, network: Network, title: str, held_on: dt.date, location: str = "", materials_url: str = "") -> Convening:
    network_policy.require(actor, "manage", network)
    problems = _text_fields({"title": title, "location": location}, required=("title",))
    if materials_url and (problem := http_url_problem(materials_url)):
        problems["materials_url"] = [problem]
    if problems:
        raise ApplicationError(_("The convening was not saved."), fields=problems)
    convening = Convening.objects.create(network=network, title=title.strip(), held_on=held_on, location=location.strip(), materials_url=materials_url)
    audit_record(
        actor=actor,
        action="network.convening",
        obj=network,
        after={"title": convening.title, "held_on": held_on.isoformat()},
        scope_state=network.jurisdiction.usps,
    )
    return convening


@transaction.atomic
def attendance_record(*, actor: Actor, convening: Convening, districts: list[Organisation]) -> int:
    """Record which member districts attended (replaces the list). Returns how many attended."""
    network_policy.require(actor, "manage", convening.network)
    members = set(NetworkMember.objects.filter(network=convening.network, status=MembershipStatus.MEMBER).values_list("district_id", flat=True))
    if strangers := [d.name for d in districts if d.pk not in members]:
        raise ApplicationError(_("Only member districts can attend."), fields={"districts": strangers})
    convening.attended.set(districts)
    audit_record(
        actor=actor,
        action="network.attendance",
        obj=convening.network,
        after={"convening": convening.title, "attended": len(districts)},
        scope_state=convening.network.jurisdiction.usps,
    )
    return len(districts)
