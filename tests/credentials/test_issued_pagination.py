"""The issued list by keyset (core.keyset): "Next" and "Previous" walk every credential exactly once
in order (ties on the date broken by id), filters hold across pages, the total is bounded, a
forged cursor is a clear error (page: first page and a notice; API: a field error), never a 500."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse

from statewide.core.keyset import bounded_count, decode, encode
from statewide.credentials import selectors
from statewide.credentials.models import Credential

from . import bulkdata
from .setup import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    district = bulkdata.districts(1)[0]
    people = bulkdata.educators(district, 40)
    bulkdata.credentials(world, people[:30], year=2026, district=district, start_index=1000)  # 30 on one date: ties
    bulkdata.credentials(world, people[30:], year=2025, district=district, start_index=2000, revoked=True)
    for i, credential in enumerate(Credential.objects.filter(status_index__gte=1000, status_index__lt=1010)):
        credential.valid_from = dt.datetime(2024, 1, 1 + i, tzinfo=dt.UTC)  # distinct dates too
        credential.save(update_fields=["valid_from"])
    return world


def _ids(html: str) -> list[str]:
    return re.findall(r'href="/credentials/c/([0-9a-f-]{36})"', html)


def _link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)"[^>]*rel="{rel}"', html)
    return unescape(found.group(1)) if found else None


def test_next_and_previous_walk_every_credential_once_in_order(client, world, monkeypatch):
    monkeypatch.setattr("statewide.credentials.views.PAGE_SIZE", 7)
    client.force_login(world.admin)
    expected = [str(p) for p in Credential.objects.order_by("-valid_from", "-id").values_list("public_id", flat=True)]
    assert len(expected) == 40
    url, pages, seen = reverse("credentials:issued"), [], []
    while url:
        html = client.get(url).content.decode()
        pages.append(_ids(html))
        seen += pages[-1]
        url = _link(html, "next") and reverse("credentials:issued") + _link(html, "next")
    assert seen == expected and [len(p) for p in pages] == [7, 7, 7, 7, 7, 5]
    assert "40 credentials match" in html and _link(html, "prev")
    back = []
    while True:  # from the last page back to the first
        previous = _link(html, "prev")
        if previous is None:
            break
        html = client.get(reverse("credentials:issued") + previous).content.decode()
        back.append(_ids(html))
    assert back == pages[-2::-1]


def test_filters_hold_across_pages_and_the_api_walks_the_same_order(client, world, monkeypatch):
    monkeypatch.setattr("statewide.credentials.views.PAGE_SIZE", 4)
    client.force_login(world.admin)
    first = client.get(reverse("credentials:issued") + "?status=revoked").content.decode()
    after = _link(first, "next")
    assert after and "status=revoked" in after and "10 credentials match" in first
    second = client.get(reverse("credentials:issued") + after).content.decode()
    revoked = {str(p) for p in Credential.objects.filter(revoked_at__isnull=False).values_list("public_id", flat=True)}
    assert set(_ids(first) + _ids(second)) <= revoked and len(set(_ids(first) + _ids(second))) == 8
    walked, cursor = [], ""
    while True:
        body = client.get("/api/v1/credentials?limit=9&status=active" + (f"&cursor={cursor}" if cursor else "")).json()
        walked += [item["id"] for item in body["items"]]
        if not body["next_cursor"]:
            break
        cursor = body["next_cursor"]
    active = Credential.objects.filter(revoked_at__isnull=True).order_by("-valid_from", "-id")
    assert walked == [str(p) for p in active.values_list("public_id", flat=True)]


def test_forged_cursors_are_clear_errors_and_the_total_is_bounded(client, world):
    client.force_login(world.admin)
    for forged in ("nonsense", encode(["not a date", 5]), encode([1, 2, 3])):
        page = client.get(reverse("credentials:issued") + f"?after={forged}")
        assert page.status_code == 400 and b"not valid" in page.content and len(_ids(page.content.decode())) == 25
        api = client.get(f"/api/v1/credentials?cursor={forged}")
        assert api.status_code == 400 and "cursor" in api.content.decode()
    assert decode(encode(["2026-01-01", 3])) == ["2026-01-01", 3]
    qs = selectors.credential_list(world.admin)
    assert bounded_count(qs, 5) == 6 and bounded_count(qs, 100) == 40
    listing = selectors.CredentialPage(selectors.credential_page(world.admin, limit=5).page, total=bounded_count(qs, 30), bound=30)
    assert listing.total_is_bounded and listing.bound_text == "30"
