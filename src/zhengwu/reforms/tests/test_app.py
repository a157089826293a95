"""The app around the rules: 立项 with its ledger entry, the lights read from plans, the command line
contract, the register page and its JSON twin, the API, the figures offered to supervision, the checks."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import OperationalError
from django.test import override_settings

from zhengwu.ledger.models import Entry
from zhengwu.org.roles import Role
from zhengwu.reforms import checks, rules, selectors, services
from zhengwu.reforms.models import Milestone, Plan, ProgressReport
from zhengwu.reforms.standard import Stage

PLAN = {"targets": "出台空编统筹办法", "content": "建立空闲编制收回制度", "responsible": "编办主任"}


def run(*args) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("reforms", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def filed(make_user, units):
    """Item 1 filed by 区编办 on 2016-03-01, with milestones; item 31 by 区网格办, 承办 since 2016-09-01."""
    operator = make_user("QBB", Role.OPERATOR)
    one = services.plan_register(number=1, unit=units["QBB"], on=date(2016, 3, 1), actor=operator, **PLAN)
    Milestone.objects.create(plan=one, title="调研", deliverable="调研报告", unit=units["QBB"],
                             due_on=date(2016, 3, 31), done_on=date(2016, 3, 30))
    Milestone.objects.create(plan=one, title="出台办法", deliverable="办法文本", unit=units["QWZZB"],
                             due_on=date(2016, 6, 14))
    grid = make_user("QWGB", Role.OPERATOR)
    thirty_one = services.plan_register(
        number=31, unit=units["QWGB"], on=date(2016, 8, 1), actor=grid, **PLAN
    )
    Plan.objects.filter(pk=thirty_one.pk).update(stage=Stage.UNDERTAKING, undertaking_since=date(2016, 9, 1))
    Milestone.objects.create(plan=thirty_one, title="平台上线", deliverable="上线报告", unit=units["QWGB"],
                             due_on=date(2016, 12, 30))
    return {"one": one, "thirty_one": thirty_one, "grid": grid, "operator": operator}


# --- 立项 ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_lead_unit_files_a_plan_and_the_ledger_records_it(make_user, units):
    operator = make_user("QCZJ", Role.OPERATOR)  # 区财政局 leads item 16 with 区城市更新局
    plan = services.plan_register(number=16, unit=units["QCZJ"], on=date(2016, 3, 1), actor=operator,
                                  targets=" 设立城市更新专项基金 ", content="PPP", responsible="财政局局长")
    assert (plan.stage, plan.targets) == (Stage.REGISTERED, "设立城市更新专项基金")
    entry = Entry.objects.get(action="reforms.plan.registered", object_id=str(plan.pk))
    assert entry.after["item_number"] == 16


@pytest.mark.django_db
def test_a_second_plan_for_the_same_item_is_a_step_out_of_order(filed, units):
    with pytest.raises(rules.StepError) as caught:
        services.plan_register(
            number=1, unit=units["QBB"], on=date(2016, 4, 1), actor=filed["operator"], **PLAN
        )
    assert caught.value.code == "step_out_of_order" and caught.value.current is Stage.REGISTERED
    assert Plan.objects.filter(item_number=1).count() == 1
    with pytest.raises(rules.StepError) as caught:  # the error names the stage the item is really at
        services.plan_register(
            number=31, unit=units["QWGB"], on=date(2016, 10, 1), actor=filed["grid"], **PLAN
        )
    assert caught.value.current is Stage.UNDERTAKING


@pytest.mark.django_db
def test_only_a_lead_unit_with_a_writing_role_files_a_plan(make_user, units):
    participant = make_user("QWZZB", Role.OPERATOR)  # 区委组织部 only participates in item 1
    with pytest.raises(rules.RuleError) as caught:
        services.plan_register(number=1, unit=units["QWZZB"], on=date(2016, 3, 1), actor=participant, **PLAN)
    assert caught.value.code == "not_a_lead_unit"
    outsider = make_user("QCZJ", Role.OPERATOR)
    with pytest.raises(PermissionDenied):
        services.plan_register(number=1, unit=units["QBB"], on=date(2016, 3, 1), actor=outsider, **PLAN)
    for number in (0, 43, "x"):
        with pytest.raises(rules.RuleError) as caught:
            services.plan_register(
                number=number, unit=units["QBB"], on=date(2016, 3, 1), actor=outsider, **PLAN
            )
        assert caught.value.code == "unknown_item"
    with pytest.raises(rules.RuleError) as caught:
        services.plan_register(number=1, unit=units["QBB"], on=date(2016, 3, 1),
                               actor=make_user("QBB", Role.OPERATOR), **(PLAN | {"responsible": ""}))
    assert caught.value.code == "plan_responsible_required"
    assert not Plan.objects.exists() and not Entry.objects.filter(action="reforms.plan.registered").exists()


# --- selectors ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_register_shows_each_items_stage_from_its_plan(filed):
    items = selectors.register_items()
    assert len(items) == 42
    assert {i["number"]: i["status"] for i in items if i["status"] != "planned"} == {1: "registered",
                                                                                     31: "undertaking"}


@pytest.mark.django_db
def test_lights_are_computed_for_the_items_with_a_plan_on_the_official_calendar(filed):
    # item 1: the open milestone is due Tue 14 June; on Mon 6 June that is 5 official working
    # days ahead (端午) item 31: 承办 since 1 Sep, no report: due Fri 30 Sep; missed on 8 Oct
    assert selectors.lights(on=date(2016, 6, 6)) == [
        {"number": 1, "light": "yellow", "next_due": "2016-06-14"},
        {"number": 31, "light": "green", "next_due": "2016-09-30"},
    ]
    lights = selectors.lights(on=date(2016, 10, 8))
    assert lights == [{"number": 1, "light": "red", "next_due": "2016-06-14"},
                      {"number": 31, "light": "yellow", "next_due": "2016-09-30"}]
    ProgressReport.objects.create(plan=filed["thirty_one"], reported_on=date(2016, 9, 29), text="平台已招标",
                                  created_by=filed["grid"])
    assert selectors.lights(on=date(2016, 10, 8))[1] == {
        "number": 31,
        "light": "green",
        "next_due": "2016-11-01",
    }


@pytest.mark.django_db
def test_the_lights_follow_the_settings(filed):
    with override_settings(REFORMS_YELLOW_WORKDAYS=4):
        assert selectors.lights(on=date(2016, 6, 6))[0]["light"] == "green"
    with override_settings(REFORMS_REPORT_CYCLE_WORKDAYS=40):
        assert selectors.lights(on=date(2016, 10, 8))[1]["light"] == "green"


@pytest.mark.django_db
def test_figures_for_supervision_count_milestones_kept_by_unit(filed):
    got = selectors.figures(start=date(2016, 1, 1), end=date(2016, 12, 31), on=date(2016, 7, 1))
    assert [(r["unit"], r["measure"], r["due"], r["kept"]) for r in got] == [
        ("QBB", "reforms.milestones", 1, 1), ("QWGB", "reforms.milestones", 0, 0),
        ("QWZZB", "reforms.milestones", 1, 0)]
    assert all(set(r) == {"unit", "measure", "label", "due", "kept"} for r in got)  # the contract's keys
    from zhengwu.core.systems import provided

    assert provided("reforms", "supervision_figures") is selectors.figures


# --- the command line (issue 19's contract) -----------------------------------------------------------------


@pytest.mark.django_db
def test_items_json_is_the_contract():
    code, out, _err = run("items", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 42
    assert all(
        list(r) == ["number", "title", "project", "lead_units", "participating_units", "status"] for r in rows
    )
    assert rows[35] == {"number": 36, "title": "构建“大督查”管理体系", "project": "行政效能提升改革",
                        "lead_units": ["区督查室", "区监察局", "区网格办<区租赁局>", "区城管局"],
                        "participating_units": ["区编办", "区科技创新局", "各相关单位"], "status": "planned"}


def test_items_works_without_a_migrated_database(monkeypatch):
    def no_tables():
        raise OperationalError("no such table: reforms_plan")

    monkeypatch.setattr(selectors, "register_items", no_tables)
    code, out, err = run("items", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 42 and {r["status"] for r in rows} == {"planned"}
    assert err.strip()


@pytest.mark.django_db
def test_lights_json_is_empty_before_plans_and_lists_the_items_with_plans_after(make_user, units):
    code, out, _err = run("lights", "--on", "2016-06-06", "--json")
    assert (code, json.loads(out)) == (0, [])
    services.plan_register(number=37, unit=units["LHDSJ"], on=date(2016, 3, 1),
                           actor=make_user("LHDSJ", Role.OPERATOR), **PLAN)
    code, out, _err = run("lights", "--on", "2016-06-06", "--json")
    assert (code, json.loads(out)) == (0, [{"number": 37, "light": "green", "next_due": None}])


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["2016-02-30", "tomorrow", "20160606", ""])
def test_a_bad_date_exits_2_with_one_line(bad):
    code, out, err = run("lights", "--on", bad, "--json")
    if bad == "":  # an empty --on means today
        assert code == 0
        return
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and bad in err


def _far_milestone(filed, units):
    Milestone.objects.create(plan=filed["one"], title="远期", deliverable="x", unit=units["QBB"],
                             due_on=date(2099, 3, 1))


@pytest.mark.django_db
def test_a_year_the_calendar_does_not_know_exits_2(filed, units):
    _far_milestone(filed, units)  # counting working days up to it needs the 2099 calendar
    code, _out, err = run("lights", "--on", "2099-01-01")
    assert code == 2 and "2099" in err and len(err.strip().splitlines()) == 1


@pytest.mark.django_db
def test_the_plain_text_output_names_stage_and_light(filed):
    code, out, _err = run("items")
    assert code == 0 and out.splitlines()[0].startswith(" 1  探索“空编统筹、重点倾斜”  [立项]  牵头：区编办")
    code, out, _err = run("lights", "--on", "2016-06-06")
    assert out.splitlines()[0] == " 1  预警  2016-06-14"


# --- page, JSON twin, API -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_register_page_and_its_json_twin(client, filed):
    client.force_login(filed["grid"])
    page = client.get("/reforms/").content.decode()
    assert "构建“大督查”管理体系" in page and "区网格办&lt;区租赁局&gt;" in page and "承办" in page
    data = client.get("/reforms/index.json").json()
    assert len(data["items"]) == 42 and data["items"][30]["status"] == "undertaking"
    client.logout()
    assert client.get("/reforms/").status_code == 302


@pytest.mark.django_db
def test_the_api_reads_the_register_and_lights_and_files_a_plan(client, make_user, filed, units):
    client.force_login(make_user("QCZJ", Role.OPERATOR))
    _far_milestone(filed, units)
    assert len(client.get("/reforms/api/register/").json()["items"]) == 42
    assert client.get("/reforms/api/lights/?on=2016-06-06").json()["items"][0]["light"] == "yellow"
    bad = client.get("/reforms/api/lights/?on=2016-06-31")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_date"
    assert client.get("/reforms/api/lights/?on=2016-6-6").json()["error"]["code"] == "bad_date"
    assert client.get("/reforms/api/lights/?on=2099-01-01").json()["error"]["code"] == "unknown_year"
    body = {"number": 4, "unit": "QCZJ", "on": "2016-03-02", **PLAN}
    made = client.post("/reforms/api/plans/", body, content_type="application/json")
    assert made.status_code == 201 and made.json() == {"number": 4, "stage": "registered",
                                                       "registered_on": "2016-03-02"}
    again = client.post("/reforms/api/plans/", body, content_type="application/json")
    assert again.status_code == 400 and again.json()["error"]["code"] == "step_out_of_order"
    nobody = client.post("/reforms/api/plans/", body | {"unit": "NOPE"}, content_type="application/json")
    assert nobody.json()["error"]["code"] == "unknown_unit"


# --- system checks ------------------------------------------------------------------------------------------


def test_the_checks_pass_on_the_defaults_and_catch_bad_settings(settings):
    assert checks.light_policy_is_valid(None) == [] and checks.score_weights_are_valid(None) == []
    assert checks.register_units_exist(None) == []
    settings.REFORMS_YELLOW_WORKDAYS = -1
    assert [e.id for e in checks.light_policy_is_valid(None)] == ["reforms.E001"]
    settings.REFORMS_SCORE_WEIGHTS = {"reforms": 1}
    assert [e.id for e in checks.score_weights_are_valid(None)] == ["reforms.E002"]


def test_a_register_code_missing_from_org_is_reported(monkeypatch):
    monkeypatch.setattr(checks.org_reference, "rows", lambda: [{"code": "QBB"}])
    errors = checks.register_units_exist(None)
    assert errors and {e.id for e in errors} == {"reforms.E003"}
    assert any("区城管局" in e.msg for e in errors)
