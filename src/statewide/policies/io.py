"""Import and export of policy records: CSV and JSON, schema `statewide-policies/1` (docs/policies.md).

CSV: a header row with the column names below, then one row per record. `conditions` holds codes
joined by "|"; `related` holds "kind:record-id" items joined by "|"; `sources` holds a JSON list of
{url, title, checked_on} (so the round trip is lossless), or simply URLs joined by "|" when typing by hand.
JSON: {"schema": "statewide-policies/1", "records": [ {column: value, ...}, ... ]}.

Import is atomic: every row is validated first; if any row is bad nothing is saved and the error
names every bad row by its line number. A row with an `id` of an existing record updates it; a
row without `id` creates a record. Valid rows are then written in batches in one transaction
(`services.bulk`); rows equal to the stored record are counted as unchanged and write nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from statewide.core.bulk import paused_gc
from statewide.core.cache import ENTRY_TIMEOUT, content_versions
from statewide.core.errors import ApplicationError
from statewide.core.jobs import CHECKING_ROWS as CHECKING
from statewide.core.jobs import WRITING_RECORDS as WRITING
from statewide.core.jobs import Progress
from statewide.core.jsondata import parse_json
from statewide.core.permissions import Actor
from statewide.core.tabular import csv_text, unneutralise
from statewide.policies.history import record_snapshot
from statewide.policies.models import PolicyRecord
from statewide.policies.permissions import policy_record_policy
from statewide.policies.selectors import TRACKER_DOMAINS
from statewide.policies.services.bulk import BulkRow, policy_records_bulk_write
from statewide.policies.services.validation import Lookups, clean_record_input

SCHEMA = "statewide-policies/1"
COLUMNS = [
    "id",
    "jurisdiction",
    "title",
    "policy_type",
    "instrument",
    "bill_number",
    "session",
    "code_section",
    "status",
    "introduced_on",
    "enacted_on",
    "effective_on",
    "amended_on",
    "ended_on",
    "known_in_force_on",
    "date_precision",
    "conditions",
    "summary",
    "sources",
    "checked_on",
    "confirmed",
    "related",
    "version",
]
MAX_ROWS = 50000


def _csv_cell(name: str, value: Any) -> str:
    if value is None:
        return ""
    if name == "conditions":
        return "|".join(value)
    if name == "related":
        return "|".join(f"{r['kind']}:{r['to']}" for r in value)
    if name == "sources":
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def export_rows(records: Iterable[PolicyRecord]) -> Iterable[dict[str, Any]]:
    """Snapshots of the records (pass a selector queryset: conditions and relations prefetched)."""
    for r in records:
        yield record_snapshot(r)


def export_csv(records: Iterable[PolicyRecord]) -> str:
    return csv_text([COLUMNS, *([_csv_cell(c, snap.get(c)) for c in COLUMNS] for snap in export_rows(records))])


def export_json(records: Iterable[PolicyRecord]) -> str:
    return json.dumps({"schema": SCHEMA, "records": list(export_rows(records))}, ensure_ascii=False, indent=1)


def _parse_csv(text: str) -> list[tuple[int, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = reader.fieldnames or []
        unknown = [h for h in header if h not in COLUMNS]
        if unknown or "jurisdiction" not in header:
            raise ApplicationError(
                _("The CSV header is not statewide-policies/1."),
                fields={"line 1": [_("Unknown or missing columns: %(cols)s.") % {"cols": ", ".join(unknown or ["jurisdiction"])}]},
            )
        rows = []
        for row in reader:
            if None in row:
                raise ApplicationError(
                    _("A row has more fields than the header."), fields={f"line {reader.line_num}": [_("More fields than the header has columns.")]}
                )
            data: dict[str, Any] = {k: unneutralise(v) for k, v in row.items() if v is not None}
            src = (data.get("sources") or "").strip()
            if src.startswith("["):
                try:
                    data["sources"] = parse_json(src)
                except ValueError:
                    data["sources"] = src
            rows.append((reader.line_num, data))
    except csv.Error as exc:
        # e.g. a field longer than the csv module's limit, or a NUL byte
        line = max(reader.reader.line_num, 1)  # the line being read (DictReader.line_num lags behind)
        raise ApplicationError(_("The file is not readable CSV."), fields={f"line {line}": [_("Not readable as CSV (%(error)s).") % {"error": exc}]}) from exc
    return rows


def _parse_json(text: str) -> list[tuple[int, Any]]:
    try:
        doc = parse_json(text)
    except ValueError as exc:
        raise ApplicationError(_("The file is not valid JSON."), fields={"file": [str(exc)]}) from exc
    if not isinstance(doc, dict) or doc.get("schema") != SCHEMA or not isinstance(doc.get("records"), list):
        raise ApplicationError(
            _("The JSON must be an object with schema %(schema)s and a records list.") % {"schema": SCHEMA}, fields={"file": [_("Wrong schema.")]}
        )
    # "line" for JSON is the record's position in the list, counted from 1.
    return list(enumerate(doc["records"], start=1))


def _id_key(value: Any) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return str(value).strip().lower()


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def policy_records_import(*, actor: Actor, data: bytes, fmt: str, progress: Progress | None = None) -> ImportResult:
    """Import CSV or JSON. All or nothing: raises ApplicationError whose fields map "line N" (CSV line,
    or record N for JSON) to that row's problems, for every bad row. `progress(done, total, stage=…)`
    is told while rows are checked and while they are written (each row counts twice; a background
    import shows it on the job page)."""
    if not policy_record_policy.can_create(actor):
        raise PermissionDenied
    # The same file from the same person, with no tracker write since it was last imported: nothing to do.
    versions, _at = content_versions(TRACKER_DOMAINS)
    digest = hashlib.sha256(data).hexdigest()
    actor_key = getattr(actor, "pk", None)
    done = cache.get(f"policy-import:{actor_key}:{digest}")
    if done is not None and done[0] == versions:
        return ImportResult(created=0, updated=0, unchanged=done[1])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApplicationError(_("The file must be UTF-8 text."), fields={"file": [_("Not UTF-8.")]}) from exc
    if fmt == "csv":
        rows = _parse_csv(text)
    elif fmt == "json":
        rows = _parse_json(text)
    else:
        raise ApplicationError(_("Unknown format."), fields={"format": [_("Use csv or json.")]})
    if len(rows) > MAX_ROWS:
        raise ApplicationError(
            ngettext("At most %(n)d row per import.", "At most %(n)d rows per import.", MAX_ROWS) % {"n": MAX_ROWS}, fields={"file": [_("Too many rows.")]}
        )
    label = _("line %(n)d") if fmt == "csv" else _("record %(n)d")
    with paused_gc():
        plan = _validated_plan(actor, rows, label, progress)
        if progress:
            progress(len(rows), 2 * len(rows), stage=WRITING)

        def written(done: int) -> None:
            if progress:
                progress(len(rows) + done, 2 * len(rows), stage=WRITING)

        # Cross-row problems (a related id that does not exist) raise here and roll everything back.
        result = policy_records_bulk_write(actor, plan, note="import", progress=written)
    after, _at = content_versions(TRACKER_DOMAINS)  # our own bump is included: a later write changes it
    transaction.on_commit(lambda: cache.set(f"policy-import:{actor_key}:{digest}", (after, len(plan)), ENTRY_TIMEOUT))
    return ImportResult(created=result.created, updated=result.updated, unchanged=result.unchanged)


def _stored_records(rows: list[tuple[int, Any]]) -> dict[uuid.UUID, PolicyRecord]:
    """The stored records the rows name by id, locked for the import, with what a snapshot reads."""
    ids: dict[uuid.UUID, None] = {}
    for _line, row in rows:
        try:
            if isinstance(row, dict) and row.get("id"):
                ids[uuid.UUID(str(row["id"]))] = None
        except ValueError:
            pass
    existing: dict[uuid.UUID, PolicyRecord] = {}
    wanted = list(ids)
    for start in range(0, len(wanted), 5000):  # chunks stay under SQLite's parameter limit
        chunk = (
            PolicyRecord.objects.filter(public_id__in=wanted[start : start + 5000])
            .select_for_update(of=("self",))
            .select_related("jurisdiction", "policy_type")
            .prefetch_related("conditions", "relations_out__to_record")
        )
        existing.update((r.public_id, r) for r in chunk)
    return existing


def _seen_key(row: dict[str, Any]) -> Any:
    """What makes two rows the same record: the id, or (rows without one) every value."""
    if row.get("id"):
        return ("id", _id_key(row["id"]))
    key = tuple(sorted(row.items()))  # CSV rows: text values
    try:
        hash(key)
        return key
    except TypeError:
        return json.dumps(row, sort_keys=True, default=str)  # JSON rows may hold lists and objects


def _validated_plan(actor: Actor, rows: list[tuple[int, Any]], label: str, progress: Progress | None) -> list[BulkRow]:
    """Every row checked (all errors at once, by line); ApplicationError if any row is bad."""
    lookups = Lookups.load()
    existing = _stored_records(rows)
    allowed: dict[str, bool] = {}  # may the actor edit records of this state? (asked once per state)
    errors: dict[str, list[str]] = {}
    plan: list[BulkRow] = []
    first_of: dict[Any, str] = {}  # a row's id, or the whole of a new row → where it first appeared
    for index, (line, row) in enumerate(rows):
        if progress and index % 50 == 0:
            progress(index, 2 * len(rows), stage=CHECKING)
        key = label % {"n": line}
        if not isinstance(row, dict):
            errors[key] = [_("A record must be a JSON object.")]
            continue
        row = {k: v for k, v in row.items() if k != "version"}
        seen_key = _seen_key(row)
        if seen_key in first_of:
            errors[key] = [_("The same record as %(other)s; give each record once.") % {"other": first_of[seen_key]}]
            continue
        first_of[seen_key] = key
        record = None
        if row.get("id"):
            try:
                record = existing.get(uuid.UUID(str(row["id"])))
            except ValueError:
                record = None
            if record is None:
                errors[key] = [_("No record with id %(id)s.") % {"id": row["id"]}]
                continue
        before = record_snapshot(record) if record else None
        try:
            clean = clean_record_input({k: v for k, v in row.items() if k != "id"}, lookups, partial_of=before)
        except ApplicationError as exc:
            errors[key] = [f"{field}: {msg}" for field, msgs in exc.fields.items() for msg in msgs]
            continue
        states = {clean["jurisdiction"].usps} | ({record.jurisdiction.usps} if record else set())
        for s in states - allowed.keys():
            allowed[s] = policy_record_policy.can_create(actor, state=s)
        if not all(allowed[s] for s in states):
            errors[key] = [_("You may not edit records of %(states)s.") % {"states": ", ".join(sorted(states))}]
            continue
        plan.append(BulkRow(key, record, clean, before))
    if errors:
        raise ApplicationError(
            ngettext("%(n)d row has errors; nothing was imported.", "%(n)d rows have errors; nothing was imported.", len(errors)) % {"n": len(errors)},
            fields=errors,
        )
    return plan
