"""District enrollment by student group: our CSV schema, the TEA TAPR adapter, atomic imports with line numbers, the CLI."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from statewide.accounts.models import Role
from statewide.core.errors import ApplicationError
from statewide.core.permissions import SYSTEM
from statewide.places.enrollment import read_tea_tapr, stid_to_leaid
from statewide.places.models import DistrictEnrollment
from statewide.places.services import enrollment_import
from tests.factories import DistrictFactory, person

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo" / "tx"
HEADER = (
    "leaid,school_year,all_students,hispanic,american_indian,asian,black,pacific_islander,white,two_or_more,"
    "economically_disadvantaged,english_learners,students_with_disabilities,female,male\n"
)


def test_the_tea_adapter_maps_every_real_district_through_the_ccd_directory():
    leaids = stid_to_leaid((DEMO / "ccd-lea-directory-2013-14.csv").read_text(encoding="utf-8-sig"))
    rows, problems = read_tea_tapr((DEMO / "tea-tapr-2013-14-district-students.csv").read_text(encoding="utf-8-sig"), leaids, "2013-14")
    assert problems == {} and len(rows) == 1227
    austin = next(r for r in rows if r.leaid == "4808940")
    with (DEMO / "tea-tapr-2013-14-district-students.csv").open(encoding="utf-8-sig") as f:
        source = next(r for r in csv.DictReader(f) if r["DISTRICT"] == "227901")
    assert austin.counts["all_students"] == int(source["DPETALLC"]) == 85014
    assert (austin.counts["hispanic"], austin.counts["economically_disadvantaged"]) == (int(source["DPETHISC"]), int(source["DPETECOC"]))
    assert austin.counts["female"] is None and austin.counts["male"] is None  # TAPR has no counts by sex: not reported, never zero


@pytest.mark.django_db
def test_a_bad_file_is_refused_whole_with_line_numbers_and_a_good_one_is_idempotent():
    a, b = DistrictFactory(state="TX"), DistrictFactory(state="TX")
    good = f"{a.nces_leaid},2013-14,100,40,0,5,5,0,50,0,60,10,12,48,52\n"
    bad = (
        f"{b.nces_leaid},2013-14,100,40,0,5,5,0,49,0,60,10,12,,\n"  # races do not add up
        f"{b.nces_leaid},2013,10,10,0,0,0,0,0,0,11,0,0,5,\n"  # year; more disadvantaged than students; one sex only
        "9999999,2013-14,1,1,0,0,0,0,0,0,0,0,0,,\n"  # unknown district
        f"{a.nces_leaid},2013-14,x,40,0,5,5,0,50,0,60,10,12,,\n"
    )
    with pytest.raises(ApplicationError) as caught:
        enrollment_import(actor=SYSTEM, data=HEADER + good + bad, source="test")
    assert list(caught.value.fields) == ["line 3", "line 4", "line 5", "line 6"]
    assert "add up" in caught.value.fields["line 3"][0]
    assert len(caught.value.fields["line 4"]) == 3 and "not imported yet" in caught.value.fields["line 5"][0]
    assert not DistrictEnrollment.objects.exists()
    with pytest.raises(ApplicationError) as caught:
        enrollment_import(actor=SYSTEM, data="leaid,school_year\n", source="test")
    assert "all_students" in caught.value.fields["line 1"][0]
    with pytest.raises(ApplicationError) as caught:
        enrollment_import(actor=SYSTEM, data=HEADER + good + good, source="test")
    assert list(caught.value.fields) == ["line 3"]
    with pytest.raises(PermissionDenied):
        enrollment_import(actor=person(Role.DISTRICT_LEAD, a), data=HEADER + good, source="test")
    first = enrollment_import(actor=SYSTEM, data=HEADER + good, source="test")
    again = enrollment_import(actor=SYSTEM, data=HEADER + good, source="test")
    assert (first.created, again.created, again.unchanged) == (1, 0, 1)
    row = DistrictEnrollment.objects.get()
    assert (row.female, row.male, row.students_with_disabilities) == (48, 52, 12)
    # Sex left empty is "not reported": NULL, never zero.
    enrollment_import(actor=SYSTEM, data=HEADER + good.replace(",48,52", ",,"), source="test")
    row.refresh_from_db()
    assert (row.female, row.male) == (None, None)


@pytest.mark.django_db
def test_the_cli_imports_our_csv_and_reports_bad_lines(tmp_path, capsys):
    a = DistrictFactory(state="TX")
    path = tmp_path / "enrollment.csv"
    path.write_text(HEADER + f"{a.nces_leaid},2014-15,20,20,0,0,0,0,0,0,5,0,3,,\n", encoding="utf-8")
    call_command("import_enrollment", str(path))
    assert "1 created" in capsys.readouterr().out
    path.write_text(HEADER + f"{a.nces_leaid},2014-15,20,19,0,0,0,0,0,0,5,0,3,,\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_enrollment", str(path))
    assert "line 2" in capsys.readouterr().err
    with pytest.raises(CommandError):
        call_command("import_enrollment", str(path), "--tea")
