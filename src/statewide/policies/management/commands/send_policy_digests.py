"""`manage.py send_policy_digests`: e-mail each follower the policy changes since their last digest."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from statewide.core.jobs import job_enqueue
from statewide.core.permissions import SYSTEM


class Command(BaseCommand):
    help = "Queue the policy-tracker e-mail digests for the worker (run daily or weekly from cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        job = job_enqueue(actor=SYSTEM, kind="policies.digest", label="Policy tracker digests", handler="statewide.policies.jobs.policy_digest_job", payload={})
        job.refresh_from_db()
        if job.is_finished:  # the immediate backend ran it already
            self.stdout.write(f"policy digests: {job.get_status_display()}; {job.result.get('summary', job.error)}\n")
        else:
            self.stdout.write(f"policy digests queued as job {job.public_id}; `statewide worker` sends them.\n")
