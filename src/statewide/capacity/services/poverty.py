"""Importing districts' poverty measure (economically disadvantaged students) for mentor matching."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from statewide.capacity.models import DistrictPoverty
from statewide.capacity.poverty import read_tapr, stid_to_leaid
from statewide.core.audit import audit_record
from statewide.core.errors import ApplicationError
from statewide.core.permissions import Actor
from statewide.places.models import Organisation, OrganisationKind
from statewide.places.permissions import organisation_policy


@transaction.atomic
def district_poverty_import(*, actor: Actor, tapr: str, lea_directory: str, school_year: str, source: str) -> int:
    """Import a TEA TAPR district student file: all rows or none; re-importing replaces each district's figure.
    Returns how many districts have a figure from this file."""
    rows, problems = read_tapr(tapr, stid_to_leaid(lea_directory))
    districts = dict(Organisation.objects.filter(kind=OrganisationKind.DISTRICT, nces_leaid__in=[r.leaid for r in rows]).values_list("nces_leaid", "pk"))
    for r in rows:
        if r.leaid not in districts:
            problems.setdefault(f"line {r.line}", []).append(_("District %s is not imported yet.") % r.leaid)
    if problems:
        raise ApplicationError(_("The file was not imported."), fields=problems)
    states = set(Organisation.objects.filter(pk__in=districts.values()).values_list("jurisdiction__usps", flat=True))
    if not all(organisation_policy.can_create(actor, state=usps) for usps in states):
        raise PermissionDenied
    DistrictPoverty.objects.filter(district_id__in=districts.values()).delete()
    DistrictPoverty.objects.bulk_create(
        [
            DistrictPoverty(district_id=districts[r.leaid], students=r.students, disadvantaged=r.disadvantaged, school_year=school_year, source=source)
            for r in rows
        ],
        batch_size=1000,
    )
    audit_record(
        actor=actor, action="district_poverty.import", object_type="capacity.districtpoverty", object_repr=_("Poverty measure (%s)") % school_year,
        after={"districts": len(rows), "school_year": school_year, "source": source}, scope_state=next(iter(states)) if len(states) == 1 else "",
    )  # fmt: skip
    return len(rows)
