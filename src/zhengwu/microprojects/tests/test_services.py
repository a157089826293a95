"""The stored workflow (issue 17 §1–§8): each rule through the services, with its ledger entry."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from zhengwu.core.errors import ApplicationError
from zhengwu.ledger.models import Entry
from zhengwu.microprojects import rules, selectors, services
from zhengwu.microprojects.models import Project, StepRecord
from zhengwu.microprojects.tests.helpers import COMMUNITY, MONDAY, new_project, walk

pytestmark = pytest.mark.django_db


def _codes(project):
    return list(Entry.objects.filter(object_type="microprojects.project", object_id=str(project.pk))
                .order_by("seq").values_list("action", flat=True))


# §1 kinds and caps
def test_above_the_cap_stops_at_the_two_committees_until_the_street_approves_with_reasons(cast):
    project = new_project(cast, amount=520000)
    with pytest.raises(ApplicationError) as caught:
        walk(cast, project, "two_committees")
    assert caught.value.code == "cap.exceeded"
    with pytest.raises(PermissionDenied):  # the community cannot approve its own exception
        services.cap_exception_approve(project=project, reasons="跨两个小区", actor=cast["community"])
    with pytest.raises(ApplicationError) as caught:
        services.cap_exception_approve(project=project, reasons="  ", actor=cast["street_leader"])
    assert caught.value.field == "reasons"
    services.cap_exception_approve(
        project=project, reasons="跨两个小区，街道综合平衡", actor=cast["street_leader"]
    )
    assert walk(cast, project, "two_committees").step == "two_committees"
    assert "microprojects.project.exception_approved" in _codes(project)


def test_a_project_at_the_cap_needs_no_exception(cast):
    assert walk(cast, new_project(cast, amount=500000), "two_committees").step == "two_committees"


# §2 who may apply
def test_an_applicant_who_may_not_apply_is_refused_with_the_reason_and_nothing_is_stored(cast):
    with pytest.raises(ApplicationError) as caught:
        new_project(cast, kind="optional", applicant_kind="resident", applicant_name="张三")
    assert caught.value.code == "applicant.not_eligible" and "社区居委会" in caught.value.message
    assert not Project.objects.exists()
    new_project(cast, kind="optional")  # the residents' committee may


def test_a_registered_social_organisation_must_show_the_conditions(cast):
    org = rules.Organization(
        rules.Registration.REGISTERED, last_inspection_passed=True, management_system=True, capacity=False
    )
    with pytest.raises(ApplicationError) as caught:
        new_project(cast, category="service", amount=90000, applicant_kind="social_organization",
                    applicant_name="某社工机构", organization=org)
    assert caught.value.code == "social_organization.capacity"


def test_a_service_projects_admin_costs_above_a_third_are_refused(cast):
    with pytest.raises(ApplicationError) as caught:
        new_project(cast, category="service", amount=90000, admin_cost=30001, title="长者助餐服务", body="")
    assert caught.value.code == "admin_cost.exceeds_third"
    new_project(cast, category="service", amount=90000, admin_cost=30000, title="长者助餐服务", body="")


# §4 screening
def test_a_negative_list_match_is_flagged_with_the_party_and_needs_the_streets_override(cast):
    project = new_project(
        cast, title="小区电梯维修保养", body="物业小区电梯年久失修，需要维修保养", amount=80000
    )
    assert {"item": 20, "responsible": "物业服务企业"} in [
        {k: m[k] for k in ("item", "responsible")} for m in project.negative_matches]
    with pytest.raises(ApplicationError) as caught:
        walk(cast, project, "two_committees")
    assert caught.value.code == "negative_list.match"
    with pytest.raises(ApplicationError):
        services.negative_override(project=project, item=3, reasons="理由", actor=cast["street_leader"])
    services.negative_override(
        project=project, item=20, reasons="物业已撤场，业主无力承担", actor=cast["street_leader"]
    )
    assert walk(cast, project, "two_committees").step == "two_committees"


def test_overlap_with_a_registered_government_project_is_flagged(cast):
    services.government_project_register(
        actor=cast["admin"],
        name="大塘龙社区公园无障碍步道改造工程",
        status="planned",
        unit=cast["units"]["QZFJSJ"],
    )
    project = new_project(cast)
    assert project.government_overlaps
    with pytest.raises(ApplicationError) as caught:
        walk(cast, project, "two_committees")
    assert caught.value.code == "government_investment.overlap"


def test_safety_hazard_projects_are_put_first_in_the_inbox(cast):
    plain = new_project(cast, title="社区文化墙", body="书画展示")
    safety = new_project(cast, title="消除楼道消防安全隐患", body="老旧楼栋加装烟感报警器")
    assert safety.priority and not plain.priority
    assert list(selectors.inbox(user=cast["street"]))[0] == safety


# §5 the workflow
def test_the_whole_path_writes_one_ledger_entry_per_step(cast):
    project = walk(cast, new_project(cast), "evaluation")
    assert project.step == "evaluation" and project.expert_amount == 340000
    codes = _codes(project)
    for action in ("created", "two_committees", "experts_drawn", "expert_review", "residents_council",
                   "first_secretary", "notice_published", "notice_closed", "audited", "implementer_chosen",
                   "milestone", "completed", "evaluated"):
        assert f"microprojects.project.{action}" in codes
    assert codes.count("microprojects.project.audited") == 3  # budget review, settlement, final accounts
    assert [r.step for r in StepRecord.objects.filter(project=project)] == [
        "two_committees",
        "expert_review",
        "residents_council",
        "first_secretary",
        "public_notice",
        "budget_review",
        "implementation",
        "completion",
        "settlement_audit",
        "final_accounts_audit",
        "evaluation",
    ]


def test_a_step_out_of_order_is_refused_naming_both_steps(cast):
    project = new_project(cast)
    with pytest.raises(ApplicationError) as caught:
        services.first_secretary_record(project=project, actor=cast["secretary"], on=MONDAY, approved=True)
    assert caught.value.code == "workflow.out_of_order" and "第一书记审定" in caught.value.message
    with pytest.raises(ApplicationError) as caught:
        services.notice_publish(project=project, actor=cast["community"], on=MONDAY)
    assert caught.value.code == "workflow.out_of_order"
    small = walk(cast, new_project(cast, amount=150000), "two_committees")  # below 200,000: no experts
    with pytest.raises(ApplicationError) as caught:
        services.expert_review_record(project=small, actor=cast["street"], on=MONDAY, passed=True, notes="x")
    assert caught.value.code in {"experts.not_drawn", "workflow.not_in_path"}
    assert walk(cast, small, "residents_council").step == "residents_council"


def test_experts_are_drawn_from_the_right_pool_by_field_without_conflicts(cast):
    project = walk(cast, new_project(cast), "two_committees")
    for seed in range(10):
        drawn = services.experts_draw(
            project=project, actor=cast["street"], need={"建筑工程": 3}, seed=str(seed)
        )
        assert len(drawn) == 3 and all(e.pool == "engineering" and "建筑工程" in e.fields for e in drawn)
        assert all(COMMUNITY not in e.interests for e in drawn)  # 工程专家0 is tied to the community
    with pytest.raises(ApplicationError) as caught:  # 4 builders, one conflicted: 3 at most
        services.experts_draw(project=project, actor=cast["street"], need={"建筑工程": 4})
    assert caught.value.code == "experts.not_enough"
    with pytest.raises(PermissionDenied):  # the street organises the review, not the community
        services.experts_draw(project=project, actor=cast["community"], need={"建筑工程": 1})


def test_for_engineering_the_experts_set_the_amount_and_the_council_cannot_change_it(cast):
    project = walk(cast, new_project(cast), "two_committees")
    services.experts_draw(project=project, actor=cast["street"], need={"建筑工程": 2}, seed="s")
    with pytest.raises(ApplicationError) as caught:
        services.expert_review_record(
            project=project, actor=cast["street"], on=MONDAY, passed=True, notes="通过"
        )
    assert caught.value.code == "council.expert_amount_missing"
    services.expert_review_record(project=project, actor=cast["street"], on=MONDAY, passed=True, notes="通过",
                                  amount="330000")
    with pytest.raises(ApplicationError) as caught:
        services.council_record(project=project, actor=cast["community"], on=MONDAY, minutes="m",
                                tallies=[rules.Tally(15, 12, 2)], amount="360000")
    assert caught.value.code == "council.amount_set_by_experts"


def test_the_council_needs_a_quorum_and_paper_votes_count(cast):
    project = walk(cast, new_project(cast, amount=150000), "two_committees")
    with pytest.raises(ApplicationError) as caught:  # 21 members: 10 present is not more than half
        services.council_record(project=project, actor=cast["community"], on=MONDAY, minutes="m",
                                tallies=[rules.Tally(10, 9, 1)])
    assert caught.value.code == "council.no_quorum"
    services.council_record(project=project, actor=cast["community"], on=MONDAY, minutes="m",
                            tallies=[rules.Tally(10, 5, 5), rules.Tally(2, 2, 0)])  # paper votes decide it
    project.refresh_from_db()
    assert project.step == "residents_council"
    record = StepRecord.objects.get(project=project, step="residents_council")
    assert (record.data["present"], record.data["yes"], record.data["no"]) == (12, 7, 5)


def test_the_councils_rules_are_configuration(cast):
    services.council_configure(actor=cast["secretary"], unit=cast["units"][COMMUNITY], members=21,
                               majority="2/3")
    project = walk(cast, new_project(cast, amount=150000), "two_committees")
    services.council_record(project=project, actor=cast["community"], on=MONDAY, minutes="m",
                            tallies=[rules.Tally(12, 8, 4)])  # 8/12 is not more than two thirds
    project.refresh_from_db()
    assert project.step == "rejected" and "赞成 8" in project.reason


def test_a_refusal_needs_a_reason_the_proposer_is_told(cast):
    project = new_project(cast, amount=150000)
    with pytest.raises(ApplicationError) as caught:
        services.two_committees_record(project=project, actor=cast["community"], on=MONDAY, passed=False,
                                       minutes=" ", attendees=7)
    assert caught.value.field == "minutes"
    services.two_committees_record(project=project, actor=cast["community"], on=MONDAY, passed=False,
                                   minutes="属物业服务企业职责，不可行", attendees=7)
    project.refresh_from_db()
    assert project.step == "rejected" and project.reason == "属物业服务企业职责，不可行"


def test_the_notice_lasts_five_working_days_and_is_frozen_with_its_hash(cast):
    project = walk(cast, new_project(cast), "first_secretary")
    notice = services.notice_publish(project=project, actor=cast["community"], on=date(2026, 9, 29))
    assert notice.ends_on == date(2026, 10, 12)  # 国庆: 9-30, then 10-9, 10-10 (调休 Saturday), 10-12
    assert services.notice_verify(notice)
    notice.content["amount"] = "1"
    assert not services.notice_verify(notice)  # a silent change is detectable
    notice.refresh_from_db()
    objection = services.objection_submit(notice=notice, body="步道占用绿地", on=date(2026, 10, 9))
    with pytest.raises(ApplicationError) as caught:
        services.notice_close(project=project, actor=cast["community"], on=date(2026, 10, 12))
    assert caught.value.code == "notice.running"
    with pytest.raises(ApplicationError) as caught:
        services.notice_close(project=project, actor=cast["community"], on=date(2026, 10, 13))
    assert caught.value.code == "notice.objections_open"
    services.objection_answer(objection=objection, actor=cast["community"], answer="不占用绿地", upheld=False)
    services.notice_close(project=project, actor=cast["community"], on=date(2026, 10, 13))
    project.refresh_from_db()
    assert project.step == "public_notice"
    with pytest.raises(ApplicationError):
        services.objection_submit(notice=notice, body="迟到的异议", on=date(2026, 10, 14))


def test_an_upheld_objection_ends_the_project_with_its_answer_as_the_reason(cast):
    project = walk(cast, new_project(cast), "first_secretary")
    notice = services.notice_publish(project=project, actor=cast["community"], on=MONDAY)
    objection = services.objection_submit(notice=notice, body="与在建道路工程重复", on=MONDAY)
    services.objection_answer(
        objection=objection, actor=cast["community"], answer="经核实重复，终止", upheld=True
    )
    services.notice_close(project=project, actor=cast["community"], on=date(2026, 3, 10))
    project.refresh_from_db()
    assert project.step == "rejected" and project.reason == "经核实重复，终止"


# §6 implementation and money
def test_deadlines_follow_the_scheme(cast):
    project = walk(cast, new_project(cast), "implementation")
    d = selectors.deadlines_of(project)
    assert d["determine_by"] == date(2026, 4, 2) and d["complete_by"] == date(2026, 9, 12)
    service = walk(cast, new_project(cast, category="service", amount=90000, title="长者助餐", body=""),
                   "implementation")
    assert selectors.deadlines_of(service)["start_by"] == date(2026, 4, 12)


def test_progress_never_goes_back_and_completion_records_the_maintenance_unit(cast):
    project = walk(cast, new_project(cast), "implementation")
    services.milestone_record(
        project=project, actor=cast["street"], on=date(2026, 4, 1), title="开工", progress=40
    )
    with pytest.raises(ApplicationError) as caught:
        services.milestone_record(
            project=project, actor=cast["street"], on=date(2026, 4, 2), title="x", progress=20
        )
    assert caught.value.code == "progress.backwards"
    with pytest.raises(ApplicationError) as caught:
        services.project_complete(
            project=project,
            actor=cast["street"],
            on=date(2026, 5, 1),
            maintenance_unit="",
            funds_used="1",
            results="r",
        )
    assert caught.value.field == "maintenance_unit"


def test_a_project_not_finished_by_year_end_is_flagged(cast):
    project = walk(cast, new_project(cast), "implementation")
    assert selectors.year_end_flag(project, today=date(2026, 12, 31)) is None
    assert selectors.year_end_flag(project, today=date(2027, 1, 1)) == "year_end.carried_over"


def test_donations_sponsorship_and_naming_are_recorded(cast):
    project = walk(cast, new_project(cast), "implementation")
    services.contribution_record(
        project=project, actor=cast["street"], on=MONDAY, kind="naming", party="某银行", amount="20000"
    )
    assert "microprojects.project.contribution" in _codes(project)


# §7 audit
def test_audits_follow_the_amount_and_a_missing_one_is_refused(cast):
    small = walk(cast, new_project(cast, amount=150000), "completion")
    with pytest.raises(ApplicationError) as caught:
        services.audit_record(
            project=small, actor=cast["auditor"], on=MONDAY, audit="settlement_audit", result="x"
        )
    assert caught.value.code == "workflow.not_in_path"
    services.audit_record(
        project=small, actor=cast["auditor"], on=MONDAY, audit="limited_audit", result="通过"
    )
    big = walk(cast, new_project(cast), "first_secretary")
    big = walk(cast, big, "public_notice")
    with pytest.raises(ApplicationError) as caught:  # above 300,000 the budget review comes before work
        services.implementer_choose(project=big, actor=cast["street"], on=MONDAY, implementer="某公司")
    assert caught.value.code == "workflow.out_of_order"
    with pytest.raises(PermissionDenied):
        services.audit_record(project=big, actor=cast["street"], on=MONDAY, audit="budget_review", result="x")


# §8 evaluation
def test_evaluation_takes_only_the_seeds_groups(cast):
    project = walk(cast, new_project(cast), "final_accounts_audit")
    with pytest.raises(ApplicationError) as caught:
        services.evaluation_record(project=project, actor=cast["street"], on=MONDAY, evaluator="第三方",
                                   satisfaction="90", respondents={"路人": 3})
    assert caught.value.field == "respondents"


def test_staff_of_another_community_cannot_act(cast):
    project = new_project(cast)
    with pytest.raises(PermissionDenied):
        services.two_committees_record(project=project, actor=cast["other_community"], on=MONDAY, passed=True,
                                       minutes="m", attendees=5)
