"""Bulk award from CSV (columns: email, narrative): a preview that matches each row to a person,
a report of the rows not matched (with their line numbers), then the award, all or nothing."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from statewide.accounts.models import User
from statewide.core.audit import audit_record
from statewide.core.errors import ApplicationError
from statewide.core.jobs import WRITING_RECORDS, Progress
from statewide.core.permissions import Actor
from statewide.core.tabular import unneutralise
from statewide.core.text import text_problem
from statewide.credentials.models import Credential, MicroCredentialVersion, VersionStatus
from statewide.credentials.permissions import issuer_policy
from statewide.credentials.services.issuance import credential_issue

MAX_ROWS = 500  # in the request
MAX_BACKGROUND_ROWS = 10_000  # in the worker (files over core.jobs.BACKGROUND_IMPORT_BYTES)
PROGRESS_EVERY = 25


@dataclass
class BulkRow:
    line: int
    email: str
    narrative: str
    user: Any = None
    problem: str = ""


@dataclass
class BulkPreview:
    matched: list[BulkRow]
    unmatched: list[BulkRow]


def bulk_rows(csv_text: str, *, max_rows: int = MAX_ROWS) -> list[BulkRow]:
    """The rows of the CSV (header, CSV syntax and the row cap checked, with line numbers)."""
    reader = csv.reader(io.StringIO(csv_text.lstrip("\ufeff")))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise ApplicationError(_("The file is empty."), fields={"csv": [_("Line 1: a header row with 'email' is needed.")]}) from None
    except csv.Error as exc:
        raise ApplicationError(_("Not a CSV file."), fields={"csv": [str(exc)]}) from exc
    if "email" not in header:
        raise ApplicationError(_("Line 1 must name an 'email' column."), fields={"csv": [_("Line 1: a header row with 'email' is needed.")]})
    at_email, at_narrative = header.index("email"), header.index("narrative") if "narrative" in header else None
    rows = []
    try:
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            line = reader.line_num
            email = unneutralise(record[at_email].strip()) if at_email < len(record) else ""
            narrative = unneutralise(record[at_narrative].strip()) if at_narrative is not None and at_narrative < len(record) else ""
            rows.append(BulkRow(line, email, narrative))
            if len(rows) > max_rows:
                raise ApplicationError(_("At most %(n)d rows at a time.") % {"n": max_rows}, fields={"csv": [_("Line %(n)d: too many rows.") % {"n": line}]})
    except csv.Error as exc:
        raise ApplicationError(_("Not a CSV file."), fields={"csv": [_("Line %(n)d: %(e)s") % {"n": reader.line_num, "e": exc}]}) from exc
    return rows


def credential_bulk_preview(*, actor: Actor, version: MicroCredentialVersion, csv_text: str, max_rows: int = MAX_ROWS) -> BulkPreview:
    """Which rows match a person who may receive the credential, and why the others do not."""
    issuer_policy.require(actor, "issue", version.micro_credential.issuer)
    rows = bulk_rows(csv_text, max_rows=max_rows)
    emails = {r.email.lower() for r in rows}
    users = {u.email.lower(): u for u in User.objects.filter(email__in={r.email for r in rows} | emails)}
    holders = set(
        Credential.objects.filter(
            version__micro_credential_id=version.micro_credential_id, revoked_at__isnull=True, recipient__in=list(users.values())
        ).values_list("recipient_id", flat=True)
    )
    matched, unmatched, seen = [], [], set()
    for row in rows:
        key = row.email.lower()
        try:
            validate_email(row.email)
        except ValidationError:
            row.problem = _("Not an e-mail address.")
        if not row.problem:
            row.problem = text_problem(row.narrative, multiline=True) or ""
        if not row.problem and key in seen:
            row.problem = _("Repeats an earlier row.")
        if not row.problem and key not in users:
            row.problem = _("No one with this e-mail address has an account.")
        if not row.problem and users[key].pk in holders:
            row.problem = _("Already holds this micro-credential.")
        seen.add(key)
        if row.problem:
            unmatched.append(row)
        else:
            row.user = users[key]
            matched.append(row)
    return BulkPreview(matched, unmatched)


def credential_bulk_award(
    *, actor: Actor, version: MicroCredentialVersion, csv_text: str, max_rows: int = MAX_ROWS, progress: Progress | None = None
) -> tuple[list[Credential], BulkPreview]:
    """Award the matched rows (all or nothing); the unmatched rows are in the preview returned with them."""
    if version.status != VersionStatus.PUBLISHED:
        raise ApplicationError(_("Only a published micro-credential can be awarded."), code="not_published")
    preview = credential_bulk_preview(actor=actor, version=version, csv_text=csv_text, max_rows=max_rows)
    if not preview.matched:
        raise ApplicationError(
            _("No row matches a person who can receive it."),
            fields={"csv": [_("Line %(n)d: %(p)s") % {"n": r.line, "p": r.problem} for r in preview.unmatched[:20]]},
        )
    total = len(preview.matched)
    with transaction.atomic():
        issued = []
        for row in preview.matched:
            issued.append(credential_issue(actor=actor, version=version, recipient=row.user, narrative=row.narrative))
            if progress is not None and (len(issued) % PROGRESS_EVERY == 0 or len(issued) == total):
                progress(len(issued), total, stage=WRITING_RECORDS)
        jurisdiction = version.micro_credential.issuer.organisation.jurisdiction
        audit_record(
            actor=actor,
            action="credential.bulk_award",
            obj=version,
            after={"awarded": len(issued), "not_matched": len(preview.unmatched)},
            scope_state=jurisdiction.usps if jurisdiction else "",
        )
    return issued, preview
