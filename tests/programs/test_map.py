"""The registry's map of participating districts: server-drawn from the policy map's us-atlas shapes, with the table."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client

from statewide.places.usmap import project, state_map_svg, state_rings
from tests.factories import DistrictFactory
from tests.programs import factories as f


def _bbox(fips: str) -> tuple[float, float, float, float]:
    points = [p for ring in state_rings(fips) for p in ring]
    return min(x for x, _ in points), max(x for x, _ in points), min(y for _, y in points), max(y for _, y in points)


@pytest.mark.parametrize(
    ("fips", "usps", "lon", "lat"),
    [("48", "TX", -97.74, 30.27), ("48", "TX", -106.44, 31.76), ("36", "NY", -73.97, 40.78), ("02", "AK", -149.9, 61.2), ("15", "HI", -157.86, 21.31)],
)
def test_places_project_onto_their_state_shape(fips: str, usps: str, lon: float, lat: float) -> None:
    left, right, top, bottom = _bbox(fips)
    x, y = project(usps, lon, lat)
    assert left <= x <= right and top <= y <= bottom


def test_el_paso_is_west_of_austin_and_the_svg_escapes_labels() -> None:
    assert project("TX", -106.44, 31.76)[0] < project("TX", -97.74, 30.27)[0]
    svg = state_map_svg(fips="48", usps="TX", title="Texas", points=[("<b>Austin ISD</b>", -97.74, 30.27)])
    assert svg is not None and svg.count("<circle") == 1 and "&lt;b&gt;Austin ISD&lt;/b&gt;" in svg and 'role="img"' in svg


@pytest.mark.django_db
def test_the_registry_draws_participants_with_a_location_and_counts_those_without(client: Client) -> None:
    prog, admin, rev = f.program(), f.admin(), f.reviewer()
    austin = DistrictFactory(state="TX", name="AUSTIN ISD", latitude=Decimal("30.27"), longitude=Decimal("-97.74"))
    nowhere = DistrictFactory(state="TX", name="NOWHERE ISD", latitude=None, longitude=None)
    f.to_conditional(prog, f.lead(austin), admin, rev)
    f.to_conditional(prog, f.lead(nowhere), admin, rev)
    f.draft(prog, f.lead(DistrictFactory(state="TX", name="DRAFTING ISD", latitude=Decimal("31"), longitude=Decimal("-100"))))
    html = client.get("/programs/registry/TX/").content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S)
    assert svg is not None and svg.group(0).count("<circle") == 1 and "AUSTIN ISD" in svg.group(0)
    assert "DRAFTING ISD" not in html  # drafts never appear, on the map or in the table
    assert "1 participant has no location on file" in html and "NOWHERE ISD" in html
