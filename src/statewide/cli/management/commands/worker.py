from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import ngettext

from statewide.core.queue import tasks_recover, worker_id


class Command(BaseCommand):
    help = "Run queued background work (imports, PDFs, e-mails) when TASKS_BACKEND=database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Process what is queued, then exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        # Work a killed worker left half done goes back in the queue first (statewide.core.queue).
        if recovered := tasks_recover():
            self.stderr.write(
                ngettext("Queued again %(n)d task left running by a stopped worker.", "Queued again %(n)d tasks left running by a stopped worker.", recovered)
                % {"n": recovered}
            )
        call_command("db_worker", "--worker-id", worker_id(), *(["--batch"] if options["batch"] else []))
