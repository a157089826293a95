"""The approval workflow, the residents' council, the expert draw and the dates (§四(三), §五, §六, §七)."""

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhengwu.microprojects import rules
from zhengwu.microprojects.rules import CouncilRules, Expert, Tally
from zhengwu.microprojects.standard import Category, Step
from zhengwu.workdays.rules import Calendar

D = Decimal


# --- steps ---------------------------------------------------------------------------------------------

def test_full_path_of_an_engineering_project_of_350000():
    assert rules.project_steps("engineering", D(350_000)) == (
        "suggestion",
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
    )


def test_paths_of_smaller_projects():
    assert rules.project_steps("engineering", D(100_000)) == (
        "suggestion", "two_committees", "residents_council", "first_secretary", "public_notice",
        "implementation", "completion", "limited_audit", "evaluation")
    assert rules.project_steps("service", D(150_000)) == (
        "suggestion",
        "two_committees",
        "expert_review",
        "residents_council",
        "first_secretary",
        "public_notice",
        "implementation",
        "completion",
        "evaluation",
    )


@given(st.sampled_from(list(Category)), st.decimals(min_value=1, max_value=700_000, places=0))
def test_walking_the_path_in_order_works_and_any_other_step_is_refused(category, amount):
    steps = rules.project_steps(category, amount)
    current = None
    for step in steps:
        for other in Step:
            if other != step:
                with pytest.raises(rules.StepOutOfOrder) as exc:
                    rules.advance(steps, current, other)
                assert exc.value.code in ("workflow.out_of_order", "workflow.not_in_path")
                assert exc.value.expected == step
        current = rules.advance(steps, current, step)
    assert current == Step.EVALUATION
    with pytest.raises(rules.StepOutOfOrder) as exc:
        rules.advance(steps, current, Step.EVALUATION)
    assert exc.value.code == "workflow.finished"


def test_out_of_order_names_the_current_and_the_attempted_step():
    steps = rules.project_steps("engineering", D(350_000))
    with pytest.raises(rules.StepOutOfOrder) as exc:
        rules.advance(steps, Step.TWO_COMMITTEES, Step.RESIDENTS_COUNCIL)  # skips the experts
    e = exc.value
    assert (e.code, e.current, e.attempted, e.expected) == (
        "workflow.out_of_order", "two_committees", "residents_council", "expert_review")
    assert "两委预审" in e.message and "议事会评议" in e.message and "专家评审" in e.message
    with pytest.raises(rules.StepOutOfOrder) as exc:
        rules.advance(steps, Step.PUBLIC_NOTICE, Step.IMPLEMENTATION)  # work before the budget review
    assert exc.value.expected == Step.BUDGET_REVIEW
    small = rules.project_steps("engineering", D(100_000))
    with pytest.raises(rules.StepOutOfOrder) as exc:
        rules.advance(small, Step.TWO_COMMITTEES, Step.EXPERT_REVIEW)
    assert exc.value.code == "workflow.not_in_path"
    with pytest.raises(rules.StepOutOfOrder) as exc:
        rules.advance(steps, None, Step.TWO_COMMITTEES)
    assert exc.value.current is None and exc.value.expected == Step.SUGGESTION


def test_reject_only_at_a_review_step_and_with_a_reason():
    steps = rules.project_steps("engineering", D(350_000))
    assert (
        rules.reject(steps, Step.SUGGESTION, reason="不属于民生微实事范围") == Step.REJECTED
    )  # two committees refuse
    assert (
        rules.reject(steps, Step.FIRST_SECRETARY, reason="公示期异议成立") == Step.REJECTED
    )  # at the notice
    with pytest.raises(rules.RuleError) as exc:
        rules.reject(steps, Step.TWO_COMMITTEES, reason=" ")
    assert exc.value.code == "workflow.reason_required"
    with pytest.raises(rules.RuleError) as exc:
        rules.reject(steps, Step.IMPLEMENTATION, reason="太慢")
    assert exc.value.code == "workflow.cannot_reject"
    with pytest.raises(rules.StepOutOfOrder) as exc:
        rules.advance(steps, Step.REJECTED, Step.RESIDENTS_COUNCIL)
    assert exc.value.code == "workflow.finished"


# --- the notice ----------------------------------------------------------------------------------------

CAL = Calendar(overrides={})


def test_notice_lasts_five_working_days_and_closes_only_without_open_objections():
    ends = rules.notice_ends(date(2025, 9, 30), add_workdays=CAL.add_workdays)
    assert ends == date(2025, 10, 14)  # 国庆/中秋 Oct 1–8 off, Sat Oct 11 worked: 9, 10, 11, 13, 14
    with pytest.raises(rules.RuleError) as exc:
        rules.check_notice_close(ends_on=ends, today=ends, open_objections=0)
    assert exc.value.code == "notice.running"
    with pytest.raises(rules.RuleError) as exc:
        rules.check_notice_close(ends_on=ends, today=ends + timedelta(days=1), open_objections=2)
    assert exc.value.code == "notice.objections_open"
    rules.check_notice_close(ends_on=ends, today=ends + timedelta(days=1), open_objections=0)


# --- the residents' council ------------------------------------------------------------------------------

def decide(members=21, present=11, yes=6, no=5, abstain=0, **kw):
    return rules.council_decision(members=members, tallies=[Tally(present, yes, no, abstain)], **kw)


def test_quorum_more_than_half_of_the_members_by_default():
    assert decide(members=21, present=11).passed
    with pytest.raises(rules.RuleError) as exc:
        decide(members=20, present=10, yes=10, no=0)
    assert exc.value.code == "council.no_quorum" and "11" in exc.value.message  # names the number needed
    assert decide(members=20, present=11, yes=6, no=5).passed


def test_majority_of_votes_cast_a_tie_fails_abstentions_do_not_count():
    assert not decide(present=12, yes=5, no=5, abstain=2).passed
    assert decide(present=12, yes=5, no=4, abstain=3).passed
    assert not decide(present=12, yes=0, no=0, abstain=12).passed


def test_council_rules_are_configurable():
    strict = CouncilRules(
        quorum=Fraction(2, 3), quorum_inclusive=True, majority=Fraction(1, 2), majority_base="present"
    )
    assert decide(members=21, present=14, yes=8, no=2, abstain=4, rules=strict).passed  # 8 > 14/2
    assert not decide(members=21, present=14, yes=7, no=2, abstain=5, rules=strict).passed
    with pytest.raises(rules.RuleError):
        decide(members=21, present=13, rules=strict)  # 13 < 14 = 2/3 of 21
    with pytest.raises(ValueError):
        CouncilRules(majority_base="loudest")


def test_paper_votes_count_in_attendance_and_in_the_totals():
    d = rules.council_decision(members=21, tallies=[Tally(8, 4, 4), Tally(3, 3, 0)])
    assert (d.present, d.yes, d.no, d.passed) == (11, 7, 4, True)
    with pytest.raises(rules.RuleError):  # without the paper forms there is no quorum
        rules.council_decision(members=21, tallies=[Tally(8, 4, 4)])


@pytest.mark.parametrize("tally", [Tally(5, 4, 2), Tally(-1, 0, 0), Tally(30, 10, 10)])
def test_impossible_counts_are_refused(tally):
    with pytest.raises(rules.RuleError) as exc:
        rules.council_decision(members=21, tallies=[tally])
    assert exc.value.code == "council.invalid_counts"


def test_where_the_experts_set_the_amount_the_council_judges_feasibility_only():
    d = decide(experts_set_amount=True, expert_amount=D(320_000))
    assert (d.scope, d.amount) == ("feasibility", D(320_000))
    assert decide(experts_set_amount=True, expert_amount=D(320_000), council_amount=D(320_000)).passed
    with pytest.raises(rules.RuleError) as exc:
        decide(experts_set_amount=True, expert_amount=D(320_000), council_amount=D(280_000))
    assert exc.value.code == "council.amount_set_by_experts"
    with pytest.raises(rules.RuleError) as exc:
        decide(experts_set_amount=True)
    assert exc.value.code == "council.expert_amount_missing"
    assert decide(council_amount=D(150_000)).scope == "project"


# --- the expert draw -------------------------------------------------------------------------------------

POOL = [Expert(f"e{i:02}", Category.ENGINEERING, frozenset({"建筑工程"} if i % 2 else {"财务管理"}),
               frozenset({"applicant-A"}) if i in (1, 2) else frozenset()) for i in range(1, 13)]
POOL += [Expert("s01", Category.SERVICE, frozenset({"建筑工程", "社会工作"}))]


def test_draw_is_random_by_field_from_the_right_pool_without_conflicts():
    drawn = rules.draw_experts(POOL, category="engineering", need={"建筑工程": 3, "财务管理": 2}, seed=7,
                               parties={"applicant-A"}, exclude={"e03"})
    ids = [e.id for e in drawn]
    assert len(ids) == len(set(ids)) == 5
    assert all(e.pool == Category.ENGINEERING for e in drawn)
    assert not {"e01", "e02", "e03", "s01"} & set(ids)
    assert sum("建筑工程" in e.fields for e in drawn) == 3 and sum("财务管理" in e.fields for e in drawn) == 2


def test_draw_is_deterministic_given_the_seed_and_independent_of_pool_order():
    kw = dict(category="engineering", need={"建筑工程": 2, "财务管理": 2})
    a = rules.draw_experts(POOL, seed="2026-05-01/GY-DTL", **kw)
    b = rules.draw_experts(list(reversed(POOL)), seed="2026-05-01/GY-DTL", **kw)
    assert a == b
    draws = {tuple(e.id for e in rules.draw_experts(POOL, seed=s, **kw)) for s in range(20)}
    assert len(draws) > 5  # different seeds give different panels


def test_draw_refuses_when_the_pool_is_too_small():
    with pytest.raises(rules.RuleError) as exc:
        rules.draw_experts(
            POOL, category="engineering", need={"建筑工程": 6}, seed=1, parties={"applicant-A"}
        )
    assert (
        exc.value.code == "experts.not_enough" and "建筑工程" in exc.value.message
    )  # six, but e01 is conflicted
    assert len(rules.draw_experts(POOL, category="engineering", need={"建筑工程": 6}, seed=1)) == 6
    with pytest.raises(rules.RuleError) as exc:
        rules.draw_experts(POOL, category="engineering", need={"建筑工程": 0}, seed=1)
    assert exc.value.code == "experts.invalid_need"


# --- dates --------------------------------------------------------------------------------------------

def test_add_months_clamps_to_the_end_of_the_month():
    assert rules.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert rules.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert rules.add_months(date(2026, 8, 15), 6) == date(2027, 2, 15)
    assert rules.add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)


def test_deadlines_use_the_injected_calendar():
    calls = []

    def fake_workdays(day, n):
        calls.append((day, n))
        return day + timedelta(days=100)

    d = rules.deadlines(
        category="engineering",
        applied_on=date(2026, 3, 10),
        notice_published_on=date(2026, 4, 1),
        implementer_chosen_on=date(2026, 5, 31),
        add_workdays=fake_workdays,
    )
    assert calls == [(date(2026, 4, 1), 5)]
    assert d == rules.Deadlines(determine_by=date(2026, 4, 10), notice_ends=date(2026, 7, 10), start_by=None,
                                complete_by=date(2026, 11, 30))
    s = rules.deadlines(
        category="service",
        implementer_chosen_on=date(2026, 5, 31),
        add_workdays=fake_workdays,
        add_months=lambda day, n: day + timedelta(days=30 * n),
    )
    assert (s.start_by, s.complete_by, s.notice_ends) == (date(2026, 6, 30), None, None)


def test_year_end_no_carry_over():
    kw = dict(determined_on=date(2026, 3, 1))
    assert rules.year_end_flag(today=date(2026, 6, 1), **kw) is None
    assert (
        rules.year_end_flag(today=date(2026, 6, 1), complete_by=date(2027, 1, 2), **kw) == "year_end.at_risk"
    )
    assert rules.year_end_flag(today=date(2026, 6, 1), complete_by=date(2026, 12, 31), **kw) is None
    assert rules.year_end_flag(today=date(2027, 1, 1), **kw) == "year_end.carried_over"
    assert rules.year_end_flag(today=date(2027, 3, 1), completed_on=date(2026, 12, 31), **kw) is None
    assert (
        rules.year_end_flag(today=date(2027, 3, 1), completed_on=date(2027, 1, 5), **kw)
        == "year_end.carried_over"
    )


def test_an_expert_of_two_fields_is_never_drawn_twice():
    both = [Expert(f"b{i}", Category.ENGINEERING, frozenset({"建筑工程", "安全生产"})) for i in range(3)]
    for seed in range(30):
        drawn = rules.draw_experts(
            both, category="engineering", need={"建筑工程": 2, "安全生产": 1}, seed=seed
        )
        assert len({e.id for e in drawn}) == 3
