from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import ngettext

from statewide.core.exports import EXPORT_KEEP_DAYS, exports_purge
from statewide.core.permissions import SYSTEM


class Command(BaseCommand):
    help = "Delete the files of background exports finished more than --days days ago (run daily)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=EXPORT_KEEP_DAYS, help=f"Keep files this many days (default {EXPORT_KEEP_DAYS}).")

    def handle(self, *args: Any, **options: Any) -> None:
        n = exports_purge(actor=SYSTEM, days=max(0, options["days"]))
        self.stdout.write(ngettext("%(n)d export file deleted.", "%(n)d export files deleted.", n) % {"n": n})
