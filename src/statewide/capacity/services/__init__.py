"""Writes of the local-capacity module, one function per domain action (`<entity>_<verb>`, keyword-only, `actor` first)."""

from statewide.capacity.services.exports import state_export_enqueue
from statewide.capacity.services.library import library_seed_load, resource_create, resource_update, resource_withdraw
from statewide.capacity.services.networks import (
    attendance_record,
    convening_create,
    network_applications_set,
    network_apply,
    network_create,
    network_leave,
    network_select,
    network_update,
)
from statewide.capacity.services.readiness import (
    answers_save,
    readiness_instrument_load,
    round_open,
    round_submit,
    team_member_add,
    tier_scheme_set,
)
from statewide.capacity.services.submissions import SubmissionImportError, submissions_import
from statewide.capacity.services.supports import (
    support_attendance_record,
    support_create,
    support_interest_toggle,
    support_update,
    ta_close,
    ta_note_add,
    ta_request_create,
    ta_triage,
)

__all__ = [
    "SubmissionImportError",
    "answers_save",
    "attendance_record",
    "convening_create",
    "library_seed_load",
    "network_applications_set",
    "network_apply",
    "network_create",
    "network_leave",
    "network_select",
    "network_update",
    "readiness_instrument_load",
    "resource_create",
    "resource_update",
    "resource_withdraw",
    "round_open",
    "round_submit",
    "state_export_enqueue",
    "submissions_import",
    "support_attendance_record",
    "support_create",
    "support_interest_toggle",
    "support_update",
    "ta_close",
    "ta_note_add",
    "ta_request_create",
    "ta_triage",
    "team_member_add",
    "tier_scheme_set",
]
