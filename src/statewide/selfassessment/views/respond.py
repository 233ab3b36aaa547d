"""Respondent pages: no account, reached through a group link or a personal link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from statewide.core.errors import ApplicationError
from statewide.frameworks.models import Descriptor, Item, Level
from statewide.frameworks.translations import localize_descriptors, localize_items, localize_levels
from statewide.selfassessment import services
from statewide.selfassessment.forms import NOT_STARTED, NOT_SURE, AnswerForm
from statewide.selfassessment.models import Campaign, CampaignStatus, Respondent
from statewide.selfassessment.results import campaign_conditions, campaign_levels
from statewide.selfassessment.selectors import descriptors_by_item, group_by_token, respondent_by_token


def _is_open(campaign: Campaign) -> bool:
    from django.utils import timezone  # noqa: PLC0415

    return campaign.status == CampaignStatus.OPEN and campaign.opens_on <= timezone.localdate() <= campaign.closes_on


def _no_robots(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin"  # the token must not leak to other sites
    return response


def _limited(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    return _no_robots(TemplateResponse(request, "selfassessment/closed.html", {"campaign": campaign, "rate_limited": True}, status=429))


@never_cache
def join(request: HttpRequest, token: str) -> HttpResponse:
    group = group_by_token(token)
    campaign = group.campaign
    if not _is_open(campaign):
        return _no_robots(TemplateResponse(request, "selfassessment/closed.html", {"campaign": campaign}, status=403 if request.method == "POST" else 200))
    if request.method == "POST":
        if not services.SUBMISSION_LIMIT.hit_request(request, token):
            return _limited(request, campaign)
        respondent = services.respondent_start(group=group)
        return redirect("selfassessment:answer", respondent.token)
    return _no_robots(TemplateResponse(request, "selfassessment/join.html", {"group": group, "campaign": campaign}))


STEP_SIZE = 3  # conditions per step of the respondent form; the last step is the priorities


def _initial(respondent: Respondent) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for r in respondent.ratings.select_related("item", "level"):
        initial[f"phase_{r.item.code}"] = NOT_STARTED if r.not_started else (r.level.code if r.level else NOT_SURE)
        initial[f"confidence_{r.item.code}"] = r.confidence
        initial[f"comment_{r.item.code}"] = r.comment
    initial["priorities"] = [i.code for i in respondent.priorities.all()]
    return initial


def _phases(levels: list[Level], descs: list[Descriptor]) -> list[tuple[Level, list[Descriptor]]]:
    """Each phase with the goal descriptors the pack publishes for it (possibly none)."""
    return [(lv, [d for d in descs if d.level_id == lv.pk and d.kind == "goal"]) for lv in levels]


@dataclass
class Step:
    number: int
    label: str
    items: list[Item]
    state: str = ""  # "complete", "current" or ""


def _steps(items: list[Item], current: int) -> list[Step]:
    chunks = [items[i : i + STEP_SIZE] for i in range(0, len(items), STEP_SIZE)]
    steps = [
        Step(
            n,
            _("Conditions %(a)s–%(b)s") % {"a": (n - 1) * STEP_SIZE + 1, "b": (n - 1) * STEP_SIZE + len(chunk)}
            if len(chunk) > 1
            else _("Condition %(a)s") % {"a": (n - 1) * STEP_SIZE + 1},
            chunk,
        )
        for n, chunk in enumerate(chunks, start=1)
    ]
    steps.append(Step(len(steps) + 1, _("Priorities and submit"), []))
    for st in steps:
        st.state = "complete" if st.number < current else ("current" if st.number == current else "")
    return steps


def _answers(data: dict[str, Any], items: list[Item], levels: list[Level]) -> list[services.Answer]:
    by_code = {lv.code: lv for lv in levels}
    out = []
    for item in items:
        phase = data.get(f"phase_{item.code}")
        if phase:
            conf, comment = data.get(f"confidence_{item.code}", ""), data.get(f"comment_{item.code}", "")
            out.append(services.Answer(item, by_code.get(phase), conf, comment, not_started=phase == NOT_STARTED))
    return out


def _step_number(request: HttpRequest, n_steps: int) -> int:
    raw = request.POST.get("step") or request.GET.get("step") or "1"
    try:
        return min(max(int(raw), 1), n_steps)
    except ValueError:
        return 1


@never_cache
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The respondent form, in steps of a few conditions; the last step takes priorities and submits.

    Each step saves on "Continue", "Back" or "Save", so nothing is lost between steps and the private
    link resumes where the respondent was. Works without JavaScript."""
    respondent = respondent_by_token(token)
    campaign = respondent.campaign
    if not _is_open(campaign):
        return _no_robots(TemplateResponse(request, "selfassessment/closed.html", {"campaign": campaign}, status=403 if request.method == "POST" else 200))
    items, levels = campaign_conditions(campaign), campaign_levels(campaign)
    slug = campaign.framework.slug
    shown_items, shown_levels = localize_items(slug, items), localize_levels(slug, levels)  # display only; never saved
    n_steps = (len(items) + STEP_SIZE - 1) // STEP_SIZE + 1
    number = _step_number(request, n_steps)
    steps = _steps(shown_items, number)
    step = steps[number - 1]
    final = number == n_steps
    initial = _initial(respondent)
    form = AnswerForm(request.POST or None, items=step.items, levels=shown_levels, priority_items=shown_items if final else None, initial=initial)
    status, answers_error = 200, ""
    if request.method == "POST":
        if not services.SUBMISSION_LIMIT.hit_request(request, token):
            return _limited(request, campaign)
        if form.is_valid():
            merged = {**initial, **form.cleaned_data}
            action = next((a for a in ("submit", "next", "back") if a in request.POST), "save")
            try:
                services.respondent_save(
                    respondent=respondent,
                    answers=_answers(merged, items, levels),
                    priorities=[i for i in items if i.code in merged.get("priorities", [])],
                    submit=action == "submit",
                )
            except ApplicationError as exc:
                answers_error = " ".join(str(m) for m in exc.fields.get("answers", [])) or exc.message
                form.add_error(None, exc.message)
            else:
                if action == "submit":
                    return _no_robots(TemplateResponse(request, "selfassessment/thanks.html", {"campaign": campaign, "respondent": respondent}))
                target = {"next": number + 1, "back": number - 1}.get(action, number)
                return redirect(f"{request.path}?step={target}" + ("&saved=1" if action == "save" else ""))
        status = 400
    descriptors = descriptors_by_item([i for i in items if i.code in {s.code for s in step.items}])
    sections = [
        (
            item,
            _phases(shown_levels, localize_descriptors(slug, item.code, descriptors.get(item.pk, []))),
            [form[f"phase_{item.code}"], form[f"confidence_{item.code}"], form[f"comment_{item.code}"]],
        )
        for item in step.items
    ]
    answered = {i.code for i in items if initial.get(f"phase_{i.code}")}
    ctx = {
        "campaign": campaign,
        "respondent": respondent,
        "form": form,
        "sections": sections,
        "levels": levels,
        "steps": steps,
        "step": step,
        "final": final,
        "review": [(i, i.code in answered) for i in shown_items] if final else [],
        "n_answered": len(answered),
        "answers_error": answers_error,
        "offset": (number - 1) * STEP_SIZE,
        "saved": request.GET.get("saved") == "1",
        "resume_url": request.build_absolute_uri(request.path),
        "message": _("Your answers were saved."),
    }
    return _no_robots(TemplateResponse(request, "selfassessment/answer.html", ctx, status=status))
