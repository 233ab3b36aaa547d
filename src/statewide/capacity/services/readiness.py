"""Readiness: the instrument, the state's tier scheme, rounds, the team, answers and submission."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from statewide.capacity.instrument import instrument_definition, item_codes
from statewide.capacity.models import Answer, ReadinessInstrument, ReadinessRound, RoundStatus, TeamMember, TierScheme
from statewide.capacity.permissions import round_policy, tier_scheme_policy
from statewide.capacity.scoring import score_round
from statewide.capacity.selectors import district_members, state_settings, usps_of
from statewide.core.audit import audit_record
from statewide.core.errors import ApplicationError
from statewide.core.permissions import SYSTEM, Actor, actor_user
from statewide.core.text import text_problem
from statewide.places.models import Jurisdiction, Organisation


@transaction.atomic
def readiness_instrument_load(*, actor: Actor) -> ReadinessInstrument:
    """Store the shipped instrument version (idempotent; reference data: the platform loads it, as `load-frameworks`).

    A changed definition needs a new version number once rounds use it."""
    if actor is not SYSTEM:
        raise PermissionDenied
    data = instrument_definition()
    instrument, created = ReadinessInstrument.objects.get_or_create(
        slug=data["slug"], version=data["version"], defaults={"title": data["title"], "definition": data}
    )
    if not created and instrument.definition != data:
        if instrument.rounds.exists():
            raise ApplicationError(
                _("Version %s of the readiness instrument is in use; give the changed file a new version.") % data["version"],
                fields={"version": [_("Increase the version.")]},
            )
        instrument.definition, instrument.title = data, data["title"]
        instrument.save(update_fields=["definition", "title", "updated_at"])
    elif not created:
        return instrument
    audit_record(actor=actor, action="readiness_instrument.load", obj=instrument, after={"slug": instrument.slug, "version": instrument.version})
    return instrument


def _check_tiers(tiers: list[dict[str, Any]]) -> None:
    problems: dict[str, list[str]] = {}
    if not 2 <= len(tiers) <= 6:
        problems["tiers"] = [_("Give between two and six tiers.")]
    codes = [t.get("code", "") for t in tiers]
    if len(set(codes)) != len(codes):
        problems["tiers"] = [_("Tier codes must be distinct.")]
    for index, tier in enumerate(tiers):
        for key in ("code", "name"):
            value = str(tier.get(key, "")).strip()
            if not value or (problem := text_problem(value)) or len(value) > 80:
                problems[f"tiers[{index}].{key}"] = [problem or _("Give a short text (at most 80 characters).")]
        try:
            score = Fraction(str(tier.get("min_score")))
        except (ValueError, ZeroDivisionError):
            problems[f"tiers[{index}].min_score"] = [_("Give a number between 1 and 4.")]
            continue
        if not 1 <= score <= 4:
            problems[f"tiers[{index}].min_score"] = [_("Give a number between 1 and 4.")]
    if problems:
        raise ApplicationError(_("The tiers are not valid."), fields=problems)


@transaction.atomic
def tier_scheme_set(
    *,
    actor: Actor,
    jurisdiction: Jurisdiction,
    tiers: list[dict[str, Any]],
    mentors_across_states: bool = False,
    ta_response_days: int = 5,
    ta_resolution_days: int = 45,
) -> TierScheme:
    """Set a state's tiers, mentor opt-in and TA targets. Rounds already submitted keep the scheme they were scored with."""
    tier_scheme_policy.require_create(actor, state=jurisdiction.usps)
    _check_tiers(tiers)
    tiers = [
        {"code": str(t["code"]).strip(), "name": str(t["name"]).strip(), "min_score": str(t["min_score"]), "description": str(t.get("description", ""))}
        for t in tiers
    ]
    before = state_settings(jurisdiction)
    scheme, _created = TierScheme.objects.update_or_create(
        jurisdiction=jurisdiction,
        defaults={
            "tiers": tiers,
            "mentors_across_states": mentors_across_states,
            "ta_response_days": ta_response_days,
            "ta_resolution_days": ta_resolution_days,
        },
    )
    audit_record(
        actor=actor, action="tier_scheme.set", obj=scheme, object_repr=_("Tiers of %s") % jurisdiction.name,
        before={"tiers": before.tier_data}, after={"tiers": tiers, "mentors_across_states": mentors_across_states}, scope_state=jurisdiction.usps,
    )  # fmt: skip
    return scheme


@transaction.atomic
def round_open(*, actor: Actor, district: Organisation, title: str, instrument: ReadinessInstrument, is_demo: bool = False) -> ReadinessRound:
    round_policy.require_create(actor, org=district)
    if problem := text_problem(title.strip()) or ("" if title.strip() else _("Give the round a title.")):
        raise ApplicationError(_("The round was not opened."), fields={"title": [problem]})
    if ReadinessRound.objects.select_for_update().filter(district=district, status=RoundStatus.OPEN).exists():
        raise ApplicationError(_("This district already has an open round: submit it first."), fields={"title": [_("One open round at a time.")]})
    rnd = ReadinessRound.objects.create(district=district, instrument=instrument, title=title.strip()[:120], is_demo=is_demo)
    user = actor_user(actor)
    if user is not None:
        TeamMember.objects.create(round=rnd, user=user)
    audit_record(actor=actor, action="readiness_round.open", obj=rnd, after={"title": rnd.title}, scope_state=usps_of(district), scope_org=district.public_id)
    return rnd


@transaction.atomic
def team_member_add(*, actor: Actor, round: ReadinessRound, user: Any) -> TeamMember:
    """The lead invites a member of the district to answer the round."""
    round_policy.require(actor, "submit", round)
    if not district_members(round.district).filter(user=user).exists():
        raise ApplicationError(_("Only people who hold a role in the district can join its team."), fields={"email": [_("Not a member of this district.")]})
    member, created = TeamMember.objects.get_or_create(round=round, user=user)
    if created:
        audit_record(
            actor=actor,
            action="readiness_team.add",
            obj=round,
            after={"member": user.email},
            scope_state=usps_of(round.district),
            scope_org=round.district.public_id,
        )
    return member


def _refuse_overwrites(existing: dict[str, Answer], answers: dict[str, tuple[int | None, str]], seen: dict[str, str], definition: dict[str, Any]) -> None:
    labels = {lv["value"]: lv["label"] for lv in definition["levels"]}
    prompts = {item["code"]: item["prompt"] for domain in definition["domains"] for item in domain["items"]}
    conflicts: dict[str, list[str]] = {}
    for code, (level, note) in answers.items():
        saved = existing.get(code)
        now = saved.seen_token if saved else ""
        if code in seen and seen[code] != now and (saved is None or (saved.level, saved.note) != (level, note.strip())):
            said = (labels.get(saved.level, _("Not sure")) if saved.level is not None else _("Not sure")) if saved else _("no answer")
            conflicts[code] = [
                _("%(prompt)s: someone else saved this item while you were answering; it now says %(answer)s. Saving again keeps yours.")
                % {"prompt": prompts.get(code, code), "answer": said}
            ]
    if conflicts:
        raise ApplicationError(
            _("Someone else saved answers while you were editing: nothing was saved. Check the items below."), code="conflict", fields=conflicts
        )


@transaction.atomic
def answers_save(*, actor: Actor, round: ReadinessRound, answers: dict[str, tuple[int | None, str]], seen: dict[str, str] | None = None) -> int:
    """Save the team's answers (item code -> (level or None for "not sure", note)). Returns how many changed.

    `seen` (item code -> `Answer.seen_token` of the answer the person's form showed, "" for none): when
    someone else changed an item since, and this save would change it again, nothing is saved and each such
    item is named (code "conflict"): several people answer one round, and none silently overwrites another.
    Without it (imports of collected submissions) the last save wins."""
    round_policy.require(actor, "answer", round)
    if round.status != RoundStatus.OPEN:
        raise ApplicationError(_("This round has been submitted; its answers can no longer change."))
    definition = round.instrument.definition
    codes = set(item_codes(definition))
    values = {lv["value"] for lv in definition["levels"]}
    problems: dict[str, list[str]] = {}
    for code, (level, note) in answers.items():
        if code not in codes:
            problems[code] = [_("Not an item of this instrument.")]
        elif level is not None and level not in values:
            problems[code] = [_("Choose one of the levels.")]
        elif problem := text_problem(note, multiline=True):
            problems[code] = [problem]
    if problems:
        raise ApplicationError(_("The answers were not saved."), fields=problems)
    existing = {a.item_code: a for a in Answer.objects.select_for_update().filter(round=round)}
    if seen is not None:
        _refuse_overwrites(existing, answers, seen, definition)
    user = actor_user(actor)
    changed = 0
    for code, (level, note) in answers.items():
        answer = existing.get(code)
        if answer is None:
            Answer.objects.create(round=round, item_code=code, level=level, note=note.strip(), answered_by=user)
        elif (answer.level, answer.note) != (level, note.strip()):
            answer.level, answer.note, answer.answered_by = level, note.strip(), user
            answer.save(update_fields=["level", "note", "answered_by", "updated_at"])
        else:
            continue
        changed += 1
    if changed:
        audit_record(
            actor=actor,
            action="readiness_answers.save",
            obj=round,
            after={"changed": changed},
            scope_state=usps_of(round.district),
            scope_org=round.district.public_id,
        )
    return changed


@transaction.atomic
def round_submit(*, actor: Actor, round: ReadinessRound, at: Any = None) -> ReadinessRound:
    """The lead submits: the answers are scored against the state's tiers and the result is kept with the round."""
    round_policy.require(actor, "submit", round)
    rnd = ReadinessRound.objects.select_for_update().get(pk=round.pk)
    if rnd.status != RoundStatus.OPEN:
        raise ApplicationError(_("This round has already been submitted."))
    settings = state_settings(round.district.jurisdiction)
    answers = {a.item_code: a.level for a in rnd.answers.all()}
    result = score_round(rnd.instrument.definition, answers, settings.tiers)
    rnd.result = {**result.as_json(), "tiers": settings.tier_data, "default_tiers": settings.is_default}
    rnd.tier_code = result.tier.code if result.tier else ""
    rnd.score = Decimal(f"{float(result.score):.2f}") if result.score is not None else None
    rnd.status = RoundStatus.SUBMITTED
    rnd.submitted_at = at or timezone.now()
    rnd.submitted_by = actor_user(actor)
    rnd.save()
    audit_record(
        actor=actor, action="readiness_round.submit", obj=rnd, after={"tier": rnd.tier_code, "score": str(rnd.score)},
        scope_state=usps_of(rnd.district), scope_org=rnd.district.public_id,
    )  # fmt: skip
    round.refresh_from_db()
    return rnd
