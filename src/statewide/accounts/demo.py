"""Demo sign-ins, one per role, printed by `make run`. Never use them outside a demo."""

from __future__ import annotations

from typing import TextIO

from statewide.accounts.models import Role, User
from statewide.accounts.services import membership_grant, user_create
from statewide.core.permissions import SYSTEM
from statewide.places.models import Organisation, OrganisationKind

DEMO_PASSWORD = "statewide-demo-2026"  # noqa: S105  (printed on purpose: demo accounts only)
DEMO_DISTRICT = "4808940"  # Austin ISD, NCES LEAID

# (e-mail, name, role, where: "sea:<USPS>", "district:<LEAID>" or None for platform-wide, operator?)
DEMO_USERS = (
    ("operator@statewide.example", "Olivia Operator", None, None, True),
    ("editor@statewide.example", "Eduardo Editor", Role.CONTENT_EDITOR, None, False),
    ("tx-admin@statewide.example", "Tanya Texas-Admin", Role.STATE_ADMIN, "sea:TX", False),
    ("tx-reviewer@statewide.example", "Ray Reviewer", Role.STATE_REVIEWER, "sea:TX", False),
    ("tx-assessor@statewide.example", "Asha Assessor", Role.ASSESSOR, "sea:TX", False),
    ("lead@austin.statewide.example", "Lena District-Lead", Role.DISTRICT_LEAD, f"district:{DEMO_DISTRICT}", False),
    ("teacher@austin.statewide.example", "Eli Educator", Role.EDUCATOR, f"district:{DEMO_DISTRICT}", False),
    ("nh-admin@statewide.example", "Nora New-Hampshire-Admin", Role.STATE_ADMIN, "sea:NH", False),
)


def _organisation(where: str | None) -> Organisation | None:
    if where is None:
        return None
    kind, key = where.split(":")
    if kind == "sea":
        return Organisation.objects.get(kind=OrganisationKind.STATE_AGENCY, jurisdiction__usps=key)
    return Organisation.objects.get(nces_leaid=key)


def load(out: TextIO) -> None:
    for email, name, role, where, operator in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = user_create(actor=SYSTEM, email=email, full_name=name, password=DEMO_PASSWORD, is_operator=operator)
        if role is not None:
            membership_grant(actor=SYSTEM, user=user, role=role, organisation=_organisation(where))
    out.write(f"Demo sign-ins: {len(DEMO_USERS)} accounts, password {DEMO_PASSWORD!r}.\n")
