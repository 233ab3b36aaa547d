"""Factories for framework tests (seeded): a big synthetic framework to expose N+1 queries."""

from __future__ import annotations

import datetime as dt

import factory
import factory.random
from factory.django import DjangoModelFactory

from statewide.frameworks.models import Descriptor, Example, Framework, Item, Level, Link

factory.random.reseed_random(2026)
SOURCE = [{"url": "https://example.org/framework", "title": "Example source"}]


class FrameworkFactory(DjangoModelFactory[Framework]):
    class Meta:
        model = Framework

    slug = factory.Sequence(lambda n: f"test-framework-{n}")
    title = factory.Sequence(lambda n: f"Test framework {n}")
    short_title = factory.LazyAttribute(lambda o: o.title)
    publisher = "Test publisher"
    sources = SOURCE
    checked_on = dt.date(2026, 11, 22)
    position = 900


class LevelFactory(DjangoModelFactory[Level]):
    class Meta:
        model = Level

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: f"level-{n}")
    name = factory.Sequence(lambda n: f"Level {n}")
    position = factory.Sequence(lambda n: n)
    sources = SOURCE


class ItemFactory(DjangoModelFactory[Item]):
    class Meta:
        model = Item

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: f"item-{n}")
    kind = "condition"
    name = factory.Faker("sentence", nb_words=3)
    definition = factory.Faker("paragraph")
    position = factory.Sequence(lambda n: n)
    sources = SOURCE
    checked_on = dt.date(2026, 11, 22)


def big_framework(items: int = 30, levels: int = 4) -> Framework:
    """A framework with many items, each with descriptors at every level, examples and links."""
    fw = FrameworkFactory()
    lvls = [LevelFactory(framework=fw, position=i) for i in range(levels)]
    target = Item.objects.get(framework__slug="kw-spf-2019", code="culture-of-innovation")
    for n in range(items):
        item = ItemFactory(framework=fw, kind="condition" if n % 3 else "strategy", definition=f"Searchable widget text {n}")
        for lv in lvls:
            for kind in ("goal", "action", "strategic_question"):
                Descriptor.objects.create(item=item, level=lv, kind=kind, text=f"widget {kind} {n}", sources=SOURCE)
        Example.objects.create(item=item, code=f"ex-{n}", title=f"Example {n}", summary="widget example", sources=SOURCE)
        Link.objects.create(source=item, target=target, kind="related", is_editorial=True, note="test", sources=SOURCE)
    return fw
