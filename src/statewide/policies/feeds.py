"""The tracker's change feed (Atom): every saved version of a policy record, newest first."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from statewide.core.text import strip_controls
from statewide.policies.history import policy_changes
from statewide.policies.models import PolicyRecordVersion

FEED_ITEMS = 50


class PolicyChangesFeed(Feed[PolicyRecordVersion, dict[str, list[str]]]):
    """``?state=ID&type=funding`` narrow the feed (both repeatable), like the "what changed" page."""

    feed_type = Atom1Feed
    title = gettext_lazy("Statewide policy tracker: changes")
    subtitle = gettext_lazy("New, edited and removed state policy records.")
    author_name = "Statewide"

    def link(self) -> str:
        return reverse("policies:changes")

    def feed_url(self) -> str:
        return reverse("policies:feed")

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, list[str]]:
        from statewide.policies.views.records import change_filters  # noqa: PLC0415

        return change_filters(request)

    def items(self, obj: dict[str, list[str]]) -> list[PolicyRecordVersion]:
        since = timezone.now() - dt.timedelta(days=366 * 5)
        return list(policy_changes(since, jurisdictions=obj["jurisdictions"], policy_types=obj["policy_types"])[:FEED_ITEMS])

    def item_title(self, item: PolicyRecordVersion) -> str:
        # Old versions may hold text from before control characters were refused: never let them break the feed.
        return strip_controls(f"{item.jurisdiction.usps}: {item.snapshot.get('title', '')} ({item.get_action_display()}, v{item.number})")

    def item_description(self, item: PolicyRecordVersion) -> str:
        fields = ", ".join(item.changed_fields) if item.changed_fields else ""
        parts = [item.snapshot.get("summary", "")]
        if fields:
            parts.append(_("Changed: %(fields)s.") % {"fields": fields})
        if item.note:
            parts.append(item.note)
        return strip_controls(" ".join(str(p) for p in parts if p), multiline=True)

    def item_link(self, item: PolicyRecordVersion) -> str:
        if item.record_id is not None:
            return reverse("policies:detail", args=[item.record_public_id]) + f"#version-{item.number}"
        return reverse("policies:changes") + f"?since={item.created_at.date().isoformat()}#version-{item.record_public_id}-{item.number}"

    def item_guid(self, item: PolicyRecordVersion) -> str:
        return f"urn:statewide:policy-version:{item.record_public_id}:{item.number}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: PolicyRecordVersion) -> dt.datetime:
        return item.created_at

    def item_updateddate(self, item: PolicyRecordVersion) -> dt.datetime:
        return item.created_at

    def item_author_name(self, item: PolicyRecordVersion) -> str:
        return "Statewide"

    def item_extra_kwargs(self, item: PolicyRecordVersion) -> dict[str, Any]:
        return {}
