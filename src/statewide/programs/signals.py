"""Hooks other modules connect to (the integrator wires them; programs imports none of their code).

`program_status_changed` is sent inside the transaction, after every status change of an
application, with `application`, `old_status`, `new_status`, `transition` (its name in
`workflow.TRANSITIONS`) and `actor`. The credentials module issues a district's Open Badges
credential when `new_status == "approved"` and revokes it on `"rescinded"`; connect with
`transaction.on_commit` inside the receiver if the work must wait for the commit.
"""

from __future__ import annotations

from django.dispatch import Signal

program_status_changed = Signal()
