from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from statewide.frameworks.case.importer import CaseImportError, framework_import_case, package_parse


class Command(BaseCommand):
    help = "Import a 1EdTech CASE 1.0 CFPackage JSON file as a new framework (atomic; lists every problem)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--slug", default=None, help="Short name for the framework's web address.")
        parser.add_argument("--as", dest="email", default=None, help="E-mail of the content editor or operator doing the import (default: the first operator).")

    def handle(self, *args: Any, **options: Any) -> None:
        users = get_user_model().objects
        actor = users.filter(email__iexact=options["email"]).first() if options["email"] else users.filter(is_superuser=True).order_by("pk").first()
        if actor is None:
            raise CommandError("No such user; create an operator first (statewide createadmin) or pass --as.")
        try:
            fw = framework_import_case(actor=actor, package=package_parse(options["file"].read_bytes()), slug=options["slug"])
        except CaseImportError as exc:
            raise CommandError("\n".join([exc.message, *exc.fields.get("package", []), *exc.fields.get("file", [])])) from exc
        self.stdout.write(self.style.SUCCESS(f"Imported {fw.title} as /frameworks/{fw.slug}/ ({fw.items.count()} items)."))
