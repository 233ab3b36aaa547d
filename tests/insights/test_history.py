"""Participation history: each school year's equity figures use the districts that took part THAT year (a
capacity network member by its membership dates, a program participant by the programs module's own rule)."""

from __future__ import annotations

import datetime as dt

import pytest

from statewide.capacity import services as capacity
from statewide.capacity.models import NetworkMember
from statewide.core.errors import ApplicationError
from statewide.core.permissions import SYSTEM
from statewide.insights import selectors
from statewide.places.selectors import school_year_span, school_years_between
from statewide.programs import stats as program_stats
from statewide.programs.models import Application
from tests.insights.conftest import make_state

YEARS = ("2018-19", "2019-20", "2020-21", "2021-22")


def _participating(client, year: str) -> int:
    return client.get("/api/v1/insights/equity", {"state": "TX", "school_year": year}).json()["participating_districts"]


def test_school_years_and_their_days():
    assert school_year_span("2019-20") == (dt.date(2019, 7, 1), dt.date(2020, 6, 30))
    assert school_years_between(dt.date(2019, 6, 30), dt.date(2020, 7, 1)) == ["2018-19", "2019-20", "2020-21"]
    assert school_years_between(dt.date(2019, 7, 1), dt.date(2019, 7, 1)) == ["2019-20"]


@pytest.mark.django_db
def test_a_network_member_counts_from_the_year_it_joined_and_not_after_it_left(client):
    state = make_state(10, members=0, years=YEARS)
    network = capacity.network_create(actor=SYSTEM, jurisdiction=state["texas"], title="Cohort", purpose="", cap=10, domains=[])
    joined, leaver = state["districts"][0], state["districts"][1]
    capacity.network_select(actor=SYSTEM, member=capacity.network_apply(actor=SYSTEM, network=network, district=joined), joined_on=dt.date(2019, 9, 3))
    member = capacity.network_select(actor=SYSTEM, member=capacity.network_apply(actor=SYSTEM, network=network, district=leaver), joined_on=dt.date(2018, 8, 1))
    capacity.network_leave(actor=SYSTEM, member=member, left_on=dt.date(2020, 5, 29))
    assert NetworkMember.objects.get(pk=member.pk).left_on == dt.date(2020, 5, 29)
    # 2018-19: only the one that left later; 2019-20: both; 2020-21 and after: only the one that joined in 2019-20.
    assert [_participating(client, y) for y in YEARS] == [1, 2, 1, 1]
    by_year = selectors.participants_by_school_year("TX")
    assert joined.pk not in by_year["2018-19"] and joined.pk in by_year["2019-20"] and leaver.pk not in by_year["2020-21"]
    # The gap over time and the CSV use each year's participants: the participating students differ year by year.
    trend = {d.school_year: d.participants for d in selectors.trend("TX")}
    assert trend == dict(zip(YEARS, [1, 2, 1, 1], strict=True))
    # The equity map's table lists the year's participants.
    page = client.get("/insights/TX/equity/", {"year": "2018-19"}).content.decode()
    table = page.split("Participating districts by locale</caption>")[1].split("</table>")[0]
    assert leaver.nces_leaid in table and joined.nces_leaid not in table


@pytest.mark.django_db
def test_membership_dates_are_checked(client):
    state = make_state(3, members=0, years=YEARS)
    network = capacity.network_create(actor=SYSTEM, jurisdiction=state["texas"], title="Cohort", purpose="", cap=10, domains=[])
    applied = capacity.network_apply(actor=SYSTEM, network=network, district=state["districts"][0])
    with pytest.raises(ApplicationError) as future:
        capacity.network_select(actor=SYSTEM, member=applied, joined_on=dt.date.today() + dt.timedelta(days=400))
    assert "joined_on" in future.value.fields
    member = capacity.network_select(actor=SYSTEM, member=applied, joined_on=dt.date(2019, 9, 3))
    with pytest.raises(ApplicationError) as before:
        capacity.network_leave(actor=SYSTEM, member=member, left_on=dt.date(2019, 1, 1))
    assert "left_on" in before.value.fields


@pytest.mark.django_db
def test_a_program_participant_counts_by_the_programs_rule(client):
    from tests.programs import factories as pf  # noqa: PLC0415

    state = make_state(6, members=0, years=YEARS)
    district = state["districts"][3]
    app = pf.to_approved(pf.program(), pf.lead(district), pf.admin(), pf.reviewer())
    # A term recorded from the 2019-20 school year to the end of 2020-21.
    Application.objects.filter(pk=app.pk).update(term_start=dt.date(2019, 8, 15), term_end=dt.date(2021, 6, 30))
    from statewide.core.cache import content_changed  # noqa: PLC0415

    content_changed("programs")
    assert [_participating(client, y) for y in YEARS] == [0, 1, 1, 0]
    # The same spans give the programs dashboard's calendar years (one rule: `participants_in`).
    years = program_stats.participants_by_year(state["texas"])
    assert {y for y, ids in years.items() if district.pk in ids} == {2019, 2020, 2021}


@pytest.mark.django_db
def test_the_map_marks_each_district_by_locale_group_with_color_and_shape(client):
    from decimal import Decimal  # noqa: PLC0415

    from statewide.places.models import Organisation  # noqa: PLC0415

    state = make_state(12, members=0, years=YEARS)
    network = capacity.network_create(actor=SYSTEM, jurisdiction=state["texas"], title="Cohort", purpose="", cap=20, domains=[])
    # conftest LOCALES cycle: 11 (city), 21 (suburb), 32 (town), 42 (rural), 43 (rural), "" (unknown)
    for i, d in enumerate(state["districts"][:6]):
        Organisation.objects.filter(pk=d.pk).update(latitude=Decimal("30.2") + i, longitude=Decimal("-97.7") - i)
        capacity.network_select(actor=SYSTEM, member=capacity.network_apply(actor=SYSTEM, network=network, district=d), joined_on=dt.date(2018, 8, 1))
    page = client.get("/insights/TX/equity/").content.decode()
    svg = page.split('aria-labelledby="state-map-title"')[1].split("</svg>")[0]
    for color in ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000"):  # Okabe-Ito, one per locale group
        assert f'fill="{color}"' in svg
    assert svg.count('stroke="#1b1b1b"') == 6 and "<circle" not in svg  # every mark has a shape and a dark outline
    legend = page.split('aria-labelledby="map-legend"')[1].split("</ul>")[0]
    for text in ("City (blue circle): 1 district", "Suburb (orange square): 1 district", "Town (green triangle): 1 district",
                 "Rural (pink diamond): 2 districts", "Locale unknown (black cross): 1 district"):  # fmt: skip
        assert text in legend
    table = page.split("Participating districts by locale</caption>")[1].split("</table>")[0]
    assert "Mark on the map" in table and table.count("pink diamond") == 2 and table.count("blue circle") == 1
    assert "style=" not in svg
