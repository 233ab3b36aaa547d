"""The reads narrowed for national scale give what the whole-table reads gave: tier counts, mentors, the streamed rounds CSV."""

from __future__ import annotations

import csv
import io

import pytest

from statewide.accounts.models import Role
from statewide.capacity.mentors import History, rank_mentors
from statewide.capacity.models import ReadinessRound, RoundStatus
from statewide.capacity.selectors import mentor_suggestions, state_settings, state_tier_counts
from statewide.places.models import Organisation
from tests.capacity.bulk import build
from tests.factories import jurisdiction, person, state_agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def districts(instrument):
    return build(instrument, districts=60, schools_per_district=2)


def _all_histories() -> dict[int, History]:
    """Every submitted round of every district, read whole (the reference the narrowed query must match)."""
    names = {t.code: t.name for t in state_settings(jurisdiction("TX")).tiers}
    histories: dict[int, History] = {}
    rounds = (
        ReadinessRound.objects.filter(status=RoundStatus.SUBMITTED)
        .exclude(tier_code="")
        .select_related("district")
        .order_by("district_id", "submitted_at", "id")
    )
    for r in rounds:
        histories.setdefault(r.district_id, History(r.district, [])).rounds.append((r.submitted_at, r.tier_code, names[r.tier_code]))
    return histories


def test_tier_counts_count_each_district_once_by_its_latest_round(districts):
    histories = _all_histories()
    expected: dict[str, int] = {}
    for h in histories.values():
        expected[h.rounds[-1][1]] = expected.get(h.rounds[-1][1], 0) + 1
    assert state_tier_counts(jurisdiction("TX")) == sorted(expected.items())
    assert sum(n for _code, n in state_tier_counts(jurisdiction("TX"))) == len(districts)


def test_narrowed_mentor_candidates_rank_as_the_whole_state_did(districts):
    histories = _all_histories()
    rank = {t.code: i for i, t in enumerate(state_settings(jurisdiction("TX")).tiers)}
    suggested = 0
    for district in Organisation.objects.filter(pk__in=[d.pk for d in districts]).select_related("jurisdiction"):
        expected = rank_mentors(histories[district.pk], list(histories.values()), rank, limit=5)
        got = mentor_suggestions(district)
        assert [(m.district.pk, m.score, m.reason) for m in got] == [(m.district.pk, m.score, m.reason) for m in expected]
        suggested += bool(got)
    assert suggested > 0  # the data does have mentors to find


def test_the_rounds_csv_streams_every_round(client, districts):
    client.force_login(person(Role.STATE_ADMIN, state_agency("TX")))
    response = client.get("/capacity/states/TX/rounds.csv")
    assert response.status_code == 200 and response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:6] == ["district_leaid", "district", "round", "submitted_at", "overall_score", "tier"]
    assert len(rows) == 1 + ReadinessRound.objects.filter(status=RoundStatus.SUBMITTED).count()
    first = ReadinessRound.objects.filter(status=RoundStatus.SUBMITTED).select_related("district").order_by("district__name", "-submitted_at", "-id")[0]
    assert rows[1][:3] == [first.district.nces_leaid, first.district.name, first.title] and rows[1][5] == first.tier_code
    client.force_login(person(Role.EDUCATOR, districts[0]))
    assert client.get("/capacity/states/TX/rounds.csv").status_code == 403
