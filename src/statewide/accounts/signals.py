"""Sign-in and sign-out are state changes worth an audit event too."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from statewide.core.audit import audit_record


@receiver(user_logged_in)
def _audit_signin(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action="user.signin", obj=user)


@receiver(user_logged_out)
def _audit_signout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action="user.signout", obj=user)
