"""Test-only pieces for the worker process of `test_worker_kill.py`: an e-mail backend that records each
delivered message and can hold before a delivery, and an import handler that can hold mid-write.

"Hold" prints `GATE HOLDING` on standard output and blocks, so the test knows the worker is in the
middle of the task and kills it there (SIGKILL). The gates are set by environment variables, so a
restarted worker without them runs the same task to the end.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend

from statewide.core.jobs import WRITING_RECORDS, Progress
from statewide.core.models import Job
from statewide.places.jobs import districts_import_job

_sent_here = 0


def _hold() -> None:
    print("GATE HOLDING", flush=True)
    threading.Event().wait()  # until the test kills this process


class GateEmailBackend(BaseEmailBackend):
    """Appends `recipient message-id` to GATE_LOG for each delivered message; with GATE_HOLD_EMAIL=N,
    holds before delivering this process's N-th message (which is then never delivered by it)."""

    def send_messages(self, email_messages: Any) -> int:
        global _sent_here
        for message in email_messages:
            _sent_here += 1
            if os.environ.get("GATE_HOLD_EMAIL") == str(_sent_here):
                _hold()
            with open(os.environ["GATE_LOG"], "a", encoding="utf-8") as log:
                log.write(f"{message.to[0]} {message.extra_headers.get('Message-ID', '')}\n")
                log.flush()
                os.fsync(log.fileno())
        return len(email_messages)


def gated_districts_import_job(job: Job, *, actor: Any, progress: Progress) -> dict[str, Any]:
    """The real CCD district import job; with GATE_HOLD_IMPORT set, holds once its first batch is written (inside its transaction)."""

    def gated(done: int, total: int, *, stage: str = "") -> None:
        progress(done, total, stage=stage)
        if os.environ.get("GATE_HOLD_IMPORT") and stage == WRITING_RECORDS and done > total // 2:
            sys.stdout.flush()
            _hold()

    return districts_import_job(job, actor=actor, progress=gated)
