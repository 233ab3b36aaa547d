"""Backups that can be restored: one archive holds the database, the uploads and a manifest.

An archive (`statewide-backup/1`, a gzipped tar) holds:

- `manifest.json`: format, created-at, app version, engine, the migrations applied, the row count
  of every table, and the SHA-256 and size of every other member;
- `database.sqlite3` (SQLite's online backup API, `sqlite3.Connection.backup`) or `database.dump`
  (PostgreSQL, `pg_dump --format=custom`, taken in the same snapshot as the row counts);
- `media/…`: the uploads, when the default storage is local files (an S3 bucket is backed up by
  the bucket's own versioning; the manifest says so).

`backup_verify` checks an archive without touching the database: every checksum, no member
missing or extra, the dump readable (`PRAGMA integrity_check` and the row counts for SQLite,
`pg_restore --list` for PostgreSQL). `backup_restore` verifies first, refuses an archive of the
other engine or of a newer schema, then replaces the database (PostgreSQL: one transaction, so a
failure changes nothing) and the uploads, and checks the row counts again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "statewide-backup/1"
MANIFEST = "manifest.json"
_DB_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}


class BackupError(Exception):
    """A backup cannot be taken, or an archive cannot be trusted or restored (nothing was changed)."""


@dataclass
class Verified:
    manifest: dict[str, Any]
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def app_version() -> str:
    try:
        return version("statewide")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without the package installed
        return "unknown"


def _engine(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in _DB_MEMBER:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _media_root() -> Path | None:
    """The folder of the uploads, or None when the default storage is not local files."""
    return Path(default_storage.location) if isinstance(default_storage, FileSystemStorage) else None


def _applied_migrations(alias: str) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[alias]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _count_tables(cursor: Any, tables: list[str], quote: Any) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - names from the database's own catalogue
        counts[table] = int(cursor.fetchone()[0])
    return counts


def table_counts(alias: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """The row count of every table of the live database."""
    conn = connections[alias]
    with conn.cursor() as cursor:
        return _count_tables(cursor, conn.introspection.table_names(cursor), conn.ops.quote_name)


def _sqlite_counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return _count_tables(db.cursor(), names, lambda n: '"' + n.replace('"', '""') + '"')
    finally:
        db.close()


# --- PostgreSQL client programs -------------------------------------------------------------


def _pg_program(name: str, alias: str) -> str:
    """pg_dump/pg_restore of the server's major version (Debian's /usr/lib/postgresql/N/bin), else PATH."""
    major = connections[alias].pg_version // 10000  # type: ignore[attr-defined]
    for candidate in (Path(f"/usr/lib/postgresql/{major}/bin/{name}"), shutil.which(name)):
        if candidate and Path(candidate).is_file():
            out = subprocess.run([str(candidate), "--version"], capture_output=True, text=True, check=False).stdout  # noqa: S603
            found = int(out.split()[-1].split(".")[0]) if out.split() else 0
            if found >= major:
                return str(candidate)
    raise BackupError(f"{name} {major} or later was not found: install the PostgreSQL {major} client programs (postgresql-client-{major}).")


def _pg_env(alias: str) -> dict[str, str]:
    s = connections[alias].settings_dict
    env = {**os.environ, "PGDATABASE": s["NAME"], "PGUSER": s.get("USER") or "", "PGHOST": s.get("HOST") or "", "PGPORT": str(s.get("PORT") or "")}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    return {k: v for k, v in env.items() if v != ""}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)  # noqa: S603 - our own argument list
    if done.returncode:
        raise BackupError(f"{Path(args[0]).name} failed: {done.stderr.strip()[-2000:]}")
    return done


# --- taking a backup ------------------------------------------------------------------------


def _dump_database(alias: str, dest: Path) -> dict[str, int]:
    """Write the database to `dest`; return the row counts of exactly what was written."""
    conn = connections[alias]
    if conn.in_atomic_block:
        raise BackupError("Take backups outside a transaction.")
    if conn.vendor == "sqlite":
        conn.ensure_connection()
        target = sqlite3.connect(dest)
        try:
            conn.connection.backup(target)
        finally:
            target.close()
        return _sqlite_counts(dest)
    # PostgreSQL: count the rows in a repeatable-read snapshot and dump that same snapshot.
    program = _pg_program("pg_dump", alias)
    conn.ensure_connection()
    raw = conn.connection
    with raw.transaction(), raw.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _count_tables(cursor, conn.introspection.table_names(), conn.ops.quote_name)
        _run([program, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}", f"--file={dest}"], _pg_env(alias))
    return counts


def backup_create(dest: Path, *, alias: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """Write a backup archive to `dest` (written to a temporary name, renamed when complete)."""
    engine = _engine(alias)
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="statewide-backup-") as tmp:
        db_file = Path(tmp) / _DB_MEMBER[engine]
        counts = _dump_database(alias, db_file)
        members: dict[str, Path] = {db_file.name: db_file}
        media = _media_root()
        if media is not None and media.is_dir():
            for path in sorted(p for p in media.rglob("*") if p.is_file()):
                members["media/" + path.relative_to(media).as_posix()] = path
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "app_version": app_version(),
            "engine": engine,
            "uploads": "local" if media is not None else "not included: the default storage is not local files",
            "migrations": _applied_migrations(alias),
            "tables": counts,
            "files": {name: {"sha256": _sha256(path), "size": path.stat().st_size} for name, path in members.items()},
        }
        partial = dest.with_name(dest.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(dt.datetime.now(dt.UTC).timestamp())
            tar.addfile(info, io.BytesIO(data))
            for name, path in members.items():
                tar.add(path, arcname=name, recursive=False)
        partial.replace(dest)
    return manifest


# --- reading and verifying an archive --------------------------------------------------------


@contextmanager
def _unpacked(archive: Path) -> Iterator[tuple[Path, Verified]]:
    """Unpack into a temporary folder and check every member against the manifest."""
    with tempfile.TemporaryDirectory(prefix="statewide-restore-") as tmp:
        root = Path(tmp)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                names = tar.getnames()
                if MANIFEST not in names:
                    raise BackupError(f"{archive} is not a Statewide backup (it has no {MANIFEST}).")
                for member in tar.getmembers():
                    parts = PurePosixPath(member.name).parts
                    if not (member.isfile() or member.isdir()) or member.name.startswith("/") or ".." in parts:
                        raise BackupError(f"{archive} holds an unsafe member: {member.name!r}.")
                tar.extractall(root, filter="data")
        except (tarfile.TarError, EOFError, OSError, UnicodeDecodeError) as exc:
            raise BackupError(f"{archive} cannot be read as a Statewide backup: {exc}") from exc
        try:
            manifest = json.loads((root / MANIFEST).read_text())
        except (ValueError, UnicodeDecodeError) as exc:
            raise BackupError(f"{archive}: {MANIFEST} is not valid JSON.") from exc
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BackupError(f"{archive} is not a {FORMAT} archive (format {manifest.get('format') if isinstance(manifest, dict) else None!r}).")
        result = Verified(manifest)
        listed = manifest.get("files") or {}
        present = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} - {MANIFEST}
        for name in sorted(set(listed) - present):
            result.problems.append(f"{name}: listed in the manifest but missing from the archive")
        for name in sorted(present - set(listed)):
            result.problems.append(f"{name}: in the archive but not in the manifest")
        for name in sorted(set(listed) & present):
            if _sha256(root / name) != listed[name].get("sha256"):
                result.problems.append(f"{name}: checksum does not match the manifest (the archive is corrupt)")
        engine = manifest.get("engine")
        if engine not in _DB_MEMBER or _DB_MEMBER[engine] not in listed:
            result.problems.append(f"the archive holds no database dump for engine {engine!r}")
        yield root, result


def _check_dump(root: Path, result: Verified, alias: str) -> None:
    engine = result.manifest["engine"]
    db_file = root / _DB_MEMBER[engine]
    if engine == "sqlite":
        try:
            db = sqlite3.connect(db_file)
            try:
                check = db.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                db.close()
            if check != "ok":
                result.problems.append(f"database.sqlite3 fails SQLite's integrity check: {check}")
            elif (counts := _sqlite_counts(db_file)) != result.manifest.get("tables"):
                result.problems.append(f"database.sqlite3: row counts differ from the manifest in {_differences(result.manifest.get('tables') or {}, counts)}")
        except sqlite3.DatabaseError as exc:
            result.problems.append(f"database.sqlite3 is not a readable SQLite database: {exc}")
    elif connections[alias].vendor == "postgresql":
        try:
            _run([_pg_program("pg_restore", alias), "--list", str(db_file)], _pg_env(alias))
        except BackupError as exc:
            result.problems.append(f"database.dump is not a readable pg_dump archive: {exc}")


def _differences(expected: dict[str, int], actual: dict[str, int]) -> str:
    names = sorted(n for n in set(expected) | set(actual) if expected.get(n) != actual.get(n))
    return ", ".join(f"{n} ({expected.get(n)} expected, {actual.get(n)} found)" for n in names[:10])


def backup_verify(archive: Path, *, alias: str = DEFAULT_DB_ALIAS) -> Verified:
    """Check an archive without changing anything: checksums, members, and a readable dump."""
    with _unpacked(Path(archive)) as (root, result):
        if result.ok:
            _check_dump(root, result, alias)
        return result


# --- restoring ---------------------------------------------------------------------------------


def _schema_problems(manifest: dict[str, Any], alias: str) -> list[str]:
    problems = []
    engine = _engine(alias)
    if manifest.get("engine") != engine:
        problems.append(f"the archive is a {manifest.get('engine')} backup; this installation runs on {engine}")
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = sorted(f"{app}.{name}" for app, names in (manifest.get("migrations") or {}).items() for name in names if (app, name) not in known)
    if unknown:
        problems.append(f"the archive was made by a newer version of Statewide (migrations this code does not have: {', '.join(unknown[:5])})")
    return problems


def _restore_database(root: Path, manifest: dict[str, Any], alias: str) -> None:
    conn = connections[alias]
    if conn.in_atomic_block:
        raise BackupError("Restore outside a transaction.")
    db_file = root / _DB_MEMBER[manifest["engine"]]
    if conn.vendor == "sqlite":
        conn.ensure_connection()
        source = sqlite3.connect(db_file)
        try:
            source.backup(conn.connection)  # page by page into the live database, as one write
        finally:
            source.close()
        return
    program = _pg_program("pg_restore", alias)
    conn.close()  # hold no locks while the tables are replaced
    _run(
        [
            program,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            conn.settings_dict["NAME"],
            str(db_file),
        ],
        _pg_env(alias),
    )


def _restore_media(root: Path) -> int:
    media = _media_root()
    source = root / "media"
    if media is None:
        return 0
    media.parent.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=media.parent))
    if source.is_dir():
        shutil.copytree(source, incoming, dirs_exist_ok=True)
    old = media.with_name(media.name + ".before-restore")
    shutil.rmtree(old, ignore_errors=True)
    if media.exists():
        media.rename(old)
    incoming.rename(media)
    shutil.rmtree(old, ignore_errors=True)
    return sum(1 for p in media.rglob("*") if p.is_file())


def backup_restore(archive: Path, *, alias: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """Replace the database and uploads with the archive's. Refuses (changing nothing) an archive that fails verification."""
    with _unpacked(Path(archive)) as (root, result):
        if result.ok:
            _check_dump(root, result, alias)
        problems = result.problems + _schema_problems(result.manifest, alias)
        if problems:
            raise BackupError("Nothing was restored: " + "; ".join(problems) + ".")
        _restore_database(root, result.manifest, alias)
        files = _restore_media(root)
    counts = table_counts(alias)
    if counts != result.manifest["tables"]:
        raise BackupError(f"The database was restored but its row counts differ from the manifest in {_differences(result.manifest['tables'], counts)}.")
    return {"manifest": result.manifest, "files": files}
