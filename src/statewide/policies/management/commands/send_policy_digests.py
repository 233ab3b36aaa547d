"""`manage.py send_policy_digests`: e-mail each follower the policy changes since their last digest."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from statewide.core.permissions import SYSTEM
from statewide.policies.services.digest import policy_digest_send


class Command(BaseCommand):
    help = "Send the policy-tracker e-mail digests (run daily or weekly from cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = policy_digest_send(actor=SYSTEM)
        self.stdout.write(f"policy digests sent: {sent}\n")
