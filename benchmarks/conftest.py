"""Benchmarks reuse the test suite's database set-up (reference places and framework content)."""

from tests.conftest import _clear_cache, _reference_places, django_db_setup  # noqa: F401
