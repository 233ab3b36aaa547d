"""Browsable API documentation rendered from the OpenAPI document itself, as an accessible page
(Swagger UI fails WCAG 2.1 AA: nested interactive controls, low contrast, no page language)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from statewide.api.v1 import api

METHODS = ("get", "post", "put", "patch", "delete")


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref:
        return components.get(ref.rsplit("/", 1)[-1], {})
    return schema


def _type_label(schema: dict[str, Any], components: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(_type_label(s, components) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list of {_type_label(schema.get('items', {}), components)}"
    label = str(schema.get("type", "object"))
    return f"{label} ({schema['format']})" if "format" in schema else label


def _fields(schema: dict[str, Any], components: dict[str, Any]) -> list[dict[str, Any]]:
    resolved = _resolve(schema, components)
    required = set(resolved.get("required", []))
    return [
        {"name": name, "type": _type_label(prop, components), "required": name in required, "description": prop.get("description", "")}
        for name, prop in resolved.get("properties", {}).items()
    ]


def _operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    components = spec.get("components", {}).get("schemas", {})
    groups: dict[str, list[dict[str, Any]]] = {}
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if not op:
                continue
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            responses = []
            for status, response in op.get("responses", {}).items():
                content = response.get("content", {}).get("application/json", {}).get("schema")
                responses.append(
                    {"status": status, "description": response.get("description", ""), "type": _type_label(content, components) if content else ""}
                )
            groups.setdefault((op.get("tags") or ["other"])[0], []).append(
                {
                    "refs": _refs(op, components),
                    "id": op.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": _type_label(p.get("schema", {}), components),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": _fields(body, components) if body else [],
                    "responses": responses,
                }
            )
    return [{"tag": tag, "operations": ops} for tag, ops in sorted(groups.items())]


def _refs(node: Any, components: dict[str, Any], found: set[str] | None = None) -> set[str]:
    """The names of every schema `node` refers to, directly or through other schemas."""
    found = set() if found is None else found
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            if name not in found:
                found.add(name)
                _refs(components.get(name, {}), components, found)
        for value in node.values():
            _refs(value, components, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, components, found)
    return found


def _schemas(spec: dict[str, Any], names: set[str]) -> list[dict[str, Any]]:
    components = spec.get("components", {}).get("schemas", {})
    return [{"name": name, "fields": _fields(components[name], components)} for name in sorted(names) if name in components]


def _sections(spec: dict[str, Any]) -> list[dict[str, Any]]:
    groups = _operations(spec)
    for group in groups:
        group["slug"] = slugify(group["tag"])
    return groups


@require_safe
def api_docs(request: HttpRequest, section: str | None = None) -> HttpResponse:
    """The index (what the API is, its sections) or one section: its operations and the schemas they use.

    One page per section: each stays short enough to read and to check, however many modules
    the API grows."""
    spec = api.get_openapi_schema()
    groups = _sections(spec)
    context: dict[str, Any] = {"info": spec["info"], "groups": groups, "section": section}
    if section is not None:
        chosen = next((g for g in groups if g["slug"] == section), None)
        if chosen is None:
            raise Http404
        context["group"] = chosen
        context["schemas"] = _schemas(spec, set().union(*(op["refs"] for op in chosen["operations"])))
    return TemplateResponse(request, "web/api_docs.html", context)
