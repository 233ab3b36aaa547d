"""Domain errors raised by services. Views and the API turn them into field-level messages."""

from __future__ import annotations


class ApplicationError(Exception):
    """A business rule said no. `fields` maps a field name to its messages."""

    def __init__(self, message: str, *, code: str = "invalid", fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.fields = fields or {}
