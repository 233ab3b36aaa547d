from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from statewide.core.backup import BackupError, backup_create, backup_verify


class Command(BaseCommand):
    help = "Back up the database and the uploads into one archive with a manifest, or check an archive (--verify FILE)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", type=Path, help="Archive to write (default: DATA_DIR/backups/statewide-<UTC time>.tar.gz).")
        parser.add_argument("--verify", type=Path, metavar="FILE", help="Check an archive (checksums, members, a readable dump) and change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["verify"]:
                result = backup_verify(options["verify"])
                if not result.ok:
                    raise CommandError(f"{options['verify']} is NOT a usable backup:\n  " + "\n  ".join(result.problems))
                m = result.manifest
                self.stdout.write(
                    f"{options['verify']} is a good backup: {m['engine']}, taken {m['created_at']} by Statewide {m['app_version']}, "
                    f"{len(m['tables'])} tables, {sum(m['tables'].values())} rows, {len(m['files']) - 1} uploaded files; every checksum matches."
                )
                return
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
            output = options["output"] or Path(settings.DATA_DIR) / "backups" / f"statewide-{stamp}.tar.gz"
            manifest = backup_create(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Wrote {output}: {len(manifest['tables'])} tables, {sum(manifest['tables'].values())} rows, {len(manifest['files']) - 1} uploaded files."
        )
