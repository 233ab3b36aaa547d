from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from statewide.accounts.demo import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Print the demo sign-ins created by load-demo."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("")
        self.stdout.write(f"Statewide demo sign-ins (password for all: {DEMO_PASSWORD}) at {settings.SITE_URL}/account/signin/")
        for email, _name, role, where, operator in DEMO_USERS:
            what = "operator" if operator else f"{role}" + (f" ({where})" if where else "")
            self.stdout.write(f"  {email:<36} {what}")
        self.stdout.write("")
