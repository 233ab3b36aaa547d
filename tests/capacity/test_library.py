"""Partnerships registry (sourced seed) and the public resource library: search, filters, curation."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from statewide.accounts.models import Role
from statewide.capacity.models import Partnership, Resource
from statewide.capacity.services import library_seed_load, resource_create
from statewide.core.errors import ApplicationError
from statewide.core.permissions import SYSTEM
from tests.factories import person

pytestmark = pytest.mark.django_db


def test_sourced_partners_load_once_with_source_and_checked_on(client, instrument):
    assert library_seed_load(actor=SYSTEM) == library_seed_load(actor=SYSTEM)
    gsp = Partnership.objects.get(slug="great-schools-partnership")
    assert (
        gsp.states == ["CT", "ME", "NH", "RI", "VT"]
        and gsp.source_url.startswith("https://aurora-institute.org/")
        and gsp.checked_on.isoformat() == "2026-11-30"
    )
    page = client.get("/capacity/partners/").content.decode()
    assert "Colorado Education Initiative" in page and "unknown" in page and "checked on 2026-11-30" in page


def test_library_search_and_filters(client, instrument):
    library_seed_load(actor=SYSTEM)
    page = client.get("/capacity/resources/?q=PACE").content.decode()
    assert "PACE: Performance Assessment" in page and "Digital Promise" not in page
    page = client.get("/capacity/resources/?domain=educator-capacity").content.decode()
    assert "Digital Promise" in page and "PACE:" not in page
    page = client.get("/capacity/resources/?tier=tier-3&kind=tool").content.decode()
    assert "District Reflection" in page and "Guidelines for PK-12" not in page
    assert client.get("/capacity/resources/?kind=nonsense").status_code == 200  # a bad filter is a field error, never a 500


def test_editors_curate_resources(instrument):
    editor = person(Role.CONTENT_EDITOR)
    with pytest.raises(ApplicationError) as caught:
        resource_create(actor=editor, title="T", kind="tool", url="javascript:alert(1)", summary="", domains=[], tiers=[], audience="", source="")
    assert set(caught.value.fields) == {"url", "source"}
    created = resource_create(
        actor=editor, title="Planning guide", kind="guide", url="https://example.org/g", summary="", domains=[], tiers=[], audience="", source="Example"
    )
    assert Resource.objects.get(pk=created.pk).checked_on is not None
    with pytest.raises(PermissionDenied):
        resource_create(actor=person(), title="T", kind="tool", url="https://example.org", summary="", domains=[], tiers=[], audience="", source="S")
