"""Reading JSON from callers and files: one function, so no importer or endpoint can be made to crash.

`parse_json` raises `ValueError` (with a message fit for a field error) for text that is not JSON,
that nests deeper than `MAX_DEPTH` arrays and objects (100,000 levels would exhaust the stack
here or in a schema validator), or that holds a number too large to read.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_DEPTH = 64


def json_depth(value: Any) -> int:
    """How deeply arrays and objects nest in `value` (a scalar is 0), without recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            node = list(node.values())
        if isinstance(node, list):
            deepest = max(deepest, depth + 1)
            if depth + 1 <= MAX_DEPTH:
                stack.extend((child, depth + 1) for child in node)
    return deepest


def parse_json(text: str | bytes) -> Any:
    try:
        data = json.loads(text)
    except RecursionError:
        raise ValueError(
            ngettext(
                "The JSON nests arrays and objects more than %(n)d level deep.", "The JSON nests arrays and objects more than %(n)d levels deep.", MAX_DEPTH
            )
            % {"n": MAX_DEPTH}
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(_("Not valid JSON (%(error)s).") % {"error": exc}) from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise ValueError(_("Not valid JSON (%(error)s).") % {"error": exc}) from None
    if json_depth(data) > MAX_DEPTH:
        raise ValueError(
            ngettext(
                "The JSON nests arrays and objects more than %(n)d level deep.", "The JSON nests arrays and objects more than %(n)d levels deep.", MAX_DEPTH
            )
            % {"n": MAX_DEPTH}
        )
    return data
