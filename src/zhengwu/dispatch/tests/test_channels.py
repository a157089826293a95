"""One port for all hotlines (issue 15 §9): volume, first-response and dispatch times per channel, on a
staff page with a selector and an ECharts chart; figures checked against a hand-computed example."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zhengwu.dispatch.models import Assignment, Event
from zhengwu.dispatch.selectors.channels import channel_figures

pytestmark = pytest.mark.django_db


def _event(case_no, channel, received, *, dispatch_after=None, accept_after=None, unit=None):
    e = Event.objects.create(
        case_no=case_no,
        channel=channel,
        title="t",
        text="x",
        received_at=received,
        state="dispatched",
        accepted_at=received + accept_after if accept_after else None,
    )
    if dispatch_after is not None:
        Assignment.objects.create(event=e, unit=unit, tier="street", rule="r", inputs={},
                                  dispatched_at=received + dispatch_after)
    return e


@pytest.fixture
def sample(cast):
    unit = cast["gy"].memberships.first().unit
    now = timezone.now().replace(microsecond=0) - timedelta(hours=1)
    _event(
        "LH1",
        "hotline",
        now,
        dispatch_after=timedelta(minutes=10),
        accept_after=timedelta(minutes=30),
        unit=unit,
    )
    _event(
        "LH2",
        "hotline",
        now,
        dispatch_after=timedelta(minutes=20),
        accept_after=timedelta(minutes=90),
        unit=unit,
    )
    _event("LH3", "hotline", now)  # not yet dispatched: counted in volume only
    _event("LH4", "web", now, dispatch_after=timedelta(minutes=5), unit=unit)
    _event("LH5", "web", now - timedelta(days=60), dispatch_after=timedelta(minutes=5), unit=unit)  # outside
    return now


def test_figures_match_a_hand_computed_example(sample):
    today = timezone.localdate()
    rows = {r["channel"]: r for r in channel_figures(start=today - timedelta(days=29), end=today)["rows"]}
    assert rows["hotline"]["volume"] == 3 and rows["web"]["volume"] == 1
    assert rows["hotline"]["dispatch"] == {"n": 2, "mean": 15.0, "median": 15.0, "p90": 20.0}
    assert rows["hotline"]["first_response"]["n"] == 2 and rows["hotline"]["first_response"]["mean"] == 60.0
    assert rows["web"]["first_response"]["n"] == 0 and rows["web"]["dispatch"]["median"] == 5.0
    only = channel_figures(start=today - timedelta(days=29), end=today, channel="web")
    assert [r["channel"] for r in only["rows"]] == ["web"]


def test_staff_page_has_the_chart_and_the_selector_and_is_closed_to_units(client, cast, sample):
    client.force_login(cast["dispatcher"])
    page = client.get("/dispatch/channels/")
    html = page.content.decode()
    assert page.status_code == 200 and "echarts" in html and 'id="chart-channels"' in html
    assert 'name="channel"' in html and 'name="start"' in html
    assert '<td class="volume">3</td>' in html
    data = client.get("/dispatch/channels/?channel=web&format=json").json()
    assert [r["channel"] for r in data["rows"]] == ["web"]
    bad = client.get("/dispatch/channels/?start=2026-12-01&end=2026-01-01")
    assert bad.status_code == 400 and "截止日期早于起始日期" in bad.content.decode()
    client.force_login(cast["gy"])
    assert client.get("/dispatch/channels/").status_code == 403
