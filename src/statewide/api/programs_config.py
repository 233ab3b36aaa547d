"""API of a program's configuration beyond its settings and rules (api/programs_write.py): its stages and who
acts, adding criteria and assurances, and deleting or reordering criteria, assurances, rules and approval
groups. The state's admins only; the same services as the pages, so the same refusals (400 with field errors)."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status

from statewide.api.auth import require_user
from statewide.api.errors import ErrorEnvelope, ExpectedVersion
from statewide.core.errors import ApplicationError
from statewide.core.text import HttpUrl, MultiLine, SingleLine
from statewide.programs import selectors, services
from statewide.programs.models import Criterion, Program, Rule

router = Router(tags=["programs"])


class StageRowOut(Schema):
    transition: str
    who: str
    choices: list[str]
    decision: bool
    approval_group: list[str]


class StageLabelIO(Schema):
    status: SingleLine
    label: SingleLine


class StagesOut(Schema):
    skipped_stages: list[str]
    labels: list[StageLabelIO]
    transitions: list[StageRowOut]
    version: int

    @staticmethod
    def of(program: Program) -> StagesOut:
        rows = [StageRowOut(**{**r, "choices": [c for c, _label in r["choices"]]}) for r in services.stage_rows(program)]
        labels = [StageLabelIO(status=e.get("status", ""), label=e.get("label", "")) for e in program.stages or []]
        return StagesOut(skipped_stages=list(program.skipped_stages or []), labels=labels, transitions=rows, version=program.version)


class StagesIn(Schema):
    skipped_stages: list[SingleLine] = []
    actors: dict[SingleLine, SingleLine] = {}
    labels: list[StageLabelIO] | None = None  # left out: the names stay
    version: ExpectedVersion = None


@router.get("/programs/{uuid:program_id}/stages", response=StagesOut, summary="A program's stages and who acts (its state's admins)")
def get_stages(request: HttpRequest, program_id: UUID) -> StagesOut:
    user = require_user(request)
    return StagesOut.of(selectors.program_get(user, program_id, action="manage"))


@router.put(
    "/programs/{uuid:program_id}/stages", response={200: StagesOut, 409: ErrorEnvelope}, summary="Set the optional stages a program leaves out and who acts"
)
def put_stages(request: HttpRequest, program_id: UUID, body: StagesIn) -> StagesOut:
    """`skipped_stages`: `review` and/or `planning`; `actors`: transition -> role (`applicant`, `state_admin`,
    `state_staff`, as the transition allows). Leaving out a stage where applications in progress stand is 400
    (`fields.skipped_stages` says why)."""
    user = require_user(request)
    program = selectors.program_get(user, program_id, action="manage")
    labels = "\n".join(f"{x.status}: {x.label}" for x in body.labels) if body.labels is not None else None
    return StagesOut.of(
        services.program_stages_update(
            actor=user, program=program, skipped_stages=body.skipped_stages, actors=body.actors, labels=labels, expected_version=body.version
        )
    )


class RuleIn(Schema):
    citation: SingleLine
    summary: MultiLine
    waivable: bool
    reason: MultiLine = ""
    source_url: HttpUrl
    checked_on: dt.date | None = None


class RuleNewIn(RuleIn):
    code: SingleLine


class RuleEditIn(RuleIn):
    version: ExpectedVersion = None


class RuleOut(Schema):
    code: str
    citation: str
    summary: str
    waivable: bool
    reason: str
    source_url: str
    checked_on: dt.date | None
    version: int

    @staticmethod
    def of(r: Rule) -> RuleOut:
        return RuleOut(
            code=r.code,
            citation=r.citation,
            summary=r.summary,
            waivable=r.waivable,
            reason=r.reason,
            source_url=r.source_url,
            checked_on=r.checked_on,
            version=r.version,
        )


@router.post("/programs/{uuid:program_id}/rules", response={201: RuleOut}, summary="Add a rule to a program's catalog")
def add_rule(request: HttpRequest, program_id: UUID, body: RuleNewIn) -> Status[RuleOut]:
    user = require_user(request)
    program = selectors.program_get(user, program_id, action="manage")
    return Status(201, RuleOut.of(services.rule_add(actor=user, program=program, **body.model_dump())))


@router.put("/programs/{uuid:program_id}/rules/{code}", response={200: RuleOut, 409: ErrorEnvelope}, summary="Edit a rule of the catalog")
def update_rule(request: HttpRequest, program_id: UUID, code: str, body: RuleEditIn) -> RuleOut:
    """A rule that applications in progress requested cannot become non-waivable (400, `fields.waivable` says why)."""
    user = require_user(request)
    program = selectors.program_get(user, program_id, action="manage")
    rule = selectors.program_part_get(program, "rule", code)
    values = body.model_dump()
    return RuleOut.of(services.rule_update(actor=user, rule=rule, expected_version=values.pop("version"), **values))


class LevelIO(Schema):
    score: int
    label: SingleLine


class CriterionIn(Schema):
    name: SingleLine
    guidance: MultiLine = ""
    weight: int
    levels: list[LevelIO]


class CriterionEditIn(CriterionIn):
    version: ExpectedVersion = None


class CriterionOut(CriterionIn):
    number: int
    version: int

    @staticmethod
    def of(c: Criterion, number: int) -> CriterionOut:
        return CriterionOut(number=number, name=c.name, guidance=c.guidance, weight=c.weight, levels=[LevelIO(**x) for x in c.levels], version=c.version)


@router.put(
    "/programs/{uuid:program_id}/criteria/{number}", response={200: CriterionOut, 409: ErrorEnvelope}, summary="Edit a rubric criterion (numbered from 1)"
)
def update_criterion(request: HttpRequest, program_id: UUID, number: int, body: CriterionEditIn) -> CriterionOut:
    """Once reviewers have scored it, its levels and weight cannot change (400, `fields.levels`)."""
    user = require_user(request)
    program = selectors.program_get(user, program_id, action="manage")
    criterion = selectors.program_part_get(program, "criterion", number)
    values = body.model_dump()
    return CriterionOut.of(services.criterion_update(actor=user, criterion=criterion, expected_version=values.pop("version"), **values), number)


@router.post("/programs/{uuid:program_id}/criteria", response={201: CriterionOut}, summary="Add a rubric criterion")
def add_criterion(request: HttpRequest, program_id: UUID, body: CriterionIn) -> Status[CriterionOut]:
    """Refused (400) while reviewers have scored applications in progress against the rubric."""
    user = require_user(request)
    program = selectors.program_get(user, program_id, action="manage")
    criterion = services.criterion_add(actor=user, program=program, **body.model_dump())
    return Status(201, CriterionOut.of(criterion, program.criteria.count()))


class AssuranceIn(Schema):
    text: MultiLine
    source: SingleLine = ""


class AssuranceEditIn(AssuranceIn):
    version: ExpectedVersion = None


class AssuranceOut(AssuranceIn):
    number: int
    version: int


@router.post("/programs/{uuid:program_id}/assurances", response={201: AssuranceOut}, summary="Add an assurance")
def add_assurance(request: HttpRequest, program_id: UUID, body: AssuranceIn) -> Status[AssuranceOut]:
    user = require_user(request)
    program = selectors.program_get(user, program_id, action="manage")
    a = services.assurance_add(actor=user, program=program, text=body.text, source=body.source)
    return Status(201, AssuranceOut(number=program.assurances.count(), text=a.text, source=a.source, version=a.version))


@router.put("/programs/{uuid:program_id}/assurances/{number}", response={200: AssuranceOut, 409: ErrorEnvelope}, summary="Edit an assurance (numbered from 1)")
def update_assurance(request: HttpRequest, program_id: UUID, number: int, body: AssuranceEditIn) -> AssuranceOut:
    """Once applicants have affirmed it, its text cannot change (400, `fields.text`)."""
    user = require_user(request)
    program = selectors.program_get(user, program_id, action="manage")
    assurance = selectors.program_part_get(program, "assurance", number)
    a = services.assurance_update(actor=user, assurance=assurance, text=body.text, source=body.source, expected_version=body.version)
    return AssuranceOut(number=number, text=a.text, source=a.source, version=a.version)


KIND_OF = {"criteria": "criterion", "assurances": "assurance", "rules": "rule"}


def _kind(parts: str) -> str:
    if parts not in KIND_OF:
        raise ApplicationError(_("Pick criteria, assurances or rules."), fields={"parts": [_("Unknown part.")]})
    return KIND_OF[parts]


class OrderIn(Schema):
    order: list[SingleLine]


class OrderOut(Schema):
    order: list[str]


@router.put("/programs/{uuid:program_id}/order/{parts}", response=OrderOut, summary="Reorder a program's criteria, assurances or rules")
def reorder_parts(request: HttpRequest, program_id: UUID, parts: str, body: OrderIn) -> OrderOut:
    """`order`: every current number (criteria, assurances) or code (rules) once, in the new order; the answer
    gives the new keys (numbers follow the new places). A part in use keeps its place (400, `fields.order`)."""
    user = require_user(request)
    program = selectors.program_get(user, program_id, action="manage")
    kind = _kind(parts)
    items = services.program_parts_reorder(actor=user, program=program, kind=kind, order=body.order)
    return OrderOut(order=[selectors.part_key(kind, item, i) for i, item in enumerate(items)])


def _delete(request: HttpRequest, program_id: UUID, kind: str, key: str) -> Status[None]:
    user = require_user(request)
    program = selectors.program_get(user, program_id, action="manage")
    services.program_part_delete(actor=user, program=program, kind=kind, key=key)
    return Status(204, None)


@router.delete("/programs/{uuid:program_id}/criteria/{number}", response={204: None}, summary="Delete a rubric criterion")
def delete_criterion(request: HttpRequest, program_id: UUID, number: int) -> Status[None]:
    """Refused (400, `fields.key` says why) once reviewers have scored it."""
    return _delete(request, program_id, "criterion", str(number))


@router.delete("/programs/{uuid:program_id}/assurances/{number}", response={204: None}, summary="Delete an assurance")
def delete_assurance(request: HttpRequest, program_id: UUID, number: int) -> Status[None]:
    """Refused (400, `fields.key` says why) once an applicant has affirmed it."""
    return _delete(request, program_id, "assurance", str(number))


@router.delete("/programs/{uuid:program_id}/rules/{code}", response={204: None}, summary="Delete a rule of the catalog")
def delete_rule(request: HttpRequest, program_id: UUID, code: str) -> Status[None]:
    """Refused (400, `fields.key` says why) once an application has requested it."""
    return _delete(request, program_id, "rule", code)


class ApproversIn(Schema):
    approvers: list[SingleLine]


@router.delete("/programs/{uuid:program_id}/approval-groups/{decision}", response={204: None}, summary="Delete a decision's approval group")
def delete_approval_group(request: HttpRequest, program_id: UUID, decision: str) -> Status[None]:
    """Refused (400, `fields.decision`) while a decision of that kind waits for the group's approvals."""
    user = require_user(request)
    program = selectors.program_get(user, program_id, action="manage")
    services.approval_group_delete(actor=user, program=program, decision=decision)
    return Status(204, None)


@router.put("/programs/{uuid:program_id}/approval-groups/{decision}/order", response=ApproversIn, summary="Reorder the approvers of a group")
def reorder_approval_group(request: HttpRequest, program_id: UUID, decision: str, body: ApproversIn) -> ApproversIn:
    user = require_user(request)
    program = selectors.program_get(user, program_id, action="manage")
    program = services.approval_group_reorder(actor=user, program=program, decision=decision, emails=body.approvers)
    return ApproversIn(approvers=program.approval_groups[decision])
