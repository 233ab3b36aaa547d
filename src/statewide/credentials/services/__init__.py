"""Writes of the micro-credentials module. Each checks permission, runs atomically and is audited."""

from statewide.credentials.services.bulk import BulkPreview, credential_bulk_award, credential_bulk_preview
from statewide.credentials.services.catalog import (
    issuer_create,
    issuer_key_rotate,
    issuer_keys_reencrypt,
    issuer_update,
    micro_credential_create,
    state_settings_set,
    version_new_draft,
    version_publish,
    version_update,
)
from statewide.credentials.services.earning import evidence_add, submission_review, submission_start, submission_submit, submission_update
from statewide.credentials.services.issuance import (
    credential_issue,
    credential_issue_program_status,
    credential_revoke,
    credential_revoke_program_status,
    credential_suspend,
)
from statewide.credentials.services.oauth import oauth_client_register
from statewide.credentials.services.tally import growth_tally_rebuild
from statewide.credentials.services.wallet import Upserted, held_credential_upsert, wallet_profile_update

__all__ = [
    "BulkPreview",
    "Upserted",
    "credential_bulk_award",
    "credential_bulk_preview",
    "credential_issue",
    "credential_issue_program_status",
    "credential_revoke",
    "credential_revoke_program_status",
    "credential_suspend",
    "evidence_add",
    "growth_tally_rebuild",
    "held_credential_upsert",
    "issuer_create",
    "issuer_key_rotate",
    "issuer_keys_reencrypt",
    "issuer_update",
    "micro_credential_create",
    "oauth_client_register",
    "state_settings_set",
    "submission_review",
    "submission_start",
    "submission_submit",
    "submission_update",
    "version_new_draft",
    "version_publish",
    "version_update",
    "wallet_profile_update",
]
