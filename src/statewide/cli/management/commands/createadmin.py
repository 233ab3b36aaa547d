from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from statewide.accounts.services import user_create
from statewide.core.errors import ApplicationError
from statewide.core.permissions import SYSTEM


class Command(BaseCommand):
    help = "Create an operator (superuser) account. The password comes from --password-env or a prompt."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", default="")
        parser.add_argument("--password-env", default="", help="Name of an environment variable holding the password.")

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get(options["password_env"], "") if options["password_env"] else ""
        if not password:
            if not self.stdin_is_tty():
                raise CommandError("No password: set --password-env or run in a terminal.")
            password = getpass.getpass("Password: ")
        try:
            user = user_create(actor=SYSTEM, email=options["email"], full_name=options["name"], password=password, is_operator=True)
        except ApplicationError as exc:
            details = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.fields.items())
            raise CommandError(f"{exc.message} {details}".strip()) from exc
        self.stdout.write(f"Operator {user.email} created.")

    @staticmethod
    def stdin_is_tty() -> bool:
        import sys  # noqa: PLC0415

        return sys.stdin.isatty()
