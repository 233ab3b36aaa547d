"""Demo data for district innovation programs, loaded by `statewide load-demo` (idempotent).

A Texas Districts of Innovation program built from the sourced Texas template, with real Texas
districts (NCES CCD, loaded by the places demo) at each stage: a draft, applied, under review,
conditionally approved in the planning year, implementing with a public annual report (Austin ISD,
whose demo district lead can sign in), and completed with a sustainability plan. Everything is
marked as demo data; the districts' participation is invented, the program's rules are not.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from statewide.core.permissions import SYSTEM
from statewide.places.models import Jurisdiction, Organisation
from statewide.programs import services
from statewide.programs.models import Application, Program
from statewide.programs.services.applications import ANSWER_STEPS, years_later

DEMO_NAME = "Texas Districts of Innovation (demo)"
# (NCES LEAID, the stage to bring it to, how many years ago its term started)
DISTRICTS = (
    ("4838080", "draft", 0),  # Round Rock ISD
    ("4823640", "submitted", 0),  # Houston ISD
    ("4816230", "under_review", 0),  # Dallas ISD
    ("4819700", "conditional", 0),  # Fort Worth ISD
    ("4808940", "approved", 1),  # Austin ISD (the demo district lead's district)
    ("4818300", "completed", 5),  # El Paso ISD
)
ORDER = ("draft", "submitted", "under_review", "conditional", "approved", "completed")
ANSWERS = {
    "vision": "Students progress when they show mastery; each has a personal learning path and sees the learning objectives.",
    "readiness": "A district innovation committee of teachers, parents and administrators leads the planning year.",
    "community": "The board passed a resolution and held a public hearing; the draft plan was posted for 30 days.",
}


def _bring(app: Application, stage: str, reviewer: object | None) -> None:
    target = ORDER.index(stage)
    if target >= 1:
        services.application_save_answers(actor=SYSTEM, application=app, answers={s: ANSWERS[s] for s in ANSWER_STEPS})
        services.application_affirm(actor=SYSTEM, application=app, assurances=list(app.program.assurances.all()))
        services.application_submit(actor=SYSTEM, application=app)
    if target >= 2 and reviewer is not None:
        services.assignment_create(actor=SYSTEM, application=app, reviewer=reviewer)
        services.application_transition(actor=SYSTEM, application=app, transition="start_review")
    if target >= 3:
        services.decision_propose(
            actor=SYSTEM, application=app, kind="conditionally_approve", note="Plan posted for public comment; the committee finishes it this year."
        )
    if target >= 4:
        rule = app.program.rules.filter(waivable=True).first()
        if rule is not None:
            services.flexibility_request_add(
                actor=SYSTEM, application=app, rule=rule, justification="A calendar and class schedule built around mastery, not seat time."
            )
        services.indicator_add(
            actor=SYSTEM,
            application=app,
            name="Students at grade level in reading (%)",
            baseline=Decimal("58"),
            target=Decimal("70"),
            data_source="District benchmark assessments",
            cadence="annual",
        )
        services.plan_submit(
            actor=SYSTEM,
            application=app,
            text="Six campuses move to competency-based progressions over four years, with advisory periods and flexible schedules.",
        )
        services.decision_propose(actor=SYSTEM, application=app, kind="approve", note="Adopted by the board of trustees.")


def load(out: TextIO) -> None:
    if Program.objects.filter(name=DEMO_NAME, is_demo=True).exists():
        out.write("Programs demo already present.\n")
        return
    tx = Jurisdiction.objects.filter(usps="TX").first()
    districts = {o.nces_leaid: o for o in Organisation.objects.filter(nces_leaid__in=[d[0] for d in DISTRICTS])}
    if tx is None or len(districts) < len(DISTRICTS):
        out.write("Programs demo skipped: Texas districts missing (load the places demo first).\n")
        return
    users = get_user_model().objects
    reviewer = users.filter(email="tx-reviewer@statewide.example").first()
    today = timezone.localdate()
    with transaction.atomic():
        program = services.program_create(
            actor=SYSTEM, jurisdiction=tx, template="texas", name=DEMO_NAME, opens_on=today - dt.timedelta(days=365 * 6), is_demo=True
        )
        for leaid, stage, years_ago in DISTRICTS:
            org = districts[leaid]
            app = services.application_create(actor=SYSTEM, program=program, organisation=org, title=f"{org.name.title()} innovation plan", is_demo=True)
            _bring(app, stage, reviewer)
            if years_ago:
                # Demo history: the term started years ago, so reports (and, for El Paso, the final year) exist.
                start = years_later(today, -years_ago)
                Application.objects.filter(pk=app.pk).update(term_start=start, term_end=years_later(start, program.term_years))
                app.refresh_from_db()
                for year in range(1, years_ago + 1):
                    services.annual_report_submit(
                        actor=SYSTEM,
                        application=app,
                        year=year,
                        narrative=f"Year {year}: more campuses on mastery-based progressions.",
                        values={i.pk: Decimal(58 + 3 * year) for i in app.indicators.all()},
                        is_public=True,
                    )
            if stage == "completed":
                services.final_report_submit(
                    actor=SYSTEM,
                    application=app,
                    final_evaluation="Reading at grade level rose from 58% to 73%.",
                    sustainability_plan="The schedule and advisory model move into the regular budget.",
                )
    out.write(f"Programs demo: {DEMO_NAME} with {len(DISTRICTS)} Texas districts.\n")
