"""The yearly round through services and pages: budgets refuse an approval past them (§七(三)), the budget
page's findings, the excellence selection (§六(四)), stage dates with their preview, the progress roll-up on
the public page, suggestion triage (§10: a declined suggestion carries the reason the proposer is told)."""

from datetime import date

import pytest
from django.urls import reverse

from zhengwu.core.errors import ApplicationError
from zhengwu.ledger.models import Entry
from zhengwu.microprojects import services
from zhengwu.microprojects.models import Evaluation, StageDate, Suggestion
from zhengwu.microprojects.tests.helpers import COMMUNITY, STREET, new_project, walk

pytestmark = pytest.mark.django_db


def _budget(cast, code, amount, year=2026):
    return services.budget_set(
        actor=cast["street_leader"], unit=cast["units"][code], year=year, amount=amount
    )


def test_approval_past_the_communitys_budget_is_refused(cast):
    _budget(cast, COMMUNITY, 500000)
    walk(cast, new_project(cast), "first_secretary")  # 340,000 decided by the experts
    second = walk(cast, new_project(cast, title="楼道照明改造", body="更换楼道灯具"), "residents_council")
    with pytest.raises(ApplicationError) as exc:
        services.first_secretary_record(
            project=second, actor=cast["secretary"], on=date(2026, 3, 3), approved=True
        )
    assert exc.value.code == "budget.exceeded" and "500,000" in exc.value.message
    second.refresh_from_db()
    assert second.step == "residents_council" and second.determined_on is None
    _budget(cast, COMMUNITY, 680000)  # exactly enough: 340,000 + 340,000
    services.first_secretary_record(
        project=second, actor=cast["secretary"], on=date(2026, 3, 3), approved=True
    )
    second.refresh_from_db()
    assert second.step == "first_secretary"


def test_approval_past_the_streets_budget_is_refused(cast):
    _budget(cast, STREET, 600000)
    walk(cast, new_project(cast), "first_secretary")
    services.council_configure(actor=cast["street_leader"], unit=cast["units"]["GY-GM"], members=15)
    street_staff = {**cast, "community": cast["street"], "secretary": cast["street_leader"]}
    other = walk(street_staff, new_project(cast, unit=cast["units"]["GY-GM"], actor=cast["street"],
                                           applicant_name="桂木园社区居委会"), "residents_council")
    with pytest.raises(ApplicationError) as exc:
        services.first_secretary_record(project=other, actor=cast["street_leader"], on=date(2026, 3, 3),
                                        approved=True)
    assert exc.value.code == "budget.street_exceeded"
    # a refusal by the first secretary commits no money and is never refused for budget
    services.first_secretary_record(project=other, actor=cast["street_leader"], on=date(2026, 3, 3),
                                    approved=False, note="资金不足，明年再议")


def test_budget_page_shows_use_progress_and_findings(client, cast):
    walk(cast, new_project(cast), "implementation")
    _budget(cast, STREET, 300000)  # set lower after the approval: a finding, not a refusal
    _budget(cast, COMMUNITY, 400000)  # more than the street's: budget.communities_over_street
    client.force_login(cast["street"])
    data = client.get(reverse("microprojects:budgets_json") + "?year=2026").json()
    street = next(s for s in data["streets"] if s["code"] == STREET)
    assert street["findings"] == ["budget.communities_over_street", "budget.street_exceeded"]
    community = next(c for c in data["communities"] if c["code"] == COMMUNITY)
    assert (community["budget"], community["committed"], community["remaining"]) == ("400000.00", "340000.00",
                                                                                     "60000.00")
    assert next(c for c in data["communities"] if c["code"] == "GY-GM")["findings"] == ["budget.missing"]
    assert data["unfinished_at_year_end"] == []
    page = client.get(reverse("microprojects:budgets") + "?year=2026")
    assert page.status_code == 200 and "budget.communities_over_street" in page.content.decode()


def test_budget_page_lists_projects_unfinished_at_year_end(client, cast):
    p = walk(cast, new_project(cast), "implementation")
    client.force_login(cast["street"])
    data = client.get(reverse("microprojects:budgets_json") + "?year=2025").json()
    assert data["unfinished_at_year_end"] == []
    p.year = 2025
    p.save()
    data = client.get(reverse("microprojects:budgets_json") + "?year=2025").json()
    assert [u["id"] for u in data["unfinished_at_year_end"]] == [p.pk]
    assert data["unfinished_at_year_end"][0]["rule"] == "budget.unfinished_at_year_end"


def test_budget_page_refuses_bad_input_with_a_message(client, cast):
    client.force_login(cast["street_leader"])
    r = client.post(reverse("microprojects:budgets"), {"unit": "NOPE", "year": 2026, "amount": "100"})
    assert r.status_code == 400 and "单位代码" in r.content.decode()
    r = client.post(reverse("microprojects:budgets"), {"unit": STREET, "year": 2026, "amount": "-5"})
    assert r.status_code == 400
    r = client.post(reverse("microprojects:budgets"), {"unit": STREET, "year": 2026, "amount": "800000"})
    assert r.status_code == 302 and Entry.objects.filter(action="microprojects.budget.set").exists()
    client.force_login(cast["community"])  # an operator may not set budgets
    assert client.post(reverse("microprojects:budgets"), {"unit": STREET, "year": 2026,
                                                          "amount": "1"}).status_code == 403


def test_excellence_selection_marks_the_best_and_is_public(client, cast):
    a = walk(cast, new_project(cast), "evaluation")
    b = walk(cast, new_project(cast, title="楼道照明改造", body="更换楼道灯具"), "evaluation")
    Evaluation.objects.filter(project=a).update(resident_score=90, council_score=80, expert_score=70)
    Evaluation.objects.filter(project=b).update(resident_score=95, council_score=90, expert_score=85)
    client.force_login(cast["street"])  # the street selects among its own projects
    r = client.post(
        reverse("microprojects:excellence"),
        {"year": 2026, "count": 1, "residents": 1, "council": 1, "experts": 1, "street": STREET},
    )
    assert r.status_code == 302
    data = client.get(reverse("microprojects:excellence_json") + "?year=2026").json()
    assert [(p["id"], p["rank"], p["excellent"], p["total"]) for p in data["projects"]] == [
        (b.pk, 1, True, "90.00"), (a.pk, 2, False, "80.00")]
    assert Entry.objects.get(action="microprojects.excellence.selected").after["selected"] == [b.pk]
    public = client.get(reverse("microprojects:public_community_json", args=[COMMUNITY])).json()
    assert {p["id"]: p["excellent"] for p in public["projects"]} == {a.pk: False, b.pk: True}
    r = client.post(
        reverse("microprojects:excellence"),
        {"year": 2026, "count": 1, "residents": 0, "council": 0, "experts": 0, "street": STREET},
    )
    assert r.status_code == 400 and "权重" in r.content.decode()
    r = client.post(
        reverse("microprojects:excellence"),
        {"year": 2026, "count": 1, "residents": 1, "council": 1, "experts": 1},
    )  # the district's selection: not a street's
    assert r.status_code == 403


def test_stage_date_change_previews_what_it_moves_then_saves(client, cast):
    early = new_project(cast)
    late = walk(cast, new_project(cast, title="楼道照明改造", body="更换楼道灯具"), "first_secretary")
    services.stage_date_set(actor=cast["admin"], year=2026, stage="approval", on=date(2026, 5, 1))
    client.force_login(cast["admin"])
    r = client.post(
        reverse("microprojects:stages_json"), {"year": 2026, "stage": "approval", "on": "2026-05-15"}
    )
    assert r.status_code == 200
    preview = r.json()["preview"]
    assert (preview["old"], preview["new"], preview["days"], preview["projects"]) == (
        "2026-05-01", "2026-05-15", 14, [early.pk])
    assert StageDate.objects.get(stage="approval").on == date(2026, 5, 1)  # nothing saved by a preview
    r = client.post(reverse("microprojects:stages"), {"year": 2026, "stage": "approval", "on": "2026-05-15",
                                                      "confirm": "on"})
    assert r.status_code == 302 and StageDate.objects.get(stage="approval").on == date(2026, 5, 15)
    entry = Entry.objects.filter(action="microprojects.stage_date.set").latest("id")
    assert (
        entry.after["moved"] == [early.pk]
        and entry.after["days"] == 14
        and late.pk not in entry.after["moved"]
    )
    r = client.post(
        reverse("microprojects:stages"), {"year": 2026, "stage": "collection", "on": "2026-06-01"}
    )
    assert r.status_code == 400 and "不能早于" in r.content.decode()
    client.force_login(cast["community"])
    assert (
        client.post(
            reverse("microprojects:stages"),
            {"year": 2026, "stage": "approval", "on": "2026-05-20", "confirm": "on"},
        ).status_code
        == 403
    )


def test_public_community_page_shows_the_rolled_up_progress(client, cast):
    walk(cast, new_project(cast), "completion")  # 340,000 at 100
    p = walk(
        cast, new_project(cast, title="楼道照明改造", body="更换楼道灯具", amount=50000), "implementation"
    )
    services.milestone_record(project=p, actor=cast["street"], on=date(2026, 4, 1), title="开工", progress=50)
    data = client.get(reverse("microprojects:public_community_json", args=[COMMUNITY])).json()
    # weighted by amount: (340,000 × 100 + 50,000 × 50) / 390,000 = 93.6 → 93
    assert data["progress"] == 93 and data["street_progress"] == 93
    page = client.get(reverse("microprojects:public_community", args=[COMMUNITY])).content.decode()
    assert 'id="community-progress">93%' in page


def test_triage_page_declines_with_the_reason_the_proposer_is_told(client, cast):
    s = services.suggestion_submit(unit=cast["units"][COMMUNITY], title="小区门口加装路灯", channel="web",
                                   proposer_name="王五")
    client.force_login(cast["community"])
    page = client.get(reverse("microprojects:suggestions")).content.decode()
    assert "小区门口加装路灯" in page and "王五" in page  # staff see who proposed it
    r = client.post(reverse("microprojects:suggestion_triage", args=[s.pk]), {"decision": "declined"})
    assert r.status_code == 400
    r = client.post(reverse("microprojects:suggestion_triage", args=[s.pk]),
                    {"decision": "declined", "reason": "属物业服务企业职责（负面清单第 5 项）"})
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.state == "declined" and s.reason.startswith("属物业")
    client.force_login(cast["other_community"])
    assert client.post(reverse("microprojects:suggestion_triage", args=[s.pk]),
                       {"decision": "duplicate", "duplicate_of": s.pk}).status_code == 404


def test_the_evaluation_form_records_the_surveys_groups_and_contributions_are_recorded(client, cast):
    p = walk(cast, new_project(cast), "final_accounts_audit")
    client.force_login(cast["street"])
    act = lambda action, data: client.post(reverse("microprojects:project_act", args=[p.pk, action]), data)  # noqa: E731
    r = act("contribution", {"kind": "donation", "party": "某银行罗湖支行", "amount": "-3"})
    assert r.status_code == 400
    assert (
        act("contribution", {"kind": "naming", "party": "某银行罗湖支行", "amount": "20000"}).status_code
        == 302
    )
    c = p.contributions.get()
    assert (c.kind, c.party, str(c.amount)) == ("naming", "某银行罗湖支行", "20000.00")
    assert Entry.objects.filter(action="microprojects.project.contribution").exists()
    assert "某银行罗湖支行" in client.get(reverse("microprojects:project", args=[p.pk])).content.decode()
    r = act("evaluate", {"evaluator": "第三方机构", "satisfaction": "91", "respondents_1": "12",
                         "respondents_3": "9", "respondents_4": "0"})
    assert r.status_code == 302
    assert Evaluation.objects.get(project=p).respondents == {"社区党员": 12, "社区居民议事员": 9}


def test_the_proposer_is_told_the_outcome_and_reason_with_the_receipt_code(client, cast):
    r = client.post(
        reverse("microprojects:public_suggest"),
        {"community": COMMUNITY, "title": "小区门口加装路灯", "name": "王五", "contact": "13800000000"},
    )
    assert r.status_code == 200
    page = r.content.decode()
    code = page.split('id="receipt"><code>')[1].split("</code>")[0]
    s = Suggestion.objects.get()
    assert len(code) == 14 and s.receipt_digest and code not in s.receipt_digest
    assert code not in str(list(Entry.objects.values_list("after", flat=True)))  # never in the ledger
    lookup = lambda c: client.post(reverse("microprojects:public_receipt") + "?format=json", {"code": c})  # noqa: E731
    assert lookup(code).json()["found"]["state"] == "new"
    services.suggestion_triage(suggestion=s, decision="declined", actor=cast["community"],
                               reason="属物业服务企业职责（负面清单第 5 项）")
    found = lookup(code.lower()).json()["found"]
    assert found["state"] == "declined" and found["reason"].startswith("属物业")
    assert "王五" not in str(found) and "13800000000" not in str(found)
    wrong = client.post(reverse("microprojects:public_receipt"), {"code": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == 400 and "回执码不正确" in wrong.content.decode()
    assert client.get(reverse("microprojects:public_receipt")).status_code == 200
    box = services.suggestion_submit(unit=cast["units"][COMMUNITY], title="意见箱：修路", channel="box",
                                     actor=cast["community"])
    assert box.receipt_digest == ""
