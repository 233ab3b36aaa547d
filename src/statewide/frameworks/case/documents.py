"""A framework as 1EdTech CASE 1.0 JSON: CFDocument, CFItems, CFAssociations, CFDefinitions, CFRubrics.

Mapping (docs/case.md has the full table): the framework is the CFDocument; every item is a CFItem
(its code is the humanCodingScheme, its kind the CFItemType); the hierarchy is `isChildOf`
associations (top-level items are children of the document); typed links are associations; the
phases are a CFRubric with one criterion per condition and one level per phase, whose descriptions
are the phase descriptors. Identifiers are the framework's stable UUIDs; identifiers for things our
model has no row for (isChildOf associations, rubric parts, item types) are UUID5s derived from them,
so they too survive re-loads and edits.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from functools import cached_property
from typing import Any

from django.db.models import Prefetch

from statewide.frameworks.models import Descriptor, DescriptorKind, Framework, Item, ItemKind, Level, Link, LinkKind

API_ROOT = "/ims/case/v1p0"
ASSOCIATION_TYPES = {
    LinkKind.EXACT_MATCH: "exactMatchOf",
    LinkKind.RELATED: "isRelatedTo",
    LinkKind.SERVES: "isRelatedTo",  # CASE has no "serves"; read back as "related"
    LinkKind.PART_OF: "isPartOf",
    LinkKind.PRECEDES: "precedes",
}
DESCRIPTOR_LABELS = {
    DescriptorKind.GOAL: "Goal",
    DescriptorKind.ACTION: "Support action",
    DescriptorKind.STRATEGIC_QUESTION: "Strategic question",
    DescriptorKind.DESCRIPTION: "Description",
}
NOT_PUBLISHED = "Not yet published in this pack."
ITEM_TYPE_NAMESPACE = uuid.UUID("5f1b2f55-7f0c-4c59-9d7e-2f0e3c0b6a11")


def derived(base: uuid.UUID, *parts: str) -> uuid.UUID:
    return uuid.uuid5(base, ":".join(parts))


def item_type_identifier(kind: str) -> uuid.UUID:
    return uuid.uuid5(ITEM_TYPE_NAMESPACE, kind)


def stamp(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def provenance_notes(obj: Any, *, first: list[str] | None = None) -> str:
    """Sources, checked-on date and confirmation as readable lines, parsed back by the importer."""
    lines = list(first or [])
    for source in obj.sources or []:
        title, url, citation = source.get("title", ""), source.get("url", ""), source.get("citation", "")
        lines.append(f"Source: {title} — {url}" if url else f"Source: {citation or title}")
    if obj.checked_on:
        lines.append(f"Checked on: {obj.checked_on.isoformat()}")
    if not obj.confirmed:
        lines.append(f"Unconfirmed: {obj.status_note}".rstrip())
    elif obj.status_note:
        lines.append(f"Note: {obj.status_note}")
    return "\n".join(lines)


def item_type(kind: str, base: str, when: datetime) -> dict[str, Any]:
    """The CFItemType of an item kind (one per kind, shared by every framework)."""
    ident = item_type_identifier(kind)
    return {
        "identifier": str(ident),
        "uri": f"{base}{API_ROOT}/CFItemTypes/{ident}",
        "title": str(ItemKind(kind).label) if kind in ItemKind.values else kind,
        "description": "",
        "hierarchyCode": kind,
        "typeCode": kind,
        "lastChangeDateTime": stamp(when),
    }


class CaseBuilder:
    """Builds the CASE JSON of one framework; `base` is the absolute site root (no trailing slash)."""

    def __init__(self, framework: Framework, base: str) -> None:
        self.fw = framework
        self.base = base.rstrip("/")

    @cached_property
    def items(self) -> list[Item]:
        return list(
            self.fw.items.all()
            .select_related("parent")
            .prefetch_related(
                Prefetch("descriptors", queryset=Descriptor.objects.select_related("level").order_by("level__position", "kind", "position")),
                Prefetch("links_out", queryset=Link.objects.select_related("target__framework").order_by("kind", "target__position", "pk")),
            )
        )

    @cached_property
    def levels(self) -> list[Level]:
        return list(self.fw.levels.order_by("position"))

    def uri(self, kind: str, identifier: uuid.UUID | str) -> str:
        return f"{self.base}{API_ROOT}/{kind}/{identifier}"

    def link(self, kind: str, identifier: uuid.UUID, title: str) -> dict[str, str]:
        return {"title": title, "identifier": str(identifier), "uri": self.uri(kind, identifier)}

    @property
    def rubric_identifier(self) -> uuid.UUID:
        return derived(self.fw.identifier, "rubric")

    def document_link(self) -> dict[str, str]:
        return self.link("CFDocuments", self.fw.identifier, self.fw.title)

    def document(self, *, packaged: bool = False) -> dict[str, Any]:
        """The CFDocument; outside a package (CFDocument.Type) it also links its package."""
        fw = self.fw
        doc: dict[str, Any] = {
            "identifier": str(fw.identifier),
            "uri": self.uri("CFDocuments", fw.identifier),
            "creator": fw.publisher,
            "publisher": fw.publisher,
            "title": fw.title,
            "lastChangeDateTime": stamp(fw.updated_at),
            "description": fw.description,
            "language": fw.language,
            "adoptionStatus": "Adopted",
            "notes": provenance_notes(fw, first=[f"License: {fw.licence_note}"] if fw.licence_note else []),
        }
        if not packaged:
            doc["CFPackageURI"] = self.link("CFPackages", fw.identifier, fw.title)
        if fw.source_url:
            doc["officialSourceURL"] = fw.source_url
        if fw.edition:
            doc["version"] = fw.edition
        if fw.year:
            doc["statusStartDate"] = f"{fw.year:04d}-01-01"  # a date (CASE Date): 1 January of the publication year
        return doc

    def item(self, i: Item, *, packaged: bool = False) -> dict[str, Any]:
        """The CFItem; outside a package (CFItem.Type) it also links its document."""
        label = ItemKind(i.kind).label if i.kind in ItemKind.values else i.kind
        data: dict[str, Any] = {
            "identifier": str(i.identifier),
            "uri": self.uri("CFItems", i.identifier),
            "fullStatement": i.definition or i.name,
            "abbreviatedStatement": i.name,
            "humanCodingScheme": i.code,
            "listEnumeration": str(i.position),
            "CFItemType": str(label),
            "CFItemTypeURI": self.link("CFItemTypes", item_type_identifier(i.kind), str(label)),
            "language": self.fw.language,
            "notes": provenance_notes(i),
            "lastChangeDateTime": stamp(i.updated_at),
        }
        if not packaged:
            data["CFDocumentURI"] = self.document_link()
        if i.is_foundational:
            data["conceptKeywords"] = ["foundational"]
        return data

    def associations(self, *, packaged: bool = False) -> list[dict[str, Any]]:
        """The CFAssociations; outside a package (CFAssociation.Type) each also links its document."""
        result = []
        for i in self.items:
            origin = self.link("CFItems", i.identifier, i.name)
            parent = self.link("CFItems", i.parent.identifier, i.parent.name) if i.parent else self.document_link()
            ident = derived(i.identifier, "isChildOf")
            result.append(self._association(ident, "isChildOf", origin, parent, i.updated_at, sequence=i.position, packaged=packaged))
            for link in i.links_out.all():
                target = self.link("CFItems", link.target.identifier, link.target.name)
                kind = ASSOCIATION_TYPES[LinkKind(link.kind)]
                result.append(self._association(link.identifier, kind, origin, target, link.updated_at, packaged=packaged))
        return result

    def _association(
        self,
        ident: uuid.UUID,
        kind: str,
        origin: dict[str, str],
        destination: dict[str, str],
        when: datetime,
        sequence: int | None = None,
        *,
        packaged: bool,
    ) -> dict[str, Any]:
        data: dict[str, Any] = {
            "identifier": str(ident),
            "uri": self.uri("CFAssociations", ident),
            "associationType": kind,
            "originNodeURI": origin,
            "destinationNodeURI": destination,
            "lastChangeDateTime": stamp(when),
        }
        if not packaged:
            data["CFDocumentURI"] = self.document_link()
        if sequence is not None:
            data["sequenceNumber"] = sequence
        return data

    def item_types(self) -> list[dict[str, Any]]:
        kinds = sorted({i.kind for i in self.items})
        return [item_type(k, self.base, self.fw.updated_at) for k in kinds]

    def rubric(self) -> dict[str, Any] | None:
        if not self.levels:
            return None
        rubric_id = self.rubric_identifier
        criteria: list[dict[str, Any]] = []
        for i in (i for i in self.items if i.kind == ItemKind.CONDITION):
            criterion_id = derived(rubric_id, i.code)
            by_level: dict[int, list[str]] = {}
            for d in i.descriptors.all():
                by_level.setdefault(d.level_id, []).append(f"{DESCRIPTOR_LABELS.get(DescriptorKind(d.kind), d.kind)}: {d.text}")
            levels = [
                {
                    "identifier": str(derived(criterion_id, lv.code)),
                    "uri": self.uri("CFRubrics", rubric_id) + f"#{criterion_id}/{lv.code}",
                    "quality": lv.name,
                    "description": "\n".join(by_level.get(lv.pk, [])) or NOT_PUBLISHED,
                    "score": float(n),
                    "position": n,
                    "rubricCriterionId": str(criterion_id),
                    "lastChangeDateTime": stamp(lv.updated_at),
                }
                for n, lv in enumerate(self.levels, start=1)
            ]
            criteria.append(
                {
                    "identifier": str(criterion_id),
                    "uri": self.uri("CFRubrics", rubric_id) + f"#{criterion_id}",
                    "category": i.name,
                    "description": i.definition or i.name,
                    "CFItemURI": self.link("CFItems", i.identifier, i.name),
                    "position": len(criteria) + 1,
                    "rubricId": str(rubric_id),
                    "lastChangeDateTime": stamp(i.updated_at),
                    "CFRubricCriterionLevels": levels,
                }
            )
        if not criteria:  # a rubric needs criteria; frameworks without conditions publish no rubric
            return None
        return {
            "identifier": str(rubric_id),
            "uri": self.uri("CFRubrics", rubric_id),
            "title": f"{self.fw.title}: phases",
            "description": "One criterion per policy condition and one level per phase; level descriptions are the phase descriptors.",
            "lastChangeDateTime": stamp(self.fw.updated_at),
            "CFRubricCriteria": criteria,
        }

    def package(self) -> dict[str, Any]:
        rubric = self.rubric()
        return {
            "CFDocument": self.document(packaged=True),
            "CFItems": [self.item(i, packaged=True) for i in self.items],
            "CFAssociations": self.associations(packaged=True),
            "CFDefinitions": {"CFConcepts": [], "CFSubjects": [], "CFLicenses": [], "CFItemTypes": self.item_types(), "CFAssociationGroupings": []},
            "CFRubrics": [rubric] if rubric else [],
        }
