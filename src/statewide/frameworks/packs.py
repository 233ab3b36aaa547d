"""Content packs: read and validate framework pack files (YAML or JSON) before anything is written.

A pack file is checked twice: against the JSON Schema in `content/pack.schema.json` (shape and
types), then for references (descriptor levels, parents, jurisdictions, link ends, unique codes).
Every error names the pack file and the path of the bad field, e.g.
`10-kw-spf-2019.yaml: items[4].descriptors[1].level: 'explore' is not a level of kw-spf-2019`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from jsonschema import Draft202012Validator

from statewide.core.errors import ApplicationError
from statewide.core.text import text_problem

CONTENT_DIR = Path(__file__).resolve().parent / "content"
SCHEMA_PATH = CONTENT_DIR / "pack.schema.json"
PACK_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass
class Pack:
    path: Path
    data: dict[str, Any]
    digest: str
    errors: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def framework(self) -> dict[str, Any] | None:
        return self.data.get("framework")

    @property
    def slug(self) -> str:
        fw = self.framework
        return fw["slug"] if fw else ""


class PackError(ApplicationError):
    def __init__(self, errors: list[str]) -> None:
        super().__init__(
            ngettext("The content packs are not valid: %(count)s problem.", "The content packs are not valid: %(count)s problems.", len(errors))
            % {"count": len(errors)},
            code="invalid_pack",
            fields={"packs": errors},
        )
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join([self.message, *(f"  - {e}" for e in self.errors)])


def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _plain(value: Any) -> Any:
    """YAML turns bare dates into date objects; the schema expects ISO strings."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return value


def _path(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def pack_files(directory: Path | None = None) -> list[Path]:
    directory = directory or CONTENT_DIR
    return sorted(p for p in directory.iterdir() if p.suffix in PACK_SUFFIXES and p.name != SCHEMA_PATH.name)


def read_pack(path: Path) -> Pack:
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    try:
        data = json.loads(raw) if path.suffix == ".json" else yaml.safe_load(raw)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        return Pack(path, {}, digest, [f"{path.name}: {_('cannot be parsed')}: {exc}"])
    if not isinstance(data, dict):
        return Pack(path, {}, digest, [f"{path.name}: {_('a pack must be a mapping at the top level')}"])
    pack = Pack(path, _plain(data), digest)
    validator = Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(pack.data), key=lambda e: list(map(str, e.absolute_path)))
    # A failed nested check also makes its siblings "unevaluated": report only the real cause.
    real = [e for e in errors if e.validator != "unevaluatedProperties"] or errors
    for error in real:
        pack.errors.append(f"{path.name}: {_path(error.absolute_path)}: {error.message}")
    pack.errors += [f"{path.name}: {_path(where)}: {problem}" for where, problem in _text_problems(pack.data)]
    return pack


def _text_problems(data: Any) -> list[tuple[list[Any], str]]:
    """Control characters anywhere in a pack's text (`core.text`; a pack's text may span lines)."""
    found: list[tuple[list[Any], str]] = []
    stack: list[tuple[list[Any], Any]] = [([], data)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, str):
            problem = text_problem(node, multiline=True)
            if problem:
                found.append((where, problem))
        elif isinstance(node, dict):
            stack += [([*where, k], v) for k, v in node.items()]
        elif isinstance(node, list):
            stack += [([*where, n], v) for n, v in enumerate(node)]
    return sorted(found, key=lambda f: list(map(str, f[0])))


def _duplicates(values: list[str]) -> set[str]:
    return {v for v, n in Counter(values).items() if n > 1}


def check_references(packs: list[Pack], *, known_items: set[str], known_usps: set[str]) -> None:
    """Cross-checks the schema cannot express. `known_items` are 'slug/code' refs already in the database."""
    refs = set(known_items)
    slugs = [p.slug for p in packs if p.slug]
    for dup in _duplicates(slugs):
        for p in packs:
            if p.slug == dup:
                p.errors.append(f"{p.name}: framework.slug: {_('%(slug)s is used by more than one pack') % {'slug': dup}}")
    for p in packs:
        refs |= {f"{p.slug}/{i['code']}" for i in p.data.get("items", [])}
    for p in packs:
        if p.errors:
            continue
        data, name = p.data, p.name
        level_codes = [lv["code"] for lv in data.get("levels", [])]
        item_codes = [i["code"] for i in data.get("items", [])]
        for dup in _duplicates(level_codes):
            p.errors.append(f"{name}: levels: {_('duplicate level code %(code)s') % {'code': dup}}")
        for dup in _duplicates(item_codes):
            p.errors.append(f"{name}: items: {_('duplicate item code %(code)s') % {'code': dup}}")
        for dup in _duplicates([r["code"] for r in data.get("resources", [])]):
            p.errors.append(f"{name}: resources: {_('duplicate resource code %(code)s') % {'code': dup}}")
        for i, item in enumerate(data.get("items", [])):
            where = f"{name}: items[{i}]"
            if item.get("parent") and item["parent"] not in item_codes:
                p.errors.append(f"{where}.parent: {_('%(code)s is not an item of this pack') % {'code': item['parent']}}")
            for dup in _duplicates([e["code"] for e in item.get("examples", [])]):
                p.errors.append(f"{where}.examples: {_('duplicate example code %(code)s') % {'code': dup}}")
            for j, d in enumerate(item.get("descriptors", [])):
                if d["level"] not in level_codes:
                    p.errors.append(f"{where}.descriptors[{j}].level: {_('%(code)s is not a level of %(slug)s') % {'code': d['level'], 'slug': p.slug}}")
            for j, e in enumerate(item.get("examples", [])):
                if e.get("jurisdiction") and e["jurisdiction"] not in known_usps:
                    p.errors.append(f"{where}.examples[{j}].jurisdiction: {_('%(usps)s is not a known USPS code') % {'usps': e['jurisdiction']}}")
        for i, r in enumerate(data.get("resources", [])):
            if r.get("item") and r["item"] not in item_codes:
                p.errors.append(f"{name}: resources[{i}].item: {_('%(code)s is not an item of this pack') % {'code': r['item']}}")
        for i, link in enumerate(data.get("links", [])):
            for end in ("source", "target"):
                ref = qualify(link[end], p.slug)
                if ref is None:
                    p.errors.append(f"{name}: links[{i}].{end}: {_('a links-only pack must write framework-slug/item-code')}")
                elif ref not in refs:
                    p.errors.append(f"{name}: links[{i}].{end}: {_('%(ref)s is not a known item') % {'ref': ref}}")


def qualify(ref: str, slug: str) -> str | None:
    if "/" in ref:
        return ref
    return f"{slug}/{ref}" if slug else None


def read_packs(paths: list[Path] | None = None, *, known_items: set[str] | None = None, known_usps: set[str] | None = None) -> list[Pack]:
    """Read and validate packs; raise PackError listing every problem in every file."""
    packs = [read_pack(p) for p in (paths if paths is not None else pack_files())]
    if not any(p.errors for p in packs):
        check_references(packs, known_items=known_items or set(), known_usps=known_usps or set())
    errors = [e for p in packs for e in p.errors]
    if errors:
        raise PackError(errors)
    # Framework packs first (in file order), links-only packs last.
    return sorted(packs, key=lambda p: (not p.slug, p.name))
