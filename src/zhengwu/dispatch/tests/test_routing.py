"""Routing in the background: intake stores only; the task classifies and dispatches in batches."""

import pytest

from zhengwu.dispatch import services, tasks
from zhengwu.dispatch.models import Event, Place
from zhengwu.dispatch.services import routing
from zhengwu.ledger.models import Entry

pytestmark = pytest.mark.django_db


class _Queued:
    """A task that is queued for the worker (the database backend), not run at once."""

    is_finished = False

    def enqueue(self):
        return self


def test_intake_with_a_queued_task_only_stores_then_the_batch_routes_everything(
    cast, classify_as, monkeypatch
):
    classify_as("城乡建设", 0.9)
    monkeypatch.setattr(tasks, "dispatch_received", _Queued())
    events = [
        services.event_intake(channel="wechat", title="路灯不亮", text="路灯坏了", address=a, actor="api:wx")
        for a in ("鹿丹村", "东门老街", "火星")
    ]
    assert {e.state for e in events} == {"received"}
    assert Entry.objects.filter(object_type="dispatch.event").count() == 3
    assert routing.dispatch_pending(limit=2) == 2  # batches of `limit`, oldest first
    assert routing.dispatch_pending() == 1
    assert routing.dispatch_pending() == 0  # nothing received any more: routing is idempotent
    got = {e.address: (e.state, e.unit.code if e.unit else None) for e in Event.objects.all()}
    assert got == {
        "鹿丹村": ("dispatched", "GY-LDC"),
        "东门老街": ("dispatched", "DM-DM"),
        "火星": ("triage", None),
    }
    assert Entry.objects.filter(object_type="dispatch.event", actor_label="system").count() == 6


def test_coordinates_inside_a_configured_boundary_decide_the_place(cast, classify_as):
    classify_as("城乡建设", 0.9)
    place = Place.objects.get(name="莲塘村")
    place.polygon = [[114.17, 22.55], [114.19, 22.55], [114.19, 22.57], [114.17, 22.57]]
    place.save(update_fields=["polygon"])
    event = services.event_intake(
        channel="web",
        title="路灯不亮",
        text="路灯坏了",
        address="",
        lat=22.56,
        lng=114.18,
        reporter_phone="13812345678",
        actor="public",
    )
    assert (event.street.code, event.community.code, event.place_matched) == ("LT", "LT-LT", "莲塘村")


def test_an_administrator_edited_rule_changes_the_dispatch(cast, classify_as):
    from zhengwu.dispatch.models import DispatchRule
    from zhengwu.org.models import Unit

    classify_as("城乡建设", 0.9)
    DispatchRule.objects.create(priority=1, name="井盖一律交区城管局", tier="department", keywords="井盖",
                                unit=Unit.objects.get(code="QCGJ"))
    event = services.event_intake(channel="web", title="井盖缺失", text="鹿丹村井盖丢了", address="鹿丹村",
                                  reporter_phone="13812345678", actor="public")
    assert (event.unit.code, event.dispatch_rule) == ("QCGJ", "井盖一律交区城管局")
