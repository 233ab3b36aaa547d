"""Content pack loader: idempotent, atomic, stable identifiers, clear errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from statewide.core.permissions import SYSTEM
from statewide.frameworks.loader import frameworks_load_packs
from statewide.frameworks.models import Descriptor, Example, Framework, FrameworkVersion, Item, Level, Link
from statewide.frameworks.packs import CONTENT_DIR, PackError

pytestmark = pytest.mark.django_db

GOOD = {
    "format": "statewide-framework-pack/1",
    "pack_version": "0.1.0",
    "framework": {
        "slug": "test-pack-framework",
        "title": "A test framework",
        "short_title": "Test framework",
        "publisher": "Tests",
        "checked_on": "2026-11-22",
        "sources": [{"url": "https://example.org/pack"}],
    },
    "levels": [{"code": "one", "name": "One", "checked_on": "2026-11-20", "sources": [{"url": "https://example.org/pack"}]}],
    "items": [
        {
            "code": "first",
            "kind": "condition",
            "name": "First",
            "checked_on": "2026-11-21",
            "sources": [{"url": "https://example.org/pack"}],
            "descriptors": [{"level": "one", "kind": "goal", "text": "A goal.", "checked_on": "2026-11-19", "sources": [{"url": "https://example.org/pack"}]}],
        }
    ],
}


def _write(tmp_path: Path, name: str, data: dict) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _identifiers() -> dict[str, set[str]]:
    return {
        "framework": {str(i) for i in Framework.objects.values_list("identifier", flat=True)},
        "item": {str(i) for i in Item.objects.values_list("identifier", flat=True)},
        "level": {str(i) for i in Level.objects.values_list("identifier", flat=True)},
        "descriptor": {str(i) for i in Descriptor.objects.values_list("identifier", flat=True)},
        "example": {str(i) for i in Example.objects.values_list("identifier", flat=True)},
        "link": {str(i) for i in Link.objects.values_list("identifier", flat=True)},
    }


def test_reloading_is_idempotent():
    versions = FrameworkVersion.objects.count()
    report = frameworks_load_packs(actor=SYSTEM)
    assert report.loaded == [] and len(report.unchanged) >= 5 and report.new_versions == []
    assert FrameworkVersion.objects.count() == versions


def test_identifiers_are_stable_across_forced_reloads():
    before = _identifiers()
    counts = (Item.objects.count(), Descriptor.objects.count(), Link.objects.count())
    report = frameworks_load_packs(actor=SYSTEM, force=True)
    assert len(report.loaded) >= 5
    assert _identifiers() == before
    assert (Item.objects.count(), Descriptor.objects.count(), Link.objects.count()) == counts
    assert report.new_versions == []  # same content: no new version


def test_a_bad_pack_loads_nothing_and_names_the_file_and_path(tmp_path):
    good = _write(tmp_path, "01-good.yaml", GOOD)
    broken = {**GOOD, "framework": {**GOOD["framework"], "slug": "test-pack-broken"}}
    broken["items"] = [{**GOOD["items"][0], "descriptors": [{**GOOD["items"][0]["descriptors"][0], "level": "explore"}]}]
    bad = _write(tmp_path, "02-bad.yaml", broken)
    with pytest.raises(PackError) as exc:
        frameworks_load_packs(actor=SYSTEM, paths=[good, bad])
    assert any("02-bad.yaml" in e and "items[0].descriptors[0].level" in e for e in exc.value.errors)
    assert not Framework.objects.filter(slug__in=["test-pack-framework", "test-pack-broken"]).exists()


def test_a_schema_error_names_the_field(tmp_path):
    data = {**GOOD, "framework": {k: v for k, v in GOOD["framework"].items() if k != "publisher"}}
    with pytest.raises(PackError) as exc:
        frameworks_load_packs(actor=SYSTEM, paths=[_write(tmp_path, "03-schema.yaml", data)])
    assert any("03-schema.yaml" in e and "publisher" in e for e in exc.value.errors)


def test_cli_loads_a_pack_and_reports_errors(tmp_path):
    out = io.StringIO()
    call_command("load_frameworks", str(_write(tmp_path, "01-good.yaml", GOOD)), stdout=out)
    assert "loaded test-pack-framework" in out.getvalue()
    fw = Framework.objects.get(slug="test-pack-framework")
    assert fw.versions.count() == 1
    assert Descriptor.objects.get(item__framework=fw).identifier  # derived, stable
    with pytest.raises(CommandError, match=r"02-bad\.yaml"):
        call_command("load_frameworks", str(_write(tmp_path, "02-bad.yaml", {**GOOD, "levels": "nope"})), stdout=io.StringIO())


def test_every_shipped_pack_is_valid():
    assert len([p for p in CONTENT_DIR.iterdir() if p.suffix == ".yaml"]) >= 6
    kw = Framework.objects.get(slug="kw-spf-2019")
    assert list(kw.levels.values_list("code", flat=True)) == ["exploration", "replication", "statewide-transformation"]
    assert kw.items.filter(kind="strategy").count() == 4
    twelfth = kw.items.get(code="twelfth-condition-unconfirmed")
    assert not twelfth.confirmed and twelfth.status_note
    # No strategy is asserted as the parent of a condition.
    assert not kw.items.filter(kind="condition", parent__kind="strategy").exists()
    # Every item carries a source and a checked-on date.
    assert not kw.items.filter(sources=[]).exists()
    assert not kw.items.filter(checked_on__isnull=True).exists()


def test_each_object_keeps_its_own_checked_on_date(tmp_path):
    frameworks_load_packs(actor=SYSTEM, paths=[_write(tmp_path, "01-good.yaml", GOOD)])
    fw = Framework.objects.get(slug="test-pack-framework")
    assert fw.checked_on.isoformat() == "2026-11-22"
    assert fw.levels.get().checked_on.isoformat() == "2026-11-20"
    item = fw.items.get()
    assert item.checked_on.isoformat() == "2026-11-21"
    assert item.descriptors.get().checked_on.isoformat() == "2026-11-19"


def test_a_file_wide_date_or_an_undated_item_is_rejected(tmp_path):
    with pytest.raises(PackError) as exc:
        frameworks_load_packs(actor=SYSTEM, paths=[_write(tmp_path, "04-filedate.yaml", {**GOOD, "checked_on": "2026-11-22"})])
    assert any("04-filedate.yaml" in e and "checked_on" in e for e in exc.value.errors)
    undated = {**GOOD, "items": [{k: v for k, v in GOOD["items"][0].items() if k != "checked_on"}]}
    with pytest.raises(PackError) as exc:
        frameworks_load_packs(actor=SYSTEM, paths=[_write(tmp_path, "05-undated.yaml", undated)])
    assert any("05-undated.yaml" in e and "checked_on" in e for e in exc.value.errors)
