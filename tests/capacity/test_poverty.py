"""The poverty measure (TEA TAPR economically disadvantaged counts): reading, an atomic import, and mentor similarity."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from statewide.accounts.models import Role
from statewide.capacity import services
from statewide.capacity.models import DistrictPoverty
from statewide.capacity.poverty import read_tapr, stid_to_leaid
from statewide.capacity.selectors import mentor_suggestions
from statewide.core.errors import ApplicationError
from statewide.core.permissions import SYSTEM
from tests.capacity.test_networks import _history
from tests.factories import DistrictFactory, person

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo" / "tx"
HEADER = "DISTRICT,DISTNAME,DPETALLC,DPETECOC\n"


def _lea(*districts) -> str:
    return "LEAID,STID,NAME\n" + "".join(f"{d.nces_leaid},{i:06d},{d.name}\n" for i, d in enumerate(districts, start=1))


def test_the_real_tea_file_maps_every_district_through_the_ccd_directory():
    leaids = stid_to_leaid((DEMO / "ccd-lea-directory-2013-14.csv").read_text(encoding="utf-8-sig"))
    rows, problems = read_tapr((DEMO / "tea-tapr-2013-14-district-students.csv").read_text(encoding="utf-8-sig"), leaids)
    assert problems == {} and len(rows) == 1227
    austin = next(r for r in rows if r.leaid == "4808940")
    assert (austin.students, austin.disadvantaged) == (85014, 52030)


@pytest.mark.django_db
def test_a_bad_file_is_refused_whole_with_line_numbers():
    a, b = DistrictFactory(state="TX"), DistrictFactory(state="TX")
    text = HEADER + "000001,A,100,40\n000002,B,10,11\n999999,C,5,1\n000001,A,x,1\n"
    with pytest.raises(ApplicationError) as caught:
        services.district_poverty_import(actor=SYSTEM, tapr=text, lea_directory=_lea(a, b), school_year="2013-14", source="TEA")
    assert set(caught.value.fields) == {"line 3", "line 4", "line 5"}
    assert not DistrictPoverty.objects.exists()
    with pytest.raises(ApplicationError) as caught:
        services.district_poverty_import(actor=SYSTEM, tapr="DISTRICT,X\n1,2\n", lea_directory=_lea(a), school_year="2013-14", source="TEA")
    assert "DPETALLC" in caught.value.fields["line 1"][0]
    with pytest.raises(PermissionDenied):
        services.district_poverty_import(
            actor=person(Role.EDUCATOR, a), tapr=HEADER + "000001,A,100,40\n", lea_directory=_lea(a), school_year="2013-14", source="TEA"
        )


@pytest.mark.django_db
def test_poverty_ranks_mentors_once_imported_and_the_reason_says_so(instrument):
    me = DistrictFactory(state="TX", locale_code="43", school_count=4, name="ME ISD")
    _history(me, instrument, [(2026, 2)])
    rich = DistrictFactory(state="TX", locale_code="43", school_count=4, name="AAA ISD")  # first by name when poverty is unknown
    _history(rich, instrument, [(2024, 1), (2026, 3)])
    poor = DistrictFactory(state="TX", locale_code="43", school_count=4, name="BBB ISD")
    _history(poor, instrument, [(2024, 1), (2026, 3)])
    before = mentor_suggestions(me)
    assert [m.district.name for m in before] == ["AAA ISD", "BBB ISD"] and "Poverty is not compared" in before[0].reason
    text = HEADER + "000001,ME,1000,800\n000002,AAA,1000,100\n000003,BBB,1000,750\n"
    assert services.district_poverty_import(actor=SYSTEM, tapr=text, lea_directory=_lea(me, rich, poor), school_year="2013-14", source="TEA") == 3
    after = mentor_suggestions(me)
    assert [m.district.name for m in after] == ["BBB ISD", "AAA ISD"]
    assert "economically disadvantaged students (80% and 75%)" in after[0].reason and "Poverty is not compared" not in after[0].reason
    assert "economically disadvantaged" not in after[1].reason  # 80% and 10% are not similar, but poverty was compared
    # Importing again replaces the figures (never duplicates).
    services.district_poverty_import(actor=SYSTEM, tapr=text, lea_directory=_lea(me, rich, poor), school_year="2013-14", source="TEA")
    assert DistrictPoverty.objects.count() == 3
