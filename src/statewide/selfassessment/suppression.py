"""Small-group pooling for the self-assessment, built on the project's one disclosure rule
(`statewide.core.disclosure.pool_small_groups`), used by pages, CSV/XLSX exports and the API alike.

Rule: a stakeholder group whose number of submitted respondents is below the campaign's anonymity
threshold is never shown alone. All such groups are pooled into "Other groups (pooled)". If the
pool itself is below the threshold, the smallest shown group is moved into the pool as well (so
no small group can be recovered by subtracting the shown groups from the overall figures), and
this repeats until the pool reaches the threshold. Groups without respondents are listed in the
pool but never force it. If all respondents together are fewer than the
threshold, nothing is shown at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from statewide.core.disclosure import pool_small_groups

POOLED = "pooled"


@dataclass(frozen=True)
class Suppression:
    # group id -> the key it is reported under: its own id (as str) or POOLED.
    assignment: dict[int, str]
    # True when the campaign as a whole is below the threshold: report nothing.
    all_suppressed: bool

    def key(self, group_id: int) -> str | None:
        return None if self.all_suppressed else self.assignment.get(group_id)


def suppress_groups(counts: dict[int, int], threshold: int) -> Suppression:
    """Assign each group (id -> submitted respondents) to itself or to the pool."""
    pooled, everything = pool_small_groups(counts, threshold)
    return Suppression({g: (POOLED if g in pooled else str(g)) for g in counts}, all_suppressed=everything)
