"""Import a 1EdTech CASE 1.0 CFPackage as a new framework: validated, atomic, audited.

Everything the exporter writes is read back (statements, codes, types, order, hierarchy, links, the
phase rubric and its descriptors, provenance notes), so export → import → export gives the same
package apart from `lastChangeDateTime` values (docs/case.md).
"""

from __future__ import annotations

import contextlib
import json
import re
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from jsonschema import Draft7Validator, FormatChecker

from statewide.core.audit import audit_record
from statewide.core.bulk import bulk_insert
from statewide.core.errors import ApplicationError
from statewide.core.jobs import Progress
from statewide.core.jsondata import parse_json
from statewide.core.permissions import Actor
from statewide.core.text import http_url_problem, instance_text_problems, text_problem
from statewide.frameworks.case.documents import ASSOCIATION_TYPES, DESCRIPTOR_LABELS, NOT_PUBLISHED, derived, item_type_identifier
from statewide.frameworks.models import Descriptor, Framework, Item, ItemKind, Level, Link, LinkKind
from statewide.frameworks.permissions import framework_policy
from statewide.frameworks.versions import framework_version_create

MAX_PACKAGE_BYTES = 5 * 1024 * 1024
LINK_KINDS = {v: k for k, v in ASSOCIATION_TYPES.items() if k != LinkKind.SERVES}
KIND_BY_LABEL = {str(label).lower(): value for value, label in ItemKind.choices}
KIND_BY_TYPE_ID = {str(item_type_identifier(value)): value for value in ItemKind.values}
DESCRIPTOR_BY_LABEL = {label: kind for kind, label in DESCRIPTOR_LABELS.items()}
UUID_RE = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
POSITION_RE = re.compile(r"[0-9]{1,9}")
# The phases a background import reports (translated where they are shown).
CHECKING, WRITING = gettext_noop("Checking the package"), gettext_noop("Writing items")
SINGLE_LINE_KEYS = {
    "identifier",
    "title",
    "creator",
    "publisher",
    "version",
    "language",
    "humanCodingScheme",
    "listEnumeration",
    "abbreviatedStatement",
    "CFItemType",
    "quality",
    "officialSourceURL",
    "uri",
}


class CaseImportError(ApplicationError):
    pass


@cache
def package_schema() -> dict[str, Any]:
    return json.loads((Path(__file__).with_name("cfpackage-schema.json")).read_text(encoding="utf-8"))


def package_parse(raw: bytes) -> dict[str, Any]:
    """Bytes of an uploaded file → a package dict, or a clear error."""
    if len(raw) > MAX_PACKAGE_BYTES:
        raise CaseImportError(_("The file is larger than 5 MB."), fields={"file": [_("Upload a CASE package of at most 5 MB.")]})
    try:
        data = parse_json(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise CaseImportError(_("The file is not JSON."), fields={"file": [_("Upload a CASE 1.0 CFPackage in JSON (%(error)s).") % {"error": exc}]}) from exc
    if not isinstance(data, dict):
        raise CaseImportError(_("The file is not a CASE package."), fields={"file": [_("A CFPackage is a JSON object with a CFDocument.")]})
    return data


def parse_notes(notes: str) -> dict[str, Any]:
    """The provenance lines written by `documents.provenance_notes`."""
    result: dict[str, Any] = {"sources": [], "checked_on": None, "confirmed": True, "status_note": "", "licence_note": ""}
    for line in (notes or "").splitlines():
        if line == "Unconfirmed:":  # unconfirmed, without a note
            result["confirmed"] = False
            continue
        key, _sep, value = line.partition(": ")
        if key == "Source":
            title, dash, url = value.rpartition(" — ")
            result["sources"].append({"title": title, "url": url} if dash and url.startswith(("http://", "https://")) else {"citation": value})
        elif key == "Checked on":
            with contextlib.suppress(ValueError):  # an unreadable date is left out, not guessed
                result["checked_on"] = date.fromisoformat(value)
        elif key == "Unconfirmed":
            result["confirmed"], result["status_note"] = False, value
        elif key == "Note":
            result["status_note"] = value
        elif key in ("License", "Licence"):  # "Licence" in documents exported before 2026-12
            result["licence_note"] = value
    return result


def _walk(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every (JSON path, value) in a parsed package, without recursion."""
    stack = [(path, value)]
    while stack:
        here, node = stack.pop()
        yield here, node
        if isinstance(node, dict):
            stack.extend((f"{here}/{k}".lstrip("/"), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((f"{here}/{n}".lstrip("/"), v) for n, v in enumerate(node))


def _content_problems(package: dict[str, Any]) -> list[str]:
    """What the CASE schema lets through but we cannot store: identifiers that are not exactly a UUID,
    control characters, addresses that are not http(s), codes, positions and rubric levels that clash."""
    problems = []
    for path, value in _walk(package):
        key = path.rsplit("/", 1)[-1]
        if key == "identifier" and isinstance(value, str) and not UUID_RE.fullmatch(value):
            problems.append(f"{path}: {_('not a UUID (write only the 36 characters of the UUID)')}")
        elif isinstance(value, str):
            problem = text_problem(value, multiline=key not in SINGLE_LINE_KEYS)
            if problem:
                problems.append(f"{path}: {problem}")
    url = package["CFDocument"].get("officialSourceURL")
    if url:
        problem = http_url_problem(url)
        if problem:
            problems.append(f"CFDocument/officialSourceURL: {problem}")
    codes: dict[str, int] = {}
    for n, item in enumerate(package.get("CFItems", [])):
        code = slugify(item.get("humanCodingScheme", ""))[:80]
        if code and code in codes:
            problems.append(f"CFItems/{n}/humanCodingScheme: {_('the same code as CFItems/%(other)d') % {'other': codes[code]}}")
        codes.setdefault(code, n)
        enumeration = item.get("listEnumeration", "")
        if enumeration.isdigit() and not POSITION_RE.fullmatch(enumeration):
            problems.append(f"CFItems/{n}/listEnumeration: {_('a position is a whole number of at most 9 digits (0-9)')}")
    problems += _rubric_problems(package)
    return problems


def _rubric_problems(package: dict[str, Any]) -> list[str]:
    problems = []
    rubric_items: dict[str, str] = {}
    for r, rubric in enumerate(package.get("CFRubrics") or []):
        for c, criterion in enumerate(rubric.get("CFRubricCriteria", [])):
            item_id = str((criterion.get("CFItemURI") or {}).get("identifier") or "").lower()
            if item_id and item_id in rubric_items:
                problems.append(f"CFRubrics/{r}/CFRubricCriteria/{c}/CFItemURI: {_('the same item as %(other)s') % {'other': rubric_items[item_id]}}")
            rubric_items.setdefault(item_id, f"CFRubrics/{r}/CFRubricCriteria/{c}")
            slugs: dict[str, int] = {}
            for n, lv in enumerate(criterion.get("CFRubricCriterionLevels", [])):
                slug = slugify(lv.get("quality") or "")[:80]
                if slug and slug in slugs:
                    path = f"CFRubrics/{r}/CFRubricCriteria/{c}/CFRubricCriterionLevels/{n}/quality"
                    problems.append(f"{path}: {_('the same level as CFRubricCriterionLevels/%(other)d') % {'other': slugs[slug]}}")
                slugs.setdefault(slug, n)
    return problems


def _text_problems(rows: list[tuple[Any, str]]) -> None:
    """Stop the import (rolling it back) naming the JSON path of every value that does not fit a column."""
    found = [f"{path} ({name}): {msg}" for obj, path in rows for name, msgs in instance_text_problems(obj).items() for msg in msgs]
    if found:
        raise CaseImportError(_("The CASE package cannot be imported."), fields={"package": found})


def _save(obj: Any, path: str) -> Any:
    """Save one new row, or stop the import naming the JSON path of what does not fit."""
    _text_problems([(obj, path)])
    obj.save(force_insert=True)
    return obj


def _save_all(model: Any, rows: list[tuple[Any, str]]) -> list[Any]:
    """Check every new row first (all problems at once), then insert them in one batch."""
    _text_problems(rows)
    return bulk_insert(model, [obj for obj, _path in rows])


def _problems(package: dict[str, Any]) -> list[str]:
    validator = Draft7Validator(package_schema(), format_checker=FormatChecker())
    problems = [f"{'/'.join(map(str, e.absolute_path)) or '(package)'}: {e.message}" for e in validator.iter_errors(package)]
    if problems:
        return problems
    problems = _content_problems(package)
    if problems:
        return problems
    doc = package["CFDocument"]
    if Framework.objects.filter(identifier=doc["identifier"]).exists():
        problems.append(f"CFDocument/identifier: {_('a framework with this identifier already exists')} ({doc['identifier']})")
    ids = [i["identifier"].lower() for i in package.get("CFItems", [])]
    seen: set[str] = set()
    for n, ident in enumerate(ids):
        if ident in seen:
            problems.append(f"CFItems/{n}/identifier: {_('used twice')}")
        seen.add(ident)
    for n, ident in enumerate(Item.objects.filter(identifier__in=ids).values_list("identifier", flat=True)):
        problems.append(f"CFItems: {_('an item with identifier %(id)s already exists') % {'id': ident}}")
        if n > 20:
            break
    known = set(ids) | {doc["identifier"].lower()}
    outside = {a["destinationNodeURI"]["identifier"].lower() for a in package.get("CFAssociations", []) if a["associationType"] != "isChildOf"} - known
    found = {str(i) for i in Item.objects.filter(identifier__in=outside).values_list("identifier", flat=True)}
    for n, a in enumerate(package.get("CFAssociations", [])):
        origin, dest = a["originNodeURI"]["identifier"].lower(), a["destinationNodeURI"]["identifier"].lower()
        if origin not in known:
            problems.append(f"CFAssociations/{n}/originNodeURI: {_('not an item of this package')}")
        if a["associationType"] == "isChildOf" and dest not in known:
            problems.append(f"CFAssociations/{n}/destinationNodeURI: {_('the parent is not in this package')}")
        elif a["associationType"] != "isChildOf" and dest not in known and dest not in found:
            problems.append(f"CFAssociations/{n}/destinationNodeURI: {_('unknown item %(id)s') % {'id': dest}}")
        elif a["associationType"] not in LINK_KINDS and a["associationType"] != "isChildOf":
            problems.append(f"CFAssociations/{n}/associationType: {_('%(type)s is not supported') % {'type': a['associationType']}}")
    return problems


def _kind(item: dict[str, Any]) -> str:
    type_id = (item.get("CFItemTypeURI") or {}).get("identifier", "")
    return KIND_BY_TYPE_ID.get(type_id) or KIND_BY_LABEL.get(str(item.get("CFItemType", "")).lower(), ItemKind.ELEMENT)


def framework_import_case(*, actor: Actor, package: dict[str, Any], slug: str | None = None, progress: Progress | None = None) -> Framework:
    """Create a new framework from a CFPackage. Raises CaseImportError listing every problem, writes nothing then.
    `progress(done, total, stage=…)` (a background import) is told when the package has been
    checked, when its items are written, and at the end."""
    if not framework_policy.can_create(actor):
        raise PermissionDenied(_("Only content editors may import frameworks."))
    report = progress or _no_progress
    total = 1 + sum(len(v) for v in (package.get("CFItems"), package.get("CFAssociations")) if isinstance(v, list))
    report(0, total, stage=CHECKING)
    problems = _problems(package)
    doc = package.get("CFDocument") or {}
    slug = slugify(slug or doc.get("title", ""))[:80] or "imported-framework"
    if Framework.objects.filter(slug=slug).exists():
        problems.append(f"slug: {_('a framework with the slug %(slug)s already exists; choose another') % {'slug': slug}}")
    if problems:
        raise CaseImportError(_("The CASE package cannot be imported."), fields={"package": problems})
    report(1, total, stage=WRITING)
    with transaction.atomic():
        fw = _create(package, slug, lambda done: report(1 + done, total, stage=WRITING))
        audit_record(actor=actor, action="framework.import_case", obj=fw, after={"slug": fw.slug, "items": fw.items.count(), "identifier": str(fw.identifier)})
        framework_version_create(fw, actor=actor, note=_("Imported from a CASE 1.0 package"))
        report(total, total, stage=WRITING)
    return fw


def _no_progress(done: int, total: int, *, stage: str = "") -> None:
    return None


def _create(package: dict[str, Any], slug: str, written: Callable[[int], None]) -> Framework:
    doc = package["CFDocument"]
    prov = parse_notes(doc.get("notes", ""))
    start = str(doc.get("statusStartDate") or "")
    fw = Framework(
        identifier=uuid.UUID(doc["identifier"]),
        slug=slug,
        title=doc["title"],
        short_title=doc["title"][:120],
        publisher=doc.get("publisher") or doc["creator"],
        edition=doc.get("version", ""),
        year=int(start[:4]) if start[:4].isdigit() else None,
        source_url=doc.get("officialSourceURL", ""),
        description=doc.get("description", ""),
        language=doc.get("language", "en")[:10],
        licence_note=prov["licence_note"],
        sources=prov["sources"],
        checked_on=prov["checked_on"],
        confirmed=prov["confirmed"],
        status_note=prov["status_note"],
    )
    _save(fw, "CFDocument")
    items: dict[str, Item] = {}
    rows: list[tuple[Any, str]] = []
    for n, data in enumerate(package.get("CFItems", [])):
        p = parse_notes(data.get("notes", ""))
        name = data.get("abbreviatedStatement") or data["fullStatement"][:300]
        enumeration = str(data.get("listEnumeration", ""))
        items[data["identifier"].lower()] = item = Item(
            framework=fw,
            identifier=uuid.UUID(data["identifier"]),
            code=slugify(data.get("humanCodingScheme", ""))[:80] or f"item-{data['identifier'][:8]}",
            kind=_kind(data),
            name=name,
            definition=data["fullStatement"] if data["fullStatement"] != name else "",
            position=int(enumeration) if POSITION_RE.fullmatch(enumeration) else n,
            is_foundational="foundational" in (data.get("conceptKeywords") or []),
            sources=p["sources"],
            checked_on=p["checked_on"],
            confirmed=p["confirmed"],
            status_note=p["status_note"],
        )
        rows.append((item, f"CFItems/{n}"))
    _save_all(Item, rows)
    written(len(rows))
    children: list[Item] = []
    outside = {a["destinationNodeURI"]["identifier"].lower() for a in package.get("CFAssociations", [])} - set(items)
    targets = {str(i.identifier): i for i in Item.objects.filter(identifier__in=outside)} if outside else {}
    links: dict[uuid.UUID, Link] = {}
    for a in package.get("CFAssociations", []):
        origin = items[a["originNodeURI"]["identifier"].lower()]
        dest_id = a["destinationNodeURI"]["identifier"].lower()
        if a["associationType"] == "isChildOf":
            if dest_id in items:
                origin.parent = items[dest_id]
                children.append(origin)
            continue
        target = items.get(dest_id) or targets[dest_id]
        links.setdefault(
            uuid.UUID(a["identifier"]), Link(identifier=uuid.UUID(a["identifier"]), source=origin, target=target, kind=LINK_KINDS[a["associationType"]])
        )
    if children:
        Item.objects.bulk_update(children, ["parent"], batch_size=1000)
    known = set(Link.objects.filter(identifier__in=list(links)).values_list("identifier", flat=True)) if links else set()
    bulk_insert(Link, [link for ident, link in links.items() if ident not in known])  # a link already stored is kept as it is
    _create_rubric(fw, package, items)
    return fw


def _create_rubric(fw: Framework, package: dict[str, Any], items: dict[str, Item]) -> None:
    rubrics = package.get("CFRubrics") or []
    criteria = [(f"CFRubrics/{r}/CFRubricCriteria/{c}", crit) for r, rubric in enumerate(rubrics) for c, crit in enumerate(rubric.get("CFRubricCriteria", []))]
    if not criteria:
        return
    levels: dict[str, Level] = {}
    first_path, first = criteria[0]
    for n, lv in enumerate(sorted(first.get("CFRubricCriterionLevels", []), key=lambda x: x.get("position", 0))):
        name = lv.get("quality") or f"Level {n + 1}"
        code = slugify(name)[:80] or f"level-{n + 1}"
        new_level = Level(framework=fw, identifier=derived(fw.identifier, "level", code), code=code, name=name, position=n + 1)
        levels[name] = _save(new_level, f"{first_path}/CFRubricCriterionLevels ({name})")
    descriptors: list[tuple[Any, str]] = []
    for path, criterion in criteria:
        item = items.get(((criterion.get("CFItemURI") or {}).get("identifier") or "").lower())
        if item is None:
            continue
        for lv in criterion.get("CFRubricCriterionLevels", []):
            level = levels.get(lv.get("quality", ""))
            text = lv.get("description", "")
            if level is None or not text or text == NOT_PUBLISHED:
                continue
            counts: dict[str, int] = {}
            for line in text.splitlines():
                label, _sep, body = line.partition(": ")
                kind = DESCRIPTOR_BY_LABEL.get(label)
                if kind is None:
                    continue
                position = counts.get(kind, 0)
                counts[kind] = position + 1
                descriptor = Descriptor(
                    item=item, level=level, kind=kind, position=position, text=body, identifier=derived(item.identifier, level.code, kind, str(position))
                )
                descriptors.append((descriptor, f"{path}/CFRubricCriterionLevels ({level.name})"))
    _save_all(Descriptor, descriptors)
