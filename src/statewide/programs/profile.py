"""The programs section of a district's profile (registered with `places.profile` in `ProgramsConfig.ready`).

Everyone sees the district's participation in public programs as the public registry shows it
(program, stage, term, approved flexibilities). Those who may see an application (the district's
leads; its state's staff once it is submitted; operators) also see its other applications (under
review, declined, drafts for the leads) and every flexibility it asked for, approved or not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Prefetch, Q
from django.utils.translation import gettext as _

from statewide.places.models import Organisation
from statewide.places.profile import DistrictSection
from statewide.programs.models import Application, FlexibilityRequest
from statewide.programs.permissions import application_policy
from statewide.programs.workflow import PARTICIPATING, Status

LIMIT = 20  # a district takes part in a handful of programs; more links to the registry


@dataclass(frozen=True)
class ProgramRow:
    application: Application
    stage: str  # the program's own label for the status
    in_registry: bool  # public participation
    full: bool  # the user may see the whole application
    flexibilities: list[FlexibilityRequest]  # approved ones only, unless `full`


def district_programs(user: Any, district: Organisation) -> tuple[list[ProgramRow], bool]:
    """(rows, more): the district's program participation this user may see (two queries)."""
    visible = application_policy.filter(user, "view")
    registry = Q(status__in=PARTICIPATING, program__is_public=True)
    qs = (
        Application.objects.filter(organisation=district)
        .annotate(in_registry=ExpressionWrapper(registry, output_field=BooleanField()), full=Exists(visible.filter(pk=OuterRef("pk"))))
        .filter(Q(in_registry=True) | Q(full=True))
        .select_related("program__jurisdiction")
        .prefetch_related(Prefetch("flexibilities", queryset=FlexibilityRequest.objects.select_related("rule").order_by("rule__citation", "pk")))
        .order_by("-term_start", "program__name", "pk")
    )
    apps = list(qs[: LIMIT + 1])
    rows = []
    for app in apps[:LIMIT]:
        labels = {s.get("status"): s.get("label") for s in app.program.stages or []}
        flex = [f for f in app.flexibilities.all() if app.full or f.approved]
        rows.append(ProgramRow(app, str(labels.get(app.status) or Status(app.status).label), bool(app.in_registry), bool(app.full), flex))
    return rows, len(apps) > LIMIT


def programs_section(user: Any, district: Organisation) -> DistrictSection:
    rows, more = district_programs(user, district)
    return DistrictSection("programs", _("Innovation programs"), "programs/_district_section.html", {"rows": rows, "more": more, "district": district})
