"""Browser fixtures: Playwright driving Debian's Chromium (never a downloaded browser), and axe.

    def test_something(page, live_server): ...
    assert_accessible(page)          # axe, WCAG 2.1 A and AA: zero violations or the test fails
    sign_in(page, live_server, user)

Without /usr/bin/chromium, browser tests are skipped locally, and fail when
STATEWIDE_REQUIRE_BROWSER=1 (as in CI).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("STATEWIDE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        if os.environ.get("STATEWIDE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM} and STATEWIDE_REQUIRE_BROWSER=1")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def seeded_policies(transactional_db: Any) -> None:
    """The seeded policy records (the tracker's demo content), loaded once per test process and re-inserted after."""
    from statewide.policies.demo import load_policy_types, load_seed_policies  # noqa: PLC0415
    from tests import snapshot  # noqa: PLC0415

    snapshot.delta_or_build("seeded-policies", lambda: (load_policy_types(), load_seed_policies())[1])


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.set_default_timeout(15_000)
    # expect() assertions have their own 5 s default; on a loaded CI machine an HTMX swap can take longer.
    from playwright.sync_api import expect  # noqa: PLC0415 - Playwright is imported only when a browser test runs

    expect.set_options(timeout=15_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    pg.console_errors = errors
    yield pg
    context.close()


def axe_problems(page: Any, *, context: str = "") -> list[str]:
    """Run axe on the current page: one line per WCAG 2.1 A/AA violation (none: an empty list)."""
    from axe_playwright_python.sync_playwright import Axe  # noqa: PLC0415

    # axe is injected once per document (not re-sent when it is already there) and returns only
    # its violations, not every passing node: the walk's cost is then the pages, not axe's output.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(Axe().axe_script)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    violations = page.evaluate("(options) => axe.run(document, options).then((r) => r.violations)", options)
    if not violations:
        return []
    lines = [f"axe found {len(violations)} violation(s) on {context or page.url}:"]
    for v in violations:
        targets = ", ".join(str(n["target"]) for n in v["nodes"][:5])
        lines.append(f"  - {v['id']} ({v['impact']}): {v['help']} -> {targets}")
    return lines


def assert_accessible(page: Any, *, context: str = "") -> None:
    """Run axe on the current page; fail on any WCAG 2.1 A/AA violation, listing each."""
    problems = axe_problems(page, context=context)
    if problems:
        pytest.fail("\n".join(problems))


def assert_pages_accessible(page: Any, base_url: str, paths: list[str], *, one_heading: bool = True) -> None:
    """Visit each path in one test (one database set-up for all); fail once, listing every page's problems."""
    problems: list[str] = []
    for path in paths:
        response = page.goto(f"{base_url}{path}", wait_until="load")
        if one_heading and response is not None and response.ok and page.locator("h1").count() != 1:
            problems.append(f"{path}: {page.locator('h1').count()} h1 elements")
        problems += axe_problems(page, context=path)
        blocked = [e for e in page.console_errors if "Content Security Policy" in e or "Refused to" in e]
        problems += [f"{path}: CSP blocked {e}" for e in blocked]
        page.console_errors.clear()
    assert not problems, "\n".join(problems)


def assert_no_csp_errors(page: Any) -> None:
    bad = [e for e in getattr(page, "console_errors", []) if "Content Security Policy" in e or "Refused to" in e]
    assert not bad, f"CSP blocked something: {bad}"


def sign_in(page: Any, live_server: Any, email: str, password: str | None = None) -> None:
    from tests.factories import TEST_PASSWORD  # noqa: PLC0415

    page.goto(f"{live_server.url}/account/signin/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password or TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")
