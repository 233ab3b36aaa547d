"""Quiz instruments are data files (`instruments/*.yaml`), validated by a JSON schema and by their
references into the framework, and loaded idempotently. A version that people have taken is frozen."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from statewide.assessments.models import Instrument
from statewide.core.audit import audit_record
from statewide.core.datatext import data_texts
from statewide.core.errors import ApplicationError
from statewide.core.permissions import SYSTEM
from statewide.frameworks.models import Framework, Item, ItemKind

DIRECTORY = Path(__file__).resolve().parent / "instruments"
DEFAULT_INSTRUMENT = "where-to-begin"


def instrument_files() -> list[Path]:
    return sorted(DIRECTORY.glob("*.yaml"))


def _schema() -> dict[str, Any]:
    return json.loads((DIRECTORY / "instrument.schema.json").read_text(encoding="utf-8"))


def instrument_read(path: Path) -> dict[str, Any]:
    """Parse and check one instrument file; raise ApplicationError listing every problem."""
    try:
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
    except yaml.YAMLError as exc:
        raise ApplicationError(_("%(file)s is not valid YAML: %(error)s") % {"file": path.name, "error": exc}) from exc
    problems = [f"{path.name}: {'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in Draft202012Validator(_schema()).iter_errors(data)]
    if not problems:
        problems = _reference_problems(path.name, data)
    if problems:
        raise ApplicationError(_("The quiz instrument is not valid."), fields={"instrument": problems})
    return data


def _reference_problems(name: str, data: dict[str, Any]) -> list[str]:
    problems = []
    framework = Framework.objects.filter(slug=data["framework"]).first()
    if framework is None:
        return [f"{name}: framework: no framework {data['framework']!r} is loaded"]
    conditions = set(Item.objects.filter(framework=framework, kind=ItemKind.CONDITION).values_list("code", flat=True))
    phases = set(framework.levels.values_list("code", flat=True))
    seen: set[str] = set()
    for i, q in enumerate(data["questions"]):
        if q["condition"] not in conditions:
            problems.append(f"{name}: questions/{i}/condition: {q['condition']!r} is not a condition of {data['framework']}")
        if q["id"] in seen or q["id"] == data["priorities"]["id"]:
            problems.append(f"{name}: questions/{i}/id: {q['id']!r} is used twice")
        seen.add(q["id"])
    for i, c in enumerate(data["choices"]):
        if c["phase"] is not None and c["phase"] not in phases:
            problems.append(f"{name}: choices/{i}/phase: {c['phase']!r} is not a phase of {data['framework']}")
        if c.get("dont_know"):
            if c["phase"] is not None:
                problems.append(f'{name}: choices/{i}/phase: a "don\'t know" answer has no phase')
        elif c["id"] not in data["scoring"]["gap_points"]:
            problems.append(f"{name}: scoring/gap_points: no points for choice {c['id']!r}")
    return problems


def _digest(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def instruments_load(paths: list[Path] | None = None) -> list[str]:
    """Load every instrument file (system action, audited). Returns what changed, e.g. ["where-to-begin v1 loaded"]."""
    changes = []
    with transaction.atomic():
        for path in paths or instrument_files():
            data = instrument_read(path)
            digest = _digest(data)
            existing = Instrument.objects.filter(slug=data["id"], version=data["version"]).first()
            if existing and existing.digest == digest:
                continue
            if existing and existing.results.exists():
                raise ApplicationError(
                    _("%(id)s version %(v)s has results and cannot change; add a new version instead.") % {"id": data["id"], "v": data["version"]},
                    fields={"version": [_("Raise the version number.")]},
                )
            framework = Framework.objects.get(slug=data["framework"])
            before = {"digest": existing.digest} if existing else None
            obj, _created = Instrument.objects.update_or_create(
                slug=data["id"], version=data["version"], defaults={"framework": framework, "title": data["title"], "data": data, "digest": digest}
            )
            audit_record(actor=SYSTEM, action="instrument.load", obj=obj, before=before, after={"digest": digest})
            changes.append(f"{obj} loaded")
    return changes


def instrument_current(slug: str = DEFAULT_INSTRUMENT) -> Instrument:
    """The latest version of an instrument. A read: instruments are loaded by `statewide load-frameworks`
    and `load-demo`, never lazily on a GET."""
    instrument = Instrument.objects.select_related("framework").filter(slug=slug).order_by("-version").first()
    if instrument is None:
        raise ApplicationError(_("No quiz named %(slug)s is installed.") % {"slug": slug})
    return instrument


def instrument_texts(instrument: Instrument, language: str | None = None) -> dict[str, str]:
    """The instrument's texts by stable id in the active language (English: the data itself).

    Ids: title, introduction, provenance, priorities, choices.<id>, questions.<id>."""
    data = instrument.data
    english = {"title": instrument.title, "introduction": data.get("introduction", ""), "provenance": data.get("provenance", "")}
    english["priorities"] = data["priorities"]["text"]
    english |= {f"choices.{c['id']}": c["text"] for c in data["choices"]}
    english |= {f"questions.{q['id']}": q["text"] for q in data["questions"]}
    translated = data_texts(DIRECTORY, f"{instrument.slug}-v{instrument.version}", language)
    return {k: translated.get(k) or v for k, v in english.items()}
