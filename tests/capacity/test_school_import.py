"""The NCES CCD school directory importer: atomic, idempotent, line-numbered, and the derived district locale."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from statewide.core.permissions import SYSTEM
from statewide.places.locale import derived_locale
from statewide.places.models import NCES_LOCALES, Organisation, School
from statewide.places.services import DistrictImportError, districts_import, schools_import

REPO = Path(__file__).resolve().parents[2]
TX_DISTRICTS = REPO / "data" / "demo" / "tx" / "ccd-lea-directory-2013-14.csv"
TX_SCHOOLS = REPO / "data" / "demo" / "tx" / "ccd-school-directory-2013-14.csv"
LEA_HEADER = "SURVYEAR,LEAID,FIPST,STID,NAME,TYPE,ULOCAL"
SCHOOL_HEADER = "SURVYEAR,NCESSCH,FIPST,LEAID,SCHNAM,TYPE,STATUS,ULOCAL,LATCOD,LONCOD,GSLO,GSHI,CHARTR"


def _districts(*rows: str) -> None:
    districts_import(actor=SYSTEM, data="\n".join([LEA_HEADER, *rows]) + "\n")


@pytest.mark.django_db
def test_real_texas_schools_import_once_and_districts_get_a_derived_locale():
    districts_import(actor=SYSTEM, data=TX_DISTRICTS.read_text(), source_name=TX_DISTRICTS.name)
    first = schools_import(actor=SYSTEM, data=TX_SCHOOLS.read_text(), source_name=TX_SCHOOLS.name)
    assert (first.created, first.updated) == (9336, 0)
    second = schools_import(actor=SYSTEM, data=TX_SCHOOLS.read_text(), source_name=TX_SCHOOLS.name)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 9336)
    austin = Organisation.objects.get(nces_leaid="4808940")
    # Austin ISD's schools are mostly "City: large": the district file's broken column never decided it.
    assert (austin.locale_code, austin.locale_is_derived) == ("11", True)
    assert austin.school_count == School.objects.filter(district=austin, status__in=[1, 3, 4, 5, 8]).count() > 100
    # Re-importing the district file (whose locale column is broken) keeps the derived locale.
    districts_import(actor=SYSTEM, data=TX_DISTRICTS.read_text(), source_name=TX_DISTRICTS.name)
    austin.refresh_from_db()
    assert (austin.locale_code, austin.locale_source) == ("11", "derived")
    assert Organisation.objects.filter(kind="district", jurisdiction__usps="TX", locale_source="derived").count() > 1200


@pytest.mark.django_db
def test_a_reported_locale_is_kept_and_closed_schools_do_not_count():
    _districts("2013,4800001,48,054901,ONE ISD,1,", "2013,4800002,48,054902,TWO ISD,1,21")
    schools_import(
        actor=SYSTEM,
        data="\n".join(
            [
                SCHOOL_HEADER,
                "2013,480000100001,48,4800001,A EL,1,1,43,33.1,-101.2,PK,05,2",
                "2013,480000100002,48,4800001,B EL,1,2,11,33.1,-101.2,PK,05,2",  # closed
                "2013,480000100003,48,4800001,C EL,1,2,11,33.1,-101.2,PK,05,2",  # closed
                "2013,480000200001,48,4800002,D H S,1,1,43,33.1,-101.2,09,12,1",
            ]
        ),
    )
    one, two = Organisation.objects.get(nces_leaid="4800001"), Organisation.objects.get(nces_leaid="4800002")
    assert (one.locale_code, one.locale_source, one.school_count) == ("43", "derived", 1)
    assert (two.locale_code, two.locale_source, two.school_count) == ("21", "reported", 1)
    assert School.objects.get(nces_id="480000200001").is_charter


@pytest.mark.django_db
def test_bad_rows_are_refused_with_their_line_and_nothing_is_written():
    _districts("2013,4800001,48,054901,ONE ISD,1,")
    data = "\n".join(
        [
            SCHOOL_HEADER,
            "2013,480000100001,48,4800001,A EL,1,1,43,33.1,-101.2,PK,05,2",
            "2013,480000900001,48,4800009,UNKNOWN DISTRICT EL,1,1,43,33.1,-101.2,PK,05,2",
            "2013,480000100002,48,4800001,B EL,9,1,43,33.1,-101.2,PK,05,2",
            "2013,480000100001,48,4800001,DUPLICATE,1,1,43,33.1,-101.2,PK,05,2",
            "2013,4800001,48",
        ]
    )
    with pytest.raises(DistrictImportError) as caught:
        schools_import(actor=SYSTEM, data=data)
    text = [str(p) for p in caught.value.problems]
    assert any(t.startswith("line 3:") and "4800009" in t for t in text)
    assert any(t.startswith("line 4:") and "TYPE" in t for t in text)
    assert any(t.startswith("line 5:") and "line 2" in t for t in text)
    assert any(t.startswith("line 6:") and "fields" in t for t in text)
    assert not School.objects.exists()


@pytest.mark.django_db
def test_cli_imports_schools_and_reports_problems(tmp_path, capsys):
    _districts("2013,4800001,48,054901,ONE ISD,1,")
    good = tmp_path / "schools.csv"
    good.write_text(f"{SCHOOL_HEADER}\n2013,480000100001,48,4800001,A EL,1,1,32,33.1,-101.2,PK,05,2\n")
    call_command("import_districts", str(good), "--schools")
    assert "1 created" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("NCESSCH\n1\n")
    with pytest.raises(CommandError):
        call_command("import_districts", str(bad), "--schools")
    assert "line 1: missing required columns" in capsys.readouterr().err


@pytest.mark.django_db
def test_district_api_marks_the_locale_as_derived(client):
    _districts("2013,4800001,48,054901,ONE ISD,1,")
    schools_import(actor=SYSTEM, data=f"{SCHOOL_HEADER}\n2013,480000100001,48,4800001,A EL,1,1,32,33.1,-101.2,PK,05,2\n")
    body = client.get("/api/v1/districts/4800001").json()
    assert (body["locale_code"], body["locale_is_derived"], body["school_count"]) == ("32", True, 1)
    page = client.get("/districts/4800001/").content.decode()
    assert "derived" in page


codes = st.sampled_from(sorted(NCES_LOCALES))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(codes, st.just("")), max_size=30))
def test_derived_locale_is_a_most_common_code_and_the_most_urban_on_ties(locales):
    result = derived_locale(locales)
    present = [c for c in locales if c]
    if not present:
        assert result == ""
        return
    top = max(present.count(c) for c in set(present))
    assert present.count(result) == top
    assert result == min(c for c in set(present) if present.count(c) == top)
    assert derived_locale(reversed(locales)) == result  # order never matters
