"""State profiles, policy detail pages and the comparison."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import html as django_html
from hypothesis import given
from hypothesis import strategies as st

from statewide.accounts.models import Role
from statewide.policies.models import PolicyRecord
from statewide.policies.services import policy_level_override, policy_record_update
from statewide.policies.templatetags import policies as policy_tags
from tests.factories import person
from tests.policies.factories import PolicyRecordFactory

pytestmark = pytest.mark.django_db

# Cold cache, first read after loading the records (14 measured): versions, once per request; the state summaries
# (jurisdictions with their overrides and stored rows, scoped versions, the rows computed for every state in 2
# queries and written back, levels); the shared records fragment (cache read; the stored ranking, here not yet
# current, so the state's records ranked in one query and the ranking stored; the records; types; conditions).
# The cache writes are locmem here (on PostgreSQL, one statement each: core.dbcache). Warm, the page is one query
# (the content versions): see benchmarks/test_growth.py.
PROFILE_QUERY_BUDGET = 15
COMPARE_QUERY_BUDGET = 16  # + the content versions read by the shared cache (cold)
DETAIL_QUERY_BUDGET = 10


def test_idaho_profile_lists_hb_110_with_code_section_and_source(client, seeded):
    response = client.get(reverse("policies:state", args=["ID"]))
    assert response.status_code == 200
    html = response.content.decode()
    record = PolicyRecord.objects.get(seed_key="id-hb110-2015")
    assert "HB 110 (2015)" in html
    assert record.code_section and record.code_section in html
    assert record.sources[0]["url"] in html
    assert f'href="{record.sources[0]["url"]}"' in html
    assert reverse("policies:detail", args=[record.public_id]) in html
    # the level and the rule that produced it
    summary = response.context["s"]
    assert summary.derived.rule_id in html
    assert summary.derived.explain in html
    # timeline and conditions without a tracked policy, linked to the framework
    assert 'id="timeline"' in html
    gaps = response.context["profile"].conditions_without_policy
    assert gaps and f'href="/frameworks/kw-spf-2019/items/{gaps[0].code}/"' in html


def test_profile_shows_override_reason(client, seeded):
    editor = person(Role.CONTENT_EDITOR)
    policy_level_override(actor=editor, usps="ID", level_code="advanced", reason="Checked with the state's 2026 report.")
    html = client.get(reverse("policies:state", args=["ID"])).content.decode()
    assert "Checked with the state&#x27;s 2026 report." in html
    assert "Without the override" in html


def test_untracked_state_says_not_tracked_not_none(client, seeded):
    html = client.get(reverse("policies:state", args=["GU"])).content.decode()
    assert "No policies of Guam are tracked yet" in html


def test_unknown_or_lowercase_state_is_404(client, seeded):
    assert client.get("/tracker/states/ZZ/").status_code == 404
    assert client.get("/tracker/states/id/").status_code == 404


def test_profile_query_budget(client, seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(PROFILE_QUERY_BUDGET):
        assert client.get(reverse("policies:state", args=["NH"])).status_code == 200


def test_policy_detail_shows_citation_dates_sources_and_history(client, seeded):
    record = PolicyRecord.objects.get(seed_key="id-hb110-2015")
    editor = person(Role.CONTENT_EDITOR)
    policy_record_update(actor=editor, record=record, data={"summary": "A new summary in our words."}, note="clearer")
    response = client.get(reverse("policies:detail", args=[record.public_id]))
    html = response.content.decode()
    assert response.status_code == 200
    assert record.citation in html
    assert record.sources[0]["url"] in html
    assert "A new summary in our words." in html
    assert "<del>" in html and "<ins>" in html  # word-level marks (tests/foundation/test_textdiff.py)
    assert "clearer" in html
    for c in record.conditions.all():
        assert f"/frameworks/kw-spf-2019/items/{c.code}/" in html


def test_policy_detail_query_budget(client, seeded, django_assert_max_num_queries):
    record = PolicyRecord.objects.get(seed_key="id-hb110-2015")
    with django_assert_max_num_queries(DETAIL_QUERY_BUDGET):
        assert client.get(reverse("policies:detail", args=[record.public_id])).status_code == 200


def test_unknown_policy_is_404(client, seeded):
    assert client.get("/tracker/policies/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_compare_two_to_four_states(client, seeded):
    response = client.get(reverse("policies:compare"), {"states": ["ID", "NH", "GU"]})
    assert response.status_code == 200
    assert [s.usps for s in response.context["cmp"].states] == ["ID", "NH", "GU"]
    html = response.content.decode()
    assert "HB 110" in html
    assert "Not tracked yet" in html  # Guam's conditions: not tracked, never "no"


def test_compare_needs_two_and_at_most_four(client, seeded):
    one = client.get(reverse("policies:compare"), {"states": ["ID"]})
    assert one.context["cmp"] is None and "Choose two to four states." in one.content.decode()
    five = client.get(reverse("policies:compare"), {"states": ["ID", "NH", "IA", "VT", "UT"]})
    assert five.context["cmp"] is None and "at most four" in five.content.decode()
    empty = client.get(reverse("policies:compare"))
    assert empty.status_code == 200 and empty.context["cmp"] is None


def test_compare_query_budget(client, seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(COMPARE_QUERY_BUDGET):
        assert client.get(reverse("policies:compare"), {"states": ["ID", "NH", "IA", "VT"]}).status_code == 200


def test_profile_as_of_a_year_and_map_links_carry_the_year(client, seeded):
    then = client.get(reverse("policies:state", args=["ID"]), {"year": 2011})
    now = client.get(reverse("policies:state", args=["ID"]))
    assert then.context["as_of"].isoformat() == "2011-12-31"
    assert then.context["s"].level != now.context["s"].level
    assert "as of 31 December 2011" in then.content.decode()
    assert client.get(reverse("policies:state", args=["ID"]), {"year": "abc"}).context["as_of"] is None
    states = {s["usps"]: s for s in client.get(reverse("policies:index"), {"year": 2011}).context["data"]["states"]}
    assert states["ID"]["url"] == "/tracker/states/ID/?year=2011"


def test_profile_shows_counts_and_recent_records_with_show_all_links(client, seeded):
    from statewide.policies.rankings import PROFILE_PER_GROUP  # noqa: PLC0415
    from statewide.policies.services import policy_record_create  # noqa: PLC0415

    editor = person(Role.CONTENT_EDITOR)
    for n in range(PROFILE_PER_GROUP + 3):
        policy_record_create(
            actor=editor,
            data={
                "jurisdiction": "WY",
                "title": f"Wyoming funding record {n:02d}",
                "policy_type": "funding",
                "instrument": "statute",
                "status": "in_effect",
                "enacted_on": f"{2010 + n}-07-01",
                "sources": [f"https://example.org/wy/{n}"],
            },
        )
    html = client.get(reverse("policies:state", args=["WY"])).content.decode()
    total = PolicyRecord.objects.filter(jurisdiction__usps="WY", policy_type__code="funding").count()
    assert f"({total})" in html
    newest, oldest = f"Wyoming funding record {PROFILE_PER_GROUP + 2:02d}", "Wyoming funding record 00"
    by_type = html.split('id="by-type"', 1)[1].split('id="by-condition"', 1)[0]
    assert newest in by_type and oldest not in by_type  # the most recent few, not every record
    link = f"{reverse('policies:list')}?jurisdiction=WY&amp;type=funding"
    assert link in html
    listing = client.get(f"{reverse('policies:list')}?jurisdiction=WY&type=funding").content.decode()
    assert oldest in listing and newest in listing


@given(st.text())
def test_record_line_escape_is_djangos(value):
    """The lines' own `escape` (no lazy-string wrapper per call) gives exactly what Django's does."""
    assert policy_tags.escape(value) == str(django_html.escape(value))


def test_record_lines_escape_what_a_record_holds(client, seeded):
    """Record lines are built in Python (policies/templatetags/policies.py): every value is escaped."""
    record = PolicyRecordFactory(
        state="WY",
        title='<img src=x onerror="alert(1)">',
        type_code="task-force",
        bill_number="<b>HB 1</b>",
        sources=[{"url": 'https://example.org/?a=1&b="2"', "title": "<script>x</script>", "checked_on": "<i>2026</i>"}],
    )
    for url, params in ((reverse("policies:state", args=["WY"]), {}), (reverse("policies:compare"), {"states": ["WY", "ID"]})):
        html = client.get(url, params).content.decode()
        assert "<img src=x" not in html, url
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html, url
        assert "<b>HB 1</b>" not in html and "&lt;b&gt;HB 1&lt;/b&gt;" in html, url
    for url in (reverse("policies:state", args=["WY"]), reverse("policies:detail", args=[record.public_id])):  # sources: profile and record page
        html = client.get(url).content.decode()
        assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html, url
        assert 'href="https://example.org/?a=1&amp;b=&quot;2&quot;"' in html and "<i>2026</i>" not in html, url
