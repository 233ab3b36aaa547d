from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from statewide.core.jobs import job_enqueue
from statewide.core.permissions import SYSTEM
from statewide.places.services import DistrictImportError, districts_import, schools_import


class Command(BaseCommand):
    help = "Import an NCES CCD local education agency (or, with --schools, school) directory file (CSV or tab-separated). All rows or none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--quiet-warnings", action="store_true", help="Print only a summary of warnings.")
        parser.add_argument("--schools", action="store_true", help="The file is a CCD school directory (import its districts first).")
        parser.add_argument("--background", action="store_true", help="Queue the import for `statewide worker` and print the job's id.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            data = path.read_text(encoding="latin-1")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        if options["background"]:
            job = job_enqueue(
                actor=SYSTEM,
                kind="places.schools_import" if options["schools"] else "places.districts_import",
                label=f"CCD {'school' if options['schools'] else 'district'} import ({path.name})",
                handler="statewide.places.jobs.districts_import_job",
                payload={"data": data, "source_name": path.name, "schools": options["schools"]},
            )
            job.refresh_from_db()
            self.stdout.write(f"Queued job {job.public_id} ({job.get_status_display()}).")
            return
        tty = sys.stderr.isatty()

        def progress(done: int, total: int, *, stage: str = "Checking rows") -> None:
            end = "\n" if done == total or not tty else "\r"
            self.stderr.write(f"{stage}: {done}/{total}", ending=end)

        try:
            importer = schools_import if options["schools"] else districts_import
            report = importer(actor=SYSTEM, data=data, source_name=path.name, progress=progress)
        except DistrictImportError as exc:
            for problem in exc.problems:
                self.stderr.write(f"{path.name}: {problem}")
            raise CommandError(f"Nothing was imported: {len(exc.problems)} problem{'' if len(exc.problems) == 1 else 's'} in {path.name}.") from exc
        for reason, count, first_line in report.warning_summary():
            self.stderr.write(f"warning: {count} row{'' if count == 1 else 's'}, first on line {first_line}: {reason}")
        self.stdout.write(f"Imported {path.name}: {report.created} created, {report.updated} updated, {report.unchanged} unchanged.")
