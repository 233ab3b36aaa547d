"""Pages of the micro-credentials module: catalog, credential URLs and verification, backpack,
evidence and review. Thin: forms validate, selectors read, services write."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from statewide.core.errors import ApplicationError
from statewide.core.jobs import runs_in_background
from statewide.core.keyset import CursorError
from statewide.core.permissions import access
from statewide.credentials import forms, images, selectors, services
from statewide.credentials.jobs import credential_bulk_award_enqueue
from statewide.credentials.permissions import credential_policy, issuer_policy, submission_policy, version_policy

PAGE_SIZE = 25
JSON_TYPES = ("application/json", "application/ld+json", "application/vc+ld+json", "application/vc")


def _errors_to_form(form: Any, exc: ApplicationError) -> None:
    if not exc.fields:
        form.add_error(None, exc.message)
    for field, errors in exc.fields.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def _wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return any(kind in accept for kind in JSON_TYPES) and "text/html" not in accept.split(",")[0]


# ---- public ---------------------------------------------------------------------------------------
@require_safe
def catalog_page(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.catalog_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    can_manage = version_policy.can_create(request.user) or issuer_policy.can_create(request.user)
    return TemplateResponse(request, "credentials/catalog.html", {"page": page, "can_manage": can_manage})


@require_safe
def catalog_detail_page(request: HttpRequest, public_id: str) -> HttpResponse:
    version = selectors.version_get(request.user, public_id)
    if version is None:
        raise Http404
    context = {"version": version, "can_start": submission_policy.can_create(request.user), "can_award": version_policy.can(request.user, "publish", version)}
    return TemplateResponse(request, "credentials/catalog_detail.html", context)


def _issuer(slug: str) -> Any:
    issuer = selectors.issuer_get(slug)
    if issuer is None:
        raise Http404
    return issuer


@require_safe
def did_document(request: HttpRequest, slug: str) -> JsonResponse:
    return JsonResponse(selectors.issuer_did_document(_issuer(slug)), content_type="application/did+json")


@require_safe
def issuer_profile(request: HttpRequest, slug: str) -> JsonResponse:
    return JsonResponse(selectors.issuer_profile_document(_issuer(slug)), content_type="application/ld+json")


@require_safe
def issuer_image(request: HttpRequest, slug: str) -> HttpResponse:
    issuer = _issuer(slug)
    if not issuer.image_type:
        raise Http404
    with issuer.image.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type=issuer.image_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def status_list(request: HttpRequest, slug: str, purpose: str) -> JsonResponse:
    found = selectors.status_list_get(slug, purpose)
    if found is None:
        raise Http404
    return JsonResponse(found.document, content_type="application/vc+ld+json")


def _credential(request: HttpRequest, public_id: str) -> Any:
    return access(credential_policy, request.user, queryset=selectors.credentials_public(), public_id=public_id)


@require_safe
def credential_page(request: HttpRequest, public_id: str) -> HttpResponse:
    credential = _credential(request, public_id)
    if _wants_json(request):
        return JsonResponse(credential.document, content_type="application/vc+ld+json")
    verdict = selectors.credential_verify(credential.document)
    context = {
        "credential": credential,
        "verdict": verdict,
        "share_url": credential.document["id"],
        "linkedin_url": _linkedin(credential),
        "is_recipient": request.user.is_authenticated and credential.recipient_id == request.user.pk,
        "can_change_status": credential_policy.can(request.user, "revoke", credential),
        "status_form": forms.StatusForm(),
    }
    return TemplateResponse(request, "credentials/credential.html", context)


def _linkedin(credential: Any) -> str:
    """LinkedIn's add-to-profile link (a certification, linking back to the credential's URL)."""
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": credential.name,
        "organizationName": credential.issuer.name,
        "issueYear": credential.valid_from.year,
        "issueMonth": credential.valid_from.month,
        "certUrl": credential.document["id"],
        "certId": str(credential.public_id),
    }
    if credential.valid_until:
        query |= {"expirationYear": credential.valid_until.year, "expirationMonth": credential.valid_until.month}
    return "https://www.linkedin.com/profile/add?" + urlencode(query)


@require_safe
def credential_download(request: HttpRequest, public_id: str, kind: str) -> HttpResponse:
    credential = _credential(request, public_id)
    stem = f"credential-{credential.public_id}"
    if kind == "json":
        response = HttpResponse(json.dumps(credential.document, indent=2, ensure_ascii=False), content_type="application/vc+ld+json")
    elif kind == "jwt":
        response = HttpResponse(credential.jwt, content_type="application/vc+jwt")
    elif kind == "png":
        response = HttpResponse(images.baked_png(json.dumps(credential.document)), content_type="image/png")
    elif kind == "svg":
        response = HttpResponse(images.baked_svg(credential.name, credential.issuer.name, json.dumps(credential.document)), content_type="image/svg+xml")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{stem}.{kind}"'
    return response


@require_http_methods(["GET", "POST"])
def verify_page(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = forms.VerifyForm(request.POST if posted else None, request.FILES if posted else None)
    verdict = None
    if posted and form.is_valid():
        image = form.cleaned_data.get("image")
        verdict = selectors.credential_verify(image.read() if image else form.cleaned_data["credential"])
    status = 400 if posted and form.errors else 200
    return TemplateResponse(request, "credentials/verify.html", {"form": form, "verdict": verdict}, status=status)


@login_required
@require_POST
def credential_status_change(request: HttpRequest, public_id: str) -> HttpResponse:
    credential = access(credential_policy, request.user, action="revoke", queryset=selectors.credentials_public(), public_id=public_id)
    form = forms.StatusForm(request.POST)
    if form.is_valid():
        action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
        try:
            if action == "revoke":
                services.credential_revoke(actor=request.user, credential=credential, reason=reason)
            else:
                services.credential_suspend(actor=request.user, credential=credential, reason=reason, suspended=action == "suspend")
            return redirect("credentials:credential", public_id=credential.public_id)
        except ApplicationError as exc:
            _errors_to_form(form, exc)
    verdict = selectors.credential_verify(credential.document)
    context = {"credential": credential, "verdict": verdict, "share_url": credential.document["id"], "can_change_status": True, "status_form": form}
    return TemplateResponse(request, "credentials/credential.html", context, status=400)


# ---- educators ------------------------------------------------------------------------------------
@login_required
@require_safe
def backpack_page(request: HttpRequest) -> HttpResponse:
    credentials = Paginator(selectors.credential_list(request.user, mine=True), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": credentials, "submissions": selectors.submissions_of(request.user)[:50], "held": selectors.held_credentials(request.user)[:50]}
    return TemplateResponse(request, "credentials/backpack.html", context)


@login_required
@require_POST
def submission_start(request: HttpRequest, public_id: str) -> HttpResponse:
    version = access(version_policy, request.user, queryset=selectors.catalog_list(request.user), public_id=public_id)
    try:
        submission = services.submission_start(actor=request.user, version=version)
    except ApplicationError as exc:
        return TemplateResponse(request, "credentials/catalog_detail.html", {"version": version, "can_start": True, "error": exc.message}, status=400)
    return redirect("credentials:submission", public_id=submission.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def submission_page(request: HttpRequest, public_id: str) -> HttpResponse:
    submission = access(submission_policy, request.user, queryset=selectors.submissions_visible(request.user), public_id=public_id)
    editable = submission_policy.can(request.user, "change", submission) and submission.status == "draft"
    initial = {"evidence_text": submission.evidence_text, "evidence_links": "\n".join(submission.evidence_links)}
    form = forms.EvidenceForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and editable and form.is_valid():
        try:
            with transaction.atomic():  # a file the storage refuses saves nothing of the form (core.uploads)
                text, links = form.cleaned_data["evidence_text"], form.links()
                services.submission_update(actor=request.user, submission=submission, evidence_text=text, evidence_links=links)
                if form.cleaned_data.get("file"):
                    services.evidence_add(actor=request.user, submission=submission, upload=form.cleaned_data["file"])
            if "submit" in request.POST:
                services.submission_submit(actor=request.user, submission=submission)
            return redirect("credentials:submission", public_id=submission.public_id)
        except ApplicationError as exc:
            _errors_to_form(form, exc)
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "credentials/submission.html", {"submission": submission, "form": form, "editable": editable}, status=status)


# ---- assessors ------------------------------------------------------------------------------------
@login_required
@require_safe
def review_queue_page(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.review_queue(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "credentials/review_queue.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def review_page(request: HttpRequest, public_id: str) -> HttpResponse:
    submission = access(submission_policy, request.user, action="review", queryset=selectors.submissions_visible(request.user), public_id=public_id)
    form = forms.ReviewForm(request.POST or None, rubric=submission.version.rubric)
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_review(actor=request.user, submission=submission, scores=form.scores(), feedback=form.cleaned_data["feedback"])
            return redirect("credentials:review_queue")
        except ApplicationError as exc:
            _errors_to_form(form, exc)
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "credentials/review.html", {"submission": submission, "form": form}, status=status)


@require_safe
def growth_page(request: HttpRequest, usps: str) -> HttpResponse:
    jurisdiction = selectors.jurisdiction_get(usps.upper())
    if jurisdiction is None:
        raise Http404
    return TemplateResponse(request, "credentials/growth.html", {"growth": (growth := selectors.growth_for(jurisdiction)), "threshold": growth.threshold})


# ---- state staff ---
@login_required
@require_http_methods(["GET", "POST"])
def bulk_award_page(request: HttpRequest, public_id: str) -> HttpResponse:
    version = access(version_policy, request.user, action="publish", queryset=selectors.catalog_list(request.user), public_id=public_id)
    posted = request.method == "POST"
    form = forms.BulkAwardForm(request.POST if posted else None, request.FILES if posted else None)
    preview, awarded = None, None
    if posted and form.is_valid():
        text = form.csv_text()
        try:
            if not form.errors and runs_in_background(len(text.encode("utf-8"))):
                next_url = reverse("credentials:issued")
                job = credential_bulk_award_enqueue(actor=request.user, version=version, csv_text=text, next_url=next_url)
                return redirect("web:job", public_id=job.public_id)
            if "award" in request.POST and not form.errors:
                awarded, _preview = services.credential_bulk_award(actor=request.user, version=version, csv_text=text)
            elif not form.errors:
                preview = services.credential_bulk_preview(actor=request.user, version=version, csv_text=text)
                form = forms.BulkAwardForm(initial={"csv": text})
        except ApplicationError as exc:
            _errors_to_form(form, exc)
    status = 400 if posted and form.errors else 200
    return TemplateResponse(request, "credentials/bulk_award.html", {"version": version, "form": form, "preview": preview, "awarded": awarded}, status=status)


@login_required
@require_safe
def issued_page(request: HttpRequest) -> HttpResponse:
    form = forms.CredentialFilterForm(request.GET or None)
    status = form.cleaned_data.get("status", "") if form.is_valid() else ""
    filters: dict[str, Any] = {"revoked": True} if status == "revoked" else {"expired": True} if status == "expired" else {}
    if status == "active":
        filters = {"revoked": False, "expired": False}
    after, before = request.GET.get("after") or None, request.GET.get("before") or None
    try:
        listing = selectors.credential_page(request.user, limit=PAGE_SIZE, after=after, before=before, **filters)
        cursor_error = False
    except CursorError:  # a hand-edited link: the first page, and say why
        listing, cursor_error = selectors.credential_page(request.user, limit=PAGE_SIZE, **filters), True
    context = {"listing": listing, "page": listing.page, "form": form, "status": status, "now": timezone.now(), "cursor_error": cursor_error}
    return TemplateResponse(request, "credentials/issued.html", context, status=400 if cursor_error else 200)
