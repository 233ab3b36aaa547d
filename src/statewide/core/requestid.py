"""The id of the request being served, readable anywhere (audit events, logs, API errors)."""

from __future__ import annotations

from contextvars import ContextVar

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")
