"""API of a program's configuration beyond its settings and rules (api/programs_write.py): its stages and who
acts, adding criteria and assurances, and deleting or reordering criteria, assurances, rules and approval
groups. The state's admins only; the same services as the pages, so the same refusals (400 with field errors)."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema

from statewide.api.auth import require_user
from statewide.core.text import SingleLine
from statewide.programs import selectors, services
from statewide.programs.models import Program

router = Router(tags=["programs"])


class StageRowOut(Schema):
    transition: str
    who: str
    choices: list[str]
    decision: bool
    approval_group: list[str]


class StagesOut(Schema):
    skipped_stages: list[str]
    transitions: list[StageRowOut]

    @staticmethod
    def of(program: Program) -> StagesOut:
        rows = [StageRowOut(**{**r, "choices": [c for c, _label in r["choices"]]}) for r in services.stage_rows(program)]
        return StagesOut(skipped_stages=list(program.skipped_stages or []), transitions=rows)


class StagesIn(Schema):
    skipped_stages: list[SingleLine] = []
    actors: dict[SingleLine, SingleLine] = {}


@router.get("/programs/{uuid:program_id}/stages", response=StagesOut, summary="A program's stages and who acts (its state's admins)")
def get_stages(request: HttpRequest, program_id: UUID) -> StagesOut:
    user = require_user(request)
    return StagesOut.of(selectors.program_get(user, program_id, action="manage"))


@router.put("/programs/{uuid:program_id}/stages", response=StagesOut, summary="Set the optional stages a program leaves out and who acts")
def put_stages(request: HttpRequest, program_id: UUID, body: StagesIn) -> StagesOut:
    """`skipped_stages`: `review` and/or `planning`; `actors`: transition -> role (`applicant`, `state_admin`,
    `state_staff`, as the transition allows). Leaving out a stage where applications in progress stand is 400
    (`fields.skipped_stages` says why)."""
    user = require_user(request)
    program = selectors.program_get(user, program_id, action="manage")
    return StagesOut.of(services.program_stages_update(actor=user, program=program, skipped_stages=body.skipped_stages, actors=body.actors))
