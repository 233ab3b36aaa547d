"""Every HTML page of the site, built from the URL resolver and the demo data's objects.

`site_pages()` walks every named URL pattern. Patterns without parameters are visited as they
are; patterns with parameters get their values from the demo data (`_fill`). A pattern that is
neither fillable nor listed in `NOT_PAGES` (with the reason) fails the tests that use this list,
so a page added later is checked without anyone remembering to add it.

Each page is visited as one role: `None` (anonymous) or a demo sign-in's e-mail address.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from statewide.accounts.demo import DEMO_PASSWORD
from statewide.core.permissions import SYSTEM
from tests.assessments.test_quiz import ANSWERS as QUIZ_ANSWERS

OPERATOR = "operator@statewide.example"
EDITOR = "editor@statewide.example"
TX_ADMIN = "tx-admin@statewide.example"
TEACHER = "teacher@austin.statewide.example"
ASSESSOR = "tx-assessor@statewide.example"
LEAD = "lead@austin.statewide.example"
TX_REVIEWER = "tx-reviewer@statewide.example"
ROLES = (None, OPERATOR, EDITOR, TX_ADMIN, TEACHER, ASSESSOR, LEAD, TX_REVIEWER)
PASSWORD = DEMO_PASSWORD

# Named patterns that are not HTML pages a person reads (with the reason).
NOT_PAGES_NAMESPACES = {
    "admin": "Django's operator admin (not our templates)",
    "api-v1": "JSON API (its documentation page, api_docs, is checked)",
    "case": "CASE 1.0 JSON endpoints",
    "ob": "Open Badges 3.0 service API (JSON)",
    "oauth2_provider": "OAuth 2.0 endpoints (the consent page needs a registered client's request; tests/credentials/test_ob_api.py)",
}
NOT_PAGES = {
    "web:healthz": "plain-text health check",
    "web:readyz": "JSON readiness check",
    "accounts:signout": "POST only",
    "accounts:api_token_revoke": "POST only",
    "accounts:membership_revoke": "POST only",
    "frameworks:draft_discard": "POST only",
    "selfassessment:status": "POST only",
    "selfassessment:results_csv": "CSV download",
    "selfassessment:results_xlsx": "XLSX download",
    "selfassessment:baseline": "POST only",
    "selfassessment:group_new": "POST only",
    "selfassessment:invite": "POST only",
    "selfassessment:roadmap_entry": "POST only",
    "selfassessment:roadmap_export": "CSV/XLSX/PDF download",
    "assessments:result_pdf": "PDF download",
    "policies:feed": "Atom feed",
    "policies:follow": "POST only",
    "policies:unfollow": "POST only",
    "credentials:start": "POST only",
    "credentials:status_change": "POST only",
    "credentials:did": "DID document (JSON)",
    "credentials:issuer_profile": "issuer profile (JSON)",
    "credentials:issuer_image": "issuer image (PNG/JPEG)",
    "credentials:status_list": "status list credential (JSON)",
    "credentials:download": "credential downloads (JSON, JWT, PNG, SVG)",
    **{f"credentials:{n}": "POST only" for n in ("issuer_rotate", "version_publish", "version_new_draft")},
    **{f"programs:{n}": "POST only" for n in ("upload", "assign", "move", "comment", "approve", "parts")},
    **{f"programs:{n}": "download (PDF, CSV/XLSX, file, Atom)" for n in ("letter", "export", "attachment", "feed")},
    "capacity:round_open": "POST only",
    "capacity:team_add": "POST only",
    "capacity:round_submit": "POST only",
    "capacity:support_interest": "POST only",
    "capacity:network_applications": "POST only",
    "capacity:report_pdf": "PDF download",
    "capacity:state_export": "CSV/XLSX download",
    "capacity:resource_withdraw": "POST only",
    "web:job_download": "file download (an export job's CSV/XLSX)",
    "insights:equity_download": "CSV/XLSX download",
    "insights:comparison_download": "CSV/XLSX download",
    **{f"insights:{n}": "download (CSV/XLSX, PDF)" for n in ("export", "state_report", "district_pdf")},
}
# Pages needing a sign-in, by the role that sees the most on them.
SIGNED_IN = {
    "accounts:account": TX_ADMIN,
    "accounts:organisation_members": TX_ADMIN,
    "accounts:audit": OPERATOR,
    "web:queue": OPERATOR,
    "frameworks:case_import": EDITOR,
    "frameworks:item_edit": EDITOR,
    "frameworks:descriptor_add": EDITOR,
    "frameworks:descriptor_edit": EDITOR,
    "frameworks:example_edit": EDITOR,
    "frameworks:drafts": EDITOR,
    "selfassessment:new": TX_ADMIN,
    "selfassessment:campaign": TX_ADMIN,
    "selfassessment:edit": TX_ADMIN,
    "selfassessment:results": TX_ADMIN,
    "selfassessment:meeting": TX_ADMIN,
    "selfassessment:meeting_condition": TX_ADMIN,
    "selfassessment:roadmap": TX_ADMIN,
    "selfassessment:compare": TX_ADMIN,
    "policies:create": TX_ADMIN,
    "policies:import": TX_ADMIN,
    "policies:edit": OPERATOR,
    "policies:delete": OPERATOR,
    "policies:level_override": EDITOR,
    "policies:types": OPERATOR,
    "policies:type_edit": OPERATOR,
    "policies:follows": TEACHER,
    "credentials:backpack": TEACHER,
    "credentials:submission": TEACHER,
    "credentials:review_queue": ASSESSOR,
    "credentials:review": ASSESSOR,
    "credentials:issued": TX_ADMIN,
    "credentials:bulk_award": TX_ADMIN,
    **{f"credentials:{n}": TX_ADMIN for n in ("manage", "version_create", "version_edit", "issuer_edit")},
    "credentials:issuer_create": OPERATOR,
    **{f"programs:{n}": LEAD for n in ("apply", "application", "step", "submit", "plan", "amend", "report", "final", "decide")},
    "programs:new": TX_ADMIN,
    "programs:dashboard": TX_ADMIN,
    "programs:stages": TX_ADMIN,
    **{f"programs:{n}": TX_ADMIN for n in ("settings", "rule_new", "rule_edit", "criterion_new", "criterion_edit", "assurance_new", "assurance_edit")},
    "programs:score": TX_REVIEWER,
    "capacity:district": TEACHER,
    "capacity:round": TEACHER,
    "capacity:report": TEACHER,
    "capacity:ta_new": TEACHER,
    "capacity:ta": TX_ADMIN,
    "capacity:ta_queue": TX_ADMIN,
    "capacity:state": TX_ADMIN,
    **{f"capacity:{n}": TX_ADMIN for n in ("support_new", "support_edit", "support_attendance", "network_new", "network_edit", "tier_settings")},
    **{f"capacity:{n}": EDITOR for n in ("resource_new", "resource_edit")},
    "insights:comparison": TX_REVIEWER,
    "insights:disclosure": TX_ADMIN,
    "insights:district": TX_ADMIN,
}
# Extra visits: the same page seen by another role or with a query, and the error pages.
EXTRA = [
    ("/", TX_ADMIN),
    ("/", TEACHER),
    ("/districts/?q=austin", None),
    ("/frameworks/search/?q=competency", None),
    ("/tracker/compare/?states=TX,NH,CO,ID", None),
    ("/tracker/policies/?state=TX", TX_ADMIN),
    ("/insights/TX/comparison/?district=4808940", TX_REVIEWER),
    ("/no-such-page/", None),
    ("/audit/", TEACHER),  # 403 page
    # Content variants the single visit per pattern does not reach.
    ("/frameworks/kw-spf-2019/items/twelfth-condition-unconfirmed/", None),  # an UNCERTAIN item, labelled
    ("/frameworks/kw-spf-2019/items/building-capacity/", None),
    ("/frameworks/inacol-promising-2016/", None),
    ("/frameworks/kw-scaling-2015/items/personalized-learning-definition/", None),
    ("/frameworks/aurora-local-capacity-2016/items/micro-credentials/", None),
    ("/frameworks/aurora-cbe-policy-map/", None),
    ("/frameworks/search/?q=funding", None),
    ("/tracker/states/WY/", None),  # tracked since the November 2026 research
    ("/tracker/states/GU/", None),  # a territory, not tracked yet
    ("/tracker/policies/?type=funding&year=2018", None),
    ("/tracker/changes/?state=ID&type=funding", None),
]


@dataclass(frozen=True)
class SitePage:
    name: str
    url: str
    role: str | None


@dataclass
class Demo:
    """The objects the parameterized pages are filled from."""

    values: dict[str, dict[str, Any]]


def demo_site() -> Demo:
    """The demo world, built once per test process and re-inserted for each later test that asks (the
    page walk and the authorization matrix share it)."""
    from tests import snapshot  # noqa: PLC0415

    return snapshot.delta_or_build("demo-site", load_demo_site)  # type: ignore[return-value]


def load_demo_site() -> Demo:
    """Load the demo data, then add what it lacks: an open campaign with a respondent, a quiz
    result, a published framework edit (two versions to compare) and a pending draft."""
    from statewide.accounts.models import User  # noqa: PLC0415
    from statewide.assessments.models import Instrument  # noqa: PLC0415
    from statewide.assessments.services import quiz_result_create  # noqa: PLC0415
    from statewide.frameworks.models import Descriptor, Example, Item, Level  # noqa: PLC0415
    from statewide.frameworks.services import framework_item_update, framework_publish  # noqa: PLC0415
    from statewide.places.models import Organisation  # noqa: PLC0415
    from statewide.policies.models import PolicyRecord, PolicyType  # noqa: PLC0415
    from statewide.selfassessment import services as sa  # noqa: PLC0415
    from statewide.selfassessment.models import Campaign  # noqa: PLC0415

    call_command("load_demo", stdout=_Null())
    operator = User.objects.get(email=OPERATOR)
    closed = Campaign.objects.get(is_demo=True)
    fw = closed.framework
    item = Item.objects.filter(framework=fw, kind="condition").order_by("position").first()
    assert item is not None
    long_name = item.name + " and a much longer name, so that the changed words show"
    framework_item_update(actor=operator, item=item, values={"name": long_name, "sources": [{"url": "https://example.org/a", "title": "A"}]})
    framework_publish(actor=operator, fw=fw, note="Longer condition name")
    framework_item_update(actor=operator, item=item, values={"name": item.name + " (draft)", "sources": [{"url": "https://example.org/a", "title": "A"}]})
    today = timezone.localdate()
    conditions = list(Item.objects.filter(framework=fw, kind="condition", confirmed=True).order_by("position"))
    open_campaign = sa.campaign_create(
        actor=operator,
        jurisdiction=closed.jurisdiction,
        framework=fw,
        conditions=conditions,
        title="Texas round two (open)",
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=30),
        threshold=5,
        group_names=["Legislators", "Families and community members"],
    )
    sa.campaign_set_status(actor=operator, campaign=open_campaign, status="open")
    group = open_campaign.groups.order_by("position").first()
    assert group is not None
    respondent = sa.respondent_start(group=group)
    instrument = Instrument.objects.order_by("pk").first()
    assert instrument is not None
    result = quiz_result_create(actor=SYSTEM, instrument=instrument, answers=QUIZ_ANSWERS, jurisdiction="TX", client_key="site-pages")
    versioned = PolicyRecord.objects.filter(versions__number=2).first() or PolicyRecord.objects.order_by("pk").first()
    descriptor = Descriptor.objects.filter(item__framework=fw).select_related("item").first()
    example = Example.objects.filter(item__framework=fw).first() or Example.objects.select_related("item__framework").first()
    level = Level.objects.filter(framework=fw).order_by("position").first()
    assert descriptor is not None and example is not None and level is not None and versioned is not None
    tx_agency = Organisation.objects.get(kind="sea", jurisdiction__usps="TX")
    from statewide.credentials.models import Credential, Submission  # noqa: PLC0415

    teacher_draft = Submission.objects.get(educator__email=TEACHER, status="draft")
    waiting = Submission.objects.get(status="submitted")
    earned = Credential.objects.get(recipient__email=TEACHER)
    from statewide.programs.models import Application  # noqa: PLC0415

    austin = Application.objects.select_related("program").get(is_demo=True, organisation__nces_leaid="4808940")
    in_review = Application.objects.get(is_demo=True, status="under_review")
    from statewide.credentials.models import Issuer  # noqa: PLC0415
    from statewide.programs.models import Attachment, Decision  # noqa: PLC0415

    decision = Decision.objects.filter(application__is_demo=True).select_related("application").order_by("pk").first()
    attachment = Attachment.objects.filter(application__is_demo=True).select_related("application").order_by("pk").first()
    if attachment is None:  # the demo has none: the lead adds a file to Austin's application
        from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

        from statewide.programs.services.reports import attachment_upload  # noqa: PLC0415

        attachment = attachment_upload(
            actor=User.objects.get(email=LEAD), application=austin, upload=SimpleUploadedFile("plan.png", _PNG, content_type="image/png")
        )
    from statewide.capacity.services.exports import state_export_enqueue  # noqa: PLC0415

    # A finished background export (a job with a file to download), by the state administrator.
    job = state_export_enqueue(actor=User.objects.get(email=TX_ADMIN), state=tx_agency.jurisdiction, what="supports", fmt="csv")
    issuer = Issuer.objects.order_by("pk").first()
    assert decision is not None and issuer is not None
    from statewide.capacity.models import Network, ReadinessRound, Resource, Support, TaRequest  # noqa: PLC0415

    austin_round = ReadinessRound.objects.filter(district__nces_leaid="4808940", status="submitted").latest("submitted_at")
    capacity_ids = {
        "round": austin_round.public_id,
        "report": austin_round.public_id,
        "ta": TaRequest.objects.filter(is_demo=True).first().public_id,
        "network": Network.objects.get(is_demo=True).public_id,
        "network_edit": Network.objects.get(is_demo=True).public_id,
        "support_edit": Support.objects.filter(is_demo=True).order_by("id").first().public_id,
        "support_attendance": Support.objects.filter(is_demo=True).order_by("id").first().public_id,
        "resource_edit": Resource.objects.order_by("id").first().public_id,
    }  # type: ignore[union-attr]
    # Routes only the authorization matrix visits (downloads and POST-only routes).
    download_ids = {
        "approve": decision.application.public_id,
        "letter": decision.application.public_id,
        "attachment": attachment.application.public_id,
        "report_pdf": austin_round.public_id,
        "download": earned.public_id,
        "job": job.public_id,
        "job_download": job.public_id,
    }
    return Demo(
        values={
            "slug": {"": fw.slug, "example_edit": example.item.framework.slug, "credentials": issuer.slug, "dashboard": "capacity", "export": "capacity"},
            "code": {
                "": item.code,
                "level": level.code,
                "spotlight": _spotlight_code(),
                "type_edit": PolicyType.objects.order_by("pk").values_list("code", flat=True)[0],
                "meeting_condition": item.code,
                "rule_edit": austin.program.rules.values_list("code", flat=True)[0],
                "language": "es",
            },
            "level": {"": level.code},
            "number": {"": 1},
            "a": {"": 1},
            "b": {"": 2},
            "identifier": {"descriptor_edit": descriptor.identifier, "example_edit": example.identifier, "draft_discard": item.identifier},
            "public_id": {
                "": closed.public_id,
                "organisation_members": tx_agency.public_id,
                "policies": versioned.public_id,
                "catalog_detail": teacher_draft.version.public_id,
                "bulk_award": teacher_draft.version.public_id,
                "version_edit": teacher_draft.version.public_id,
                "credential": earned.public_id,
                "submission": teacher_draft.public_id,
                "review": waiting.public_id,
                "programs": austin.public_id,
                "score": in_review.public_id,
                **capacity_ids,
                **download_ids,
            },
            "decision_id": {"": decision.public_id},
            "file_id": {"": attachment.public_id},
            "fmt": {"": "csv"},
            "what": {"": "supports"},
            "kind": {"": "json"},
            "purpose": {"": "revocation"},
            "parts": {"": "criteria"},
            "decision": {"": "approve"},
            "transition": {"": "start_review"},
            "program_id": {"": austin.program.public_id},
            "step": {"": "vision"},
            "token": {
                "password_reset_confirm": "set-password",
                "join": group.token,
                "answer": respondent.token,
                "result": result.token,
                "result_pdf": result.token,
            },
            "leaid": {"": "4808940"},
            "usps": {"": "TX"},
            "uidb64": {"": "MQ"},
            "target": {"": "item"},
            "section": {"api_docs_section": "programs"},
        }
    )


# A 1×1 PNG: a real image, for the demo attachment.
_PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082")


def _spotlight_code() -> str:
    from statewide.frameworks.models import Example  # noqa: PLC0415

    spot = Example.objects.filter(item__framework__slug="kw-spf-2019").first()
    return spot.code if spot else ""


class _Null:
    def write(self, *_args: Any) -> None:
        pass

    def flush(self) -> None:
        pass


def _walk(resolver: URLResolver, namespace: str = "", prefix: str = "") -> list[tuple[str, str, URLPattern]]:
    found = []
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(filter(None, [namespace, p.namespace or ""]))
            found += _walk(p, ns, prefix + str(p.pattern))
        elif p.name:
            found.append((":".join(filter(None, [namespace, p.name])), prefix + str(p.pattern), p))
    return found


def _fill(name: str, route: str, demo: Demo) -> str | None:
    """The route with each `<conv:param>` replaced by the demo value for this page (None if unknown)."""
    import re  # noqa: PLC0415

    short = name.split(":")[-1]
    app = name.split(":")[0]
    missing = False

    def value(match: re.Match[str]) -> str:
        nonlocal missing
        param = match.group(2)
        options = demo.values.get(param, {})
        for key in (short, app, ""):
            if key in options:
                return str(options[key])
        missing = True
        return ""

    url = re.sub(r"<(?:(\w+):)?(\w+)>", value, route)
    return None if missing else "/" + url


def site_pages(demo: Demo) -> tuple[list[SitePage], list[str]]:
    """(every page to visit, the named patterns that could not be filled)."""
    pages: list[SitePage] = []
    unfilled: list[str] = []
    for name, route, _pattern in _walk(get_resolver()):
        if name.split(":")[0] in NOT_PAGES_NAMESPACES or name in NOT_PAGES:
            continue
        if "(?P" in route or "^" in route:
            unfilled.append(name)
            continue
        url = _fill(name, route, demo)
        if url is None:
            unfilled.append(name)
            continue
        pages.append(SitePage(name, url, SIGNED_IN.get(name)))
    pages += [SitePage(f"extra {url}", url, role) for url, role in EXTRA]
    return pages, unfilled
