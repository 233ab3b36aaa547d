"""Text input cannot break pages: control characters are refused in every form, API schema and
importer, stored text is repaired, and the Atom feed never fails on content."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
from typing import Any
from xml.etree import ElementTree

import pytest
from django import forms
from django.apps import apps
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st
from ninja import Schema
from pydantic import ValidationError as PydanticValidationError

import statewide
from statewide.accounts.models import Role
from statewide.assessments.models import Instrument
from statewide.core.errors import ApplicationError
from statewide.core.forms import SafeTextMixin
from statewide.core.permissions import SYSTEM
from statewide.core.repair import repair_app_text
from statewide.core.text import clean_text, strip_controls, text_problem
from statewide.frameworks.case.importer import CaseImportError, framework_import_case
from statewide.frameworks.models import Framework, Item
from statewide.places.services import DistrictImportError, districts_import
from statewide.policies.forms import PolicyRecordForm
from statewide.policies.io import policy_records_import
from statewide.policies.models import PolicyRecord, PolicyRecordVersion
from statewide.policies.services import policy_record_create
from tests.factories import person

RECORD = {
    "jurisdiction": "TX",
    "title": "Districts of innovation",
    "policy_type": "pilot-grant",
    "instrument": "statute",
    "enacted_on": "2015-01-01",
    "summary": "Lets districts\nexempt themselves.",
    "sources": ["https://example.org/a"],
}
CONTROLS = ["\x0b", "\x00", "\x1b", "\x7f", "\x85", "\ud800", "\ufffe"]


def _modules() -> list[Any]:
    out = []
    for info in pkgutil.walk_packages(statewide.__path__, "statewide."):
        if ".migrations" in info.name or info.name.endswith(("settings.prod", "wsgi", "asgi", "__main__")):
            continue
        out.append(importlib.import_module(info.name))
    return out


def test_every_form_of_every_module_uses_the_sanitiser() -> None:
    found = [
        cls
        for module in _modules()
        for _name, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, forms.BaseForm) and cls.__module__.startswith("statewide.")
    ]
    assert len(found) > 20
    assert [c.__qualname__ for c in found if not issubclass(c, SafeTextMixin)] == []


def test_every_text_field_of_every_api_input_schema_uses_the_sanitiser() -> None:
    checked = []
    for module in _modules():
        if not module.__name__.startswith("statewide.api."):
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if not (issubclass(cls, Schema) and cls.__module__ == module.__name__ and cls.__name__.endswith(("In", "Query"))):
                continue
            required = {n: "https://example.org/x" for n, f in cls.model_fields.items() if f.is_required()}
            for name, field in cls.model_fields.items():
                annotation = repr(field.annotation)
                if "str" not in annotation or "Schema" in annotation.replace("WithJsonSchema", "") or "In]" in annotation:
                    continue
                bad = ["a\x0bb"] if annotation.startswith(("list", "typing.Optional[list", "typing.Union[list")) or "list[" in annotation else "a\x0bb"
                with pytest.raises(PydanticValidationError):
                    cls.model_validate({**required, name: bad})
                checked.append(f"{cls.__name__}.{name}")
    assert len(checked) > 30 and "PolicyIn.title" in checked and "PolicyQuery.q" in checked


@settings(max_examples=50, deadline=None)
@given(st.text())
def test_repaired_text_is_always_accepted(text: str) -> None:
    for multiline in (False, True):
        repaired = strip_controls(text, multiline=multiline)
        assert text_problem(repaired, multiline=multiline) is None
        assert clean_text(repaired, multiline=multiline) == repaired


def test_single_and_multi_line_rules() -> None:
    assert text_problem("a\tb") and text_problem("a\nb")
    assert text_problem("a\tb\r\nc", multiline=True) is None
    assert clean_text("a\r\nb\rc", multiline=True) == "a\nb\nc"
    for ch in CONTROLS:
        assert text_problem(f"a{ch}b", multiline=True), repr(ch)


@pytest.mark.django_db
def test_forms_refuse_control_characters_and_textareas_keep_newlines(policy_types: None) -> None:
    form = PolicyRecordForm(
        data={**RECORD, "title": "A\x0btitle", "status": "in_effect", "date_precision": "day", "sources": "https://example.org/a", "confirmed": "on"}
    )
    assert not form.is_valid() and "U+000B" in form.errors["title"][0]
    form = PolicyRecordForm(
        data={
            **RECORD,
            "summary": "Line one\r\nLine\ttwo",
            "status": "in_effect",
            "date_precision": "day",
            "sources": "https://example.org/a",
            "confirmed": "on",
        }
    )
    assert form.is_valid(), form.errors
    form = PolicyRecordForm(data={**RECORD, "summary": "bell\x07", "status": "in_effect", "date_precision": "day", "sources": "https://example.org/a"})
    assert not form.is_valid() and "summary" in form.errors


@pytest.mark.django_db
def test_pages_api_and_importers_refuse_control_characters(client: Client, policy_types: None) -> None:
    editor = person(Role.CONTENT_EDITOR)
    client.force_login(editor)
    page = client.post(
        "/tracker/policies/new/", {**RECORD, "title": "A\x0btitle", "status": "in_effect", "date_precision": "day", "sources": "https://example.org/a"}
    )
    assert page.status_code in (200, 400) and "U+000B" in page.content.decode()
    assert PolicyRecord.objects.count() == 0
    resp = client.post("/api/v1/policies/", json.dumps({**RECORD, "title": "A\x0btitle"}), content_type="application/json")
    assert resp.status_code == 400 and "title" in resp.json()["error"]["fields"]
    assert client.get("/api/v1/policies/?q=a%00b").status_code == 400
    assert client.get("/api/v1/districts/?q=a%00b").status_code == 400
    with pytest.raises(ApplicationError) as exc:
        policy_records_import(
            actor=editor, data=json.dumps({"schema": "statewide-policies/1", "records": [{**RECORD, "title": "A\x0bB"}]}).encode(), fmt="json"
        )
    assert "U+000B" in exc.value.fields["record 1"][0]
    with pytest.raises(ApplicationError):
        policy_record_create(actor=editor, data={**RECORD, "sources": [{"url": "https://example.org/a", "title": "bad\x1btitle"}]})
    with pytest.raises(DistrictImportError) as ccd:
        districts_import(actor=SYSTEM, data="SURVYEAR,LEAID,FIPST,STID,NAME,TYPE\n2013,4800001,48,1,CROSBY\x0bTON,1\n")
    assert ccd.value.problems[0].line == 2 and "NAME" in str(ccd.value.problems[0])
    assert PolicyRecord.objects.count() == 0


@pytest.mark.django_db
def test_case_import_refuses_control_characters_with_the_json_path(client: Client) -> None:
    fw = Framework.objects.get(slug="ccsso-iln-attributes")
    package = client.get(f"/ims/case/v1p0/CFPackages/{fw.identifier}").json()
    Instrument.objects.filter(framework=fw).delete()  # the quiz refers to the framework
    fw.delete()
    package["CFItems"][0]["fullStatement"] = "Text with a bell\x07"
    with pytest.raises(CaseImportError) as exc:
        framework_import_case(actor=person(Role.CONTENT_EDITOR), package=package)
    assert any(p.startswith("CFItems/0/fullStatement:") for p in exc.value.fields["package"])


@pytest.mark.django_db
def test_the_feed_survives_old_versions_with_control_characters_and_the_repair_cleans_them(client: Client, policy_types: None) -> None:
    editor = person(Role.CONTENT_EDITOR)
    record = policy_record_create(actor=editor, data=RECORD)
    # Data written before control characters were refused: the record, its version, a framework item.
    PolicyRecord.objects.filter(pk=record.pk).update(
        title="Vertical\x0btab", summary="Bell\x07 and\nnewline", sources=[{"url": "https://example.org/a", "title": "Esc\x1b"}]
    )
    version = PolicyRecordVersion.objects.get(record=record)
    version.snapshot = {**version.snapshot, "title": "Vertical\x0btab", "summary": "Bell\x07"}
    PolicyRecordVersion.objects.filter(pk=version.pk).update(snapshot=version.snapshot, note="note\x07")  # (PostgreSQL text cannot hold NUL at all)
    item = Item.objects.filter(framework__slug="kw-spf-2019").first()
    assert item is not None
    Item.objects.filter(pk=item.pk).update(name="Item\x0cname", definition="Def\x01inition\nsecond line")
    feed = client.get("/tracker/changes.atom")
    assert feed.status_code == 200
    titles = [e.text for e in ElementTree.fromstring(feed.content).iter("{http://www.w3.org/2005/Atom}title")]  # noqa: S314  (our own feed)
    assert any(t and "Vertical tab" in t for t in titles)
    # The migrations' repair.
    for label in ("policies", "frameworks"):
        repair_app_text(label)(apps, None)
    record.refresh_from_db()
    assert (record.title, record.summary, record.sources[0]["title"]) == ("Vertical tab", "Bell and\nnewline", "Esc")
    version.refresh_from_db()
    assert (version.snapshot["title"], version.snapshot["summary"], version.note) == ("Vertical tab", "Bell", "note")
    item.refresh_from_db()
    assert (item.name, item.definition) == ("Item name", "Definition\nsecond line")


@pytest.mark.django_db
def test_content_packs_refuse_control_characters_with_the_path(tmp_path: Any) -> None:
    import yaml  # noqa: PLC0415

    from statewide.frameworks.loader import frameworks_load_packs  # noqa: PLC0415
    from statewide.frameworks.packs import PackError  # noqa: PLC0415
    from tests.safety.data import PACK  # noqa: PLC0415

    pack = {**PACK, "items": [{**PACK["items"][0], "name": "Fir\x0bst"}]}
    path = tmp_path / "01-bad.yaml"
    path.write_text(yaml.safe_dump(pack), encoding="utf-8")
    with pytest.raises(PackError) as exc:
        frameworks_load_packs(actor=SYSTEM, paths=[path])
    assert any("items[0].name" in e and "U+000B" in e for e in exc.value.errors)
    assert not Framework.objects.filter(slug="generated-pack").exists()


@pytest.mark.django_db
def test_group_names_from_the_textarea_are_single_lines() -> None:
    from tests.selfassessment import factories as sa  # noqa: PLC0415

    with pytest.raises(ApplicationError) as exc:
        sa.campaign(groups=["Legislators", "Educa\ttors"])
    assert "U+0009" in exc.value.fields["groups"][0]
