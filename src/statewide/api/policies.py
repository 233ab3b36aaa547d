"""API endpoints of the policies module."""

from ninja import Router

router = Router(tags=["policies"])
