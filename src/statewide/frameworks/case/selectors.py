"""Reads behind the CASE 1.0 provider endpoints (framework content is public)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from statewide.frameworks.models import Framework, Item, Link


def case_documents(offset: int, limit: int) -> QuerySet[Framework]:
    return Framework.objects.order_by("position", "title")[offset : offset + limit]


def case_all_documents() -> QuerySet[Framework]:
    return Framework.objects.all()


def case_document(identifier: uuid.UUID) -> Framework | None:
    return Framework.objects.filter(identifier=identifier).first()


def case_item(identifier: uuid.UUID) -> Item | None:
    return Item.objects.select_related("framework").filter(identifier=identifier).first()


def case_link(identifier: uuid.UUID) -> Link | None:
    return Link.objects.select_related("source__framework").filter(identifier=identifier).first()


def case_items_with_frameworks() -> Iterable[Item]:
    return Item.objects.select_related("framework").only("identifier", "framework")


def case_documents_linking_into(item: Item) -> QuerySet[Framework]:
    """Other frameworks whose items link into this item."""
    return Framework.objects.filter(items__links_out__target=item).exclude(pk=item.framework_id).distinct()


def case_item_type_changed(kind: str) -> Any:
    """When an item of this kind last changed (the CFItemType's lastChangeDateTime); None if none exists."""
    return Item.objects.filter(kind=kind).order_by("-updated_at").values_list("updated_at", flat=True).first()
