"""The pure rules: life cycle, what each step needs, status
lights, next due, the assessment and its ranking."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from zhengwu.reforms import rules
from zhengwu.reforms.rules import (
    CreditFigures,
    ItemFacts,
    LightPolicy,
    MilestoneDraft,
    MilestoneFacts,
    Ratings,
    Ratio,
)
from zhengwu.reforms.standard import (
    DEFAULT_WEIGHTS,
    REGISTER,
    STAGE_LABELS,
    STEP_LABELS,
    Component,
    Light,
    Stage,
    Step,
)
from zhengwu.workdays.rules import Calendar


class WeekCalendar:
    """Mondays to Fridays are working days; nothing else (no holidays) — for rules that only need counting."""

    def add_workdays(self, start, n):
        day = start
        while n:
            day += timedelta(days=1)
            n -= day.weekday() < 5
        return day


WEEK = WeekCalendar()
OFFICIAL = Calendar()  # the official 2016 holidays and make-up days (chinese-calendar)


# --- the life cycle -----------------------------------------------------------------------------------------


def test_the_life_cycle_runs_register_decompose_undertake_complete_verify_close():
    stage = Stage.PLANNED
    for step, expected in [(Step.REGISTER, Stage.REGISTERED), (Step.DECOMPOSE, Stage.DECOMPOSED),
                           (Step.UNDERTAKE, Stage.UNDERTAKING), (Step.COMPLETE, Stage.COMPLETED),
                           (Step.VERIFY, Stage.VERIFIED), (Step.CLOSE, Stage.CLOSED)]:
        stage = rules.advance(stage, step)
        assert stage is expected
    assert rules.allowed_steps(Stage.CLOSED) == ()


def test_a_refused_verification_goes_back_to_undertaking_and_needs_reasons():
    assert rules.advance(Stage.COMPLETED, Step.REFUSE, reasons="佐证材料不全") is Stage.UNDERTAKING
    with pytest.raises(rules.RuleError) as caught:
        rules.advance(Stage.COMPLETED, Step.REFUSE, reasons="  ")
    assert caught.value.code == "reasons_required" and caught.value.field == "reasons"
    assert rules.allowed_steps(Stage.COMPLETED) == (Step.VERIFY, Step.REFUSE)


@pytest.mark.parametrize(("current", "step"), [
    (Stage.PLANNED, Step.DECOMPOSE),  # no plan yet
    (Stage.REGISTERED, Step.REGISTER),  # filed twice
    (Stage.REGISTERED, Step.UNDERTAKE),  # milestones first
    (Stage.DECOMPOSED, Step.COMPLETE),
    (Stage.UNDERTAKING, Step.VERIFY),  # nothing to verify before closure is requested
    (Stage.UNDERTAKING, Step.CLOSE),
    (Stage.COMPLETED, Step.CLOSE),  # 销号 only after 验收
    (Stage.VERIFIED, Step.REFUSE),
    (Stage.CLOSED, Step.UNDERTAKE),
])
def test_a_step_out_of_order_is_refused_naming_the_current_stage_and_the_step(current, step):
    with pytest.raises(rules.StepError) as caught:
        rules.advance(current, step, reasons="x")
    assert caught.value.code == "step_out_of_order"
    assert (caught.value.current, caught.value.step) == (current, step)
    assert (
        str(STAGE_LABELS[current]) in caught.value.message and str(STEP_LABELS[step]) in caught.value.message
    )


def test_an_unknown_stage_or_step_is_refused_with_its_own_code():
    with pytest.raises(rules.RuleError) as caught:
        rules.advance("archived", Step.CLOSE)
    assert caught.value.code == "unknown_stage"
    with pytest.raises(rules.RuleError) as caught:
        rules.advance(Stage.PLANNED, "approve")
    assert caught.value.code == "unknown_step"


# --- what the steps need ------------------------------------------------------------------------------------


def test_only_a_lead_unit_files_the_plan():
    item36 = REGISTER.item(36)  # 区督查室、区监察局、区网格办<区租赁局>、区城管局
    assert rules.lead_unit_codes(REGISTER, item36) == {"QDCS", "QJCJ", "QWGB", "QCGJ"}
    rules.check_filing_unit(REGISTER, item36, "QWGB")
    with pytest.raises(rules.RuleError) as caught:
        rules.check_filing_unit(REGISTER, item36, "QBB")  # 区编办 only participates
    assert caught.value.code == "not_a_lead_unit" and caught.value.field == "unit"


@pytest.mark.parametrize("missing", ["targets", "content", "responsible"])
def test_a_plan_needs_targets_content_and_a_responsible_person(missing):
    values = {"targets": "年底前出台方案", "content": "梳理编制资源", "responsible": "张三"}
    rules.check_plan(**values)
    values[missing] = " "
    with pytest.raises(rules.RuleError) as caught:
        rules.check_plan(**values)
    assert caught.value.code == f"plan_{missing}_required" and caught.value.field == missing


def test_decomposition_needs_dated_milestones_with_deliverable_and_unit_not_before_the_plan():
    ok = MilestoneDraft("调研", "调研报告", "QBB", date(2016, 3, 31))
    rules.check_milestones([ok], registered_on=date(2016, 3, 1))
    cases = [
        ([], "milestones_required", "milestones"),
        (
            [ok, MilestoneDraft(" ", "x", "QBB", date(2016, 4, 1))],
            "milestone_title_required",
            "milestones[1].title",
        ),
        (
            [MilestoneDraft("a", "", "QBB", date(2016, 4, 1))],
            "milestone_deliverable_required",
            "milestones[0].deliverable",
        ),
        ([MilestoneDraft("a", "b", "", date(2016, 4, 1))], "milestone_unit_required", "milestones[0].unit"),
        (
            [ok, ok, MilestoneDraft("a", "b", "QBB", date(2016, 2, 29))],
            "milestone_due_before_plan",
            "milestones[2].due",
        ),
    ]
    for milestones, code, field in cases:
        with pytest.raises(rules.RuleError) as caught:
            rules.check_milestones(milestones, registered_on=date(2016, 3, 1))
        assert (caught.value.code, caught.value.field) == (code, field)
    # due on the day of filing is allowed
    rules.check_milestones(
        [MilestoneDraft("a", "b", "QBB", date(2016, 3, 1))], registered_on=date(2016, 3, 1)
    )


def test_closure_is_requested_with_evidence_once_every_milestone_is_done():
    rules.check_completion(evidence=1, open_milestones=0)
    with pytest.raises(rules.RuleError) as caught:
        rules.check_completion(evidence=3, open_milestones=1)
    assert caught.value.code == "milestones_open"
    with pytest.raises(rules.RuleError) as caught:
        rules.check_completion(evidence=0, open_milestones=0)
    assert caught.value.code == "evidence_required"


# --- status lights ------------------------------------------------------------------------------------------

MON = date(2016, 3, 7)  # a Monday without holidays around it


@pytest.mark.parametrize(("due", "done_on", "light"), [
    (MON + timedelta(days=14), None, Light.GREEN),  # 10 working days ahead
    (MON + timedelta(days=8), None, Light.GREEN),  # Tue next week: 6 working days ahead
    (MON + timedelta(days=7), None, Light.YELLOW),  # Mon next week: exactly 5 working days ahead
    (MON, None, Light.YELLOW),  # due today: still on time, 0 working days left
    (MON - timedelta(days=1), None, Light.RED),  # due yesterday, not done: overdue
    (MON - timedelta(days=30), MON - timedelta(days=40), Light.GREEN),  # done
    (MON - timedelta(days=30), MON - timedelta(days=2), Light.GREEN),  # done late: nothing pending any more
])
def test_milestone_light_green_on_schedule_yellow_within_five_working_days_red_overdue(due, done_on, light):
    assert rules.milestone_light(MilestoneFacts(due, done_on), on=MON, calendar=WEEK) is light


def test_a_weekend_due_date_counts_the_working_days_before_it():
    saturday = MON + timedelta(days=5)  # Tue–Fri lie before it: 4 working days
    assert rules.milestone_light(MilestoneFacts(saturday), on=MON, calendar=WEEK,
                                 policy=LightPolicy(yellow_workdays=4)) is Light.YELLOW
    assert rules.milestone_light(MilestoneFacts(saturday), on=MON, calendar=WEEK,
                                 policy=LightPolicy(yellow_workdays=3)) is Light.GREEN


def test_a_milestone_in_a_year_the_calendar_does_not_know_is_judged_without_it():
    assert (
        rules.milestone_light(MilestoneFacts(date(2099, 3, 1)), on=date(2016, 6, 6), calendar=OFFICIAL)
        is Light.GREEN
    )


def test_the_yellow_window_is_configurable():
    due = MON + timedelta(days=8)  # 6 working days ahead
    assert rules.milestone_light(MilestoneFacts(due), on=MON, calendar=WEEK) is Light.GREEN
    assert rules.milestone_light(MilestoneFacts(due), on=MON, calendar=WEEK,
                                 policy=LightPolicy(yellow_workdays=6)) is Light.YELLOW
    assert rules.milestone_light(MilestoneFacts(MON + timedelta(days=1)), on=MON, calendar=WEEK,
                                 policy=LightPolicy(yellow_workdays=0)) is Light.GREEN


def test_the_yellow_window_counts_official_working_days_not_weekdays():
    # 2016 端午: Thu 9 – Sat 11 June off, Sunday 12 June worked. From Mon 6 June to Tue 14 June there are
    # 5 official working days (7, 8, 12, 13, 14) but 6 weekdays.
    m = MilestoneFacts(date(2016, 6, 14))
    assert rules.milestone_light(m, on=date(2016, 6, 6), calendar=OFFICIAL) is Light.YELLOW
    assert rules.milestone_light(m, on=date(2016, 6, 6), calendar=WEEK) is Light.GREEN


def _item(stage=Stage.UNDERTAKING, milestones=(), since=date(2016, 9, 1), last=None):
    return ItemFacts(number=1, stage=stage, milestones=tuple(milestones), undertaking_since=since,
                     last_report_on=last)


def test_a_progress_report_is_due_a_cycle_of_official_working_days_after_the_last():
    # 20 working days after Thu 1 Sep 2016 (中秋 15–17 Sep off, Sun 18 Sep worked) is Fri 30 Sep;
    # after a report on 20 Sep, the next runs over 国庆 (1–7 Oct off, 8–9 Oct worked) to Fri 21 Oct.
    assert rules.report_due(_item(), calendar=OFFICIAL) == date(2016, 9, 30)
    assert rules.report_due(_item(last=date(2016, 9, 20)), calendar=OFFICIAL) == date(2016, 10, 21)
    # a report older than the (re)start of 承办 does not count
    assert rules.report_due(_item(since=date(2016, 9, 20), last=date(2016, 9, 1)), calendar=OFFICIAL) == date(
        2016, 10, 21)
    assert rules.report_due(_item(), calendar=OFFICIAL, policy=LightPolicy(report_cycle_workdays=5)) == date(
        2016, 9, 8)
    # no reports are due outside 承办
    for stage in (Stage.REGISTERED, Stage.DECOMPOSED, Stage.COMPLETED, Stage.VERIFIED, Stage.CLOSED):
        assert rules.report_due(_item(stage=stage), calendar=OFFICIAL) is None


def test_a_missed_report_turns_an_item_yellow_and_a_late_milestone_red():
    far = MilestoneFacts(date(2016, 12, 30))
    assert rules.item_light(_item(milestones=[far]), on=date(2016, 9, 30), calendar=OFFICIAL) is Light.GREEN
    assert rules.item_light(_item(milestones=[far]), on=date(2016, 10, 8), calendar=OFFICIAL) is Light.YELLOW
    assert rules.item_light(_item(milestones=[far], last=date(2016, 9, 29)), on=date(2016, 10, 8),
                            calendar=OFFICIAL) is Light.GREEN
    late = MilestoneFacts(date(2016, 10, 1))
    assert (
        rules.item_light(_item(milestones=[far, late]), on=date(2016, 10, 8), calendar=OFFICIAL) is Light.RED
    )
    soon = MilestoneFacts(date(2016, 10, 12))
    assert rules.item_light(_item(milestones=[far, soon], last=date(2016, 9, 29)), on=date(2016, 10, 8),
                            calendar=OFFICIAL) is Light.YELLOW
    done = MilestoneFacts(date(2016, 10, 1), done_on=date(2016, 9, 28))
    assert rules.item_light(_item(stage=Stage.COMPLETED, milestones=[done]), on=date(2016, 12, 1),
                            calendar=OFFICIAL) is Light.GREEN


def test_next_due_is_the_earliest_open_milestone_or_report():
    a = MilestoneFacts(date(2016, 11, 30))
    b = MilestoneFacts(date(2016, 10, 31))
    done = MilestoneFacts(date(2016, 9, 10), done_on=date(2016, 9, 9))
    assert rules.next_due(_item(milestones=[a, b, done]), calendar=OFFICIAL) == date(
        2016, 9, 30
    )  # the report
    assert rules.next_due(_item(milestones=[a, b, done], last=date(2016, 9, 29)), calendar=OFFICIAL) == date(
        2016, 10, 31)
    assert rules.next_due(_item(stage=Stage.DECOMPOSED, milestones=[a, b]), calendar=OFFICIAL) == date(
        2016, 10, 31
    )
    overdue = MilestoneFacts(date(2016, 8, 31))
    assert rules.next_due(_item(milestones=[a, overdue]), calendar=OFFICIAL) == date(2016, 8, 31)
    assert rules.next_due(_item(stage=Stage.CLOSED, milestones=[done]), calendar=OFFICIAL) is None


def test_the_light_policy_is_checked():
    rules.check_light_policy(LightPolicy())
    for bad in (LightPolicy(yellow_workdays=-1), LightPolicy(report_cycle_workdays=0),
                LightPolicy(yellow_workdays="5")):
        with pytest.raises(rules.RuleError) as caught:
            rules.check_light_policy(bad)
        assert caught.value.code == "policy_invalid"


# --- the assessment -----------------------------------------------------------------------------------------


def test_kept_deadlines_counts_those_due_in_the_period_and_already_judged():
    deadlines = [
        (date(2016, 3, 10), date(2016, 3, 10)),  # kept (on the day)
        (date(2016, 3, 15), date(2016, 3, 16)),  # late
        (date(2016, 3, 20), None),  # open and past due on 3-25: late
        (date(2016, 3, 28), None),  # open, not due yet on 3-25: not judged
        (date(2016, 3, 29), date(2016, 3, 1)),  # done early: kept, judged
        (date(2016, 2, 10), date(2016, 2, 1)),  # outside the period
    ]
    assert rules.kept_deadlines(
        deadlines, start=date(2016, 3, 1), end=date(2016, 3, 31), on=date(2016, 3, 25)
    ) == Ratio(2, 4)


def test_each_component_is_normalised_to_0_100():
    assert rules.normalise(Component.REFORMS, Ratio(9, 10)) == 90
    assert rules.normalise(Component.NOTICES, Ratio(0, 0)) is None  # nothing due: does not apply
    assert rules.normalise(Component.CREDIT, CreditFigures(Ratio(45, 50), Ratio(95, 100))) == Decimal("92.5")
    assert rules.normalise(Component.CREDIT, CreditFigures(Ratio(8, 10), None)) == 80  # the one that applies
    assert rules.normalise(Component.CREDIT, CreditFigures()) is None
    assert rules.normalise(Component.PUBLIC_RATING, Ratings(34, 10)) == 60  # mean 3.4 on 1–5
    assert rules.normalise(Component.PUBLIC_RATING, Ratings(5, 5)) == 0
    assert rules.normalise(Component.PUBLIC_RATING, Ratings(25, 5)) == 100
    assert rules.normalise(Component.PUBLIC_RATING, Ratings(0, 0)) is None
    assert rules.normalise(Component.THIRD_PARTY, "85.5") == Decimal("85.5")
    assert rules.normalise(Component.THIRD_PARTY, None) is None


@pytest.mark.parametrize(("component", "figure"), [
    (Component.REFORMS, Ratio(11, 10)),
    (Component.REFORMS, Ratio(-1, 10)),
    (Component.DISPATCH, (3, 4)),
    (Component.DISPATCH, Ratio(7, 8)),  # 大分拨 gives its composite score now, not a ratio
    (Component.DISPATCH, 100.5),
    (Component.CREDIT, Ratio(1, 2)),
    (Component.PUBLIC_RATING, Ratings(60, 10)),  # mean 6 on a 1–5 scale
    (Component.PUBLIC_RATING, Ratings(5, 10)),  # mean 0.5
    (Component.THIRD_PARTY, 101),
    (Component.THIRD_PARTY, "good"),
])
def test_impossible_figures_are_refused_naming_the_component(component, figure):
    with pytest.raises(rules.RuleError) as caught:
        rules.normalise(component, figure)
    assert caught.value.code == "figure_invalid" and caught.value.field == component.value


def _example() -> dict:
    """The hand-computed example of docs/seed-map/reforms.md."""
    return {
        "QBB": {
            Component.REFORMS: Ratio(9, 10),
            Component.NOTICES: Ratio(4, 5),
            Component.CREDIT: CreditFigures(Ratio(45, 50), Ratio(95, 100)),
            Component.DISPATCH: Decimal("87.5"),
            Component.PUBLIC_RATING: Ratings(34, 10),
            Component.THIRD_PARTY: 85,
        },
        "QCZJ": {
            Component.REFORMS: Ratio(3, 4),
            Component.NOTICES: Ratio(2, 2),
            Component.CREDIT: CreditFigures(Ratio(8, 10), None),
            Component.DISPATCH: None,
            Component.MICROPROJECTS: Ratio(1, 2),
            Component.PUBLIC_RATING: Ratings(45, 10),
        },
        "QJYJ": {Component.THIRD_PARTY: "79.06"},
        "QTJJ": {Component.REFORMS: Ratio(1, 2)},
        "QSJJ": {},
    }


def test_the_composite_score_matches_the_hand_computed_example():
    ranked = rules.assess(_example())
    assert [(s.unit, s.score, s.rank) for s in ranked] == [
        ("QBB", Decimal("84.58"), 1),  # 7612.5 / 90 = 84.5833…
        ("QCZJ", Decimal("79.06"), 2),  # 6325 / 80 = 79.0625
        ("QJYJ", Decimal("79.06"), 2),  # the same published score: the same rank, by unit code
        ("QTJJ", Decimal("50.00"), 4),  # the next rank skips
        ("QSJJ", None, None),  # no figures: unranked, last
    ]
    qbb = ranked[0]
    assert qbb.missing == (Component.MICROPROJECTS,)
    assert qbb.components[Component.CREDIT] == Decimal("92.50")
    assert qbb.weights == {Component.REFORMS: Decimal("33.33"), Component.NOTICES: Decimal("16.67"),
                           Component.CREDIT: Decimal("16.67"), Component.DISPATCH: Decimal("11.11"),
                           Component.PUBLIC_RATING: Decimal("11.11"), Component.THIRD_PARTY: Decimal("11.11")}
    qczj = ranked[1]
    assert qczj.missing == (Component.DISPATCH, Component.THIRD_PARTY)
    assert sum(qczj.weights.values()) == 100


def test_weights_are_configurable_and_a_zero_weight_leaves_a_component_out():
    weights = {c.value: 0 for c in Component} | {"reforms": 1, "third_party": 3}
    s = rules.unit_score("QBB", _example()["QBB"], weights)
    assert s.score == Decimal("86.25")  # (90 × 1 + 85 × 3) / 4
    assert s.missing == (Component.MICROPROJECTS,)  # figures missing; zero-weight ones are not "missing"
    assert set(s.weights) == {Component.REFORMS, Component.THIRD_PARTY}


def test_the_published_score_rounds_half_up():
    assert rules.unit_score("X", {Component.THIRD_PARTY: "84.585"}).score == Decimal("84.59")
    assert rules.unit_score("X", {Component.THIRD_PARTY: "84.584"}).score == Decimal("84.58")


@pytest.mark.parametrize("weights", [
    {c.value: 10 for c in Component if c is not Component.CREDIT},  # one missing
    {c.value: 10 for c in Component} | {"bonus": 5},  # one unknown
    {c.value: 10 for c in Component} | {"credit": -1},
    {c.value: 10 for c in Component} | {"credit": "heavy"},
    {c.value: 0 for c in Component},
])
def test_bad_weights_are_refused(weights):
    with pytest.raises(rules.RuleError) as caught:
        rules.unit_score("QBB", {}, weights)
    assert caught.value.code == "weights_invalid"


def test_the_default_weights_sum_to_100_and_weigh_reform_results_most():
    assert sum(DEFAULT_WEIGHTS.values()) == 100
    assert max(DEFAULT_WEIGHTS, key=DEFAULT_WEIGHTS.get) is Component.REFORMS
    assert set(DEFAULT_WEIGHTS) == set(Component)


def test_an_unknown_component_in_the_figures_is_refused():
    with pytest.raises(rules.RuleError) as caught:
        rules.unit_score("QBB", {"bonus": Ratio(1, 1)})
    assert caught.value.code == "figure_invalid"


def test_a_report_due_in_a_year_the_calendar_does_not_know_is_not_an_error():
    """Found by the browser journey: a report sent in December falls due in January of a year chinese-calendar
    does not cover yet; the light and next_due must still be computed (the item page was a 500)."""
    last = max(y for y in range(2016, 2100) if OFFICIAL.knows_year(y))
    facts = rules.ItemFacts(number=1, stage=Stage.UNDERTAKING, undertaking_since=date(last, 10, 8),
                            last_report_on=date(last, 12, 20),
                            milestones=(rules.MilestoneFacts(date(last, 12, 24)),))
    on = date(last, 12, 21)
    assert not rules.report_missed(facts, on=on, calendar=OFFICIAL)
    assert rules.item_light(facts, on=on, calendar=OFFICIAL) is Light.YELLOW  # the milestone, within 5 days
    assert rules.next_due(facts, calendar=OFFICIAL) == date(last, 12, 24)
    # a report missed inside the known year is still missed
    late = rules.ItemFacts(number=1, stage=Stage.UNDERTAKING, undertaking_since=date(last, 10, 8))
    assert rules.report_missed(late, on=date(last, 12, 21), calendar=OFFICIAL)
