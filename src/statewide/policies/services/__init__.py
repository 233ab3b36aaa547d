"""Writes of the policy tracker. Every service checks permission, runs atomically, audits and versions."""

from statewide.policies.services.digest import policy_digest_send
from statewide.policies.services.follows import follow_create, follow_delete
from statewide.policies.services.levels import policy_level_override
from statewide.policies.services.records import policy_record_create, policy_record_delete, policy_record_update
from statewide.policies.services.types import policy_type_upsert

__all__ = [
    "follow_create",
    "follow_delete",
    "policy_digest_send",
    "policy_level_override",
    "policy_record_create",
    "policy_record_delete",
    "policy_record_update",
    "policy_records_import",
    "policy_type_upsert",
]


def __getattr__(name: str) -> object:
    # io imports the services; resolve the importer lazily to avoid a cycle.
    if name == "policy_records_import":
        from statewide.policies.io import policy_records_import  # noqa: PLC0415

        return policy_records_import
    raise AttributeError(name)
