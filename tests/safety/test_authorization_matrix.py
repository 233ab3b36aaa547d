"""The authorization matrix, generated from the code: every route, every role, reads and writes.

The routes come from the URL resolver (pages) and from the OpenAPI document (the JSON API), so a
route added tomorrow is covered the day it is added; one that cannot be filled with the demo
world's objects fails here until it is (tests/e2e/site_pages.py fills pages, `API_VALUES` below
fills API paths).

The world is the demo site (Texas: Austin ISD's program application, readiness round and TA
request, a teacher's credential submission, the state's self-assessment campaigns, jobs …) plus
people who must see none of its private parts: a state administrator, a reviewer, an assessor, a
district lead and an educator of New Hampshire, and a lead and an educator of another Texas district.

How a route is judged, as each of them and anonymously:

* **Read (GET).** When anonymous callers get the page, it is public. Otherwise, when the page's
  owner (the demo sign-in that works there) gets it, it is private: every outsider must be refused
  (403, 404 or a redirect), or, for a list scoped to what the caller may see, shown a page that
  names none of the world's private objects (no identifier or link token of a private object
  appears in it). A route neither public nor reachable by its owner fails, unless `UNREACHABLE`
  says why.
* **Write (POST, and PUT/PATCH/DELETE on the API).** An outsider's write to a private route is
  refused before anything else: no 2xx, and no audit event (every write through a service leaves
  one). Routes that any signed-in person may write to (apply to a program, follow a policy, start a
  credential …) are listed in `OPEN_WRITES` with the reason; there only 5xx fails.
* **Never a 5xx,** for anyone.

The two tests (pages, API) print the size of their part of the matrix (requests made).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver

from statewide.accounts.models import Role, User
from statewide.accounts.services import api_token_create
from statewide.api.v1 import api
from statewide.core.models import AuditEvent
from tests.e2e.site_pages import (
    ASSESSOR,
    EDITOR,
    LEAD,
    OPERATOR,
    SIGNED_IN,
    TEACHER,
    TX_ADMIN,
    TX_REVIEWER,
    _fill,
    _walk,
    demo_site,
)
from tests.factories import DistrictFactory, person, state_agency

pytestmark = [pytest.mark.django_db]

# Namespaces that are not ours to judge here (with the reason).
SKIPPED_NAMESPACES = {
    "admin": "Django's operator admin: operators only (is_staff), checked by Django itself",
    "oauth2_provider": "OAuth 2.0 endpoints of django-oauth-toolkit (tests/credentials/test_ob_api.py)",
    "ob": "Open Badges 3.0 service: OAuth bearer tokens per user (tests/credentials/test_ob_api.py)",
    "case": "CASE 1.0: public by standard (published frameworks only; tests/frameworks/test_case_endpoints.py)",
    "api-v1": "judged through the OpenAPI document below",
}

# Writes that any signed-in person (or any district) may make on a public object, with the reason.
OPEN_WRITES = {
    "web:language": "anyone may choose the site's language",
    "accounts:signin": "signing in",
    "accounts:signout": "signing out",
    "accounts:password_reset": "asking for a password reset",
    "accounts:password_reset_confirm": "setting a new password with a reset link",
    "selfassessment:join": "a respondent joins with the campaign's link",
    "selfassessment:answer": "a respondent answers with their own link",
    "assessments:quiz": "anyone may take the quiz",
    "policies:follow": "anyone signed in may follow a state's policies",
    "policies:unfollow": "anyone signed in may stop following",
    "credentials:start": "any educator may start a published micro-credential",
    "credentials:verify": "anyone may verify a credential",
    "programs:apply": "any district lead may apply to an open program",
    "capacity:network_applications": "any district lead may ask to join a network with open applications",
    "capacity:support_interest": "the district's own lead shows interest; others are refused (judged as a read)",
}

# Routes whose owner cannot open them in the demo world, with the reason.
UNREACHABLE: dict[str, str] = {
    "credentials:issuer_image": "the demo issuer has no image (public once set: tests/credentials/test_issuer_profile.py)",
    "programs:report": "annual reports open in the implementing years; the demo lead's application (Austin ISD) is in its planning year",
}
# Routes that answer only with a query string (the chosen object is a parameter, not part of the path).
ROUTE_QUERIES = {
    "insights:comparison_download": "?district=4808940",  # Austin ISD, a participating district of the demo
}
# The owner of routes the page walk does not visit (downloads, POST-only routes), when not the app's usual one.
OWNERS = {
    "programs:export": TX_ADMIN,
    "programs:letter": TX_ADMIN,
    "programs:approve": TX_ADMIN,
    "capacity:report_pdf": TEACHER,
    "web:job": TX_ADMIN,
    "web:job_download": TX_ADMIN,
    "insights:district_pdf": TX_ADMIN,
}

# Values for the API's path parameters, by parameter name -> the demo value's (key, route short name) in
# site_pages' values; `public_id` is told apart by the path segment before it. A new API path whose
# parameter is not here fails until it is added.
API_PARAMS: dict[str, tuple[str, str]] = {
    "leaid": ("leaid", ""),
    "usps": ("usps", ""),
    "slug": ("slug", ""),
    "token": ("token", "result"),
    "program_id": ("program_id", ""),
    "code": ("code", "rule_edit"),
    "number": ("number", ""),
    "decision_id": ("decision_id", ""),
    "support_id": ("public_id", "support_edit"),
    "network_id": ("public_id", "network"),
    "resource_id": ("public_id", "resource_edit"),
    "parts": ("parts", ""),
    "decision": ("decision", ""),
}
API_PUBLIC_IDS: dict[str, tuple[str, str]] = {
    "tokens": ("public_id", "api-token"),
    "organisations": ("public_id", "organisation_members"),
    "policies": ("public_id", "policies"),
    "self-assessments": ("public_id", ""),
    "jobs": ("public_id", "job"),
    "applications": ("public_id", "programs"),
}
API_WRITES = ("post", "put", "patch", "delete")
LEGITIMATE = (TX_ADMIN, LEAD, TEACHER, TX_REVIEWER, ASSESSOR, EDITOR, OPERATOR)

OUTSIDERS = ("nh-admin", "nh-reviewer", "nh-assessor", "nh-lead", "nh-educator", "tx-other-lead", "tx-other-educator")
REFUSED_READ = re.compile(r"^(3\d\d|4\d\d)$")
WRITE_METHODS = ("post",)


@dataclass
class Matrix:
    requests: int = 0
    problems: list[str] = field(default_factory=list)
    public: list[str] = field(default_factory=list)
    private: list[str] = field(default_factory=list)

    secrets: frozenset[str] = frozenset()

    def check(self, label: str, response: Any, *, refused: bool) -> None:
        self.requests += 1
        status = response.status_code
        if status >= 500:
            self.problems.append(f"{label}: HTTP {status}")
        elif refused and 200 <= status < 300:
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if not response.get("Content-Type", "").startswith("text/html"):
                self.problems.append(f"{label}: HTTP {status} ({response.get('Content-Type')}), expected a refusal")
            else:
                leaked = sorted(secret for secret in self.secrets if secret.encode() in body)
                if leaked:
                    self.problems.append(f"{label}: HTTP {status} shows private objects {leaked[:3]}")


def _outsiders() -> dict[str, User]:
    nh_district = DistrictFactory(state="NH", name="Outsider NH District")
    tx_other = DistrictFactory(state="TX", name="Outsider Texas ISD")
    nh = state_agency("NH")
    return {
        "nh-admin": person(Role.STATE_ADMIN, nh, email="nh-admin@outsider.example"),
        "nh-reviewer": person(Role.STATE_REVIEWER, nh, email="nh-reviewer@outsider.example"),
        "nh-assessor": person(Role.ASSESSOR, nh, email="nh-assessor@outsider.example"),
        "nh-lead": person(Role.DISTRICT_LEAD, nh_district, email="nh-lead@outsider.example"),
        "nh-educator": person(Role.EDUCATOR, nh_district, email="nh-educator@outsider.example"),
        "tx-other-lead": person(Role.DISTRICT_LEAD, tx_other, email="tx-other-lead@outsider.example"),
        "tx-other-educator": person(Role.EDUCATOR, tx_other, email="tx-other-educator@outsider.example"),
    }


def _client(user: User | None) -> Client:
    client = Client(HTTP_X_FORWARDED_FOR="203.0.113.9")
    if user is not None:
        client.force_login(user)
    return client


def _page_routes(demo: Any) -> tuple[list[tuple[str, str]], list[str]]:
    """(name, url) of every named pattern with parameters that the demo world fills, and the unfilled ones."""
    routes, unfilled = [], []
    for name, route, _pattern in _walk(get_resolver()):
        if name.split(":")[0] in SKIPPED_NAMESPACES or "<" not in route:
            continue
        url = _fill(name, route, demo)
        if url is None:
            unfilled.append(name)
        else:
            routes.append((name, url + ROUTE_QUERIES.get(name, "")))
    return routes, unfilled


def _owner_for(name: str) -> str | None:
    if name in SIGNED_IN or name in OWNERS:
        return SIGNED_IN.get(name) or OWNERS[name]
    app = name.split(":")[0]
    return {
        "programs": LEAD,
        "capacity": TX_ADMIN,
        "selfassessment": TX_ADMIN,
        "credentials": TX_ADMIN,
        "frameworks": EDITOR,
        "policies": OPERATOR,
        "accounts": TX_ADMIN,
        "web": OPERATOR,
        "insights": TX_ADMIN,
    }.get(app)


def _private_markers(demo: Any, routes: list[tuple[str, str]], anonymous: Client) -> frozenset[str]:
    """Identifiers and link tokens of the world's objects that no public page shows."""
    values = {str(v) for key in ("public_id", "program_id", "decision_id", "file_id", "token") for v in demo.values.get(key, {}).values() if v}
    answers = (anonymous.get(url) for _name, url in routes)
    public_text = "".join(r.content.decode(errors="replace") for r in answers if r.status_code == 200 and not r.streaming)
    return frozenset(v for v in values if v not in public_text)


def _audit_count() -> int:
    return AuditEvent.objects.count()


def _judge_pages(matrix: Matrix, routes: Iterable[tuple[str, str]], clients: dict[str | None, Client]) -> None:
    for name, url in routes:
        anonymous = clients[None].get(url)
        matrix.check(f"GET {url} (anonymous)", anonymous, refused=False)
        owner_email = _owner_for(name)
        owner = clients[owner_email].get(url) if owner_email else None
        if owner is not None:
            matrix.check(f"GET {url} ({owner_email})", owner, refused=False)
        is_public = anonymous.status_code == 200 or (name in OPEN_WRITES and anonymous.status_code < 400)
        if is_public:
            matrix.public.append(name)
        elif owner is not None and owner.status_code == 200:
            matrix.private.append(name)
        elif (owner is not None and owner.status_code == 405) or name in UNREACHABLE:
            pass  # a write-only route: judged by its writes below
        else:
            matrix.problems.append(f"{name} {url}: neither public nor open to its owner ({owner_email}: HTTP {owner.status_code if owner else '-'})")
        for who in OUTSIDERS:
            if not is_public:
                matrix.check(f"GET {url} ({who})", clients[who].get(url), refused=name not in OPEN_WRITES)
            before = _audit_count()
            response = clients[who].post(url, {})
            open_write = name in OPEN_WRITES or is_public
            matrix.check(f"POST {url} ({who})", response, refused=not open_write)
            if not open_write and _audit_count() != before:
                matrix.problems.append(f"POST {url} ({who}): wrote an audit event (a write went through)")


def _api_routes(demo: Any) -> tuple[list[tuple[str, str, list[str]]], list[str]]:
    """(OpenAPI path, filled URL, its methods) for every API path, and the paths the matrix cannot fill."""
    routes, unfilled = [], []
    for path, item in api.get_openapi_schema()["paths"].items():
        methods = [m for m in ("get", *API_WRITES) if m in item]
        missing = False

        def value(match: re.Match[str], path: str = path) -> str:
            nonlocal missing
            param = match.group(1)
            before = path[: match.start()].rstrip("/").rsplit("/", 1)[-1]
            key = API_PUBLIC_IDS.get(before) if param == "public_id" else API_PARAMS.get(param)
            if param == "public_id" and "{decision_id}" in path:
                key = ("public_id", "approve")  # the application the demo decision belongs to
            options = demo.values.get(key[0], {}) if key else {}
            if key is None or key[1] not in options:
                missing = True
                return ""
            return str(options[key[1]])

        url = re.sub(r"\{(\w+)\}", value, path)
        if missing:
            unfilled.append(path)
        elif "{" not in path:
            continue  # no object in the path: lists and creates, scoped by the caller (tests per module)
        else:
            routes.append((path, url, methods))
    return routes, unfilled


def _judge_api(matrix: Matrix, routes: Iterable[tuple[str, str, list[str]]], tokens: dict[str | None, str]) -> None:
    def call(who: str | None, method: str, url: str) -> Any:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens[who]}"} if who else {}
        client = Client(HTTP_X_FORWARDED_FOR="203.0.113.9")
        if method == "get":
            return client.get(url, **headers)
        return getattr(client, method)(url, data="{}", content_type="application/json", **headers)

    for path, url, methods in routes:
        is_public = False
        if "get" in methods:
            anonymous = call(None, "get", url)
            matrix.check(f"GET {url} (anonymous)", anonymous, refused=False)
            is_public = anonymous.status_code == 200
            if not is_public:
                owners = [who for who in LEGITIMATE if call(who, "get", url).status_code == 200]
                matrix.requests += len(LEGITIMATE)
                if not owners:
                    matrix.problems.append(f"API {path}: neither public nor open to any demo sign-in")
                for who in OUTSIDERS:
                    matrix.check(f"GET {url} ({who})", call(who, "get", url), refused=True)
        for method in (m for m in methods if m != "get"):
            for who in OUTSIDERS:
                before = _audit_count()
                matrix.check(f"{method.upper()} {url} ({who})", call(who, method, url), refused=True)
                if _audit_count() != before:
                    matrix.problems.append(f"{method.upper()} {url} ({who}): wrote an audit event (a write went through)")


def _report(capsys: Any, matrix: Matrix, what: str) -> None:
    with capsys.disabled():
        print(f"\nauthorization matrix: {matrix.requests} requests over {what}, as {len(OUTSIDERS)} outsiders, anonymous and owners")
    assert not matrix.problems, f"{len(matrix.problems)} problems:\n" + "\n".join(matrix.problems)


def test_no_outsider_reads_or_writes_any_private_page(capsys):
    demo = demo_site()
    outsiders = _outsiders()
    clients: dict[str | None, Client] = {None: _client(None)}
    for email in {OPERATOR, EDITOR, TX_ADMIN, TEACHER, ASSESSOR, LEAD, TX_REVIEWER}:
        clients[email] = _client(User.objects.get(email=email))
    for who, user in outsiders.items():
        clients[who] = _client(user)

    routes, unfilled = _page_routes(demo)
    assert not unfilled, f"Routes the matrix cannot fill: add their values to tests/e2e/site_pages.py: {unfilled}"
    matrix = Matrix(secrets=_private_markers(demo, routes, clients[None]))
    _judge_pages(matrix, routes, clients)
    _report(capsys, matrix, f"{len(routes)} page routes ({len(matrix.public)} public, {len(matrix.private)} private)")


def test_no_outsider_reads_or_writes_anything_private_through_the_api(capsys):
    demo = demo_site()
    users = {**{email: User.objects.get(email=email) for email in LEGITIMATE}, **_outsiders()}
    tokens: dict[str | None, str] = {who: api_token_create(actor=user, name="matrix")[1] for who, user in users.items()}
    owner_token = api_token_create(actor=users[TX_ADMIN], name="matrix, second")[0]
    demo.values["public_id"]["api-token"] = owner_token.public_id
    api_routes, api_unfilled = _api_routes(demo)
    assert not api_unfilled, f"API paths the matrix cannot fill: add their parameters to API_PARAMS / API_PUBLIC_IDS: {api_unfilled}"
    matrix = Matrix()
    _judge_api(matrix, api_routes, tokens)
    _report(capsys, matrix, f"{len(api_routes)} API paths")
