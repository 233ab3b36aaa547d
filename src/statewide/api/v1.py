"""The v1 API object. Each domain adds its router here; nothing else in this file."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from statewide.api import (
    accounts,
    assessments,
    capacity,
    capacity_library,
    capacity_networks,
    credentials,
    frameworks,
    insights,
    insights_modules,
    jobs,
    places,
    policies,
    programs,
    programs_config,
    programs_write,
    selfassessment,
)
from statewide.api.auth import SessionOrToken
from statewide.api.errors import SafeJsonParser, install_error_handlers
from statewide.api.openapi import StatewideAPI

api = StatewideAPI(
    title="Statewide API",
    version="1",
    description=str(
        _(
            "The Statewide JSON API. Stability promise: within v1, fields may be added but are never removed or "
            "renamed; cursors are opaque; identifiers are public ids (USPS codes, NCES LEAIDs, UUIDs), never "
            'database keys. Every error uses one envelope: {"error": {status, code, message, fields, request_id}}.'
        )
    ),
    urls_namespace="api-v1",
    auth=SessionOrToken(),
    docs_url=None,  # the accessible docs page is statewide.web.api_docs, at /api/v1/docs
    openapi_url="/openapi.json",
    parser=SafeJsonParser(),
)
install_error_handlers(api)
api.add_router("/", accounts.router)
api.add_router("/", places.router)
api.add_router("/", frameworks.router)
api.add_router("/", assessments.router)
api.add_router("/", policies.router)
api.add_router("/", selfassessment.router)
api.add_router("/", jobs.router)
api.add_router("/", credentials.router)
api.add_router("/", programs.router)
api.add_router("/", programs_write.router)
api.add_router("/", programs_config.router)
api.add_router("/", capacity.router)
api.add_router("/", capacity_library.router)
api.add_router("/", capacity_networks.router)
api.add_router("/", insights.router)
api.add_router("/", insights_modules.router)
