"""Campaign results: distributions, medians, consensus, disagreement flags, heatmap, priorities.

Everything is computed from a fixed number of aggregate queries (no per-respondent rows are
loaded), and every per-group figure goes through `suppression.suppress_groups` first.

Formulas (see docs/self-assessment.md):
* the scale is "not started" (0) followed by the framework's phases (1, 2, …) in order; "not
  sure" answers are left out of medians and consensus but counted and shown;
* median phase = the lower median of the rated phases (the value at position (n - 1) // 2 of
  the sorted ratings), so it is always a real phase;
* consensus = the share of ratings at the median phase (0-100 %); also shown: the share within
  one phase of the median;
* a disagreement flag is raised when the medians of two reported groups differ by at least
  DISAGREEMENT_GAP steps of the scale (see docs/self-assessment.md for why two).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from statewide.core.cache import cached_by_version
from statewide.frameworks.models import Item, Level
from statewide.selfassessment.models import Campaign, Rating, Respondent
from statewide.selfassessment.suppression import POOLED, suppress_groups

COMMENTS_PER_CONDITION = 30
DISAGREEMENT_GAP = 2


class NotStarted:
    """The step before the first phase on the rating scale ("not started"). Quacks like a Level."""

    code = "not-started"
    pk = None
    position = -1

    @property
    def name(self) -> str:
        return str(_("Not started"))

    def __str__(self) -> str:
        return self.name


NOT_STARTED = NotStarted()
Step = Level | NotStarted


@dataclass
class GroupColumn:
    key: str
    label: str
    n: int


@dataclass
class GroupCell:
    key: str
    median: Step | None
    n_rated: int
    counts: list[int] = field(default_factory=list)
    index: int | None = None  # the phase index of the median (None: no ratings or not started)

    @property
    def not_started(self) -> bool:
        return self.median is NOT_STARTED


@dataclass
class Bar:
    label: str
    count: int
    percent: int
    width: int  # rounded to 5 for the CSS width class


@dataclass
class ConditionResult:
    item: Item
    counts: list[tuple[Step, int]]
    not_sure: int
    n_rated: int
    median: Step | None
    consensus: float | None
    within_one: float | None
    cells: list[GroupCell] = field(default_factory=list)
    disagreement: bool = False

    @property
    def consensus_label(self) -> str:
        return consensus_label(self.consensus)

    @property
    def consensus_percent(self) -> int | None:
        return None if self.consensus is None else round(self.consensus * 100)

    @property
    def within_one_percent(self) -> int | None:
        return None if self.within_one is None else round(self.within_one * 100)

    def bars(self) -> list[Bar]:
        total = self.n_rated + self.not_sure
        rows = [(lv.name, n) for lv, n in self.counts] + [(_("Not sure"), self.not_sure)]
        out = []
        for label, n in rows:
            pct = round(100 * n / total) if total else 0
            out.append(Bar(label, n, pct, 5 * round(pct / 5) if pct >= 5 else (1 if n else 0)))
        return out


@dataclass
class Comment:
    item: Item
    group_label: str
    text: str


@dataclass
class Results:
    campaign: Campaign
    levels: list[Level]
    total: int
    all_suppressed: bool
    groups: list[GroupColumn]
    conditions: list[ConditionResult]
    priorities: list[tuple[Item, int]]
    comments: list[Comment]

    @property
    def scale(self) -> list[Step]:
        """The answer steps counted in the results: "not started", then each phase."""
        return [NOT_STARTED, *self.levels]

    def condition(self, code: str) -> ConditionResult | None:
        return next((c for c in self.conditions if c.item.code == code), None)


def consensus_label(value: float | None) -> str:
    if value is None:
        return _("no ratings")
    if value >= 0.75:
        return _("strong agreement")
    if value >= 0.5:
        return _("moderate agreement")
    return _("weak agreement")


def median_position(counts: dict[int, int]) -> int | None:
    """Lower median of ratings given as {phase position: count}."""
    n = sum(counts.values())
    if n == 0:
        return None
    target = (n - 1) // 2
    seen = 0
    for pos in sorted(counts):
        seen += counts[pos]
        if seen > target:
            return pos
    return None  # pragma: no cover


def consensus(counts: dict[int, int]) -> tuple[float | None, float | None]:
    """(share at the median phase, share within one phase of the median)."""
    n = sum(counts.values())
    med = median_position(counts)
    if med is None:
        return None, None
    at = counts.get(med, 0) / n
    near = sum(c for pos, c in counts.items() if abs(pos - med) <= 1) / n
    return at, near


def campaign_levels(campaign: Campaign) -> list[Level]:
    return list(Level.objects.filter(framework_id=campaign.framework_id).order_by("position"))


def campaign_conditions(campaign: Campaign) -> list[Item]:
    return list(campaign.conditions.order_by("position", "id"))


def responses_domain(campaign: Campaign) -> str:
    """The content domain bumped whenever this campaign's responses change (`respondent_save`)."""
    return f"selfassessment.responses:{campaign.pk}"


def campaign_results(campaign: Campaign) -> Results:
    """The campaign's results, computed once per change of its responses (or of the campaign's
    threshold, or of the framework) and cached by version; views and exports read the cached copy."""
    return cached_by_version(
        "campaign_results",
        ("frameworks", responses_domain(campaign)),
        lambda: _compute_results(campaign),
        campaign.pk,
        campaign.threshold,
        campaign.updated_at,
        get_language(),
    )


def _compute_results(campaign: Campaign) -> Results:
    levels = campaign_levels(campaign)
    scale: list[Step] = [NOT_STARTED, *levels]
    pos_of = {lv.pk: i + 1 for i, lv in enumerate(levels)}
    conditions = campaign_conditions(campaign)
    submitted = Q(respondents__submitted_at__isnull=False)
    groups = list(campaign.groups.annotate(n=Count("respondents", filter=submitted)).order_by("position", "id"))
    counts = {g.pk: g.n for g in groups}  # type: ignore[attr-defined]
    sup = suppress_groups(counts, campaign.threshold)
    total = sum(counts.values())
    columns: list[GroupColumn] = []
    if not sup.all_suppressed:
        columns = [GroupColumn(str(g.pk), g.name, counts[g.pk]) for g in groups if sup.key(g.pk) == str(g.pk)]
        pooled_n = sum(n for g, n in counts.items() if sup.key(g) == POOLED)
        if pooled_n:
            columns.append(GroupColumn(POOLED, _("Other groups (pooled)"), pooled_n))
    labels = {c.key: c.label for c in columns}

    overall: dict[int, dict[int | None, int]] = defaultdict(lambda: defaultdict(int))
    by_key: dict[tuple[int, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    priorities: list[tuple[Item, int]] = []
    comments: list[Comment] = []
    if not sup.all_suppressed:
        rows = (
            Rating.objects.filter(respondent__campaign=campaign, respondent__submitted_at__isnull=False)
            .values_list("respondent__group_id", "item_id", "level_id", "not_started")
            .annotate(n=Count("id"))
            .order_by()
        )
        for group_id, item_id, level_id, not_started, n in rows:
            pos = 0 if not_started else (pos_of.get(level_id) if level_id is not None else None)
            overall[item_id][pos] += n
            key = sup.key(group_id)
            if pos is not None and key is not None:
                by_key[(item_id, key)][pos] += n
        item_by_id = {c.pk: c for c in conditions}
        prio = (
            Respondent.priorities.through.objects.filter(respondent__campaign=campaign, respondent__submitted_at__isnull=False)
            .values_list("item_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        priorities = sorted(((item_by_id[i], n) for i, n in prio if i in item_by_id), key=lambda t: (-t[1], t[0].position))
        comment_rows = (
            Rating.objects.filter(respondent__campaign=campaign, respondent__submitted_at__isnull=False)
            .exclude(comment="")
            .annotate(rank=Window(RowNumber(), partition_by=[F("item_id")], order_by=[F("respondent__group__position").asc(), F("id").asc()]))
            .filter(rank__lte=COMMENTS_PER_CONDITION)
            .order_by("item__position", "rank")
            .values_list("item_id", "respondent__group_id", "comment")
        )
        for item_id, group_id, text in comment_rows:
            key = sup.key(group_id)
            if key is not None and item_id in item_by_id:
                comments.append(Comment(item_by_id[item_id], labels.get(key, ""), text))

    results: list[ConditionResult] = []
    for item in conditions:
        dist = overall.get(item.pk, {})
        rated = {p: n for p, n in dist.items() if p is not None}
        med = median_position(rated)
        at, near = consensus(rated)
        cells = []
        for col in columns:
            gcounts = by_key.get((item.pk, col.key), {})
            gmed = median_position(gcounts)
            cells.append(
                GroupCell(
                    col.key,
                    scale[gmed] if gmed is not None else None,
                    sum(gcounts.values()),
                    [gcounts.get(i, 0) for i in range(len(scale))],
                    gmed - 1 if gmed else None,
                )
            )
        gpos = [median_position(by_key.get((item.pk, col.key), {})) for col in columns]
        gpos_known = [p for p in gpos if p is not None]
        results.append(
            ConditionResult(
                item=item,
                counts=[(step, rated.get(i, 0)) for i, step in enumerate(scale)],
                not_sure=dist.get(None, 0),
                n_rated=sum(rated.values()),
                median=scale[med] if med is not None else None,
                consensus=at,
                within_one=near,
                cells=cells,
                disagreement=bool(gpos_known) and (max(gpos_known) - min(gpos_known) >= DISAGREEMENT_GAP),
            )
        )
    return Results(campaign, levels, total, sup.all_suppressed, columns, results, priorities, comments)
