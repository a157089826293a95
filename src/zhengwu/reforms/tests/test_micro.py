"""Issue 19 §1: the library of each department's and street's 微改革 / 微创新 projects,
with the same shape as a plan item — registered by its lead unit with a responsible person and dated
milestones (each with a deliverable and a unit), status lights on the working-day calendar, 销号 by the
reform office — shown on the dashboard."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from zhengwu.core.errors import ApplicationError
from zhengwu.ledger.models import Entry
from zhengwu.org.roles import Role
from zhengwu.reforms import selectors, services
from zhengwu.reforms.models import MicroMilestone, MicroReform
from zhengwu.reforms.rules import MilestoneDraft

pytestmark = pytest.mark.django_db

PROJECT = {
    "kind": "innovation",
    "title": "社区议事厅“码上议”",
    "summary": "居民扫码提出议题",
    "responsible": "街道党工委书记",
}


@pytest.fixture
def street(make_user):
    return make_user("GY", Role.OPERATOR)


def _register(street, units, **over):
    kwargs = {**PROJECT, "unit": units["GY"], "on": date(2016, 4, 1), "actor": street, "milestones": [
        MilestoneDraft("试点", "试点方案", "GY", date(2016, 5, 31)),
        MilestoneDraft("推广", "推广报告", "GY", date(2016, 9, 30))], **over}
    return services.micro_register(**kwargs)


def test_a_street_registers_a_project_with_milestones_and_it_is_in_the_ledger(street, units):
    project = _register(street, units)
    assert [m.title for m in project.milestones.order_by("due_on")] == ["试点", "推广"]
    entry = Entry.objects.get(action="reforms.micro.registered")
    assert entry.after["title"] == PROJECT["title"] and len(entry.after["milestones"]) == 2


def test_only_departments_and_streets_with_a_writing_role_register(street, units, make_user):
    with pytest.raises(ApplicationError) as exc:
        _register(street, units,
                  unit=next(u for u in units.values() if u.kind == "community"))
    assert exc.value.code == "micro_unit_invalid"
    with pytest.raises(PermissionDenied):
        _register(make_user("HB", Role.OPERATOR), units)  # another street's staff
    with pytest.raises(ApplicationError) as exc:
        _register(street, units, milestones=[])
    assert exc.value.code == "milestones_required"
    with pytest.raises(ApplicationError) as exc:
        _register(street, units, milestones=[MilestoneDraft("试点", "试点方案", "NOPE", date(2016, 5, 31))])
    assert (exc.value.code, exc.value.field) == ("unknown_unit", "milestones[0].unit")
    with pytest.raises(ApplicationError) as exc:
        _register(street, units, kind="other")
    assert exc.value.code == "micro_kind_invalid"
    assert not MicroReform.objects.exists()


def test_lights_follow_the_working_day_calendar_like_plan_items(street, units):
    _register(street, units)
    # 2016-05-27 (Fri): 试点 due 05-31 (Tue) is within 5 working days → yellow
    assert selectors.library(on=date(2016, 5, 27))["projects"][0]["light"] == "yellow"
    assert selectors.library(on=date(2016, 5, 3))["projects"][0]["light"] == "green"
    lib = selectors.library(on=date(2016, 6, 1))  # overdue → red, next_due the overdue date
    assert (lib["projects"][0]["light"], lib["projects"][0]["next_due"], lib["counts"]["red"]) == (
        "red",
        "2016-05-31",
        1,
    )


def test_milestones_done_then_the_reform_office_closes(street, units, make_user):
    project = _register(street, units)
    office = make_user("QWGGB", Role.LEADER)
    first, second = MicroMilestone.objects.order_by("due_on")
    services.micro_milestone_complete(milestone_id=first.pk, on=date(2016, 5, 30), actor=street)
    with pytest.raises(ApplicationError) as exc:
        services.micro_close(project_id=project.pk, on=date(2016, 6, 1), actor=office)
    assert exc.value.code == "milestones_open"
    with pytest.raises(ApplicationError) as exc:
        services.micro_milestone_complete(milestone_id=first.pk, on=date(2016, 5, 31), actor=street)
    assert exc.value.code == "milestone_done"
    services.micro_milestone_complete(milestone_id=second.pk, on=date(2016, 9, 1), actor=street)
    with pytest.raises(PermissionDenied):
        services.micro_close(project_id=project.pk, on=date(2016, 9, 2), actor=street)
    services.micro_close(project_id=project.pk, on=date(2016, 9, 2), actor=office)
    lib = selectors.library(on=date(2016, 12, 31))
    assert (lib["projects"][0]["light"], lib["closed"], lib["projects"][0]["next_due"]) == ("green", 1, None)
    assert Entry.objects.filter(action__startswith="reforms.micro.").count() == 4


def test_the_library_page_registers_and_the_dashboard_shows_it(client, street, make_user):
    client.force_login(street)
    r = client.post(reverse("reforms:micro"), {"step": "register", "kind": "reform", "unit_code": "gy",
                                               "title": "一窗通办", "summary": "街道政务服务一窗受理",
                                               "responsible": "主任", "on": "2016-04-01",
                                               "milestones": "方案 | 方案文本 | GY | 2016-05-31"})
    assert r.status_code == 302, r.content.decode()[:500]
    bad = client.post(
        reverse("reforms:micro"),
        {
            "step": "register",
            "kind": "reform",
            "unit_code": "GY",
            "title": "x",
            "summary": "y",
            "responsible": "z",
            "on": "2016-04-01",
            "milestones": "方案 | 方案文本 | GY | 2016-13-01",
        },
    )
    assert bad.status_code == 400
    assert client.post(reverse("reforms:micro"), {"step": "nope"}).status_code == 400
    data = client.get(reverse("reforms:micro_json")).json()
    assert [p["title"] for p in data["projects"]] == ["一窗通办"]
    client.force_login(make_user("QDCS", Role.SUPERVISOR))
    q = {"start": "2016-01-01", "end": "2016-12-31", "on": "2016-06-01"}
    dash = client.get(reverse("reforms:supervision_json"), q).json()
    assert dash["micro"]["counts"] == {"green": 0, "yellow": 0, "red": 1}
    page = client.get(reverse("reforms:supervision"), q).content.decode()
    assert "一窗通办" in page and 'id="micro"' in page
