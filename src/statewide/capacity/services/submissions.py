"""Importing readiness answers collected offline (ODK Collect / KoboToolbox exports of our XLSForm)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from statewide.capacity.models import ReadinessInstrument, ReadinessRound, RoundStatus
from statewide.capacity.permissions import round_policy
from statewide.capacity.services.readiness import answers_save, round_open
from statewide.capacity.xlsform import parse_submissions
from statewide.core.errors import ApplicationError
from statewide.core.permissions import Actor
from statewide.places.models import Organisation, OrganisationKind


class SubmissionImportError(ApplicationError):
    def __init__(self, problems: list[tuple[int, str]]) -> None:
        fields: dict[str, list[str]] = {}
        for line, reason in problems[:200]:
            fields.setdefault(_("line %(n)s") % {"n": line}, []).append(reason)
        super().__init__(
            ngettext("The file was not imported: %(n)d problem found.", "The file was not imported: %(n)d problems found.", len(problems))
            % {"n": len(problems)},
            fields=fields,
            code="import_failed",
        )
        self.problems = problems


def submissions_import(*, actor: Actor, data: str, instrument: ReadinessInstrument) -> list[ReadinessRound]:
    """All rows or none. Each row fills the district's open round (opening one with the row's title if there is none).

    The actor must be allowed to answer (and, to open a round, to open one) for every district in the file."""
    parsed = parse_submissions(data, instrument.definition)
    problems = list(parsed.errors)
    if not problems and not parsed.rows:
        problems.append((2, _("the file has no submissions")))
    districts = {
        o.nces_leaid: o
        for o in Organisation.objects.filter(kind=OrganisationKind.DISTRICT, nces_leaid__in=[r.leaid for r in parsed.rows]).select_related("jurisdiction")
    }
    for row in parsed.rows:
        if row.leaid not in districts:
            problems.append((row.line, _("district_leaid %s is not a known district") % row.leaid))
    if problems:
        raise SubmissionImportError(sorted(problems))
    rounds: list[ReadinessRound] = []
    with transaction.atomic():
        for row in parsed.rows:
            district = districts[row.leaid]
            rnd = ReadinessRound.objects.filter(district=district, status=RoundStatus.OPEN).first()
            try:
                if rnd is None:
                    rnd = round_open(actor=actor, district=district, title=row.title, instrument=instrument)
                if rnd.instrument_id != instrument.pk:
                    raise ApplicationError(_("the district's open round uses another version of the instrument"))
                round_policy.require(actor, "answer", rnd)
                answers_save(actor=actor, round=rnd, answers=row.answers)
            except ApplicationError as exc:
                problems.append((row.line, " ".join([exc.message, *(f"{k}: {'; '.join(map(str, v))}" for k, v in exc.fields.items())])))
            if rnd is not None:
                rounds.append(rnd)
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise SubmissionImportError(problems)
    return rounds
