"""Demo data for micro-credentials, loaded by `statewide load-demo` (idempotent: skipped when the
Texas issuer exists). Texas Education Agency as the issuer, three micro-credentials aligned to
framework conditions, demo educators at each stage, and issued credentials (one revoked, one
expired) that verify on the public page. The micro-credential texts are demo content in our own
words, following Digital Promise's template sections; they are not TEA's."""

from __future__ import annotations

import datetime as dt
from typing import Any, TextIO

from django.utils import timezone

from statewide.accounts.models import Role, User
from statewide.accounts.services import membership_grant, user_create
from statewide.core.permissions import SYSTEM
from statewide.credentials import services
from statewide.credentials.models import Issuer
from statewide.frameworks.models import Framework, Item
from statewide.places.models import Organisation, OrganisationKind

DEMO_PASSWORD = "statewide-demo-2026"  # noqa: S105  (the accounts demo's password; demo accounts only)
DEMO_DISTRICT = "4808940"  # Austin ISD
ASSESSOR = "tx-assessor@statewide.example"
TEACHER = "teacher@austin.statewide.example"
EDUCATORS = (
    ("maria@austin.statewide.example", "Maria Waiting-Review"),
    ("sam@austin.statewide.example", "Sam Second-Try"),
    ("riley@austin.statewide.example", "Riley Revoked"),
    ("evan@austin.statewide.example", "Evan Expired"),
)
RUBRIC: list[dict[str, Any]] = [
    {"code": "artifact", "name": "Classroom artifact", "description": "A plan, tracker or student work sample showing the method in use.", "required": True},
    {"code": "impact", "name": "Evidence of impact", "description": "What changed for students, with at least one measure.", "required": True},
    {"code": "reflection", "name": "Reflection", "description": "What the educator would change next time and why.", "required": True},
]
MICRO_CREDENTIALS: tuple[dict[str, Any], ...] = (
    {
        "slug": "mastery-based-pacing",
        "name": "Mastery-based pacing (demo)",
        "description": "Students move ahead when they show mastery, not when the calendar says so.",
        "competency": "The educator organizes a unit so that students advance upon demonstrated mastery.",
        "key_method": "A unit pacing guide with mastery checks and flexible regrouping.",
        "method_components": "Learning targets; short mastery checks; regrouping after each check; extension and reteaching paths.",
        "research": "Competency-based education asks that advancement follow demonstrated learning (framework-sources.md §5.3).",
        "resources": "The platform's framework pages on the aligned conditions.",
        "submission_guidelines": "Upload the pacing guide, a record of mastery checks for one class (names removed) and a reflection of up to 500 words.",
        "evaluation_criteria": "All three rubric criteria must be met.",
        "validity_days": None,
        "align": 0,
    },
    {
        "slug": "student-voice-in-learning-plans",
        "name": "Student voice in learning plans (demo)",
        "description": "Students set goals and choose how they show learning.",
        "competency": "The educator co-creates personal learning plans with students.",
        "key_method": "Goal-setting conferences and a choice board of ways to show learning.",
        "method_components": "A conference protocol; a plan template; a choice board; a check-in schedule.",
        "research": "Personalized learning plans are among the policy conditions the framework names.",
        "resources": "Sample conference protocol (demo).",
        "submission_guidelines": "Upload two anonymized learning plans and notes from one conference cycle.",
        "evaluation_criteria": "All three rubric criteria must be met.",
        "validity_days": None,
        "align": 1,
    },
    {
        "slug": "performance-assessment-design",
        "name": "Performance assessment design (demo)",
        "description": "Designs a performance task and its scoring guide.",
        "competency": "The educator designs a performance assessment aligned to competencies.",
        "key_method": "Backward design of a task with a shared scoring guide and calibration.",
        "method_components": "Competency map; task prompt; scoring guide; calibration notes.",
        "research": "Balanced and innovative assessment systems use performance tasks.",
        "resources": "Scoring guide template (demo).",
        "submission_guidelines": "Upload the task, the scoring guide and three scored samples.",
        "evaluation_criteria": "All three rubric criteria must be met.",
        "validity_days": 365,
        "align": 2,
    },
)


def _user(email: str, name: str, district: Organisation) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = user_create(actor=SYSTEM, email=email, full_name=name, password=DEMO_PASSWORD, is_operator=False)
        membership_grant(actor=SYSTEM, user=user, role=Role.EDUCATOR, organisation=district)
    return user


def _submit(educator: User, version: Any, text: str) -> Any:
    submission = services.submission_start(actor=educator, version=version)
    services.submission_update(actor=educator, submission=submission, evidence_text=text, evidence_links=["https://example.org/demo-evidence"])
    return services.submission_submit(actor=educator, submission=submission)


def _review(assessor: User, submission: Any, passed: bool) -> Any:
    scores = {str(row["code"]): passed or row["code"] != "impact" for row in RUBRIC}
    feedback = "Clear artifact and reflection." if passed else "Add a measure of what changed for students, then resubmit."
    return services.submission_review(actor=assessor, submission=submission, scores=scores, feedback=feedback)[1]


def load(out: TextIO) -> None:
    sea = Organisation.objects.get(kind=OrganisationKind.STATE_AGENCY, jurisdiction__usps="TX")
    if Issuer.objects.filter(organisation=sea).exists():
        out.write("Micro-credentials demo: already loaded.\n")
        return
    district = Organisation.objects.get(nces_leaid=DEMO_DISTRICT)
    assessor = User.objects.get(email=ASSESSOR)
    issuer = services.issuer_create(actor=SYSTEM, organisation=sea, name="Texas Education Agency (demo issuer)", slug="tx-tea", url="https://tea.texas.gov")
    framework = Framework.objects.filter(items__kind="condition").order_by("position", "id").first()
    conditions = list(Item.objects.filter(framework=framework, kind="condition").order_by("position", "id")[:6])
    versions = []
    for spec in MICRO_CREDENTIALS:
        fields = {k: v for k, v in spec.items() if k not in ("slug", "align")}
        aligned = conditions[spec["align"] * 2 : spec["align"] * 2 + 2]
        version = services.micro_credential_create(actor=SYSTEM, issuer=issuer, slug=spec["slug"], alignments=aligned, rubric=RUBRIC, **fields)
        versions.append(services.version_publish(actor=SYSTEM, version=version))
    teacher = User.objects.get(email=TEACHER)
    maria, sam, riley, evan = (_user(email, name, district) for email, name in EDUCATORS)
    _review(assessor, _submit(teacher, versions[0], "My pacing guide and mastery-check tracker."), passed=True)
    services.submission_start(actor=teacher, version=versions[1])  # a draft in progress
    _submit(maria, versions[0], "Pacing guide, checks and reflection.")  # waiting for the assessor
    _review(assessor, _submit(sam, versions[1], "Two learning plans."), passed=False)  # may try again
    revoked = _review(assessor, _submit(riley, versions[0], "Pacing guide."), passed=True)
    services.credential_revoke(actor=SYSTEM, credential=revoked, reason="Demo: the evidence was found not to be the educator's own work.")
    expired = services.credential_issue(
        actor=SYSTEM, version=versions[2], recipient=evan, narrative="Awarded in the demo's first year.", valid_from=timezone.now() - dt.timedelta(days=500)
    )
    services.credential_issue_program_status(
        actor=SYSTEM,
        district=district,
        program_name="Texas District Innovation Program (demo)",
        term_start=timezone.localdate() - dt.timedelta(days=30),
        term_end=timezone.localdate() + dt.timedelta(days=3 * 365),
    )
    out.write(f"Micro-credentials demo: 3 micro-credentials, credentials issued (one revoked, one expired: {expired.public_id}).\n")
