"""Reads for frameworks: every list has a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from statewide.frameworks.models import Descriptor, DescriptorKind, DraftChange, Example, Framework, FrameworkVersion, Item, ItemKind, Level, Link, Resource
from statewide.frameworks.permissions import framework_policy

SEARCH_LIMIT = 100


def framework_list(user: Any) -> QuerySet[Framework]:
    return (
        framework_policy.filter(user, "view")
        .annotate(item_count=Count("items", distinct=True), level_count=Count("levels", distinct=True))
        .order_by("position", "title")
    )


def framework_overview(fw: Framework) -> dict[str, Any]:
    """Items grouped by kind, levels, and counts, for the overview page (fixed queries)."""
    items = list(fw.items.annotate(example_count=Count("examples")).order_by("position", "id"))
    by_kind: dict[str, list[Item]] = {}
    for i in items:
        by_kind.setdefault(i.kind, []).append(i)
    kinds = [(k, ItemKind(k).label, by_kind[k]) for k in ItemKind.values if k in by_kind]
    return {"items": items, "by_kind": by_kind, "kinds": kinds, "levels": list(fw.levels.all())}


def item_detail(fw: Framework, code: str) -> Item:
    qs = (
        Item.objects.filter(framework=fw)
        .select_related("framework", "parent")
        .prefetch_related(
            Prefetch("descriptors", queryset=Descriptor.objects.select_related("level").order_by("level__position", "kind", "position")),
            Prefetch("examples", queryset=Example.objects.select_related("jurisdiction").order_by("position")),
            Prefetch("links_out", queryset=Link.objects.select_related("target__framework")),
            Prefetch("links_in", queryset=Link.objects.select_related("source__framework")),
            Prefetch("resources", queryset=Resource.objects.order_by("position")),
            "children",
        )
    )
    return qs.get(code=code)


@dataclass
class Cell:
    level: Level
    goals: list[Descriptor]
    actions: list[Descriptor]
    questions: list[Descriptor]
    others: list[Descriptor]

    @property
    def empty(self) -> bool:
        return not (self.goals or self.actions or self.questions or self.others)


def continuum(item: Item, levels: list[Level]) -> list[Cell]:
    """The item's descriptors laid out per level, in level order (a level with none is a gap)."""
    cells = []
    descriptors = list(item.descriptors.all())
    for lv in levels:
        mine = [d for d in descriptors if d.level_id == lv.pk]
        cells.append(
            Cell(
                lv,
                [d for d in mine if d.kind == "goal"],
                [d for d in mine if d.kind == "action"],
                [d for d in mine if d.kind == "strategic_question"],
                [d for d in mine if d.kind == "description"],
            )
        )
    return cells


def level_rows(fw: Framework, code: str) -> tuple[Level, list[dict[str, Any]]]:
    """One phase across the framework: for every item that has phase descriptors (and every
    condition), its goals, actions and strategic questions at this phase (empty lists are gaps)."""
    level, descriptors = level_detail(fw, code)
    with_descriptors = set(Descriptor.objects.filter(item__framework=fw).values_list("item_id", flat=True).distinct())
    items = [i for i in fw.items.order_by("position", "id") if i.kind == ItemKind.CONDITION or i.pk in with_descriptors]
    rows = []
    for item in items:
        mine = [d for d in descriptors if d.item_id == item.pk]
        rows.append(
            {
                "item": item,
                "goals": [d for d in mine if d.kind == "goal"],
                "actions": [d for d in mine if d.kind == "action"],
                "questions": [d for d in mine if d.kind == "strategic_question"],
                "others": [d for d in mine if d.kind == "description"],
            }
        )
    return level, rows


def draft_exists(fw: Framework, item: Item) -> bool:
    """Whether an unpublished edit touches this item (the item itself or one of its descriptors)."""
    ids = [item.identifier, *(d.identifier for d in item.descriptors.all())]
    drafts = DraftChange.objects.filter(framework=fw)
    return drafts.filter(target_identifier__in=ids).exists() or any(
        d.values.get("item") == item.code for d in drafts.filter(target_type=DraftChange.Target.DESCRIPTOR).only("values")
    )


def draft_list(fw: Framework) -> list[DraftChange]:
    return list(DraftChange.objects.filter(framework=fw).select_related("author").order_by("created_at", "id"))


def level_detail(fw: Framework, code: str) -> tuple[Level, list[Descriptor]]:
    level = fw.levels.get(code=code)
    descriptors = list(Descriptor.objects.filter(level=level).select_related("item").order_by("item__position", "kind", "position"))
    return level, descriptors


def spotlight_list(fw: Framework) -> QuerySet[Example]:
    return Example.objects.filter(item__framework=fw).select_related("item", "jurisdiction").order_by("-is_spotlight", "item__position", "position")


def example_get(fw: Framework, code: str) -> Example | None:
    return Example.objects.select_related("item__framework", "jurisdiction").filter(item__framework=fw, code=code).order_by("item__position").first()


@dataclass
class Hit:
    item: Item
    field: str
    text: str
    score: int


def search(user: Any, query: str, *, framework: str = "") -> list[Hit]:
    """Items whose name or definition, or whose descriptors or examples, contain the words (any database)."""
    words = [w for w in query.split() if len(w) > 1][:8]
    if not words:
        return []
    qs = Item.objects.filter(framework__in=framework_list(user)).select_related("framework")
    if framework:
        qs = qs.filter(framework__slug=framework)
    cond = Q()
    for w in words:
        cond &= (
            Q(name__icontains=w)
            | Q(definition__icontains=w)
            | Q(descriptors__text__icontains=w)
            | Q(examples__summary__icontains=w)
            | Q(examples__title__icontains=w)
        )
    ids = list(qs.filter(cond).values_list("pk", flat=True).distinct()[: SEARCH_LIMIT * 2])
    items = list(qs.filter(pk__in=ids).prefetch_related("descriptors", "examples"))
    hits = []
    for item in items:
        name, definition = item.name.lower(), item.definition.lower()
        score = sum(5 * name.count(w.lower()) + 2 * definition.count(w.lower()) for w in words)
        field, text = "definition", item.definition
        if not any(w.lower() in definition for w in words):
            for d in item.descriptors.all():
                if any(w.lower() in d.text.lower() for w in words):
                    field, text = d.get_kind_display(), d.text
                    break
            else:
                for e in item.examples.all():
                    if any(w.lower() in (e.title + " " + e.summary).lower() for w in words):
                        field, text = e.title, e.summary
                        break
        hits.append(Hit(item, field, text, score + 1))
    hits.sort(key=lambda h: (-h.score, h.item.framework.position, h.item.position))
    return hits[:SEARCH_LIMIT]


def crosswalk(user: Any, left: Framework, right: Framework) -> list[Link]:
    """Links between items of two frameworks, in either direction."""
    both = Q(source__framework=left, target__framework=right) | Q(source__framework=right, target__framework=left)
    return list(
        Link.objects.filter(both)
        .select_related("source__framework", "target__framework")
        .order_by("source__framework__position", "source__position", "target__position")
    )


def version_list(fw: Framework) -> QuerySet[FrameworkVersion]:
    return fw.versions.select_related("published_by").defer("snapshot").order_by("-number")


def version_get(fw: Framework, number: int) -> FrameworkVersion:
    return fw.versions.select_related("published_by").get(number=number)


def draft_rows(fw: Framework) -> list[dict[str, Any]]:
    """Each draft change with what it edits and, field by field, the published value and the draft value."""
    drafts = draft_list(fw)
    items = {i.identifier: i for i in fw.items.all()}
    by_code = {i.code: i for i in items.values()}
    ids = [d.target_identifier for d in drafts if d.target_type == DraftChange.Target.DESCRIPTOR]
    descriptors: dict[Any, Any] = {d.identifier: d for d in Descriptor.objects.filter(identifier__in=ids).select_related("item", "level")}
    ex_ids = [d.target_identifier for d in drafts if d.target_type == DraftChange.Target.EXAMPLE]
    descriptors.update({e.identifier: e for e in Example.objects.filter(identifier__in=ex_ids).select_related("item")})
    levels = {lv.code: lv for lv in fw.levels.all()}
    rows = []
    for draft in drafts:
        values = draft.values
        obj: Any = items.get(draft.target_identifier) or descriptors.get(draft.target_identifier)
        if draft.target_type == DraftChange.Target.ITEM:
            item = items.get(draft.target_identifier)
            label = item.name if item else values.get("name", "")
        elif draft.target_type == DraftChange.Target.EXAMPLE:
            item = obj.item if obj is not None else None
            label = f"{item} · {obj.title}" if obj is not None else values.get("title", "")
        else:
            item = by_code.get(values.get("item", ""))
            level = levels.get(values.get("level", ""))
            label = " · ".join(str(p) for p in (item, level, DescriptorKind(values["kind"]).label if values.get("kind") in DescriptorKind.values else "") if p)
        fields = []
        for name, new in values.items():
            if name in {"item", "level", "kind", "position", "new"}:
                continue
            old = getattr(obj, name, None) if obj is not None else None
            if isinstance(old, dt.date):
                old = old.isoformat()
            if old != new:
                fields.append({"name": name, "old": old, "new": new})
        rows.append({"draft": draft, "label": label, "item": item, "is_new": obj is None, "fields": fields})
    return rows


# ---- One object of a framework, for the editing pages (None when absent) -----------------------
def item_get(fw: Framework, code: str) -> Item | None:
    return Item.objects.filter(framework=fw, code=code).first()


def level_get(fw: Framework, code: str) -> Level | None:
    return Level.objects.filter(framework=fw, code=code).first()


def descriptor_get(fw: Framework, identifier: str) -> Descriptor | None:
    return Descriptor.objects.select_related("item__framework", "level").filter(item__framework=fw, identifier=identifier).first()


def example_by_identifier(fw: Framework, identifier: str) -> Example | None:
    return Example.objects.select_related("item__framework", "jurisdiction").filter(item__framework=fw, identifier=identifier).first()


def draft_change_get(target: str, identifier: Any, *, framework: Framework | None = None) -> DraftChange | None:
    qs = DraftChange.objects.filter(target_type=target, target_identifier=identifier)
    return (qs.filter(framework=framework) if framework is not None else qs).first()


def draft_change_list(user: Any) -> QuerySet[DraftChange]:
    """Unpublished edits of the frameworks the user may see, newest first."""
    return DraftChange.objects.filter(framework__in=framework_policy.filter(user, "view")).select_related("framework", "author").order_by("-updated_at", "-id")
