"""Landing page, campaign creation and campaign management."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from statewide.core.errors import ApplicationError
from statewide.core.forms import form_errors_from
from statewide.core.permissions import access
from statewide.core.qr import qr_svg
from statewide.selfassessment import invitations, services
from statewide.selfassessment.forms import FRAMEWORK_SLUG, CampaignEditForm, CampaignForm, GroupForm, InviteForm, StatusForm
from statewide.selfassessment.models import Respondent
from statewide.selfassessment.permissions import campaign_policy
from statewide.selfassessment.selectors import campaign_creatable_states, campaign_get, campaign_list, campaign_submitted_count, framework_by_slug

LIST_LIMIT = 100


@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    campaigns = list(campaign_list(request.user)[:LIST_LIMIT]) if request.user.is_authenticated else []
    can_create = campaign_policy.can_create(request.user)
    return TemplateResponse(request, "selfassessment/landing.html", {"campaigns": campaigns, "can_create": can_create})


@login_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    states = campaign_creatable_states(request.user)
    if not states.exists():
        raise PermissionDenied
    form = CampaignForm(request.POST or None, states=states)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            campaign = services.campaign_create(
                actor=request.user,
                jurisdiction=d["state"],
                framework=framework_by_slug(FRAMEWORK_SLUG),
                conditions=list(d["conditions"]),
                title=d["title"],
                opens_on=d["opens_on"],
                closes_on=d["closes_on"],
                threshold=d["threshold"],
                group_names=form.group_names(),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            for field, errors in exc.fields.items():
                for error in errors:
                    if field in form.fields:
                        form.add_error(field, error)
        else:
            messages.success(request, _("Campaign created. Open it when you are ready to take answers."))
            return redirect("selfassessment:campaign", campaign.public_id)
    return TemplateResponse(request, "selfassessment/campaign_form.html", {"form": form}, status=400 if form.errors else 200)


def group_link(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("selfassessment:join", args=[token]))


@login_required
@require_safe
def campaign_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    campaign = campaign_get(request.user, public_id)
    can_manage = campaign_policy.can(request.user, "manage", campaign)
    groups = list(campaign.groups.all())
    links = []
    if can_manage:
        for g in groups:
            url = group_link(request, g.token)
            links.append((g, url, qr_svg(url, title=_("QR code of the invitation link for %(group)s") % {"group": g.name})))
    submitted = campaign_submitted_count(campaign)
    ctx = {
        "campaign": campaign,
        "can_manage": can_manage,
        "links": links,
        "groups": groups,
        "submitted": submitted,
        "status_form": StatusForm(),
        "group_form": GroupForm(),
        "invite_form": InviteForm(groups=groups),
    }
    return TemplateResponse(request, "selfassessment/campaign_detail.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    campaign = campaign_get(request.user, public_id, "manage")
    initial = {
        "title": campaign.title,
        "opens_on": campaign.opens_on,
        "closes_on": campaign.closes_on,
        "threshold": campaign.threshold,
        "version": campaign.version,
    }
    form = CampaignEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            services.campaign_update(actor=request.user, campaign=campaign, expected_version=form.cleaned_data["version"], **values)
        except ApplicationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("selfassessment:campaign", campaign.public_id)
    return TemplateResponse(request, "selfassessment/campaign_edit.html", {"form": form, "campaign": campaign}, status=400 if form.errors else 200)


@login_required
@require_POST
def campaign_status(request: HttpRequest, public_id: str) -> HttpResponse:
    campaign = access(campaign_policy, request.user, action="manage", public_id=public_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.campaign_set_status(actor=request.user, campaign=campaign, status=form.cleaned_data["status"])
        messages.success(request, _("Status changed to %(s)s.") % {"s": campaign.get_status_display()})
    return redirect("selfassessment:campaign", campaign.public_id)


@login_required
@require_POST
def group_new(request: HttpRequest, public_id: str) -> HttpResponse:
    campaign = access(campaign_policy, request.user, action="manage", public_id=public_id)
    form = GroupForm(request.POST)
    if form.is_valid():
        try:
            services.group_add(actor=request.user, campaign=campaign, name=form.cleaned_data["name"])
            messages.success(request, _("Group added."))
        except ApplicationError as exc:
            messages.error(request, " ".join([str(exc.message), *(str(m) for ms in exc.fields.values() for m in ms)]))
    else:  # the form is on the campaign page: its field errors come back as a message naming the field
        messages.error(request, " ".join(f"{form.fields[k].label}: {e}" if k in form.fields else str(e) for k, es in form.errors.items() for e in es))
    return redirect("selfassessment:campaign", campaign.public_id)


@login_required
@require_POST
def invite(request: HttpRequest, public_id: str) -> HttpResponse:
    campaign = access(campaign_policy, request.user, action="manage", public_id=public_id)
    groups = list(campaign.groups.all())
    form = InviteForm(request.POST, groups=groups)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("selfassessment:campaign", campaign.public_id)
    group = next(g for g in groups if g.token == form.cleaned_data["group"])

    def link(r: Respondent) -> str:
        return request.build_absolute_uri(reverse("selfassessment:answer", args=[r.token]))

    try:
        if request.POST.get("kind") == "reminder":
            job = invitations.reminders_send(
                actor=request.user,
                group=group,
                emails=form.cleaned_data["emails"],
                join_link=group_link(request, group.token),
                language=form.cleaned_data["language"],
            )
        else:
            job = invitations.invitations_send(
                actor=request.user, group=group, emails=form.cleaned_data["emails"], link_for=link, language=form.cleaned_data["language"]
            )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("selfassessment:campaign", campaign.public_id)
    messages.success(
        request,
        ngettext(
            "%(n)s e-mail queued. This page shows when it has been sent.",
            "%(n)s e-mails queued. This page shows when they have been sent.",
            len(form.cleaned_data["emails"]),
        )
        % {"n": len(form.cleaned_data["emails"])},
    )
    return redirect("web:job", job.public_id)
