"""Building blocks for the credentials tests: a Texas issuer, a published micro-credential aligned
to framework items, an educator in a district and an assessor at the state agency."""

from __future__ import annotations

from dataclasses import dataclass

from statewide.accounts.models import Role, User
from statewide.core.permissions import SYSTEM
from statewide.credentials import services
from statewide.credentials.models import Issuer, MicroCredentialVersion
from statewide.frameworks.models import Item
from statewide.places.models import Organisation
from tests.factories import DistrictFactory, person, state_agency

RUBRIC = [
    {"code": "plan", "name": "Plan", "description": "A lesson plan that personalizes pacing.", "required": True},
    {"code": "reflection", "name": "Reflection", "description": "What changed for students.", "required": True},
]
SECTIONS = {
    "name": "Flexible pacing",
    "description": "Plans and runs lessons where students move on when they show mastery.",
    "competency": "The educator lets students advance upon demonstrated mastery.",
    "key_method": "Pacing guides with mastery checks.",
    "method_components": "Mastery checks; flexible groups.",
    "research": "Competency-based education research summaries.",
    "resources": "The state's competency-based education guide.",
    "submission_guidelines": "Upload a lesson plan and a short reflection.",
    "evaluation_criteria": "Both rubric criteria are met.",
    "rubric": RUBRIC,
}


@dataclass
class World:
    issuer: Issuer
    version: MicroCredentialVersion
    district: Organisation
    educator: User
    assessor: User
    admin: User


def build_world(*, validity_days: int | None = None) -> World:
    sea = state_agency("TX")
    issuer = Issuer.objects.filter(organisation=sea).first() or services.issuer_create(
        actor=SYSTEM, organisation=sea, name="Texas Education Agency", slug="tx-tea", url="https://tea.texas.gov"
    )
    items = list(Item.objects.filter(kind="condition").order_by("id")[:2])
    slug = f"flexible-pacing-{MicroCredentialVersion.objects.count()}"
    version = services.micro_credential_create(actor=SYSTEM, issuer=issuer, slug=slug, alignments=items, **{**SECTIONS, "validity_days": validity_days})
    services.version_publish(actor=SYSTEM, version=version)
    district = DistrictFactory(state="TX")
    educator = person(Role.EDUCATOR, district)
    assessor = person(Role.ASSESSOR, sea)
    admin = person(Role.STATE_ADMIN, sea)
    return World(issuer=issuer, version=version, district=district, educator=educator, assessor=assessor, admin=admin)


def earn(world: World):
    submission = services.submission_start(actor=world.educator, version=world.version)
    services.submission_update(
        actor=world.educator, submission=submission, evidence_text="My plan and reflection.", evidence_links=["https://example.org/plan"]
    )
    services.submission_submit(actor=world.educator, submission=submission)
    _submission, credential = services.submission_review(
        actor=world.assessor, submission=submission, scores={"plan": True, "reflection": True}, feedback="Well done."
    )
    return credential
