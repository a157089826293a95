"""Issue 19 §4 and §6: a unit's score page shows each component with the records that made it (its system's
page, filtered), the 大分拨 component read from dispatch's unit_figures with the link
down to its figures page; the 12 months' trend and the milestone Gantt on the dashboard."""

import json
from datetime import date

import pytest
from django.urls import reverse

from zhengwu.org.roles import Role
from zhengwu.reforms import services
from zhengwu.reforms.models import Milestone
from zhengwu.reforms.rules import MilestoneDraft
from zhengwu.reforms.selectors import monthly, oversight, supervision
from zhengwu.reforms.tests.test_pages import PLAN, Q

PERIOD = {"start": date(2016, 1, 1), "end": date(2016, 12, 31)}


@pytest.fixture
def planned(make_user, units):
    """Item 1 filed by 区编办 (QBB): 调研 (QBB, due 03-31,
    done 03-30), 出台办法 (区委组织部, due 06-14, open)."""
    lead = make_user("QBB", Role.OPERATOR)
    services.plan_register(number=1, unit=units["QBB"], on=date(2016, 3, 1), actor=lead, **PLAN)
    services.plan_decompose(number=1, actor=lead, milestones=[
        MilestoneDraft("调研", "调研报告", "QBB", date(2016, 3, 31)),
        MilestoneDraft("出台办法", "办法文本", "QWZZB", date(2016, 6, 14))])
    services.plan_undertake(number=1, on=date(2016, 3, 2), actor=lead)
    services.milestone_complete(
        milestone_id=Milestone.objects.get(title="调研").pk, on=date(2016, 3, 30), actor=lead
    )
    return lead


@pytest.fixture
def only_reforms(monkeypatch):
    """This app's supervision figures only, and a fixed answer
    of dispatch's unit_figures (docs/dispatch-figures.md)."""
    monkeypatch.setattr(oversight, "providers", lambda name: {"reforms": supervision.figures})
    answer = {"start": "2016-01-01", "end": "2016-12-31",
              "formulas": [{"rate": "satisfaction", "label": "满意率"}],
              "units": [{"unit": "QWZZB", "score": 64.0, "rates": {"satisfaction": 75.0}}],
              "ranking": {"streets": [], "departments": [{"unit": "QWZZB", "score": 64.0}]}}
    real = oversight.provided
    monkeypatch.setattr(oversight, "provided", lambda app, name: (lambda *, start, end: answer) if (
        app, name) == ("dispatch", "unit_figures") else real(app, name))


def _chart(page) -> dict:
    html = page.content.decode()
    start = html.index('id="supervision-data"')
    return json.loads(html[html.index(">", start) + 1:html.index("</script>", start)])


@pytest.mark.django_db
def test_the_unit_page_shows_each_component_with_its_records_and_the_dispatch_figures(
    client, make_user, planned, only_reforms
):
    client.force_login(make_user("QDCS", Role.SUPERVISOR))
    page = client.get(reverse("reforms:supervision_unit", args=["QWZZB"]), Q)
    html = page.content.decode()
    assert page.status_code == 200
    # 区委组织部: reforms 0/1 → 0 (weight 30), dispatch 64 (weight 10): 640 / 40 = 16.00
    assert 'id="assessment-score">16.00<' in html and 'id="dispatch-score">64.00<' in html
    assert "满意率" in html and "75.00%" in html
    rows = {c["key"]: c for c in page.context["components"]}
    assert rows["dispatch"]["score"] == 64.0 and rows["dispatch"]["weight"] == 25.0
    dispatch_page = reverse("dispatch:figures") + "?start=2016-01-01&end=2016-12-31"
    assert (
        rows["dispatch"]["url"] == dispatch_page and f'href="{dispatch_page.replace("&", "&amp;")}"' in html
    )
    assert rows["reforms"]["url"].endswith("#milestones") and 'id="milestones"' in html
    assert rows["notices"]["url"] == reverse("reforms:notices") + "?unit=QWZZB"
    assert rows["credit"]["url"] == reverse("credit:public_embed", args=["QWZZB"])
    assert rows["third_party"]["url"] == reverse("reforms:assessment") + "#evaluations"
    assert rows["microprojects"]["url"] == ""  # 民生微实事 has no page by unit
    trend = client.get(_chart(page)["trend_url"]).json()
    assert trend["months"][0] == "2016-01" and trend["months"][-1] == "2016-12"
    assert trend["scores"][5] == 16.0 and trend["district"][5] == 16.0  # June: 出台办法 missed, dispatch 64
    assert trend["name"] == page.context["unit_name"]
    client.force_login(make_user("QCZJ", Role.OPERATOR))  # another unit's staff: not this unit's trend
    assert client.get(_chart(page)["trend_url"]).status_code == 403


@pytest.mark.django_db
def test_the_trend_is_each_months_composite_score_hand_computed(planned, only_reforms):
    found = monthly.compute_trend(on=date(2016, 12, 31))
    assert len(found["months"]) == 12 and found["months"][2] == "2016-03"
    # March: QBB kept 调研 (due 03-31, done 03-30) → 100; QWZZB has only dispatch's 64 → 64; district mean 82.
    assert (
        found["units"]["QBB"][2] == 100.0
        and found["units"]["QWZZB"][2] == 64.0
        and found["district"][2] == 82.0
    )
    # June: QWZZB missed 出台办法 → (30×0 + 10×64)/40 = 16; QBB nothing due → no score; district 16.
    assert (
        found["units"]["QBB"][5] is None
        and found["units"]["QWZZB"][5] == 16.0
        and found["district"][5] == 16.0
    )


@pytest.mark.django_db
def test_the_dashboard_has_a_gantt_bar_per_milestone_and_the_districts_trend(client, make_user, planned,
                                                                             only_reforms):
    client.force_login(make_user("QDCS", Role.SUPERVISOR))
    page = client.get(reverse("reforms:supervision"), Q)
    chart = _chart(page)
    # each bar from its start (the plan's registration, then
    # the day after the milestone before) to its due date
    assert [(m["title"], m["start"], m["due"], m["light"]) for m in chart["schedule"]] == [
        ("调研", "2016-03-01", "2016-03-31", "green"), ("出台办法", "2016-04-01", "2016-06-14", "red")]
    trend = client.get(chart["trend_url"]).json()
    assert len(trend["scores"]) == 12 and trend["scores"][2] == 82.0 and "district" not in trend
    assert 'id="chart-trend"' in page.content.decode()
    from pathlib import Path

    js = (Path(__file__).parents[1] / "static" / "reforms" / "supervision.js").read_text()
    assert 'type: "custom"' in js and "renderItem" in js and "chart-trend" in js


@pytest.mark.django_db
def test_notices_filter_by_unit(client, make_user, units):
    """The `notices` component's records: /reforms/notices/?unit=<code> lists only that unit's notices."""
    from zhengwu.reforms.tests.test_notices import NOTICE

    office = make_user("QDCS", Role.LEADER)
    services.notice_issue(unit_code="QBB", actor=office, item_number=1, **NOTICE)
    services.notice_issue(unit_code="QCZJ", actor=office, item_number=1, **{**NOTICE, "demand": "报送第2项"})
    client.force_login(make_user("QDCS", Role.SUPERVISOR))
    rows = client.get(reverse("reforms:notices_json"), {"unit": "QCZJ"}).json()["notices"]
    assert [n["unit"] for n in rows] == ["QCZJ"]
    assert len(client.get(reverse("reforms:notices_json")).json()["notices"]) == 2


@pytest.mark.django_db
def test_the_real_dispatch_unit_figures_give_the_dispatch_component_hand_computed(units, monkeypatch):
    """Through the real `provided("dispatch", "unit_figures")` (its stored monthly counts; no import
    of dispatch): 区发改局, March 2016 — 按时签收 3/4 = 75 %, 满意 3/4 = 75 %, 按时办结 1 ÷ (2 + 0) = 50 %,
    解决率 nothing to judge; dispatch's default weights (response 20, resolution 35, satisfaction 35,
    timeliness 10) without resolution: (20×0.75 + 35×0.75 + 10×0.5) ÷ 65 × 100 = 46.25 ÷ 65 × 100 = 71.15 —
    the unit's only component here, so its composite score too."""
    from django.apps import apps
    from django.utils import timezone

    from zhengwu.org.models import Unit

    monkeypatch.setattr(oversight, "providers", lambda name: {"reforms": supervision.figures})
    figures = apps.get_model("dispatch", "UnitMonthFigures")
    figures.objects.create(unit=Unit.objects.get(code="QFGJ"), month=date(2016, 3, 1), accept_judged=4,
                           accepted_on_time=3, rated=4, satisfied=3, resolved=2, resolved_on_time=1,
                           computed_at=timezone.now())
    got = oversight.dashboard(start=date(2016, 3, 1), end=date(2016, 3, 31), on=date(2016, 3, 31))
    assert got["dispatch_figures"]["error"] == ""
    assert got["dispatch_figures"]["units"]["QFGJ"]["score"] == 71.15
    assessed = {a["unit"]: a for a in got["assessment"]}["QFGJ"]
    assert assessed["components"]["dispatch"] == 71.15 and assessed["score"] == 71.15
    assert assessed["unit_name"] != "QFGJ"  # named from org even without other figures
