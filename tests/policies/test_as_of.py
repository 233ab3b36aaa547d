"""The "in force on date D" rule and the history questions."""

from __future__ import annotations

import datetime as dt

import pytest

from statewide.accounts.models import Role
from statewide.policies.history import policy_changes
from statewide.policies.selectors import PolicyFilters, policy_record_list
from statewide.policies.services import policy_record_create, policy_record_update
from tests.factories import person
from tests.policies.factories import valid_input

pytestmark = pytest.mark.django_db


def titles(**kw: object) -> set[str]:
    return set(policy_record_list(None, PolicyFilters(**kw)).values_list("title", flat=True))  # type: ignore[arg-type]


def test_in_force_rule() -> None:
    editor = person(Role.CONTENT_EDITOR)
    policy_record_create(actor=editor, data=valid_input(title="effective", enacted_on="2015-06-01", effective_on="2015-09-01"))
    policy_record_create(actor=editor, data=valid_input(title="enacted only", enacted_on="2014-03-01", effective_on=None))
    policy_record_create(actor=editor, data=valid_input(title="repealed", enacted_on="2010-01-01", effective_on=None, status="repealed", ended_on="2016-01-01"))
    policy_record_create(
        actor=editor, data=valid_input(title="introduced", enacted_on=None, effective_on=None, introduced_on="2015-01-10", status="introduced")
    )
    policy_record_create(actor=editor, data=valid_input(title="evidence", enacted_on=None, effective_on=None, known_in_force_on="2016", date_precision="year"))
    assert titles(as_of=dt.date(2015, 8, 31)) == {"enacted only", "repealed"}
    assert titles(as_of=dt.date(2015, 9, 1)) == {"effective", "enacted only", "repealed"}
    # ended_on is the first day it is no longer in force
    assert titles(as_of=dt.date(2016, 1, 1)) == {"effective", "enacted only", "evidence"}
    assert titles(as_of=dt.date(2009, 12, 31)) == set()
    assert titles(year=2015) == {"effective", "enacted only", "repealed"}
    assert "introduced" in titles()


def test_what_changed_this_year() -> None:
    editor = person(Role.CONTENT_EDITOR)
    r = policy_record_create(actor=editor, data=valid_input(jurisdiction="ID", policy_type="funding"))
    policy_record_update(actor=editor, record=r, data={"summary": "changed"})
    policy_record_create(actor=editor, data=valid_input(jurisdiction="NH"))
    start = dt.date.today().replace(month=1, day=1)
    assert policy_changes(start).count() == 3
    assert policy_changes(start, jurisdictions=["ID"]).count() == 2
    assert policy_changes(start, policy_types=["funding"]).count() == 2
    assert policy_changes(start + dt.timedelta(days=366)).count() == 0
