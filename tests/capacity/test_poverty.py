"""The poverty measure of mentor matching reads places' student enrollment (economically disadvantaged over all
students, the district's latest year); the import itself is tested in tests/insights/test_enrollment.py."""

from __future__ import annotations

import pytest

from statewide.capacity.selectors import mentor_suggestions
from statewide.core.permissions import SYSTEM
from statewide.places.models import DistrictEnrollment
from statewide.places.services import enrollment_import
from tests.capacity.test_networks import _history
from tests.factories import DistrictFactory

HEADER = "leaid,school_year,all_students,hispanic,american_indian,asian,black,pacific_islander,white,two_or_more,economically_disadvantaged,english_learners,students_with_disabilities\n"


def _row(district, year: str, students: int, poor: int) -> str:
    return f"{district.nces_leaid},{year},{students},0,0,0,0,0,{students},0,{poor},0,0\n"


@pytest.mark.django_db
def test_poverty_ranks_mentors_once_enrollment_is_imported_and_the_reason_says_so(instrument):
    me = DistrictFactory(state="TX", locale_code="43", school_count=4, name="ME ISD")
    _history(me, instrument, [(2026, 2)])
    rich = DistrictFactory(state="TX", locale_code="43", school_count=4, name="AAA ISD")  # first by name when poverty is unknown
    _history(rich, instrument, [(2024, 1), (2026, 3)])
    poor = DistrictFactory(state="TX", locale_code="43", school_count=4, name="BBB ISD")
    _history(poor, instrument, [(2024, 1), (2026, 3)])
    before = mentor_suggestions(me)
    assert [m.district.name for m in before] == ["AAA ISD", "BBB ISD"] and "Poverty is not compared" in before[0].reason
    # An older year says the opposite: the latest year is the one compared.
    text = HEADER + _row(me, "2012-13", 1000, 100) + _row(rich, "2012-13", 1000, 800)
    text += _row(me, "2013-14", 1000, 800) + _row(rich, "2013-14", 1000, 100) + _row(poor, "2013-14", 1000, 750)
    report = enrollment_import(actor=SYSTEM, data=text, source="test")
    assert (report.created, report.years) == (5, ["2012-13", "2013-14"])
    after = mentor_suggestions(me)
    assert [m.district.name for m in after] == ["BBB ISD", "AAA ISD"]
    assert "economically disadvantaged students (80% and 75%)" in after[0].reason and "Poverty is not compared" not in after[0].reason
    assert "economically disadvantaged" not in after[1].reason  # 80% and 10% are not similar, but poverty was compared
    # Importing again changes nothing (never duplicates).
    assert enrollment_import(actor=SYSTEM, data=text, source="test").unchanged == 5
    assert DistrictEnrollment.objects.count() == 5
