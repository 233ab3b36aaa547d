"""Every page at a 375 px phone width: axe finds no WCAG 2.1 A/AA violation; nothing scrolls sideways except inside a labelled scroll
container (a wide table in `<div class="usa-table-container--scrollable" role="region"
aria-label="…" tabindex="0">`); every page has one h1 and a title ending in "· Statewide"; every link in the
page body carries a USWDS class (`usa-link` or a component's), so it has USWDS's link colors.

One browser, one context per role (signed in once), every page of `site_pages()` in turn. The walk
is split into PARTS tests (every PARTS-th page each), so the test workers share it.
"""

from __future__ import annotations

import time

import pytest

from tests.e2e.browser import axe_problems
from tests.e2e.site_pages import PASSWORD, demo_site, site_pages

pytestmark = [pytest.mark.browser]

PARTS = 2

PHONE = {"width": 375, "height": 800}

# Elements wider than the viewport, or reaching past its right edge, that are not inside a
# labelled scroll container (and are rendered: zero-size and visually hidden ones do not count).
OVERFLOW_JS = """
() => {
  const vw = document.documentElement.clientWidth;
  const scroller = (el) => el.matches('[role=region][tabindex="0"]:is([aria-label], [aria-labelledby])')
      && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const bad = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right <= vw + 0.5) continue;
    let a = el.parentElement, inside = false;
    while (a) { if (scroller(a)) { inside = true; break; } a = a.parentElement; }
    if (inside) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || cs.position === 'fixed') continue;
    let parent = el.parentElement, reported = false;
    while (parent) { if (bad.some((b) => b.el === parent)) { reported = true; break; } parent = parent.parentElement; }
    if (!reported) bad.push({el, text: name(el) + ' (right edge ' + Math.round(r.right) + ' px)'});
  }
  // Links take USWDS's link colors: each has a usa-* class (usa-link or a component's own).
  const unstyled = [...document.querySelectorAll('main a[href]')]
      .filter((a) => ![...a.classList].some((c) => c.startsWith('usa-')) && !a.closest('.usa-sidenav'))
      .map((a) => a.textContent.trim().slice(0, 40));
  return {scrollWidth: document.documentElement.scrollWidth, title: document.title,
          headings: document.querySelectorAll('h1').length,
          bad: bad.slice(0, 5).map((b) => b.text), unstyled: unstyled.slice(0, 5)};
}
"""


def _cache_static(context):
    """Serve each static file from memory after its first load: the walk then costs one request per page."""
    cache = {}

    def handle(route):
        url = route.request.url
        if url not in cache:
            response = route.fetch()
            cache[url] = {"status": response.status, "headers": response.headers, "body": response.body()}
        route.fulfill(**cache[url])

    context.route("**/static/**", handle)


def _sign_in(context, live_server, email):
    pg = context.new_page()
    pg.goto(f"{live_server.url}/account/signin/")
    pg.get_by_label("E-mail address").fill(email)
    pg.get_by_label("Password").fill(PASSWORD)
    pg.get_by_role("button", name="Sign in").click()
    pg.wait_for_load_state("load")
    return pg


@pytest.mark.parametrize("part", range(PARTS))
def test_every_page_fits_a_phone_and_has_the_site_title(browser, live_server, part):
    demo = demo_site()
    every_page, unfilled = site_pages(demo)
    assert not unfilled, f"Pages with parameters the walk cannot fill: add them to tests/e2e/site_pages.py: {unfilled}"
    assert len(every_page) > 50
    pages = every_page[part::PARTS]

    started = time.monotonic()
    tabs = {}
    contexts = []
    for role in dict.fromkeys(p.role for p in pages):
        context = browser.new_context(viewport=PHONE)
        context.set_default_timeout(15_000)
        _cache_static(context)
        contexts.append(context)
        tabs[role] = _sign_in(context, live_server, role) if role else context.new_page()
    problems = []
    try:
        for p in pages:
            tab = tabs[p.role]
            who = p.role or "anonymous"
            response = tab.goto(f"{live_server.url}{p.url}", wait_until="load")
            if response is None or response.status >= 500 or response.status == 405:
                problems.append(f"{p.url} ({who}): HTTP {response.status if response else '?'}")
                continue
            got = tab.evaluate(OVERFLOW_JS)
            if got["scrollWidth"] > PHONE["width"] or got["bad"]:
                problems.append(f"{p.url} ({who}): scrollWidth {got['scrollWidth']}; {'; '.join(got['bad'])}")
            if got["unstyled"]:
                problems.append(f"{p.url} ({who}): links without a USWDS link class: {got['unstyled']}")
            if got["headings"] != 1:
                problems.append(f"{p.url} ({who}): {got['headings']} h1 elements, not one")
            if not got["title"].endswith("· Statewide") or got["title"].startswith("·"):
                problems.append(f"{p.url} ({who}): title {got['title']!r}")
            problems += axe_problems(tab, context=f"{p.url} ({who})")
    finally:
        for context in contexts:
            context.close()
    print(f"walk: {time.monotonic() - started:.1f} s for {len(pages)} pages")
    assert not problems, f"{len(problems)} of {len(pages)} pages:\n" + "\n".join(problems)
