"""Import timing: the 20,000-row policy CSV `statewide generate-national` builds. Run with `make bench`.

Prints the wall time and the CPU time of this process and (on PostgreSQL) of the database server
process, for a first import, the same file again (answered from the cache), the same content in a
different file (every row compared, none written) and every row edited. Asserts only the outcome
(created / updated / unchanged counts), never a time: the machine's load decides the wall time,
the CPU columns show the work.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from benchmarks.harness import server_cpu
from statewide.cli.management.commands.generate_national import policy_csv
from statewide.core.permissions import SYSTEM
from statewide.policies.io import export_csv, policy_records_import
from statewide.policies.models import PolicyRecord
from statewide.policies.selectors import policy_record_list

ROWS = 20_000


def _timed(fn: Callable[[], Any]) -> tuple[Any, float, float, float]:
    read_server_cpu = server_cpu()
    server, cpu, wall = read_server_cpu(), time.process_time(), time.perf_counter()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu, read_server_cpu() - server


@pytest.mark.django_db
def test_policy_import_of_20000_rows(capsys, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    def run(label: str, data: bytes) -> None:
        with django_capture_on_commit_callbacks(execute=True):  # the "already imported" note is kept on commit
            result, *times = _timed(lambda: policy_records_import(actor=SYSTEM, data=data, fmt="csv"))
        runs.append((label, result, *times))

    runs: list[Any] = []
    data = policy_csv(ROWS, 2026, set()).encode()
    run("new records", data)
    run("the same file again", data)
    exported = export_csv(policy_record_list(SYSTEM).filter(title__startswith="Synthetic").order_by("pk")).encode()
    run("same content, another file", exported)
    run("every row edited", exported.replace(b"A synthetic record for load tests.", b"A synthetic record for load tests; edited."))
    with capsys.disabled():
        print(f"\npolicy import, {ROWS} rows, {connection.vendor} (load average {os.getloadavg()[0]:.1f})")
        print(f"{'run':<28} {'created':>7} {'updated':>7} {'unchanged':>9} {'wall s':>7} {'cpu s':>6} {'db cpu s':>8}")
        for label, r, wall, cpu, server in runs:
            print(f"{label:<28} {r.created:>7} {r.updated:>7} {r.unchanged:>9} {wall:>7.2f} {cpu:>6.2f} {server:>8.2f}")
    outcomes = [(r.created, r.updated, r.unchanged) for _label, r, *_t in runs]
    assert outcomes == [(ROWS, 0, 0), (0, 0, ROWS), (0, 0, ROWS), (0, ROWS, 0)]
    assert PolicyRecord.objects.filter(title__startswith="Synthetic", version=2).count() == ROWS
