"""The NCES CCD importer: atomic, idempotent, and precise about bad rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from statewide.core.models import AuditEvent
from statewide.core.permissions import SYSTEM
from statewide.places.models import Organisation, OrganisationKind
from statewide.places.services import DistrictImportError, districts_import

REPO = Path(__file__).resolve().parents[2]
TEXAS = REPO / "data" / "demo" / "tx" / "ccd-lea-directory-2013-14.csv"
HEADER = (
    "SURVYEAR,LEAID,FIPST,STID,NAME,PHONE,MSTREE,MCITY,MSTATE,MZIP,MZIP4,LSTREE,LCITY,LSTATE,LZIP,LZIP4,TYPE,UNION,"
    "CONUM,CONAME,CSA,CBSA,METMIC,ULOCAL,CDCODE,LATCOD,LONCOD,BOUND,GSLO,GSHI"
)
GOOD_ROW = "2013,4800001,48,054901,CROSBYTON CISD,8066757331,204 S HARRISON ST,CROSBYTON,TX,79322,2130,204 S HARRISON ST,CROSBYTON,TX,79322,2130,1,000,48107,CROSBY COUNTY,352,31180,1,42,4819,33.658782,-101.246702,1,PK,12"
SECOND_ROW = "2013,4800002,48,063903,SPUR ISD,8062713272,P O BOX 550,SPUR,TX,79370,0550,800 N WILLIAMS,SPUR,TX,79370,0550,1,000,48125,DICKENS COUNTY,N,N,0,41,4813,33.48184,-100.871419,1,PK,12"


def districts() -> int:
    return Organisation.objects.filter(kind=OrganisationKind.DISTRICT).count()


@pytest.mark.django_db
def test_real_texas_file_imports_once_and_reimport_changes_nothing():
    first = districts_import(actor=SYSTEM, data=TEXAS.read_text(), source_name=TEXAS.name)
    assert (first.created, first.updated) == (1265, 0)
    snapshot = list(Organisation.objects.filter(kind="district").order_by("nces_leaid").values_list("nces_leaid", "name", "public_id"))
    second = districts_import(actor=SYSTEM, data=TEXAS.read_text(), source_name=TEXAS.name)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 1265)
    assert list(Organisation.objects.filter(kind="district").order_by("nces_leaid").values_list("nces_leaid", "name", "public_id")) == snapshot
    austin = Organisation.objects.get(nces_leaid="4808940")
    assert austin.name == "AUSTIN ISD" and austin.jurisdiction.usps == "TX" and austin.grade_span == "PK–12"
    # This copy's ULOCAL column holds "00:00:00": kept as a warning, locale left blank, never guessed.
    assert austin.locale_code == "" and len(first.warnings) == 1265
    assert AuditEvent.objects.filter(action="districts.import").count() == 2


@pytest.mark.django_db
def test_reimport_updates_changed_rows_in_place():
    districts_import(actor=SYSTEM, data=f"{HEADER}\n{GOOD_ROW}\n")
    renamed = GOOD_ROW.replace("CROSBYTON CISD", "CROSBYTON CONSOLIDATED ISD")
    report = districts_import(actor=SYSTEM, data=f"{HEADER}\n{renamed}\n")
    assert (report.created, report.updated) == (0, 1)
    assert Organisation.objects.get(nces_leaid="4800001").name == "CROSBYTON CONSOLIDATED ISD"
    assert districts() == 1


@pytest.mark.django_db
def test_tab_separated_files_are_accepted():
    data = "\n".join(line.replace(",", "\t") for line in (HEADER, GOOD_ROW, SECOND_ROW))
    assert districts_import(actor=SYSTEM, data=data).created == 2
    assert Organisation.objects.get(nces_leaid="4800002").locale_code == "41"


@pytest.mark.parametrize(
    ("body", "line", "reason"),
    [
        ("SURVYEAR,LEAID,NAME\n2013,4800001,X\n", 1, "missing required columns: FIPST, STID, TYPE"),
        (f"{HEADER}\n{GOOD_ROW}\n{GOOD_ROW.replace('4800001', '48000X1')}\n", 3, "LEAID '48000X1' is not 7 digits"),
        (f"{HEADER}\n{GOOD_ROW}\n{SECOND_ROW[:40]}\n", 3, "expected 30 fields, found"),
        (f"{HEADER}\n{GOOD_ROW.replace(',4800001,48,', ',0600001,48,')}\n", 2, "does not start with the state code 48"),
        (f"{HEADER}\n{GOOD_ROW}\n{GOOD_ROW}\n", 3, "also appears on line 2"),
        (f"{HEADER}\n{GOOD_ROW.replace(',33.658782,', ',133.6,')}\n", 2, "LATCOD value '133.6' is not valid"),
    ],
)
@pytest.mark.django_db
def test_bad_files_import_nothing_and_name_the_line(body, line, reason):
    with pytest.raises(DistrictImportError) as caught:
        districts_import(actor=SYSTEM, data=body)
    assert any(p.line == line and reason in p.reason for p in caught.value.problems), caught.value.problems
    assert districts() == 0
    assert not AuditEvent.objects.filter(action="districts.import").exists()


@pytest.mark.django_db
def test_every_bad_row_is_reported_not_just_the_first():
    bad = [GOOD_ROW.replace("4800001", f"48000{i}") for i in range(3)]  # six-digit LEAIDs
    with pytest.raises(DistrictImportError) as caught:
        districts_import(actor=SYSTEM, data="\n".join([HEADER, *bad]))
    assert [p.line for p in caught.value.problems] == [2, 3, 4]


@pytest.mark.django_db
def test_cli_reports_lines_and_fails(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\n{GOOD_ROW}\n{SECOND_ROW[:40]}\n")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_districts", str(bad))
    assert "bad.csv: line 3: expected 30 fields" in capsys.readouterr().err
    assert districts() == 0


@pytest.mark.django_db
def test_cli_imports_and_shows_progress(tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text(f"{HEADER}\n{GOOD_ROW}\n{SECOND_ROW}\n")
    call_command("import_districts", str(good))
    out = capsys.readouterr()
    assert "2 created, 0 updated, 0 unchanged" in out.out
    assert "Checking rows: 2/4" in out.err and "Writing records: 4/4" in out.err  # each row is checked, then written


# the worker closes database connections after each task: no test transaction may wrap it
@pytest.mark.django_db(transaction=True)
def test_background_import_goes_through_the_database_queue(tmp_path, capsys):
    from django.test import override_settings  # noqa: PLC0415

    from statewide.core.models import Job, JobStatus  # noqa: PLC0415

    good = tmp_path / "two.csv"
    good.write_text(f"{HEADER}\n{GOOD_ROW}\n{SECOND_ROW}\n")
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\n{GOOD_ROW}\n{GOOD_ROW.replace(',48,', ',99,', 1)}\n")
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        call_command("import_districts", str(good), "--background")
        call_command("import_districts", str(bad), "--background")
        assert "Queued job" in capsys.readouterr().out
        assert districts() == 0, "nothing is imported before the worker runs"
        call_command("worker", "--batch")
    ok, failed = Job.objects.get(label__contains="two.csv"), Job.objects.get(label__contains="bad.csv")
    assert ok.status == JobStatus.SUCCEEDED and ok.result["created"] == 2 and ok.done == ok.total == 4
    assert failed.status == JobStatus.FAILED and "line 3" in failed.result["fields"] and failed.attempts == 1
    assert districts() == 2
