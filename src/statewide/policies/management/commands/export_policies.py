"""`manage.py export_policies`: write policy records as statewide-policies/1 CSV or JSON to stdout or a file."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from statewide.policies.io import export_csv, export_json
from statewide.policies.selectors import PolicyFilters, policy_record_list


class Command(BaseCommand):
    help = "Export policy records (statewide-policies/1). Filters as in the API."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--state", action="append", default=[], help="USPS code (repeatable)")
        parser.add_argument("--type", action="append", default=[], help="policy type code (repeatable)")
        parser.add_argument("--output", "-o", default="", help="file to write (default: stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        qs = policy_record_list(None, PolicyFilters(jurisdiction=options["state"], policy_type=options["type"]))
        rows = qs.order_by("jurisdiction__usps", "title", "pk").iterator(chunk_size=2000)
        text = export_json(rows) if options["format"] == "json" else export_csv(rows)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        else:
            self.stdout.write(text, ending="")
