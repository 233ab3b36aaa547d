"""`manage.py send_credential_reminders`: e-mail assessors about evidence due for review."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from statewide.core.permissions import SYSTEM
from statewide.credentials.services.reminders import review_reminders_send


class Command(BaseCommand):
    help = "Queue e-mails to assessors about micro-credential evidence due within two days or overdue (run daily from cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = review_reminders_send(actor=SYSTEM)
        self.stdout.write(f"credential review reminders: {sent} e-mails queued.\n")
