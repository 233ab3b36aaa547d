"""The database cache behind `CACHE_URL=db://…`: Django's, with one statement per write.

Django's `DatabaseCache` spends five round trips on every `set`: it counts the table's rows (to
cull past `MAX_ENTRIES`), then, inside a transaction, selects the key and inserts or updates it. A
cold page stores up to three entries (the page, a fragment, the state summaries), so those round
trips were about a third of its queries. Here a `set` is one `INSERT … ON CONFLICT (cache_key) DO
UPDATE` (PostgreSQL and SQLite both have it), and the table's rows are counted on one write in
`CULL_EVERY` of each process, so the table still stays near `MAX_ENTRIES` without a count per write.
A large value (a whole page: 78 KB of HTML for the biggest state profile, 104 KB as Django stores
it) is stored compressed (11 KB). Reads, `add`, `touch`, deletes and culling are Django's own.
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import pickle
import zlib
from contextlib import nullcontext
from typing import Any

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import DatabaseError, connections, router, transaction
from django.utils import timezone

CULL_EVERY = 50  # writes per process between two row counts (the first write of a process counts)
COMPRESS_FROM = 4096  # bytes of pickle from which a value is stored compressed
_writes = itertools.count()


def _pickled(value: Any, protocol: int) -> bytes:
    """The value's pickle; a large one (a whole page) compressed, as a pickle that inflates itself
    when loaded, so Django's own reads (`get`, `get_many`) need no change and older entries still load."""
    raw = pickle.dumps(value, protocol)
    if len(raw) < COMPRESS_FROM:
        return raw
    return pickle.dumps(_Compressed(zlib.compress(raw, 1)), protocol)


class _Compressed:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def __reduce__(self) -> tuple[Any, tuple[bytes]]:
        return _inflate, (self.data,)


def _inflate(data: bytes) -> Any:
    return pickle.loads(zlib.decompress(data))  # noqa: S301 (our own cache entries, as Django's backend itself loads them)


class DatabaseCache(DjangoDatabaseCache):
    # `_base_set`, `_table` and `_cull` are Django's own (django/core/cache/backends/db.py), private
    # and so not in django-stubs: hence the type: ignore comments below.
    def _base_set(self, mode: str, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT) -> bool:
        if mode != "set":
            return bool(super()._base_set(mode, key, value, timeout))  # type: ignore[misc]
        seconds = self.get_backend_timeout(timeout)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table = quote(self._table)  # type: ignore[attr-defined]
        now = timezone.now().replace(microsecond=0)
        tz = dt.UTC if settings.USE_TZ else None
        expires = dt.datetime.max.replace(tzinfo=tz) if seconds is None else dt.datetime.fromtimestamp(seconds, tz=tz)
        encoded = base64.b64encode(_pickled(value, self.pickle_protocol)).decode("latin1")
        key_column, value_column, expires_column = quote("cache_key"), quote("value"), quote("expires")
        sql = (
            f"INSERT INTO {table} ({key_column}, {value_column}, {expires_column}) VALUES (%s, %s, %s) "  # noqa: S608 (names quoted by the backend, values as parameters)
            f"ON CONFLICT ({key_column}) DO UPDATE SET {value_column} = EXCLUDED.{value_column}, {expires_column} = EXCLUDED.{expires_column}"
        )
        params = [key, encoded, connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0))]
        try:
            # Inside a caller's transaction a failed write must not break it: a savepoint there only.
            with transaction.atomic(using=db) if connection.in_atomic_block else nullcontext(), connection.cursor() as cursor:
                if next(_writes) % CULL_EVERY == 0:
                    self._cull_to_max(db, cursor, table, now)
                cursor.execute(sql, params)
        except DatabaseError:
            return False  # like Django's: a concurrent write may win; a cache write may fail quietly
        return True

    def _cull_to_max(self, db: str, cursor: Any, table: str, now: dt.datetime) -> None:
        """Django's cull (expired entries, then a 1/CULL_FREQUENCY share of the rest), repeated
        until the table is back within MAX_ENTRIES: between two counts it may have grown by
        CULL_EVERY entries, more than one cull removes."""
        count = f"SELECT COUNT(*) FROM {table}"  # noqa: S608 (the table name, quoted)
        cursor.execute(count)
        rows = cursor.fetchone()[0]
        while rows > self._max_entries:
            self._cull(db, cursor, now, rows)  # type: ignore[attr-defined]
            cursor.execute(count)
            rows, before = cursor.fetchone()[0], rows
            if rows >= before:
                return
