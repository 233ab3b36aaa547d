"""Backups are restored, not only taken: backup -> change -> restore gives back the same rows, audit trail and uploads.

Runs on the engine of the test run: SQLite locally, PostgreSQL when DATABASE_URL points to one (CI).
"""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from statewide.core.audit import audit_record
from statewide.core.backup import backup_verify, table_counts
from statewide.core.models import AuditEvent
from statewide.core.permissions import SYSTEM

# the backup reads, and the restore replaces, the whole database: no test transaction may wrap them
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": root}}}
    return root


def _trail() -> list[tuple[Any, ...]]:
    return list(AuditEvent.objects.order_by("pk").values_list("pk", "action", "object_id", "actor_label", "after"))


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _event(n: int) -> None:
    audit_record(actor=SYSTEM, action="backup.test", object_type="backup", object_id=str(n), object_repr=f"row {n}", after={"n": n})


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_backup_change_restore_gives_back_equal_counts_audit_trail_and_uploads(media: Path, tmp_path: Path) -> None:
    _event(1)
    default_storage.save("programs/plan.pdf", ContentFile(b"%PDF-1.7 plan"))
    archive = tmp_path / "b.tar.gz"
    assert "Wrote" in _run("backup", "-o", str(archive))
    counts, trail, files = table_counts(), _trail(), _files(media)
    assert counts["core_auditevent"] >= 1 and files == {"programs/plan.pdf": b"%PDF-1.7 plan"}

    assert "every checksum matches" in _run("backup", "--verify", str(archive))
    manifest = backup_verify(archive).manifest
    assert manifest["engine"] == connection.vendor and manifest["tables"] == counts and manifest["app_version"]

    # a day of work after the backup: new events, a new upload, a deleted upload
    _event(2)
    _event(3)
    default_storage.save("programs/later.pdf", ContentFile(b"later"))
    default_storage.delete("programs/plan.pdf")
    assert table_counts() != counts

    assert "the row counts match the manifest" in _run("restore", str(archive), "--yes")
    assert table_counts() == counts
    assert _trail() == trail
    assert _files(media) == files


def _rewrite(archive: Path, dest: Path, *, manifest_change: Any = None, corrupt: str = "") -> Path:
    """A copy of `archive` with its manifest edited or one member's bytes changed."""
    with tarfile.open(archive, "r:gz") as src, tarfile.open(dest, "w:gz") as out:
        for member in src.getmembers():
            data = src.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "manifest.json" and manifest_change:
                m = json.loads(data)
                manifest_change(m)
                data = json.dumps(m).encode()
            if member.name == corrupt:
                data = data[:-64] + bytes(64)
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    return dest


def test_restore_refuses_corrupt_and_mismatched_archives_and_changes_nothing(media: Path, tmp_path: Path) -> None:
    _event(1)
    default_storage.save("a.txt", ContentFile(b"a"))
    archive = tmp_path / "good.tar.gz"
    _run("backup", "-o", str(archive))
    _event(2)  # the state restore must leave alone
    counts, trail = table_counts(), _trail()
    db_member = "database.sqlite3" if connection.vendor == "sqlite" else "database.dump"

    def other_engine(m: dict[str, Any]) -> None:
        m["engine"] = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def newer_schema(m: dict[str, Any]) -> None:
        m["migrations"]["core"].append("9999_from_the_future")

    cases = {
        "checksum does not match": _rewrite(archive, tmp_path / "corrupt.tar.gz", corrupt=db_member),
        "this installation runs on": _rewrite(archive, tmp_path / "engine.tar.gz", manifest_change=other_engine),
        "made by a newer version": _rewrite(archive, tmp_path / "newer.tar.gz", manifest_change=newer_schema),
    }
    not_a_backup = tmp_path / "junk.tar.gz"
    not_a_backup.write_bytes(b"not a tar file at all")
    cases["cannot be read as a Statewide backup"] = not_a_backup
    for message, bad in cases.items():
        with pytest.raises(CommandError, match=message):
            _run("restore", str(bad), "--yes")
        assert table_counts() == counts, message
        assert _trail() == trail, message
        assert _files(media) == {"a.txt": b"a"}, message
    with pytest.raises(CommandError, match="NOT a usable backup"):
        _run("backup", "--verify", str(cases["checksum does not match"]))
