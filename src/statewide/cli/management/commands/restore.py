from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from statewide.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Replace the database and the uploads with a backup archive's (verified first; a bad archive changes nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation (scripts).")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            answer = input(f"This replaces every record and upload with those in {options['file']}. Type 'restore' to go on: ")
            if answer.strip() != "restore":
                raise CommandError("Nothing was restored.")
        try:
            done = backup_restore(options["file"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        m = done["manifest"]
        self.stdout.write(
            f"Restored the backup taken {m['created_at']} (Statewide {m['app_version']}): {len(m['tables'])} tables, "
            f"{sum(m['tables'].values())} rows, {done['files']} uploaded files; the row counts match the manifest. "
            "Run `statewide migrate` if this version is newer than the backup's."
        )
