"""Group names longer than the column are refused with a field error, never cut."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from statewide.core.errors import ApplicationError
from statewide.selfassessment import services
from statewide.selfassessment.models import StakeholderGroup
from tests.factories import person, state_agency
from tests.selfassessment import factories as f

pytestmark = pytest.mark.django_db
BASE = "/where-to-begin/self-assessment"
MAX = StakeholderGroup._meta.get_field("name").max_length
LONG = "Families and community members of the northern districts " * 3


def test_the_new_campaign_form_refuses_a_long_group_name_on_its_field(client: Client) -> None:
    assert len(LONG) > MAX
    client.force_login(person("state_admin", state_agency("TX")))
    data = {
        "title": "Spring round",
        "state": "TX",
        "conditions": [str(c.pk) for c in f.conditions()],
        "groups": f"Legislators\n{LONG}",
        "opens_on": "2026-01-01",
        "closes_on": "2026-02-01",
        "threshold": "5",
    }
    response = client.post(f"{BASE}/new/", data)
    assert response.status_code == 400
    errors = response.context["form"].errors["groups"]
    assert any(f"At most {MAX} characters" in e for e in errors), errors
    assert not StakeholderGroup.objects.filter(name__startswith="Families and community members of the northern").exists()


def test_adding_a_long_group_is_refused_on_the_page_and_by_the_service(client: Client) -> None:
    admin = person("state_admin", state_agency("TX"))
    campaign = f.campaign()
    count = campaign.groups.count()
    with pytest.raises(ApplicationError) as exc:
        services.group_add(actor=admin, campaign=campaign, name=LONG)
    assert "name" in exc.value.fields and f"At most {MAX} characters" in exc.value.fields["name"][0]
    client.force_login(admin)
    response = client.post(f"{BASE}/{campaign.public_id}/groups/", {"name": LONG})
    assert response.status_code == 302
    shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "New group:" in shown and str(MAX) in shown
    exactly = "x" * MAX
    services.group_add(actor=admin, campaign=campaign, name=exactly)
    assert campaign.groups.count() == count + 1 and campaign.groups.filter(name=exactly).exists()
