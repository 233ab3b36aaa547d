"""The shipped content: every state and DC covered and sourced, per-record dates, the fact check's
corrections (each test here would have caught the error it names), and the state overviews."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from django.urls import reverse
from django.utils.html import escape

from statewide.frameworks.models import Example, Framework, Item, Level
from statewide.places.models import Jurisdiction, JurisdictionKind
from statewide.policies import demo
from statewide.policies.models import PolicyRecord
from statewide.policies.overviews import overviews

pytestmark = pytest.mark.django_db

TERRITORIES = {"AS", "GU", "MP", "PR", "VI"}
RESEARCHED = {
    "CA",
    "CT",
    "DE",
    "DC",
    "FL",
    "GA",
    "HI",
    "IL",
    "IN",
    "KS",
    "LA",
    "ME",
    "MD",
    "MA",
    "MI",
    "MO",
    "MT",
    "NE",
    "NV",
    "NJ",
    "NM",
    "NY",
    "NC",
    "OK",
    "PA",
    "RI",
    "SD",
    "TN",
    "TX",
    "VA",
    "WA",
    "WI",
    "WY",
}


def _raw(name: str) -> list[dict]:
    return yaml.safe_load((demo.CONTENT / name).read_text(encoding="utf-8"))["records"]


# ---- coverage and sourcing ---------------------------------------------------------------------------


def test_every_state_and_dc_has_a_record_and_only_territories_have_none(seeded: tuple[int, int]) -> None:
    assert Jurisdiction.objects.count() == 56
    assert set(Jurisdiction.objects.filter(kind=JurisdictionKind.TERRITORY).values_list("usps", flat=True)) == TERRITORIES
    without = set(Jurisdiction.objects.filter(policy_records__isnull=True).values_list("usps", flat=True))
    assert without == TERRITORIES


def test_every_seeded_record_has_its_own_source_url_and_checked_on(seeded: tuple[int, int]) -> None:
    raw = [r for path in demo.seed_files() for r in _raw(path.name)]
    assert len(raw) == PolicyRecord.objects.exclude(seed_key="").count()
    for r in raw:
        assert r.get("checked_on"), f"{r['key']} has no checked_on of its own"
        assert r["sources"] and all(s["url"].startswith(("http://", "https://")) for s in r["sources"]), r["key"]
    for rec in PolicyRecord.objects.exclude(seed_key=""):
        assert rec.checked_on is not None, rec.seed_key
        assert all(s["url"].startswith("http") and s["checked_on"] for s in rec.sources), rec.seed_key


def test_the_november_research_is_seeded_for_its_33_jurisdictions(seeded: tuple[int, int]) -> None:
    raw = _raw("policies-states-2026-11.yaml")
    # 74 facts: 73 records, Florida's August 2017 implementation note is part of its pilot's record.
    assert len(raw) == 73
    assert {r["jurisdiction"] for r in raw} == RESEARCHED
    fl = PolicyRecord.objects.get(seed_key="fl-cbe-pilot-2016")
    assert "Lake County had left" in fl.summary
    assert all(r["checked_on"] == "2026-11-30" for r in raw)


def test_a_seed_file_with_one_date_for_the_whole_file_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "policies.yaml").write_text(yaml.safe_dump({"schema": "statewide-policies/1", "checked_on": "2026-11-22", "records": []}), encoding="utf-8")
    monkeypatch.setattr(demo, "CONTENT", tmp_path)
    with pytest.raises(ValueError, match="its own checked_on"):
        demo.seed_records()
    (tmp_path / "policies.yaml").write_text(
        yaml.safe_dump({"schema": "statewide-policies/1", "records": [{"key": "x", "jurisdiction": "TX", "sources": [{"url": "https://e.org"}]}]}),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="x has no checked_on"):
        demo.seed_records()


def test_uncertain_years_and_bill_numbers_are_stored_as_unknown(seeded: tuple[int, int]) -> None:
    ca = PolicyRecord.objects.get(seed_key="ca-alternative-means-51225")
    assert ca.enacted_on is None and ca.effective_on is None and ca.known_in_force_on == dt.date(2010, 1, 1)
    ct = PolicyRecord.objects.get(seed_key="ct-mastery-diploma-2013")
    assert ct.bill_number == ""
    fl_ext = PolicyRecord.objects.get(seed_key="fl-cbe-pilot-extension")
    assert fl_ext.enacted_on is None and fl_ext.session == ""
    me = PolicyRecord.objects.get(seed_key="me-ld1666-diploma-choice-2018")
    assert me.enacted_on is None and me.effective_on == dt.date(2018, 12, 13)  # signing day disputed
    ne = PolicyRecord.objects.get(seed_key="ne-performance-based-courses-rule10")
    assert ne.confirmed is False


def test_maine_repeal_is_seeded_on_both_sides_and_linked(seeded: tuple[int, int]) -> None:
    old = PolicyRecord.objects.get(seed_key="me-ld1422-proficiency-diploma-2012")
    new = PolicyRecord.objects.get(seed_key="me-ld1666-diploma-choice-2018")
    assert old.status == "repealed" and old.ended_on == dt.date(2018, 12, 13)
    assert old.is_in_force(dt.date(2015, 1, 1)) and not old.is_in_force(dt.date(2019, 1, 1))
    assert new.relations_out.filter(kind="replaces", to_record=old).exists()


def test_texas_the_demo_state_is_tracked(client, seeded: tuple[int, int]) -> None:
    html = client.get(reverse("policies:state", args=["TX"])).content.decode()
    assert "HB 1842" in html and "Not tracked yet" not in html


# ---- corrections ----------------------------------------------------------------------------------


def test_west_virginia_district_not_student_needs_board_approval(seeded: tuple[int, int]) -> None:
    record = PolicyRecord.objects.get(seed_key="wv-credit-flexibility")
    example = Example.objects.get(item__framework__slug="inacol-promising-2016", code="wv-mastery-credit")
    for text in (record.summary, example.summary):
        assert "district has first obtained board approval" in text
        assert not re.search(r"students? (may )?earn credit on mastery with prior approval", text, re.IGNORECASE)


def test_iowa_grants_and_task_force_have_ended(seeded: tuple[int, int]) -> None:
    grants = PolicyRecord.objects.get(seed_key="ia-hf215-2013")
    assert grants.status == "repealed" and grants.ended_on == dt.date(2019, 7, 1)
    assert "§256.24" in grants.code_section
    assert grants.is_in_force(dt.date(2016, 1, 1)) and not grants.is_in_force(dt.date(2019, 7, 1))
    task_force = PolicyRecord.objects.get(seed_key="ia-sf2284-task-force-2012")
    assert task_force.status == "expired" and task_force.ended_on == dt.date(2013, 12, 9)
    assert not task_force.is_in_force(dt.date(2014, 1, 1))


def test_iowa_sf2284_records_do_not_cite_the_page_about_hf215(seeded: tuple[int, int]) -> None:
    for key in ("ia-sf2284-task-force-2012", "ia-sf2284-pathways-2012"):
        urls = [s["url"] for s in PolicyRecord.objects.get(seed_key=key).sources]
        assert not any("hf-215" in u for u in urls), key


def test_vermont_graduation_comes_from_the_education_quality_standards(seeded: tuple[int, int]) -> None:
    grad = PolicyRecord.objects.get(seed_key="vt-proficiency-graduation-2013")
    assert grad.instrument == "regulation" and "Act 77" not in grad.bill_number
    assert grad.effective_on == dt.date(2014, 4, 5)
    assert "Education Quality Standards" in grad.title and "class of 2020" in grad.summary
    assert any("education-quality-standards" in s["url"] for s in grad.sources)
    plp = PolicyRecord.objects.get(seed_key="vt-act77-plp-2013")
    assert "grades 7 and 9" in plp.summary and "November 2015" in plp.summary and "2018-19" in plp.summary


def test_inacol_pilots_and_task_forces_are_getting_started(seeded: tuple[int, int]) -> None:
    levels = {lv.code: lv for lv in Level.objects.filter(framework__slug="inacol-promising-2016")}
    assert "pilot" in levels["getting-started"].description and "task forces" in levels["getting-started"].description
    assert "pilot" not in levels["moving-forward"].description.lower()
    assert "task force" not in levels["moving-forward"].description.lower()


def test_aurora_map_2019_counts_dc_beside_the_14_developing_states(seeded: tuple[int, int]) -> None:
    text = Framework.objects.get(slug="aurora-cbe-policy-map").description
    assert "14 states plus the District of Columbia" in text
    assert "17 states as advanced" in text and "18 as emerging" in text and "1 (Wyoming) as not yet" in text
    assert "including DC" not in text


def test_capacity_pack_ships_its_state_examples(seeded: tuple[int, int]) -> None:
    fw = Framework.objects.get(slug="aurora-local-capacity-2016")
    assert "unpublished" not in fw.description.lower() and "not yet published" not in fw.description.lower()
    strategies = Item.objects.filter(framework=fw, kind="state_strategy")
    assert strategies.count() == 6
    for item in strategies:
        assert item.examples.exists(), item.code
    text = " ".join(Example.objects.filter(item__framework=fw).values_list("summary", flat=True))
    for needle in (
        "survey tool",
        "Office of Innovation for Education",
        "tiers of readiness",
        "Iowa CBE Collaborative",
        "Idaho Mastery Education Network",
        "Great Schools Partnership",
        "Colorado Education Initiative",
        "Innovation Lab Network",
        "compensation",
        "10% a year",
    ):
        assert needle in text or Example.objects.filter(item__framework=fw, title__contains=needle).exists(), needle


def test_scaling_framework_is_a_pack_of_its_own(seeded: tuple[int, int]) -> None:
    fw = Framework.objects.get(slug="kw-scaling-2015")
    elements = Item.objects.filter(framework=fw, kind="element", parent__code="personalized-learning-definition")
    assert elements.count() == 5
    phases = list(Item.objects.filter(framework=fw, kind="phase").order_by("position").values_list("code", flat=True))
    assert phases == ["year-one-planning", "year-two-implementation", "years-three-four-implementation", "year-five-evaluation"]
    for code in ("areas-of-assurance", "areas-of-flexibility"):
        item = Item.objects.get(framework=fw, code=code)
        assert item.definition == "" and "not in any source" in item.status_note
    assert "Defining Areas of Assurance" in fw.description  # the chapter list


def test_supporting_tools_have_their_titles(seeded: tuple[int, int]) -> None:
    names = set(Item.objects.filter(framework__slug="kw-spf-2019", kind="tool").values_list("name", flat=True))
    assert "Navigating the Future of Learning: Key Considerations for Policymakers" in names
    assert "Developing Shared Ownership for Personalized Learning" in names


def test_framework_items_keep_their_own_checked_on_dates(seeded: tuple[int, int]) -> None:
    assert Example.objects.get(code="ky-innovation-website").checked_on == dt.date(2026, 11, 30)
    assert Item.objects.get(framework__slug="ccsso-iln-attributes", code="personalized-learning").checked_on == dt.date(2026, 11, 22)
    assert not Item.objects.filter(checked_on__isnull=True).exists()


# ---- state overviews ---------------------------------------------------------------------------------


def test_each_state_and_dc_has_a_sourced_overview_of_two_to_four_sentences() -> None:
    states = set(Jurisdiction.objects.exclude(kind=JurisdictionKind.TERRITORY).values_list("usps", flat=True))
    assert set(overviews()) == states
    for usps, ov in overviews().items():
        sentences = [s for s in re.split(r"(?<=[a-z0-9)%\]][.!?])\s+(?=[A-Z])", ov.text) if s]
        assert 2 <= len(sentences) <= 4, (usps, len(sentences))
        assert ov.sources and ov.checked_on <= dt.date(2026, 12, 1), usps


def test_state_profile_and_api_show_the_overview(client, seeded: tuple[int, int]) -> None:
    html = client.get(reverse("policies:state", args=["ME"])).content.decode()
    assert 'id="overview-heading"' in html and escape(overviews()["ME"].text) in html
    body = client.get("/api/v1/jurisdictions/ME/").json()
    assert body["overview"]["text"] == overviews()["ME"].text
    assert body["overview"]["checked_on"] == "2026-11-30" and body["overview"]["sources"][0]["url"].startswith("http")
    assert client.get("/api/v1/jurisdictions/GU/").json()["overview"] is None
    assert 'id="overview-heading"' not in client.get(reverse("policies:state", args=["GU"])).content.decode()
