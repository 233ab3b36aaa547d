"""A general framework model: not hard-wired to one framework.

A framework has an ordered hierarchy of typed items (strategy, condition, core commitment, …),
an ordered set of maturity levels (phases), per-item-per-level descriptors (goal, actions,
strategic question, …), examples (spotlights), resources, and typed links between items within
and across frameworks. Every item, level, descriptor and example carries its sources and a
checked-on date, and a `confirmed` flag: unconfirmed content is labelled, never presented as fact.

Identifiers are stable UUIDs (CASE `identifier`s): content packs derive them from the framework
slug and item code, so they survive re-loads and edits; imported CASE packages keep their own.

`sources` is a list of {"url": str, "citation": str, "title": str, "checked_on": "YYYY-MM-DD"}
(a URL or a citation, or both).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from statewide.core.models import TimeStampedModel
from statewide.places.models import Jurisdiction

# Namespace for identifiers derived from slugs and codes (uuid5): stable across re-loads.
IDENTIFIER_NAMESPACE = uuid.UUID("6f1c7d2e-2b9a-4c61-9b8e-6a0d3e5f4c21")


def derived_identifier(*parts: str) -> uuid.UUID:
    return uuid.uuid5(IDENTIFIER_NAMESPACE, "/".join(parts))


class SourcedModel(TimeStampedModel):
    sources = models.JSONField(_("sources"), default=list, blank=True)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    confirmed = models.BooleanField(_("confirmed by a source"), default=True)
    status_note = models.CharField(_("note on what is not confirmed"), max_length=300, blank=True, help_text=_("Shown next to unconfirmed content."))

    class Meta:
        abstract = True


class Framework(SourcedModel):
    identifier = models.UUIDField(_("identifier"), unique=True, default=uuid.uuid4)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    short_title = models.CharField(_("short title"), max_length=120)
    publisher = models.CharField(_("publisher"), max_length=200)
    edition = models.CharField(_("edition"), max_length=80, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    licence_note = models.TextField(_("license note"), blank=True)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    is_editorial = models.BooleanField(_("Statewide's own editorial content"), default=False)
    pack_version = models.CharField(_("content pack version"), max_length=20, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    # Added in 0002: SHA-256 of the content pack file last loaded (re-loading an unchanged pack is a no-op).
    pack_digest = models.CharField(_("content pack digest"), max_length=64, blank=True)

    class Meta:
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.short_title or self.title


class ItemKind(models.TextChoices):
    STRATEGY = "strategy", _("Strategy")
    CONDITION = "condition", _("Policy condition")
    CORE_COMMITMENT = "core_commitment", _("Core commitment")
    PHASE = "phase", _("Phase")
    POLICY_TYPE = "policy_type", _("Policy type")
    STATE_STRATEGY = "state_strategy", _("State strategy")
    ATTRIBUTE = "attribute", _("Critical attribute")
    ELEMENT = "element", _("Element")
    DEFINITION = "definition", _("Definition")
    TOOL = "tool", _("Supporting tool")


class Item(SourcedModel):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="items")
    identifier = models.UUIDField(_("identifier"), unique=True, default=uuid.uuid4)
    code = models.SlugField(_("code"), max_length=120, help_text=_("Stable short name within the framework, used in URLs."))
    kind = models.CharField(_("kind"), max_length=30, choices=ItemKind.choices)
    name = models.CharField(_("name"), max_length=300)
    definition = models.TextField(_("definition"), blank=True)
    parent = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children")
    position = models.PositiveIntegerField(_("order"), default=0)
    # True for foundational items the quiz weighs more (e.g. a vision, collaborative leadership).
    is_foundational = models.BooleanField(_("foundational"), default=False)

    # Optimistic locking (core.concurrency): bumped by every draft edit and discard of this object.
    version = models.PositiveIntegerField(_("edit version"), default=1)

    class Meta:
        ordering = ["framework", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="item_code_unique_in_framework")]
        indexes = [models.Index(fields=["framework", "kind", "position"], name="item_fw_kind_pos")]

    def __str__(self) -> str:
        return self.name


class Level(SourcedModel):
    """A maturity level (phase) of a framework, in order from least to most mature."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    identifier = models.UUIDField(_("identifier"), unique=True, default=uuid.uuid4)
    code = models.SlugField(_("code"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["framework", "position"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="level_code_unique_in_framework")]

    def __str__(self) -> str:
        return self.name


class DescriptorKind(models.TextChoices):
    GOAL = "goal", _("Goal")
    ACTION = "action", _("Support action")
    STRATEGIC_QUESTION = "strategic_question", _("Strategic question")
    DESCRIPTION = "description", _("Description")


class Descriptor(SourcedModel):
    """What an item looks like at one level: a goal, an action, a strategic question, …"""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="descriptors")
    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="descriptors")
    identifier = models.UUIDField(_("identifier"), unique=True, default=uuid.uuid4)
    kind = models.CharField(_("kind"), max_length=30, choices=DescriptorKind.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("text"))

    # Optimistic locking (core.concurrency): bumped by every draft edit and discard of this object.
    version = models.PositiveIntegerField(_("edit version"), default=1)

    class Meta:
        ordering = ["item", "level__position", "kind", "position"]
        constraints = [models.UniqueConstraint(fields=["item", "level", "kind", "position"], name="descriptor_unique_slot")]

    def __str__(self) -> str:
        return f"{self.item} / {self.level} / {self.get_kind_display()}"


class Example(SourcedModel):
    """A state example or early-adopter spotlight for an item."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="examples")
    identifier = models.UUIDField(_("identifier"), unique=True, default=uuid.uuid4)
    code = models.SlugField(_("code"), max_length=120)
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, null=True, blank=True, related_name="framework_examples")
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"))
    is_spotlight = models.BooleanField(_("early-adopter spotlight"), default=False)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    # Optimistic locking (core.concurrency): bumped by every draft edit and discard of this object.
    version = models.PositiveIntegerField(_("edit version"), default=1)

    class Meta:
        ordering = ["item", "position"]
        constraints = [models.UniqueConstraint(fields=["item", "code"], name="example_code_unique_in_item")]

    def __str__(self) -> str:
        return self.title


class Resource(SourcedModel):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="resources")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, null=True, blank=True, related_name="resources")
    code = models.SlugField(_("code"), max_length=120)
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["framework", "position"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="resource_code_unique_in_framework")]

    def __str__(self) -> str:
        return self.title


class LinkKind(models.TextChoices):
    RELATED = "related", _("Related to")
    EXACT_MATCH = "exact_match", _("Exact match of")
    PART_OF = "part_of", _("Part of")
    PRECEDES = "precedes", _("Precedes")
    SERVES = "serves", _("Serves")


class Link(SourcedModel):
    """A typed link from one item to another, in the same or another framework."""

    identifier = models.UUIDField(_("identifier"), unique=True, default=uuid.uuid4)
    source = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(_("kind"), max_length=20, choices=LinkKind.choices)
    is_editorial = models.BooleanField(_("Statewide's own editorial mapping"), default=False)
    note = models.TextField(_("note"), blank=True)
    # Added in 0002: file name of the content pack that made this link (blank when made by an editor or an import).
    pack_name = models.CharField(_("content pack"), max_length=120, blank=True)

    class Meta:
        ordering = ["source", "kind", "target"]
        constraints = [models.UniqueConstraint(fields=["source", "target", "kind"], name="link_unique")]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"


class FrameworkVersion(models.Model):
    """A published version of a framework: a frozen, citable snapshot of its whole content."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.TextField(_("what changed"), blank=True)
    snapshot = models.JSONField(_("snapshot"))

    class Meta:
        ordering = ["framework", "-number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="framework_version_unique")]

    def __str__(self) -> str:
        return f"{self.framework} v{self.number}"


class DraftChange(TimeStampedModel):
    """An unpublished edit by a content editor. Public pages show published content only;
    publishing applies every draft change of a framework and freezes a new FrameworkVersion."""

    class Target(models.TextChoices):
        ITEM = "item", _("Item")
        DESCRIPTOR = "descriptor", _("Descriptor")
        EXAMPLE = "example", _("Example")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="draft_changes")
    target_type = models.CharField(_("what"), max_length=20, choices=Target.choices)
    target_identifier = models.UUIDField(_("identifier of the edited object"))
    values = models.JSONField(_("new values"), default=dict)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["framework", "created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["target_type", "target_identifier"], name="draft_change_unique_target")]

    def __str__(self) -> str:
        return f"{self.framework} draft {self.get_target_type_display()} {self.target_identifier}"
