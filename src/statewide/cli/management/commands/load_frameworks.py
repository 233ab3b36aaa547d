from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from statewide.assessments.instruments import instruments_load
from statewide.capacity.services import library_seed_load, readiness_instrument_load
from statewide.core.errors import ApplicationError
from statewide.core.permissions import SYSTEM
from statewide.frameworks.loader import frameworks_load_packs
from statewide.frameworks.packs import PackError


class Command(BaseCommand):
    help = "Load or update the framework content packs and the quiz instruments built on them (idempotent, atomic; reports the file and field of any error)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", help="Pack files to load (default: every pack shipped with Statewide).")
        parser.add_argument("--force", action="store_true", help="Re-apply packs even when their files have not changed.")

    def handle(self, *args: Any, **options: Any) -> None:
        paths = [Path(f) for f in options["files"]] or None
        try:
            report = frameworks_load_packs(actor=SYSTEM, paths=paths, force=options["force"])
        except PackError as exc:
            raise CommandError(str(exc)) from exc
        try:
            instruments = instruments_load() if paths is None else []
            readiness = readiness_instrument_load(actor=SYSTEM) if paths is None else None
            if paths is None:
                library_seed_load(actor=SYSTEM)
        except ApplicationError as exc:
            raise CommandError(f"{exc.message} {exc.fields}") from exc
        for slug in report.loaded:
            self.stdout.write(f"loaded {slug}")
        for slug in report.unchanged:
            self.stdout.write(f"unchanged {slug}")
        for v in report.new_versions:
            self.stdout.write(f"published {v}")
        for change in instruments:
            self.stdout.write(f"quiz instrument {change}")
        if readiness is not None:
            self.stdout.write(f"readiness instrument {readiness}")
        self.stdout.write(self.style.SUCCESS(f"{len(report.loaded)} loaded, {len(report.unchanged)} unchanged, {report.links} links."))
