"""The state's profile across the conditions, as a dot chart through the one charting approach.

Drawn on the server (core.charts) so it prints, goes into the PDF, and needs no script; the chart's
table gives the same answers, condition by condition, with the state's priorities.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from statewide.core.charts import Chart, Column, Field, dot_chart


def profile_chart(data: dict[str, Any]) -> Chart:
    columns = [{"id": "not-started", "name": _("Not started")}, *data["phases"]]
    names = {c["id"]: c["name"] for c in columns}
    rows = []
    for c in data["conditions"]:
        phase = names.get(c["status"])
        rows.append(
            {
                "condition": c["name"],
                "phase": phase,  # None draws no dot: the table says "Not answered"
                "phase_display": None if phase is not None else _("Not answered"),
                "priority": _("Yes") if c["priority"] else "",
            }
        )
    return dot_chart(
        title=_("Your state's profile across the policy conditions"),
        summary=_("One row per condition; the dot sits in the column of the phase you chose (no dot: not answered). The table gives the same answers."),
        data=rows,
        x=Field("phase", _("Where you placed your state"), "ordinal"),
        y=Field("condition", _("Condition")),
        x_domain=[c["name"] for c in columns],
        extra_columns=(Column("priority", _("Your priority")),),
    )
