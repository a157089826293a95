"""The background task and its one deferred follow-up run (the Schedule row keeps runs from multiplying)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zhengwu.outbox import services, standard, tasks
from zhengwu.outbox.models import Message, Schedule

pytestmark = pytest.mark.django_db


def test_reserve_schedule_only_when_no_earlier_run_is_queued():
    now = timezone.now()
    assert services.reserve_schedule(run_at=now + timedelta(seconds=30), now=now)
    assert not services.reserve_schedule(
        run_at=now + timedelta(seconds=60), now=now
    )  # an earlier one is queued
    assert services.reserve_schedule(
        run_at=now + timedelta(seconds=10), now=now
    )  # earlier than the queued one
    assert Schedule.objects.get().scheduled_for == now + timedelta(seconds=10)
    later = now + timedelta(seconds=11)  # the queued run's time has passed: a new one may be queued
    assert services.reserve_schedule(run_at=later + timedelta(seconds=60), now=later)


def test_task_delivers_and_returns_a_report(receiver, make_destination):
    make_destination(receiver.url)
    services.enqueue(topic="t", key="k1", payload={})
    result = tasks.deliver_due.enqueue()  # ImmediateBackend in tests: runs now
    assert result.return_value == "claimed 1, delivered 1, retrying 0, dead 0"
    assert Message.objects.get().state == standard.DELIVERED
    assert not Schedule.objects.exists()  # the immediate backend cannot defer: nothing reserved
