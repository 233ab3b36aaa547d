"""The programs module's status changes, answered with a district's program-status credential.

Approval (or renewal) issues the state agency's Open Badges credential for the district's term; a
renewal first revokes the credential of the old term; rescinding revokes it. Expiry needs nothing:
the credential's `validUntil` is the term's end. A state whose agency is not yet a credential issuer
gets no credential (the decision itself is never held up by it). The credential is issued by the
system on the state's behalf: the person who decided is named in the program's own audit event.
"""

from __future__ import annotations

import logging
from typing import Any

from django.utils.translation import gettext as _

from statewide.core.errors import ApplicationError
from statewide.core.permissions import SYSTEM
from statewide.credentials.selectors import state_has_issuer
from statewide.credentials.services.issuance import credential_issue_program_status, credential_revoke_program_status

logger = logging.getLogger(__name__)


def program_status_changed(sender: object, *, application: Any, new_status: str, transition: str, **_kwargs: Any) -> None:
    district = application.organisation
    if not state_has_issuer(district.jurisdiction_id):
        return
    ref = str(application.public_id)
    if new_status == "rescinded" or (new_status == "approved" and transition == "renew"):
        reason = _("The program was rescinded.") if new_status == "rescinded" else _("Replaced by the renewed term's credential.")
        credential_revoke_program_status(actor=SYSTEM, district=district, program_ref=ref, reason=reason)
    if new_status == "approved" and application.term_start and application.term_end:
        try:
            credential_issue_program_status(
                actor=SYSTEM, district=district, program_name=application.program.name, term_start=application.term_start,
                term_end=application.term_end, program_ref=ref,
            )  # fmt: skip
        except ApplicationError as exc:  # a malformed term never blocks the decision; it is logged for the operators
            logger.warning("program status credential not issued for %s: %s", ref, exc.message)
