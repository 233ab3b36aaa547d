"""Property test of the state machine: any sequence of transitions does exactly what the table says."""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statewide.core.errors import ApplicationError
from statewide.core.permissions import SYSTEM
from statewide.programs.models import Application, Indicator, PlanVersion, ReviewAssignment
from statewide.programs.services.applications import ANSWER_STEPS, move
from statewide.programs.workflow import BY_NAME, PARTICIPATING, PRIVATE, TRANSITIONS, Status, allowed, mermaid
from tests.programs import factories as f

pytestmark = pytest.mark.django_db
NAMES = [t.name for t in TRANSITIONS]


def test_every_status_is_reachable_and_classified() -> None:
    reached = {Status.DRAFT.value} | {t.target for t in TRANSITIONS}
    assert reached == set(Status.values)
    assert set(PARTICIPATING) | set(PRIVATE) == set(Status.values)
    assert not set(PARTICIPATING) & set(PRIVATE)
    assert mermaid().count("-->") == sum(len(t.sources) for t in TRANSITIONS) + 4


@pytest.fixture
def ready_app():  # type: ignore[no-untyped-def]
    """An application whose every guard is satisfied, so only the table decides."""
    prog, lead, rev = f.program(), f.lead(), f.reviewer()
    app = f.draft(prog, lead)
    ReviewAssignment.objects.create(application=app, reviewer=rev)
    PlanVersion.objects.create(application=app, number=1, text="Plan")
    Indicator.objects.create(application=app, name="i", baseline=0, target=1, data_source="s")
    Application.objects.filter(pk=app.pk).update(final_evaluation="e", sustainability_plan="s")
    return Application.objects.get(pk=app.pk)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.sampled_from(NAMES), max_size=12))
def test_any_sequence_follows_the_table(ready_app, steps: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert set(ANSWER_STEPS) <= set(ready_app.answers)
    sid = transaction.savepoint()
    try:
        app = Application.objects.get(pk=ready_app.pk)
        expected = Status.DRAFT.value
        for name in steps:
            if allowed(expected, name):
                move(app, name, actor=SYSTEM)
                expected = BY_NAME[name].target
            else:
                with pytest.raises(ApplicationError):
                    move(app, name, actor=SYSTEM)
            app.refresh_from_db()
            assert app.status == expected
            if expected in (Status.APPROVED, Status.COMPLETED):
                assert app.term_start is not None and app.term_end is not None and app.term_end > app.term_start
    finally:
        transaction.savepoint_rollback(sid)
