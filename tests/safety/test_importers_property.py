"""Property-based tests of every importer: generated rows and documents never make an exception
escape (only the importer's own field/row error), and each import is all or nothing."""

from __future__ import annotations

import copy
import csv
import io
import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from statewide.accounts.models import Role
from statewide.assessments.models import Instrument
from statewide.core.errors import ApplicationError
from statewide.core.permissions import SYSTEM
from statewide.frameworks.case.importer import framework_import_case, package_parse
from statewide.frameworks.models import Descriptor, Framework, Item, Level
from statewide.places.ccd import REQUIRED_COLUMNS
from statewide.places.models import Organisation, OrganisationKind
from statewide.places.services import districts_import
from statewide.policies.io import COLUMNS, policy_records_import
from statewide.policies.models import PolicyRecord, PolicyRecordVersion
from tests.factories import person
from tests.safety.data import PACK

pytestmark = pytest.mark.django_db
PROPERTY = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

weird_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=12)
text = st.one_of(st.text(max_size=20), weird_text, st.sampled_from(["", " ", "=1+1", "-1", "'", "|", "[", "[1,", "2015", "9" * 30, "\u00b2"]))
json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**40), max_value=10**40), st.floats(allow_nan=False), text),
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(st.text(max_size=5), children, max_size=3)),
    max_leaves=8,
)


def mostly(valid: Any) -> st.SearchStrategy[Any]:
    """The valid value nine times in ten, otherwise generated text: enough rows import to test both outcomes."""
    good = valid if isinstance(valid, st.SearchStrategy) else st.just(valid)
    return st.integers(min_value=0, max_value=9).flatmap(lambda n: text if n == 0 else good)


def _snapshot_districts() -> list[tuple[Any, ...]]:
    return list(Organisation.objects.filter(kind=OrganisationKind.DISTRICT).order_by("nces_leaid").values_list("nces_leaid", "name", "city"))


def ccd_row() -> st.SearchStrategy[dict[str, str]]:
    leaid = mostly(st.from_regex(r"48[0-9]{5}", fullmatch=True))
    return st.fixed_dictionaries(
        {
            "SURVYEAR": mostly("2013"),
            "LEAID": leaid,
            "FIPST": mostly("48"),
            "STID": mostly("123"),
            "NAME": mostly(st.from_regex(r"[A-Z]{3,12} (ISD|CISD)", fullmatch=True)),
            "TYPE": mostly("1"),
            "LCITY": mostly("Crosbyton"),
            "LATCOD": mostly("33.6"),
            "GSLO": mostly("PK"),
        }
    )


@PROPERTY
@given(rows=st.lists(ccd_row(), min_size=1, max_size=5), tab=st.booleans())
def test_ccd_import_is_all_or_nothing(rows: list[dict[str, str]], tab: bool) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter="\t" if tab else ",", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    before = _snapshot_districts()
    try:
        report = districts_import(actor=SYSTEM, data=out.getvalue())
    except ApplicationError:
        event("refused")
        assert _snapshot_districts() == before
        return
    event("imported")
    after = {leaid: (name, city) for leaid, name, city in _snapshot_districts()}
    for row in rows:
        if row["LEAID"].strip() and any(v.strip() for v in row.values()):
            assert after[row["LEAID"].strip()][0] == row["NAME"].strip()
    assert report.created + report.updated + report.unchanged >= 1
    assert set(REQUIRED_COLUMNS) - set(rows[0]) == set()


def policy_row() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "jurisdiction": mostly(st.sampled_from(["TX", "ID", "tx"])),
            "title": mostly(st.from_regex(r"[A-Z][a-z]{2,12}( [a-z]{2,8}){0,3}", fullmatch=True)),
            "policy_type": mostly("pilot-grant"),
            "instrument": mostly("statute"),
            "enacted_on": mostly(st.sampled_from(["2015-01-01", "2015"])),
            "summary": mostly("Lets districts try things."),
            "sources": mostly("https://example.org/a"),
            "conditions": mostly(""),
            "checked_on": mostly(""),
        },
        optional={"id": mostly(""), "related": mostly(""), "status": mostly("in_effect"), "date_precision": mostly("day"), "confirmed": mostly("true")},
    )


def _policy_state() -> tuple[int, int, list[Any]]:
    return PolicyRecord.objects.count(), PolicyRecordVersion.objects.count(), list(PolicyRecord.objects.order_by("pk").values_list("title", "version"))


def _import_policies(data: bytes, fmt: str, n_rows: int) -> None:
    editor = person(Role.CONTENT_EDITOR)
    before = _policy_state()
    try:
        result = policy_records_import(actor=editor, data=data, fmt=fmt)
    except ApplicationError:
        event("refused")
        assert _policy_state() == before
        return
    event("imported")
    assert result.created + result.updated + result.unchanged == n_rows
    assert PolicyRecord.objects.count() == before[0] + result.created


@PROPERTY
@given(rows=st.lists(policy_row(), min_size=1, max_size=4))
def test_policy_csv_import_is_all_or_nothing(policy_types: None, rows: list[dict[str, Any]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    _import_policies(out.getvalue().encode("utf-8", "surrogatepass"), "csv", len(rows))


@PROPERTY
@given(
    records=st.lists(st.integers(0, 9).flatmap(lambda n: json_value if n == 0 else policy_row()), min_size=1, max_size=4),
    overrides=st.dictionaries(st.sampled_from(COLUMNS), json_value, max_size=2),
)
def test_policy_json_import_is_all_or_nothing(policy_types: None, records: list[Any], overrides: dict[str, Any]) -> None:
    records = [{**r, **overrides} if isinstance(r, dict) else r for r in records]
    body = json.dumps({"schema": "statewide-policies/1", "records": records}).encode("utf-8", "surrogatepass")
    _import_policies(body, "json", len(records))


def _paths(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [here]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*here, k))
    elif isinstance(value, list):
        for n, v in enumerate(value):
            out += _paths(v, (*here, n))
    return out


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return doc


@pytest.fixture
def case_package(client: Client) -> dict[str, Any]:
    fw = Framework.objects.get(slug="ccsso-iln-attributes")
    package = client.get(f"/ims/case/v1p0/CFPackages/{fw.identifier}").json()
    Instrument.objects.filter(framework=fw).delete()  # the quiz refers to the framework
    fw.delete()
    return package  # type: ignore[no-any-return]


def _case_state() -> tuple[int, ...]:
    return Framework.objects.count(), Item.objects.count(), Level.objects.count(), Descriptor.objects.count()


@PROPERTY
@given(data=st.data())
def test_case_import_is_all_or_nothing(case_package: dict[str, Any], data: st.DataObject) -> None:
    package = copy.deepcopy(case_package)
    paths = _paths(package)
    for _ in range(data.draw(st.integers(min_value=0, max_value=3))):
        path = data.draw(st.sampled_from(paths))
        leaf = isinstance(_get(package, path), str)
        package = _set(package, path, data.draw(text if leaf and data.draw(st.booleans()) else json_value))
        paths = _paths(package)
    raw = json.dumps(package).encode("utf-8", "surrogatepass")
    before = _case_state()
    editor = person(Role.CONTENT_EDITOR)
    try:
        fw = framework_import_case(actor=editor, package=package_parse(raw), slug="generated")
    except ApplicationError:
        event("refused")
        assert _case_state() == before
        return
    event("imported")
    assert fw.items.count() == len(package.get("CFItems", []))
    Instrument.objects.filter(framework=fw).delete()  # the quiz refers to the framework
    Framework.objects.filter(pk=fw.pk).delete()  # the next example imports the same identifiers


@PROPERTY
@given(data=st.data())
def test_content_pack_load_is_all_or_nothing(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    import yaml  # noqa: PLC0415

    from statewide.frameworks.loader import frameworks_load_packs  # noqa: PLC0415

    pack = copy.deepcopy(PACK)
    for _ in range(data.draw(st.integers(min_value=0, max_value=3))):
        path = data.draw(st.sampled_from(_paths(pack)))
        leaf = isinstance(_get(pack, path), str)
        pack = _set(pack, path, data.draw(text if leaf and data.draw(st.booleans()) else json_value))
    file = tmp_path_factory.mktemp("packs") / "01-generated.yaml"
    file.write_text(yaml.safe_dump(pack, allow_unicode=False), encoding="utf-8")
    before = _case_state()
    try:
        frameworks_load_packs(actor=SYSTEM, paths=[file], force=True)
    except ApplicationError:
        event("refused")
        assert _case_state() == before
        return
    event("imported")
    fw = Framework.objects.get(slug=pack["framework"]["slug"])
    assert fw.items.count() == len(pack["items"])
    Instrument.objects.filter(framework=fw).delete()  # the quiz refers to the framework
    fw.delete()
