"""Compare in a real browser: 2, 3 and 4 states chosen with the page's own selects, the selection
kept, the table's header associations checked the way HTML_CodeSniffer does (H43), axe clean."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.e2e.browser import assert_accessible, assert_no_csp_errors
from tests.policies.factories import PolicyRecordFactory

pytestmark = pytest.mark.browser

# For every data cell, the headers HTML_CodeSniffer expects (every th above it in its column and every
# th left of it in its row, following rowspan/colspan) against the ids its `headers` attribute names.
HEADER_CHECK = """
(table) => {
  const grid = [];
  const rows = Array.from(table.rows);
  rows.forEach((tr, r) => {
    grid[r] = grid[r] || [];
    let c = 0;
    Array.from(tr.cells).forEach((cell) => {
      while (grid[r][c]) { c++; }
      for (let dr = 0; dr < cell.rowSpan; dr++) {
        for (let dc = 0; dc < cell.colSpan; dc++) {
          grid[r + dr] = grid[r + dr] || [];
          grid[r + dr][c + dc] = cell;
        }
      }
      c += cell.colSpan;
    });
  });
  const problems = [];
  let checked = 0;
  grid.forEach((row, r) => row.forEach((cell, c) => {
    if (cell.tagName !== "TD" || grid[r][c - 1] === cell || (grid[r - 1] && grid[r - 1][c] === cell)) { return; }
    const expected = new Set();
    for (let rr = 0; rr < r; rr++) { const h = grid[rr][c]; if (h && h.tagName === "TH") { expected.add(h.id); } }
    for (let cc = 0; cc < c; cc++) { const h = row[cc]; if (h && h.tagName === "TH") { expected.add(h.id); } }
    const given = new Set((cell.getAttribute("headers") || "").split(/\\s+/).filter(Boolean));
    checked++;
    const same = expected.size === given.size && [...expected].every((x) => x && given.has(x));
    if (!same) { problems.push(`row ${r} col ${c}: expected ${[...expected]} got ${[...given]}`); }
  }));
  return {checked, problems};
}
"""


def test_compare_two_three_or_four_states(page, live_server, seeded_policies):
    for states in (["ID", "NH"], ["ID", "NH", "VT"], ["ID", "NH", "VT", "WY"]):
        _compare(page, live_server, states)


def _compare(page, live_server, states):
    page.goto(f"{live_server.url}/tracker/compare/")
    for n, usps in enumerate(states, start=1):
        page.select_option(f"#id_states_{n}", usps)
    page.get_by_role("button", name="Compare").click()
    page.wait_for_selector("table.policies-compare")
    heads = page.locator("table.policies-compare thead th").all_inner_texts()
    assert len(heads) == len(states)
    # the selection survives the round trip
    for n, usps in enumerate(states, start=1):
        assert page.locator(f"#id_states_{n}").input_value() == usps
    for n in range(len(states) + 1, 5):
        assert page.locator(f"#id_states_{n}").input_value() == ""
    result = page.locator("table.policies-compare").evaluate(HEADER_CHECK)
    assert result["checked"] > 0 and result["problems"] == [], result["problems"][:5]
    # the exports carry the same states
    assert page.get_by_role("link", name="CSV").get_attribute("href").endswith("&".join(f"states={u}" for u in states))
    assert_accessible(page, context=f"compare {states}")
    assert_no_csp_errors(page)


def test_map_before_a_start_unknown_record_shows_unknown_and_is_accessible(page, live_server, seeded_policies):
    # Guam (a territory: never seeded) gets one record that a source first shows in force in 2016.
    PolicyRecordFactory(state="GU", enacted_on=None, known_in_force_on=dt.date(2016, 1, 1), date_precision="year")
    page.goto(f"{live_server.url}/tracker/?year=2012")
    page.wait_for_selector("#policies-map svg [role=link][data-usps]")
    assert page.locator('#map-table tr[data-usps="GU"]').get_attribute("data-category") == "unknown"
    assert page.locator("#policies-map [data-usps=GU]").first.get_attribute("aria-label") == "Guam: Unknown"
    legend = page.locator(".policies-legend").inner_text()
    assert "Unknown (dotted)" in legend and "Not yet" in legend and "Not tracked yet (hatched)" in legend
    assert_accessible(page, context="map 2012 with unknown")
