"""Editing for content editors and operators: draft edits of items and descriptors, publishing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from statewide.core.errors import ApplicationError
from statewide.core.forms import form_errors_from
from statewide.frameworks import selectors, services
from statewide.frameworks.forms import DescriptorAddForm, DescriptorEditForm, ExampleEditForm, ItemEditForm, PublishForm, sources_to_text
from statewide.frameworks.models import DraftChange
from statewide.frameworks.views.public import display_value, framework_for


def _initial(obj: Any, draft: DraftChange | None, fields: tuple[str, ...]) -> dict[str, Any]:
    values = {f: getattr(obj, f) for f in fields} if obj is not None else {}
    if draft is not None:
        values.update({f: draft.values[f] for f in fields if f in draft.values})
    values["sources"] = sources_to_text(values.get("sources") or [])
    values["checked_on"] = values.get("checked_on") or timezone.localdate()
    values["version"] = getattr(obj, "version", None)  # optimistic locking: the version this form is opened at
    return values


def _draft_edit(
    request: HttpRequest, fw: Any, obj: Any, *, target: str, form_class: Any, update: Any, fields: Any, template: str, context: dict[str, Any]
) -> HttpResponse:
    """The one flow of every draft edit: show the form (pre-filled from a pending draft), save through the service."""
    draft = selectors.draft_change_get(target, obj.identifier)
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                update(request.user, obj, form.cleaned_data)
            except ApplicationError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("Your edit is saved as a draft. Publish it from the drafts page."))
                return redirect("frameworks:drafts", slug=fw.slug)
    else:
        form = form_class(initial=_initial(obj, draft, fields))
    return TemplateResponse(request, template, {"framework": fw, "form": form, "draft": draft, **context})


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    fw = framework_for(request, slug, "edit")
    item = selectors.item_get(fw, code)
    if item is None:
        raise Http404
    return _draft_edit(
        request,
        fw,
        item,
        target=DraftChange.Target.ITEM,
        form_class=ItemEditForm,
        update=lambda actor, obj, values: services.framework_item_update(actor=actor, item=obj, values=values, expected_version=values.get("version")),
        fields=services.ITEM_FIELDS,
        template="frameworks/item_edit.html",
        context={"item": item},
    )


@login_required
@require_http_methods(["GET", "POST"])
def descriptor_edit(request: HttpRequest, slug: str, identifier: str) -> HttpResponse:
    fw = framework_for(request, slug, "edit")
    descriptor = selectors.descriptor_get(fw, identifier)
    if descriptor is None:
        raise Http404
    return _draft_edit(
        request,
        fw,
        descriptor,
        target=DraftChange.Target.DESCRIPTOR,
        form_class=DescriptorEditForm,
        update=lambda actor, obj, values: services.framework_descriptor_update(
            actor=actor, descriptor=obj, values=values, expected_version=values.get("version")
        ),
        fields=services.DESCRIPTOR_FIELDS,
        template="frameworks/descriptor_edit.html",
        context={"item": descriptor.item, "level": descriptor.level, "descriptor": descriptor},
    )


@login_required
@require_http_methods(["GET", "POST"])
def example_edit(request: HttpRequest, slug: str, identifier: str) -> HttpResponse:
    fw = framework_for(request, slug, "edit")
    example = selectors.example_by_identifier(fw, identifier)
    if example is None:
        raise Http404
    return _draft_edit(
        request,
        fw,
        example,
        target=DraftChange.Target.EXAMPLE,
        form_class=ExampleEditForm,
        update=lambda actor, obj, values: services.framework_example_update(actor=actor, example=obj, values=values, expected_version=values.get("version")),
        fields=services.EXAMPLE_FIELDS,
        template="frameworks/example_edit.html",
        context={"example": example},
    )


@login_required
@require_http_methods(["GET", "POST"])
def descriptor_add(request: HttpRequest, slug: str, code: str, level: str) -> HttpResponse:
    fw = framework_for(request, slug, "edit")
    item = selectors.item_get(fw, code)
    lv = selectors.level_get(fw, level)
    if item is None or lv is None:
        raise Http404
    if request.method == "POST":
        form = DescriptorAddForm(request.POST)
        if form.is_valid():
            try:
                services.framework_descriptor_add(actor=request.user, item=item, level=lv, kind=form.cleaned_data["kind"], values=form.cleaned_data)
            except ApplicationError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("The new text is saved as a draft. Publish it from the drafts page."))
                return redirect("frameworks:drafts", slug=fw.slug)
    else:
        kind = request.GET.get("kind", "goal")
        form = DescriptorAddForm(initial={"kind": kind, "confirmed": True, "checked_on": timezone.localdate()})
    ctx = {"framework": fw, "item": item, "level": lv, "descriptor": None, "form": form, "draft": None}
    return TemplateResponse(request, "frameworks/descriptor_edit.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def drafts_page(request: HttpRequest, slug: str) -> HttpResponse:
    fw = framework_for(request, slug, "edit")
    if request.method == "POST":
        form = PublishForm(request.POST)
        if form.is_valid():
            try:
                version = services.framework_publish(actor=request.user, fw=fw, note=form.cleaned_data["note"])
            except ApplicationError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("Published version %(n)s.") % {"n": version.number})
                if version.number > 1:
                    return redirect("frameworks:version_diff", slug=fw.slug, a=version.number - 1, b=version.number)
                return redirect("frameworks:version", slug=fw.slug, number=version.number)
    else:
        form = PublishForm()
    drafts = selectors.draft_rows(fw)
    for row in drafts:
        row["fields"] = [{**f, "old": display_value(f["old"]), "new": display_value(f["new"])} for f in row["fields"]]
    return TemplateResponse(request, "frameworks/drafts.html", {"framework": fw, "drafts": drafts, "form": form})


@login_required
@require_POST
def draft_discard(request: HttpRequest, slug: str, target: str, identifier: str) -> HttpResponse:
    fw = framework_for(request, slug, "edit")
    draft = selectors.draft_change_get(target, identifier, framework=fw)
    if draft is None:
        raise Http404
    services.framework_draft_discard(actor=request.user, draft=draft)
    messages.success(request, _("The draft change was discarded."))
    return redirect("frameworks:drafts", slug=fw.slug)
