"""Respondent pages: no account, reached through a group link or a personal link."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from statewide.core.errors import ApplicationError
from statewide.frameworks.models import Descriptor, Level
from statewide.selfassessment import services
from statewide.selfassessment.forms import NOT_SURE, AnswerForm
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


def _initial(respondent: Respondent) -> dict[str, object]:
    initial: dict[str, object] = {}
    for r in respondent.ratings.select_related("item", "level"):
        initial[f"phase_{r.item.code}"] = r.level.code if r.level else NOT_SURE
        initial[f"confidence_{r.item.code}"] = r.confidence
        initial[f"comment_{r.item.code}"] = r.comment
    initial["priorities"] = [i.code for i in respondent.priorities.all()]
    return initial


def _phases(levels: list[Level], descs: list[Descriptor]) -> list[tuple[Level, list[Descriptor]]]:
    """Each phase with the goal descriptors the pack publishes for it (possibly none)."""
    return [(lv, [d for d in descs if d.level_id == lv.pk and d.kind == "goal"]) for lv in levels]


@never_cache
def answer(request: HttpRequest, token: str) -> HttpResponse:
    respondent = respondent_by_token(token)
    campaign = respondent.campaign
    if not _is_open(campaign):
        return _no_robots(TemplateResponse(request, "selfassessment/closed.html", {"campaign": campaign}, status=403 if request.method == "POST" else 200))
    items, levels = campaign_conditions(campaign), campaign_levels(campaign)
    form = AnswerForm(request.POST or None, items=items, levels=levels, initial=_initial(respondent))
    status = 200
    if request.method == "POST":
        if not services.SUBMISSION_LIMIT.hit_request(request, token):
            return _limited(request, campaign)
        if form.is_valid():
            d = form.cleaned_data
            by_code = {lv.code: lv for lv in levels}
            answers = [
                services.Answer(item, by_code.get(d[f"phase_{item.code}"]), d[f"confidence_{item.code}"], d[f"comment_{item.code}"])
                for item in items
                if d[f"phase_{item.code}"]
            ]
            prios = [i for i in items if i.code in d["priorities"]]
            submit = "submit" in request.POST
            try:
                services.respondent_save(respondent=respondent, answers=answers, priorities=prios, submit=submit)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                if submit:
                    return _no_robots(TemplateResponse(request, "selfassessment/thanks.html", {"campaign": campaign, "respondent": respondent}))
                return redirect(f"{request.path}?saved=1")
        status = 400
    descriptors = descriptors_by_item(items)
    sections = [
        (item, _phases(levels, descriptors.get(item.pk, [])), [form[f"phase_{item.code}"], form[f"confidence_{item.code}"], form[f"comment_{item.code}"]])
        for item in items
    ]
    ctx = {
        "campaign": campaign,
        "respondent": respondent,
        "form": form,
        "sections": sections,
        "levels": levels,
        "saved": request.GET.get("saved") == "1",
        "resume_url": request.build_absolute_uri(request.path),
        "message": _("Your answers were saved."),
    }
    return _no_robots(TemplateResponse(request, "selfassessment/answer.html", ctx, status=status))
