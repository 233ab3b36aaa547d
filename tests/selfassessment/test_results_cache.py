"""Campaign results are computed once per change of the campaign's responses, not per view."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statewide.selfassessment import services
from statewide.selfassessment.results import campaign_results
from tests.selfassessment import factories as f

pytestmark = pytest.mark.django_db


def test_results_are_cached_until_a_response_of_that_campaign_changes() -> None:
    c = f.campaign(groups=["Educators", "Families"])
    other = f.campaign(title="Another campaign", groups=["Educators"])
    educators = c.groups.get(name="Educators")
    f.respondents(educators, 6, phase=0)
    first = campaign_results(c)
    assert first.total == 6
    with CaptureQueriesContext(connection) as warm:
        again = campaign_results(c)
    assert len(warm) == 1 and again.total == 6  # only the content versions are read
    # A response to another campaign leaves this one's cached results alone.
    other_item, other_level = other.conditions.order_by("position").first(), other.framework.levels.order_by("position").first()
    services.respondent_save(
        respondent=services.respondent_start(group=other.groups.get()),
        answers=[services.Answer(other_item, other_level, "high", "")],
        priorities=[],
        submit=True,
    )
    with CaptureQueriesContext(connection) as still_warm:
        campaign_results(c)
    assert len(still_warm) == 1
    # A submitted response of this campaign is counted at once.
    item, level = f.conditions()[0], f.levels()[2]
    respondent = services.respondent_start(group=educators)
    services.respondent_save(respondent=respondent, answers=[services.Answer(item, level, "high", "")], priorities=[], submit=True)
    fresh = campaign_results(c)
    assert fresh.total == 7
    assert {lv.code: n for lv, n in fresh.condition(item.code).counts}[level.code] == 1
    # Changing the campaign's threshold is seen too (the campaign's own fields are part of the key).
    c.threshold = 10
    c.save(update_fields=["threshold", "updated_at"])
    assert campaign_results(c).all_suppressed
