"""A routing batch reads the leaves of the classes its events were classified into, not all 500-odd."""

import pytest

from zhengwu.dispatch.models import Category
from zhengwu.dispatch.services import event_intake, routing

pytestmark = pytest.mark.django_db


def test_a_batch_context_holds_only_the_leaves_of_its_classes(ref):
    every = routing.Context.load()
    assert len(every.categories) >= 7
    some = routing.Context.load(labels=["交通运输", "交通运输", "环境保护"])
    assert set(some.categories) == {"交通运输", "环境保护"}
    assert some.categories["交通运输"] == every.categories["交通运输"]


def test_a_routed_event_gets_a_leaf_of_its_class(ref, classify_as, monkeypatch):
    classify_as("交通运输", 0.95)
    read = []
    real = routing.Context.load.__func__

    def spy(cls, **kwargs):
        read.append(kwargs.get("labels"))
        return real(cls, **kwargs)

    monkeypatch.setattr(routing.Context, "load", classmethod(spy))
    # intake routes at once (tasks run immediately in the tests)
    event = event_intake(channel="web", title="公交车不准点", text="等了一个小时公交车都没来")
    event.refresh_from_db()
    assert read == [["交通运输"]]
    assert event.state != "received" and event.category is not None and event.category.level1 == "交通运输"
    assert Category.objects.filter(level1="交通运输").count() < Category.objects.count()
