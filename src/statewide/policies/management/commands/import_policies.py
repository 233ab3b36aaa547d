"""`manage.py import_policies FILE`: import statewide-policies/1 CSV or JSON as the system (all or nothing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from statewide.core.errors import ApplicationError
from statewide.core.permissions import SYSTEM
from statewide.policies.io import policy_records_import


class Command(BaseCommand):
    help = "Import policy records from a CSV or JSON file (statewide-policies/1). A bad file imports nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--format", choices=["csv", "json"], default="", help="default: from the file extension")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        fmt = options["format"] or ("json" if path.suffix.lower() == ".json" else "csv")
        try:
            result = policy_records_import(actor=SYSTEM, data=path.read_bytes(), fmt=fmt)
        except ApplicationError as exc:
            lines = [exc.message] + [f"  {where}: {msg}" for where, msgs in exc.fields.items() for msg in msgs]
            raise CommandError("\n".join(lines)) from exc
        self.stdout.write(f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}\n")
