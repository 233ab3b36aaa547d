"""API endpoints of the assessments module."""

from ninja import Router

router = Router(tags=["assessments"])
