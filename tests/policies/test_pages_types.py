"""The policy-type vocabulary page and its editing by content editors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from statewide.accounts.models import Role
from statewide.policies.models import PolicyType
from tests.factories import person, state_agency

pytestmark = pytest.mark.django_db

TYPES_QUERY_BUDGET = 6


def test_types_page_lists_the_vocabulary_with_framework_links(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(TYPES_QUERY_BUDGET):
        response = client.get(reverse("policies:types"))
    html = response.content.decode()
    for t in PolicyType.objects.all():
        assert f'id="type-{t.code}"' in html
        for item in t.items.all():
            assert f"/frameworks/{item.framework.slug}/items/{item.code}/" in html
    assert "/tracker/?measure=type:funding" in html


def test_editor_edits_a_type_and_others_may_not(client):
    client.force_login(person(Role.STATE_ADMIN, state_agency("TX")))
    url = reverse("policies:type_edit", args=["funding"])
    assert client.get(url).status_code == 403
    client.force_login(person(Role.CONTENT_EDITOR))
    assert client.get(url).status_code == 200
    bad = client.post(url, {"name": "Funding", "description": "", "position": 11, "items": "kw-spf-2019/no-such-item"})
    assert bad.status_code == 200 and "items" in bad.context["form"].errors
    malformed = client.post(url, {"name": "Funding", "description": "", "position": 11, "items": "nonsense"})
    assert "items" in malformed.context["form"].errors
    ok = client.post(url, {"name": "Funding and finance", "description": "Money.", "position": 11, "items": "kw-spf-2019/responsive-funding-systems"})
    assert ok.status_code == 302
    t = PolicyType.objects.get(code="funding")
    assert t.name == "Funding and finance"
    assert [i.code for i in t.items.all()] == ["responsive-funding-systems"]
    assert client.get(reverse("policies:type_edit", args=["no-such"])).status_code == 404


def test_follow_a_type_from_the_types_page(client):
    client.force_login(person())
    client.post(reverse("policies:follow"), {"policy_type": "funding", "next": "/tracker/types/"})
    html = client.get(reverse("policies:types")).content.decode()
    assert "Stop following Funding" in html
