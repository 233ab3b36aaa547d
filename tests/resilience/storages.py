"""Storages that fail as a full disk or a broken storage backend would (set with override_settings(STORAGES=...))."""

from __future__ import annotations

import errno
import os
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage


class FullDiskStorage(InMemoryStorage):
    """Every write fails at once with ENOSPC (no space left on device)."""

    def _save(self, name: str, content: Any) -> str:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), name)


class FailsMidwayStorage(InMemoryStorage):
    """Writes the first bytes of the file under its name, then the device fails (EIO): a partial file is left."""

    def _save(self, name: str, content: Any) -> str:
        content.seek(0)
        head = content.read(16)
        super()._save(name, ContentFile(head))
        raise OSError(errno.EIO, os.strerror(errno.EIO), name)


def stored_files(storage: Any, path: str = "") -> list[str]:
    """Every file the storage holds."""
    dirs, files = storage.listdir(path)
    found = [f"{path}/{f}".lstrip("/") for f in files]
    for d in dirs:
        found += stored_files(storage, f"{path}/{d}".lstrip("/"))
    return found


def failing(backend: type) -> dict[str, Any]:
    return {
        "default": {"BACKEND": f"{backend.__module__}.{backend.__qualname__}"},
        "staticfiles": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
