"""API endpoints of the state self-assessment module."""

from ninja import Router

router = Router(tags=["self-assessment"])
