"""`manage.py load_policies`: load the policy-type vocabulary and the sourced seed records (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from statewide.policies import demo


class Command(BaseCommand):
    help = "Load the policy types and the sourced seed policy records (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        demo.load(self.stdout)  # type: ignore[arg-type]
