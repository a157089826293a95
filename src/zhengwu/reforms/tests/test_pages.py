"""The pages: 大督查 (who sees it, its JSON twin, its XLSX export with the same figures, the unit drill-down),
the item page running the life cycle through its forms, and the public progress page (no personal data)."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhengwu.org.roles import Role
from zhengwu.reforms import services
from zhengwu.reforms.models import Milestone, Plan
from zhengwu.reforms.rules import MilestoneDraft
from zhengwu.reforms.standard import Stage

PLAN = {"targets": "出台空编统筹办法", "content": "建立空闲编制收回制度", "responsible": "张三编办主任"}
Q = {"start": "2016-01-01", "end": "2016-12-31", "on": "2016-12-31"}


@pytest.fixture
def item_one(make_user, units):
    lead = make_user("QBB", Role.OPERATOR)
    services.plan_register(number=1, unit=units["QBB"], on=date(2016, 3, 1), actor=lead, **PLAN)
    services.plan_decompose(number=1, actor=lead, milestones=[
        MilestoneDraft("调研", "调研报告", "QBB", date(2016, 3, 31)),
        MilestoneDraft("出台办法", "办法文本", "QWZZB", date(2016, 6, 14))])
    services.plan_undertake(number=1, on=date(2016, 3, 2), actor=lead)
    m = Milestone.objects.get(title="调研")
    services.milestone_complete(milestone_id=m.pk, on=date(2016, 3, 30), actor=lead)
    return lead


@pytest.mark.django_db
def test_the_dashboard_is_for_supervisors_and_the_reform_office(client, make_user, item_one):
    url = reverse("reforms:supervision")
    assert client.get(url).status_code == 302  # login first
    client.force_login(make_user("QFGJ", Role.OPERATOR))
    assert client.get(url).status_code == 403
    client.force_login(make_user("QWGGB", Role.LEADER))
    assert client.get(url, Q).status_code == 200
    client.force_login(make_user("QDCS", Role.SUPERVISOR))
    page = client.get(url, Q)
    assert (
        page.status_code == 200
        and b"echarts-5.6.0.min.js" in page.content
        and b"supervision-data" in page.content
    )


@pytest.mark.django_db
def test_the_json_twin_and_the_xlsx_show_the_same_figures(client, make_user, item_one, monkeypatch):
    from zhengwu.reforms.selectors import oversight, supervision

    # only this app's figures (the other systems' providers are tested by their apps and test_supervision.py)
    monkeypatch.setattr(oversight, "providers", lambda name: {"reforms": supervision.figures})
    client.force_login(make_user("QDCS", Role.SUPERVISOR))
    data = client.get(reverse("reforms:supervision_json"), Q).json()
    # QBB kept its milestone (100); 区委组织部 missed 出台办法 (0)
    assert [(u["unit"], u["score"], u["rank"]) for u in data["units"]] == [
        ("QBB", 100.0, 1),
        ("QWZZB", 0.0, 2),
    ]
    assert data["tree"]["counts"] == {"green": 0, "yellow": 0, "red": 1}
    response = client.get(reverse("reforms:supervision_xlsx"), Q)
    wb = load_workbook(BytesIO(response.content))
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert [(r[0], r[1], r[3]) for r in rows[1:]] == [(1, "QBB", 100), (2, "QWZZB", 0)]
    assert len(list(wb.worksheets[1].iter_rows())) == 1 + len(data["measures"])


@pytest.mark.django_db
def test_a_bad_date_is_a_clear_error_not_a_500(client, make_user):
    client.force_login(make_user("QDCS", Role.SUPERVISOR))
    page = client.get(reverse("reforms:supervision"), {"on": "2016-02-30"})
    assert page.status_code == 400 and b"YYYY-MM-DD" in page.content
    body = client.get(
        reverse("reforms:supervision_json"), {"start": "2016-12-01", "end": "2016-01-01"}
    ).json()
    assert body["error"]["code"] == "bad_period"
    assert client.get(reverse("reforms:supervision_xlsx"), {"end": "x"}).status_code == 400


@pytest.mark.django_db
def test_a_unit_sees_its_own_drill_down_and_no_other(client, make_user, item_one):
    client.force_login(make_user("QWZZB", Role.OPERATOR))
    own = client.get(reverse("reforms:supervision_unit", args=["QWZZB"]), Q)
    assert own.status_code == 200 and "出台办法" in own.content.decode()
    assert client.get(reverse("reforms:supervision_unit", args=["QBB"]), Q).status_code == 403
    data = client.get(reverse("reforms:supervision_unit", args=["QWZZB"]), {**Q, "format": "json"}).json()
    assert [m["measure"] for m in data["measures"]] == ["reforms.milestones"]


@pytest.mark.django_db
def test_the_item_page_runs_the_steps_through_its_forms(client, make_user, units):
    lead, office = make_user("QBB", Role.OPERATOR), make_user("QWGGB", Role.LEADER)
    url = reverse("reforms:item", args=[1])
    client.force_login(lead)
    assert client.get(url).status_code == 200
    response = client.post(url, {"step": "register", "unit": "QBB", "on": "2016-03-01", **PLAN})
    assert response.status_code == 302 and Plan.objects.get().stage == Stage.REGISTERED
    bad = client.post(url, {"step": "decompose", "milestones": "调研 | 调研报告 | QBB"})
    assert bad.status_code == 400 and "第1行" in bad.content.decode()
    bad = client.post(url, {"step": "decompose", "milestones": "调研 | 调研报告 | NOPE | 2016-03-31"})
    assert bad.status_code == 400 and Milestone.objects.count() == 0
    client.post(url, {"step": "decompose", "milestones": "调研 | 调研报告 | QBB | 2016-03-31\n"})
    out_of_order = client.post(url, {"step": "complete", "on": "2016-03-02", "evidence": "x"})
    assert out_of_order.status_code == 400 and Plan.objects.get().stage == Stage.DECOMPOSED
    client.post(url, {"step": "undertake", "on": "2016-03-02"})
    client.post(url, {"step": "milestone", "milestone": Milestone.objects.get().pk, "on": "2016-03-30"})
    client.post(url, {"step": "complete", "on": "2016-03-31", "evidence": "罗编〔2016〕5号"})
    assert (
        client.post(url, {"step": "verify", "on": "2016-04-01"}).status_code == 403
    )  # not the reform office
    client.force_login(office)
    client.post(url, {"step": "verify", "on": "2016-04-01"})
    client.post(url, {"step": "close", "on": "2016-04-02"})
    assert Plan.objects.get().stage == Stage.CLOSED
    assert client.post(url, {"step": "nope"}).status_code == 400
    assert client.get(reverse("reforms:item", args=[43])).status_code == 404


@pytest.mark.django_db
def test_the_public_page_shows_only_published_items_and_no_person(client, make_user, item_one):
    page = client.get(reverse("reforms:public"))
    assert page.status_code == 200 and "调研" not in page.content.decode()  # not published yet
    services.plan_publish(number=1, published=True, actor=make_user("QWGGB", Role.LEADER))
    page = client.get(reverse("reforms:public")).content.decode()
    data = client.get(reverse("reforms:public_json")).json()
    assert "调研" in page and "张三" not in page and "张三" not in str(data)
    item = next(i for p in data["projects"] for i in p["items"] if i["number"] == 1)
    assert item["stage"] == "undertaking" and item["milestones"][0]["title"] == "调研"
    assert next(i for p in data["projects"] for i in p["items"] if i["number"] == 2)["stage"] is None
    assert set(item["milestones"][0]) == {
        "title",
        "deliverable",
        "unit",
        "unit_name",
        "due_on",
        "done_on",
        "light",
        "light_label",
    }


@pytest.mark.django_db
def test_the_public_search_finds_items_and_shows_progress_only_when_published(make_user, item_one):
    from zhengwu.core.systems import provided

    search = provided("reforms", "public_search")
    assert search("", limit=5) == {"items": [], "more_url": ""}
    found = search("空编统筹", limit=5)["items"]
    assert [i["title"] for i in found] == ["1. 探索“空编统筹、重点倾斜”"] and "承办" not in found[0][
        "summary"
    ]
    services.plan_publish(number=1, published=True, actor=make_user("QWGGB", Role.LEADER))
    assert "承办" in search("1", limit=5)["items"][0]["summary"]
    assert search("改革", limit=2)["more_url"]  # more than two items mention 改革
