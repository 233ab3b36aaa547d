"""Demo districts, schools and student enrollment: the real NCES CCD directories for Texas and TEA's TAPR 2013-14
district student counts (data/demo/tx), loaded through the importers."""

from __future__ import annotations

from typing import TextIO

from statewide.core.permissions import SYSTEM
from statewide.places.services import districts_import, enrollment_import, schools_import
from statewide.settings.env import REPO_ROOT

TEXAS_CCD = REPO_ROOT / "data" / "demo" / "tx" / "ccd-lea-directory-2013-14.csv"
TEXAS_SCHOOLS = REPO_ROOT / "data" / "demo" / "tx" / "ccd-school-directory-2013-14.csv"
TEXAS_TAPR = REPO_ROOT / "data" / "demo" / "tx" / "tea-tapr-2013-14-district-students.csv"
TAPR_SOURCE = "Texas Education Agency, Texas Academic Performance Reports (TAPR) 2013-14, district student counts"


def load(out: TextIO) -> None:
    report = districts_import(actor=SYSTEM, data=TEXAS_CCD.read_text(encoding="utf-8"), source_name=TEXAS_CCD.name)
    out.write(f"Texas districts: {report.created} created, {report.updated} updated, {report.unchanged} unchanged.\n")
    report = schools_import(actor=SYSTEM, data=TEXAS_SCHOOLS.read_text(encoding="utf-8"), source_name=TEXAS_SCHOOLS.name)
    out.write(f"Texas schools: {report.created} created, {report.updated} updated, {report.unchanged} unchanged.\n")
    enrolled = enrollment_import(
        actor=SYSTEM, data=TEXAS_TAPR.read_text(encoding="utf-8-sig"), source=TAPR_SOURCE, kind="tea",
        lea_directory=TEXAS_CCD.read_text(encoding="utf-8-sig"), school_year="2013-14",
    )  # fmt: skip
    out.write(f"Texas enrollment (TEA TAPR 2013-14): {enrolled.created} created, {enrolled.updated} updated, {enrolled.unchanged} unchanged.\n")
