"""Query budgets of the credentials lists, with enough rows to expose N+1 queries (bulk inserted;
the 500,000-educator / 1,000,000-credential scale is benchmarks/test_credentials_scale.py)."""

from __future__ import annotations

import html
import re

import pytest
from django.conf import settings
from django.urls import reverse

from statewide.credentials import services

from . import bulkdata
from .setup import build_world

pytestmark = pytest.mark.django_db

ISSUED_PAGE_BUDGET = 12  # session, user, principal, bounded count, keyset page, content versions (+ slack)
API_LIST_BUDGET = 8
BACKPACK_BUDGET = 12
CATALOG_BUDGET = 10
REVIEW_QUEUE_BUDGET = 10
GROWTH_BUDGET = 14
OB_CREDENTIALS_BUDGET = 8  # token, its user, two counts, two pages (ours, then held ones)
CREDENTIAL_PAGE_BUDGET = 14  # the credential, and the two status lists its verification reads (revocation, suspension)


@pytest.fixture
def many():
    world = build_world()
    district = bulkdata.districts(1)[0]
    people = bulkdata.educators(district, 120)
    bulkdata.credentials(world, people, year=2026, district=district, start_index=1000)
    bulkdata.credentials(world, [world.educator] * 60, year=2025, district=world.district, start_index=5000)
    for _i in range(3):
        build_world()  # more published micro-credentials with alignments
    return world


def test_list_budgets(client, many, django_assert_max_num_queries):
    world = many
    client.force_login(world.admin)
    with django_assert_max_num_queries(ISSUED_PAGE_BUDGET):
        assert client.get(reverse("credentials:issued")).status_code == 200
    first = client.get(reverse("credentials:issued") + "?status=active").content.decode()
    after = html.unescape(re.search(r'<a href="([^"]+)"[^>]*rel="next"', first).group(1))
    with django_assert_max_num_queries(ISSUED_PAGE_BUDGET):
        second = client.get(reverse("credentials:issued") + after)
        assert second.status_code == 200 and b'rel="prev"' in second.content
    with django_assert_max_num_queries(API_LIST_BUDGET):
        body = client.get("/api/v1/credentials?limit=100").json()
        assert len(body["items"]) == 100
    client.force_login(world.educator)
    with django_assert_max_num_queries(BACKPACK_BUDGET):
        assert client.get(reverse("credentials:backpack")).status_code == 200
    bulkdata.held(world.educator, 40)
    with django_assert_max_num_queries(BACKPACK_BUDGET):
        held_list = client.get(reverse("credentials:backpack")).content.split(b'id="held-credentials"')[1].split(b"</ul>")[0]
        assert held_list.count(b"<li>") == 40
    client.logout()
    bearer = bulkdata.bearer(world.educator, f"{settings.OB_SCOPE}credential.readonly")
    with django_assert_max_num_queries(OB_CREDENTIALS_BUDGET):
        response = client.get("/ims/ob/v3p0/credentials?limit=100&offset=30", HTTP_AUTHORIZATION=bearer)
        assert response["X-Total-Count"] == "100" and len(response.json()["credential"]) == 40
    with django_assert_max_num_queries(CATALOG_BUDGET):
        assert client.get(reverse("credentials:catalog")).status_code == 200
    with django_assert_max_num_queries(GROWTH_BUDGET):
        assert client.get(reverse("credentials:growth", args=["TX"])).status_code == 200


def test_review_queue_and_credential_page_budgets(client, django_assert_max_num_queries):
    world = build_world()
    district = bulkdata.districts(1)[0]
    for person in bulkdata.educators(district, 12):
        submission = services.submission_start(actor=person, version=world.version)
        services.submission_update(actor=person, submission=submission, evidence_text="x", evidence_links=[])
        services.submission_submit(actor=person, submission=submission)
    client.force_login(world.assessor)
    with django_assert_max_num_queries(REVIEW_QUEUE_BUDGET):
        page = client.get(reverse("credentials:review_queue"))
        assert page.content.count(b"/credentials/reviews/") >= 12
    credential = services.credential_issue(actor=world.admin, version=world.version, recipient=world.educator)
    client.logout()
    with django_assert_max_num_queries(CREDENTIAL_PAGE_BUDGET):
        assert client.get(reverse("credentials:credential", args=[credential.public_id])).status_code == 200
