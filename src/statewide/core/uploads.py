"""Storing an uploaded file so that a full disk or a failing storage backend loses nothing and leaves nothing.

The one guard of every upload that is kept in Django's storage (program attachments and annual-report
evidence, credential evidence, issuer images):

    record = Attachment(...)                      # not saved yet
    with stored_upload(record.file, name, upload), transaction.atomic():
        record.save()
        audit_record(...)

The file is written first. If the storage refuses it (`OSError`, e.g. ENOSPC, or any error of a
storage backend), whatever part of it was written is removed and `StorageUnavailable` is raised:
an `ApplicationError`, so pages show it on the form and the API answers 507 (full) or 503 (other)
with the error envelope; no row and no audit event were written. If anything fails after the file
is stored (the row, the audit event, the commit), the file is deleted again: no orphan file either.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.files import File
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from statewide.core.errors import ApplicationError

logger = logging.getLogger("statewide.uploads")
FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


class StorageUnavailable(ApplicationError):
    """The file could not be stored; nothing was saved. `http_status`: 507 when the storage is full, else 503."""

    def __init__(self, *, field: str, full: bool) -> None:
        if full:
            message = _("The file could not be stored: the server's storage is full. Nothing was saved; please try again later.")
        else:
            message = _("The file could not be stored: the server's storage is not answering. Nothing was saved; please try again later.")
        super().__init__(message, code="storage_full" if full else "storage_unavailable", fields={field: [message]})
        self.http_status = 507 if full else 503


def _remove(storage: Any, name: str) -> None:
    try:
        if name and storage.exists(name):
            storage.delete(name)
    except Exception:  # the storage is failing: it may refuse this too; the log says which file to remove
        logger.exception("upload: could not remove %s after a failed save", name)


@contextmanager
def stored_upload(field_file: FieldFile, name: str, content: File[Any], *, field: str = "file") -> Iterator[str]:
    """Write `content` to the storage of `field_file` (not saving the row), then run the block that
    writes the row; yields the stored name. See the module's docstring."""
    storage, model_field = field_file.storage, field_file.field
    # The name is settled before writing, so that a write that fails half-way can be found and removed.
    target = storage.get_available_name(model_field.generate_filename(field_file.instance, name), max_length=model_field.max_length)
    try:
        content.seek(0)
        field_file.name = storage.save(target, content, max_length=model_field.max_length)
    except Exception as exc:
        logger.exception("upload: the storage refused %s", target)
        _remove(storage, target)
        field_file.name = None
        raise StorageUnavailable(field=field, full=isinstance(exc, OSError) and exc.errno in FULL) from exc
    setattr(field_file.instance, model_field.attname, field_file.name)
    field_file._committed = True  # type: ignore[attr-defined]  # as FieldFile.save leaves it
    try:
        yield field_file.name
    except BaseException:
        _remove(storage, field_file.name)
        raise
