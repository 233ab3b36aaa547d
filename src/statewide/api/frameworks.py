"""API endpoints of the frameworks module."""

from ninja import Router

router = Router(tags=["frameworks"])
