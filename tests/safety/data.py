"""Test data shared by the input-safety tests."""

from __future__ import annotations

PACK = {
    "format": "statewide-framework-pack/1",
    "pack_version": "0.1.0",
    "checked_on": "2026-11-22",
    "framework": {
        "slug": "generated-pack",
        "title": "A test framework",
        "short_title": "Test",
        "publisher": "Tests",
        "sources": [{"url": "https://example.org/p"}],
    },
    "levels": [{"code": "one", "name": "One", "sources": [{"url": "https://example.org/p"}]}],
    "items": [
        {
            "code": "first",
            "kind": "condition",
            "name": "First",
            "sources": [{"url": "https://example.org/p"}],
            "descriptors": [{"level": "one", "kind": "goal", "text": "A goal.", "sources": [{"url": "https://example.org/p"}]}],
        }
    ],
}
