"""`manage.py send_program_reminders`: queue the programs' deadline reminders for the worker (run daily from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from statewide.core.jobs import job_enqueue
from statewide.core.permissions import SYSTEM


class Command(BaseCommand):
    help = "Queue the district innovation programs' deadline reminders (plan, annual report, renewal) for the worker."

    def handle(self, *args: Any, **options: Any) -> None:
        job = job_enqueue(
            actor=SYSTEM, kind="programs.reminders", label="Program deadline reminders", handler="statewide.programs.jobs.program_reminders_job", payload={}
        )
        job.refresh_from_db()
        if job.is_finished:
            self.stdout.write(f"program reminders: {job.get_status_display()}; {job.result.get('summary', job.error)}\n")
        else:
            self.stdout.write(f"program reminders queued as job {job.public_id}; `statewide worker` sends them.\n")
