"""Innovation programs at scale: 1,000 applications and 5,000 annual reports in one state. Run with `make bench`."""

from __future__ import annotations

import pytest

from benchmarks.harness import HEADER, measure
from tests.programs import bulk
from tests.programs import factories as f

APPLICATIONS = 1000
REPORTS_EACH = 5


@pytest.fixture
def big_program(db):  # type: ignore[no-untyped-def]
    prog = f.program()
    bulk.build(prog, applications=APPLICATIONS, reports_per_application=REPORTS_EACH)
    return prog


def test_programs_at_scale(client, big_program, capsys):  # type: ignore[no-untyped-def]
    pid = big_program.public_id
    results = [
        measure(client, "programs index", "/programs/"),
        measure(client, "registry (TX, first page)", "/programs/registry/TX/"),
        measure(client, "registry (TX, page 10)", "/programs/registry/TX/?page=10"),
        measure(client, "decisions feed (TX)", "/programs/registry/TX/decisions.atom"),
        measure(client, "API public programs with 600 participants", "/api/v1/programs/?state=TX"),
        measure(client, "API public reports, first page", "/api/v1/programs/reports/?limit=100"),
    ]
    client.force_login(f.admin())
    results += [
        measure(client, "program page (state admin)", f"/programs/{pid}/"),
        measure(client, "dashboard (1,000 participants)", f"/programs/{pid}/dashboard/"),
        measure(client, "API applications (state admin)", "/api/v1/programs/applications/?limit=100"),
    ]
    with capsys.disabled():
        print("\n" + HEADER)
        for r in results:
            print(r.row())
    assert all(r.status == 200 for r in results), [r for r in results if r.status != 200]
    assert results[2].queries == results[1].queries  # a deep registry page costs what the first costs
