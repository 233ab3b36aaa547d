"""Uploads go to local files by default and to an S3-compatible store when FILE_STORAGE_URL says so (no network)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.test import override_settings
from storages.backends.s3 import S3Storage

from statewide.programs.models import Attachment
from statewide.settings.base import file_storage_from_url
from statewide.settings.env import Env


def test_empty_means_local_files_and_s3_means_django_storages() -> None:
    local = file_storage_from_url("", Path("/srv/media"))
    assert local == {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": Path("/srv/media")}}
    s3 = file_storage_from_url("s3://statewide-files/uploads?endpoint_url=https://minio.example.org&region_name=us-east-1", Path("/srv/media"))
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3["OPTIONS"] == {
        "bucket_name": "statewide-files",
        "location": "uploads",
        "endpoint_url": "https://minio.example.org",
        "region_name": "us-east-1",
        "default_acl": "private",
        "file_overwrite": False,
        "querystring_auth": True,
    }
    for bad in ("ftp://host/x", "s3://key:secret@bucket", "s3://bucket?acl=public-read", "s3://"):
        with pytest.raises(ValueError, match="FILE_STORAGE_URL"):
            file_storage_from_url(bad, Path("/srv/media"))


def test_the_setting_switches_the_backend_the_attachments_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FILE_STORAGE_URL", "s3://statewide-files/programs?endpoint_url=https://minio.example.org")
    url = Env().FILE_STORAGE_URL  # read from the environment like every option
    configured = {"default": file_storage_from_url(url, Path("/srv/media")), "staticfiles": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    with override_settings(STORAGES=configured):
        backend = storages["default"]
        assert isinstance(backend, S3Storage) and backend.bucket_name == "statewide-files" and backend.location == "programs"
        # Attachments are stored through the default storage, which now is the S3 store.
        assert Attachment._meta.get_field("file").storage is default_storage
        assert default_storage.bucket_name == "statewide-files"
    local = {"default": file_storage_from_url("", Path("/srv/media")), "staticfiles": configured["staticfiles"]}
    with override_settings(STORAGES=local):
        assert isinstance(storages["default"], FileSystemStorage) and not hasattr(default_storage, "bucket_name")
