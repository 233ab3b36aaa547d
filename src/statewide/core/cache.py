"""The one caching mechanism: content versions, values cached by version, and shared public pages.

* Every audited write bumps the version of its content domain (the app label of the object it
  changed: "policies", "frameworks", "places", "selfassessment", …) inside the write's own
  transaction (`audit_record` calls `content_changed`). A rolled-back write bumps nothing; a
  committed one is visible to the very next read. Bulk writers that skip `audit_record` call
  `content_changed` themselves.
* `cached_by_version(name, domains, compute, *parts)` caches a computed value (an aggregate, a
  rendered fragment) under a key made of the versions of the domains it reads: a write makes the
  next read compute afresh; nothing stale is ever served. Old entries simply expire.
* `@public_page(*domains)` caches whole GET responses for anonymous callers (no session cookie,
  no Authorization header, no pending messages), sends ETag, Last-Modified and Cache-Control so a
  proxy or CDN may keep them too (revalidating every time unless PUBLIC_MAX_AGE allows staleness),
  and answers conditional requests with 304. Signed-in callers get the view's own response marked
  `Cache-Control: private, no-cache` and `Vary: Cookie`: never shared.
* `shared_fragment(template, domains, context, *parts, shareable=…)` caches a rendered part of a
  page that is the same for every reader allowed to see all of it (a state's records), so signed-in
  readers, whose whole pages are never shared, do not render it again and again.

The cache backend is the `default` cache (CACHE_URL: database cache by default, Redis for large
deployments). See docs/performance.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from statewide.core.models import ContentVersion

T = TypeVar("T")
KEY_PREFIX = "sw2"  # changed with the format of entries (sw2: large ones compressed, core.dbcache), so two versions running side by side during a deploy never read each other's
ENTRY_TIMEOUT = 24 * 3600  # keys change with every write, so entries only need to outlive a quiet day
VARY = ("Cookie", "Accept-Language", "HX-Request", "HX-Target", "Authorization")
_HTMX_HEADERS = ("HX-Request", "HX-Target", "HX-Boosted", "HX-History-Restore-Request")


def content_changed(*domains: str, scopes: Iterable[str] | None = None) -> None:
    """Bump the version of each domain, inside the caller's transaction.

    Each domain also has scoped versions, `domain@scope` (a state code): `scopes` names the
    scopes the write touched, and bumps their versions; a write without scopes bumps `domain@*`,
    which makes every scope of the domain stale. Aggregates kept per scope (the per-state policy
    summaries) read them; whole-domain caches read the domain's own version."""
    keys: list[str] = []
    for domain in dict.fromkeys(d for d in domains if d):
        keys.append(domain)
        keys += [f"{domain}@{s}" for s in sorted(set(scopes))] if scopes is not None else [f"{domain}@*"]
    if not keys:
        return
    memo = _request_versions.get()
    if memo is not None:
        memo.clear()  # this request must see its own write
    bumped = _bump(keys)
    if len(bumped) == len(keys):
        return
    # The first write of a domain or scope: create the missing counters (ON CONFLICT DO NOTHING, so
    # a concurrent creator is no error), then bump exactly those our first UPDATE did not reach.
    missing = sorted(set(keys) - bumped)
    ContentVersion.objects.bulk_create([ContentVersion(domain=k, version=0) for k in missing], ignore_conflicts=True)
    _bump(missing)


def _bump(keys: list[str]) -> set[str]:
    """Bump these counters in one statement; the domains it found (UPDATE … RETURNING: PostgreSQL,
    and SQLite 3.35+, so a counter created concurrently between two queries is never skipped)."""
    table = connection.ops.quote_name(ContentVersion._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    marks = ", ".join(["%s"] * len(keys))
    with connection.cursor() as cursor:
        sql = f"UPDATE {table} SET version = version + 1, changed_at = %s WHERE domain IN ({marks}) RETURNING domain"  # noqa: S608 (names from the model, values as parameters)
        cursor.execute(sql, [now, *keys])
        return {row[0] for row in cursor.fetchall()}


def scoped_versions(domain: str, *, also: Iterable[str] = ()) -> tuple[str, dict[str, int]]:
    """What a per-scope aggregate of `domain` is computed from, in one query: (the versions that make
    every scope stale: `domain@*` and the domains in `also`, as one string; {scope: version of
    `domain@scope`})."""
    wide = sorted(set(also))
    rows = ContentVersion.objects.filter(Q(domain__startswith=f"{domain}@") | Q(domain__in=wide)).values_list("domain", "version")
    scoped: dict[str, int] = {}
    others: dict[str, int] = {}
    for key, version in rows:
        if key.startswith(f"{domain}@"):
            scoped[key.split("@", 1)[1]] = version
        else:
            others[key] = version
    return _epoch(scoped.pop("*", 0), others, wide), scoped


def scoped_version(domain: str, scope: str, *, also: Iterable[str] = ()) -> tuple[str, int]:
    """`scoped_versions` for one scope: (the same epoch string, the version of `domain@scope`), read
    through `content_versions`, so without a query when this request has read them already."""
    wide = sorted(set(also))
    found = {d: v for d, v, _at in content_versions([f"{domain}@*", f"{domain}@{scope}", *wide])[0]}
    return _epoch(found.get(f"{domain}@*", 0), found, wide), found.get(f"{domain}@{scope}", 0)


def _epoch(wide_scope: int, others: dict[str, int], wide: list[str]) -> str:
    return ".".join(str(v) for v in (wide_scope, *(others.get(d, 0) for d in wide)))


def domain_of(object_type: str, action: str = "") -> str:
    """The content domain of an audited change: the app label of its object type ("policies.policyrecord")."""
    return (object_type or action).split(".", 1)[0]


# The versions one request has read, so a page that reads the same domains for its whole response,
# its fragments and its aggregates asks the database once. Set by `remember_versions` around each
# request; a write in the request (`content_changed`) forgets them, so the request sees its own write.
_request_versions: ContextVar[dict[str, tuple[int, dt.datetime] | None] | None] = ContextVar("statewide_request_versions", default=None)


@contextmanager
def remember_versions() -> Iterator[None]:
    """Read each content version at most once until the block ends (one request: `VersionMemoMiddleware`)."""
    token = _request_versions.set({})
    try:
        yield
    finally:
        _request_versions.reset(token)


def content_versions(domains: Iterable[str]) -> tuple[tuple[tuple[str, int, str], ...], dt.datetime | None]:
    """((domain, version, changed-at), …) for the domains, and the latest change time (one query,
    none for domains this request has already read)."""
    wanted = sorted(set(domains))
    memo = _request_versions.get()
    missing = wanted if memo is None else [d for d in wanted if d not in memo]
    found: dict[str, tuple[int, dt.datetime] | None] = dict.fromkeys(missing)
    if missing:
        found.update({d: (v, at) for d, v, at in ContentVersion.objects.filter(domain__in=missing).values_list("domain", "version", "changed_at")})
        if memo is not None:
            memo.update(found)
    known = found if memo is None else memo
    rows = [(d, *row) for d in wanted if (row := known[d]) is not None]
    latest = max((r[2] for r in rows), default=None)
    # The change time is part of the key, so a database rebuilt from scratch never meets old entries.
    return tuple((d, v, at.isoformat()) for d, v, at in rows), latest


def _key(name: str, parts: Any) -> str:
    return f"{KEY_PREFIX}:{name}:{hashlib.sha256(repr(parts).encode()).hexdigest()[:40]}"


def cached_by_version(name: str, domains: Iterable[str], compute: Callable[[], T], *parts: Any) -> T:
    """`compute()`, cached until a write bumps one of `domains`. `parts` are the other inputs (dates, ids)."""
    versions, _latest = content_versions(domains)
    key = _key(name, (versions, parts))
    hit = cache.get(key)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    value = compute()
    cache.set(key, value, ENTRY_TIMEOUT)
    return value


def shared_fragment(template: str, domains: Iterable[str], context: Callable[[], dict[str, Any]], *parts: Any, shareable: bool) -> SafeString:
    """A rendered template fragment that does not depend on who reads it, cached by version for
    signed-in readers too (whole pages are never shared between them: `public_page`). `context` is
    called only when the fragment must be rendered. `shareable=False` (the reader sees something
    others do not) renders it for this reader alone. The fragment gets no request: nothing in it
    may depend on the reader."""

    def render() -> SafeString:
        return SafeString(render_to_string(template, context()))

    if not shareable:
        return render()
    return cached_by_version(f"fragment:{template}", domains, render, *parts, get_language(), timezone.localdate())


def is_shareable(request: HttpRequest) -> bool:
    """True when the response cannot depend on who asks: no session, no token, no flashed messages."""
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return "Authorization" not in request.headers


def mark_private(response: HttpResponseBase) -> HttpResponseBase:
    """A response for one signed-in caller: browsers may keep it, proxies and CDNs never."""
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("Cookie", "Authorization"))
    return response


def _public_headers(response: HttpResponseBase, etag: str, last_modified: dt.datetime | None) -> None:
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    max_age = int(getattr(settings, "PUBLIC_MAX_AGE", 0))
    if max_age > 0:
        patch_cache_control(response, public=True, max_age=max_age)
    else:
        patch_cache_control(response, public=True, no_cache=True)
    patch_vary_headers(response, VARY)


def public_page(*domains: str, daily: bool = True) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Cache a public GET view for anonymous callers, keyed by the versions of `domains`.

    `daily`: the page also changes when the date changes (as-of rules: records come into force on
    their date), so the day is part of the key and Last-Modified is at least today's midnight."""

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not is_shareable(request):
                return mark_private(view(request, *args, **kwargs))
            versions, latest = content_versions(domains)
            parts: list[Any] = [view.__module__, view.__qualname__, request.get_full_path(), get_language(), versions]
            parts.append([request.headers.get(h, "") for h in _HTMX_HEADERS])
            if daily:
                today = timezone.localdate()
                parts.append(today.isoformat())
                midnight = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
                latest = max(latest, midnight) if latest else midnight
            key = _key("page", parts)
            etag = quote_etag(key.rsplit(":", 1)[1][:32])
            not_modified = get_conditional_response(request, etag=etag, last_modified=int(latest.timestamp()) if latest else None)
            if not_modified is not None:
                _public_headers(not_modified, etag, latest)
                return not_modified
            entry = cache.get(key)
            if entry is not None:
                response: HttpResponseBase = HttpResponse(entry["content"], status=entry["status"], content_type=entry["content_type"])
                for name, value in entry["headers"]:
                    response[name] = value
                response["X-Cache"] = "hit"
            else:
                request.shared_cache = True  # type: ignore[attr-defined]  # templates leave per-visitor bits out
                response = view(request, *args, **kwargs)
                render = getattr(response, "render", None)
                if callable(render) and not getattr(response, "is_rendered", True):
                    render()
                if response.status_code == 200 and not response.streaming and not response.cookies and isinstance(response, HttpResponse):
                    headers = [(h, response[h]) for h in ("Content-Disposition", "Content-Language") if response.has_header(h)]
                    cache.set(
                        key,
                        {"content": response.content, "status": 200, "content_type": response["Content-Type"], "headers": headers},
                        ENTRY_TIMEOUT,
                    )
                    response["X-Cache"] = "miss"
                else:
                    return mark_private(response)
            _public_headers(response, etag, latest)
            return response

        wrapped.public_cache_domains = domains  # type: ignore[attr-defined]
        return wrapped

    return decorate
