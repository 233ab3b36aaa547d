from __future__ import annotations

from importlib import import_module
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

# Each module's demo loader, in dependency order (framework content before what refers to it).
DEMO_LOADERS = (
    "statewide.places.demo",
    "statewide.accounts.demo",
    "statewide.frameworks.demo",
    "statewide.policies.demo",
    "statewide.assessments.demo",
    "statewide.selfassessment.demo",
    "statewide.credentials.demo",
    "statewide.programs.demo",
    "statewide.capacity.demo",
)


class Command(BaseCommand):
    help = "Load framework content and demo data. Safe to run again: it updates, never duplicates."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("createcachetable", verbosity=0)
        for path in DEMO_LOADERS:
            with transaction.atomic():
                import_module(path).load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
