from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from statewide.capacity.services.poverty import district_poverty_import
from statewide.core.errors import ApplicationError
from statewide.core.permissions import SYSTEM


class Command(BaseCommand):
    help = "Import a TEA TAPR district student file (economically disadvantaged counts) for mentor matching. All rows or none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The TAPR district student file (DISTRICT, DPETALLC, DPETECOC columns).")
        parser.add_argument("--lea-directory", type=Path, required=True, help="The CCD LEA directory of the same year (maps STID to LEAID).")
        parser.add_argument("--school-year", default="2013-14")
        parser.add_argument("--source", default="Texas Education Agency, Texas Academic Performance Reports (TAPR), district student counts")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            tapr, lea = (Path(options[k]).read_text(encoding="utf-8-sig") for k in ("file", "lea_directory"))
            count = district_poverty_import(actor=SYSTEM, tapr=tapr, lea_directory=lea, school_year=options["school_year"], source=options["source"])
        except OSError as exc:
            raise CommandError(f"Cannot read a file: {exc.strerror}") from exc
        except ApplicationError as exc:
            lines = [f"{where}: {'; '.join(problems)}" for where, problems in list(exc.fields.items())[:50]]
            raise CommandError("\n".join([exc.message, *lines])) from exc
        self.stdout.write(self.style.SUCCESS(f"Poverty measure imported for {count} districts."))
