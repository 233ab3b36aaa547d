"""`statewide rotate-credentials-secret --old-secret-env VAR`: re-encrypt issuers' private keys
after CREDENTIALS_KEY_SECRET changes (the new secret is the configured one)."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from statewide.core.errors import ApplicationError
from statewide.core.permissions import SYSTEM
from statewide.credentials.services import issuer_keys_reencrypt


class Command(BaseCommand):
    help = (
        "Re-encrypt every issuer's private signing keys under the configured CREDENTIALS_KEY_SECRET, "
        "opening them with the old secret read from an environment variable. All keys or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--old-secret-env", default="", help="Name of an environment variable holding the previous CREDENTIALS_KEY_SECRET.")
        parser.add_argument("--old-derived", action="store_true", help="The previous secret was empty (derived from SECRET_KEY).")

    def handle(self, *args: Any, **options: Any) -> None:
        name, derived = options["old_secret_env"], options["old_derived"]
        if bool(name) == bool(derived):
            raise CommandError("Give exactly one of --old-secret-env VAR or --old-derived.")
        old = ""
        if name:
            old = os.environ.get(name, "")
            if not old:
                raise CommandError(f"The environment variable {name} is empty or not set.")
        try:
            count = issuer_keys_reencrypt(actor=SYSTEM, old_secret=old)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"{count} issuer keys now encrypted under the current CREDENTIALS_KEY_SECRET.\n")
