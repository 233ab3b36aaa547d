"""Several people answer one readiness round: a save never silently overwrites an item someone else changed
after the form was opened (the form carries what it showed; `answers_save(seen=…)`)."""

from __future__ import annotations

import re

import pytest

from statewide.accounts.models import Role
from statewide.capacity import services
from statewide.capacity.models import Answer, ReadinessRound
from tests.factories import DistrictFactory, person

pytestmark = pytest.mark.django_db


def _opened_form(client, rnd) -> dict[str, str]:
    """The hidden tokens of the round page as a person's browser got them."""
    html = client.get(f"/capacity/rounds/{rnd.public_id}/").content.decode()
    return dict(re.findall(r'name="(seen-[\w-]+)" value="([^"]*)"', html)) | dict.fromkeys(
        re.findall(r'<input type="hidden" name="(seen-[\w-]+)"(?! value)', html), ""
    )


@pytest.fixture
def team_round(instrument, client):
    district = DistrictFactory(state="TX")
    lead, member = person(Role.DISTRICT_LEAD, district), person(Role.EDUCATOR, district)
    client.force_login(lead)
    client.post(f"/capacity/districts/{district.nces_leaid}/rounds/", {"title": "Spring"})
    rnd = ReadinessRound.objects.get(district=district)
    client.post(f"/capacity/rounds/{rnd.public_id}/team/", {"email": member.email})
    return rnd, lead, member


def test_a_stale_save_is_told_which_item_changed_and_saves_nothing_then_saving_again_keeps_it(client, team_round):
    rnd, lead, member = team_round
    client.force_login(member)
    members_form = _opened_form(client, rnd)
    assert "seen-vision" in members_form and members_form["seen-vision"] == ""
    # The lead answers "vision" after the member opened the page.
    services.answers_save(actor=lead, round=rnd, answers={"vision": (3, "board plan")}, seen={"vision": ""})

    stale = client.post(f"/capacity/rounds/{rnd.public_id}/", members_form | {"level-vision": "1", "level-evidence-use": "2"})
    page = stale.content.decode()
    assert stale.status_code == 400
    assert "someone else saved this item while you were answering" in page
    assert Answer.objects.get(round=rnd, item_code="vision").level == 3  # the lead's answer stands
    assert not Answer.objects.filter(round=rnd, item_code="evidence-use").exists()  # nothing of the stale save

    # The page the member got back carries the current answer's token: saving again keeps the member's values.
    again = dict(re.findall(r'name="(seen-[\w-]+)" value="([^"]*)"', page))
    assert again["seen-vision"] == Answer.objects.get(round=rnd, item_code="vision").seen_token
    assert client.post(f"/capacity/rounds/{rnd.public_id}/", again | {"level-vision": "1", "level-evidence-use": "2"}).status_code == 302
    assert Answer.objects.get(round=rnd, item_code="vision").level == 1


def test_items_nobody_else_touched_save_without_a_conflict(client, team_round):
    rnd, lead, member = team_round
    client.force_login(member)
    members_form = _opened_form(client, rnd)
    services.answers_save(actor=lead, round=rnd, answers={"vision": (3, "")}, seen={"vision": ""})
    # The member leaves "vision" as the form showed it (unanswered) and answers another item.
    assert client.post(f"/capacity/rounds/{rnd.public_id}/", members_form | {"level-evidence-use": "2"}).status_code == 302
    assert {a.item_code: a.level for a in Answer.objects.filter(round=rnd)} == {"vision": 3, "evidence-use": 2}
    # Saving the same value someone else saved is not a conflict either.
    assert client.post(f"/capacity/rounds/{rnd.public_id}/", members_form | {"level-vision": "3"}).status_code == 302
