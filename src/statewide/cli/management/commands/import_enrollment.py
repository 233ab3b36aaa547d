from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from statewide.core.errors import ApplicationError
from statewide.core.jobs import job_enqueue
from statewide.core.permissions import SYSTEM
from statewide.places.services import enrollment_import


class Command(BaseCommand):
    help = "Import district enrollment by student group (our CSV schema, or a TEA TAPR district file with --tea). All rows or none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Our enrollment CSV (docs/insights.md), or a TEA TAPR district student file with --tea.")
        parser.add_argument("--tea", action="store_true", help="The file is a TEA TAPR district student file (DISTRICT, DPETALLC, …).")
        parser.add_argument("--lea-directory", type=Path, help="With --tea: the CCD LEA directory of the same year (maps TEA's STID to the LEAID).")
        parser.add_argument("--school-year", default="", help="With --tea: the file's school year, such as 2013-14.")
        parser.add_argument("--source", default="", help="Where the figures come from (shown beside them); defaults to the file name.")
        parser.add_argument("--background", action="store_true", help="Queue the import for `statewide worker` and print the job's id.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if options["tea"] and not (options["lea_directory"] and options["school_year"]):
            raise CommandError("--tea needs --lea-directory and --school-year.")
        try:
            data = path.read_text(encoding="utf-8-sig")
            lea = options["lea_directory"].read_text(encoding="utf-8-sig") if options["tea"] else ""
        except OSError as exc:
            raise CommandError(f"Cannot read a file: {exc.strerror}") from exc
        payload = {"data": data, "source": options["source"] or path.name, "kind": "tea" if options["tea"] else "csv",
                   "lea_directory": lea, "school_year": options["school_year"]}  # fmt: skip
        if options["background"]:
            job = job_enqueue(actor=SYSTEM, kind="places.enrollment_import", label=f"Enrollment import ({path.name})",
                              handler="statewide.places.jobs.enrollment_import_job", payload=payload)  # fmt: skip
            job.refresh_from_db()
            self.stdout.write(f"Queued job {job.public_id} ({job.get_status_display()}).")
            return
        tty = sys.stderr.isatty()

        def progress(done: int, total: int, *, stage: str = "Checking rows") -> None:
            self.stderr.write(f"{stage}: {done}/{total}", ending="\n" if done == total or not tty else "\r")

        try:
            report = enrollment_import(actor=SYSTEM, progress=progress, **payload)
        except ApplicationError as exc:
            for where, problems in list(exc.fields.items())[:200]:
                self.stderr.write(f"{path.name}: {where}: {'; '.join(problems)}")
            raise CommandError(f"Nothing was imported: {exc.message}") from exc
        self.stdout.write(
            f"Imported {path.name}: {report.created} created, {report.updated} updated, {report.unchanged} unchanged ({', '.join(report.years)})."
        )
