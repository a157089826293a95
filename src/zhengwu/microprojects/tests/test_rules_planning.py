"""The yearly round's pure rules: budgets (§七(三)), excellence (§六(四)), stage dates and progress (§10)."""

from datetime import date
from decimal import Decimal as D

import pytest

from zhengwu.microprojects import rules
from zhengwu.microprojects.rules import budgets, excellence, progress, schedule


def _use(budget, *amounts, year=2026):
    return budgets.usage(None if budget is None else D(budget),
                         [budgets.Committed(i, D(a), year) for i, a in enumerate(amounts, 1)], year=year)


def test_budget_usage_counts_only_the_years_projects():
    committed = [budgets.Committed(1, D(300000), 2026), budgets.Committed(2, D(100000), 2025)]
    use = budgets.usage(D(500000), committed, year=2026)
    assert (use.committed, use.remaining, use.share, use.projects) == (D(300000), D(200000), 60, 1)
    assert budgets.usage(None, committed, year=2026).share is None


def test_budget_approval_refused_past_the_community_or_street_budget():
    ok = budgets.check_approval(amount=D(200000), year=2026, community=_use(500000, 300000))
    assert ok == []
    over = budgets.check_approval(amount=D("200000.01"), year=2026, community=_use(500000, 300000))
    assert [v.rule for v in over] == ["budget.exceeded"]
    street = budgets.check_approval(amount=D(100000), year=2026, community=_use(None),
                                    street=_use(1000000, 950000))
    assert [v.rule for v in street] == ["budget.street_exceeded"]
    assert budgets.check_approval(amount=D(10**9), year=2026, community=_use(None), street=_use(None)) == []


def test_budget_communities_over_street_and_invalid_amounts():
    assert budgets.communities_over_street(D(100), [D(60), D(40)]) is None
    assert (
        budgets.communities_over_street(D(100), [D(60), D("40.01")]).rule == "budget.communities_over_street"
    )
    assert budgets.communities_over_street(None, [D(1)]) is None
    assert budgets.check_amount("1,000.50") == D("1000.50") and budgets.check_amount(0) == 0
    for bad in ("-1", "abc", "1.001", "NaN", "Infinity"):
        with pytest.raises(rules.RuleError) as exc:
            budgets.check_amount(bad)
        assert exc.value.code == "budget.invalid"


def test_unfinished_at_year_end_only_after_the_year():
    rows = [budgets.Committed(1, D(1), 2026), budgets.Committed(2, D(1), 2026, date(2026, 12, 31)),
            budgets.Committed(3, D(1), 2026, date(2027, 1, 2))]
    assert budgets.unfinished_at_year_end(rows, today=date(2026, 12, 31)) == ()
    assert [c.project for c in budgets.unfinished_at_year_end(rows, today=date(2027, 1, 1))] == [1, 3]


def _s(pk, r, c, e):
    return excellence.Scores(pk, *(None if v is None else D(v) for v in (r, c, e)))


def test_excellence_ranks_by_the_weighted_mean_and_selects_the_best():
    scores = [_s(1, 90, 80, 70), _s(2, 95, 95, 95), _s(3, 60, 60, 60), _s(4, 99, None, 99)]
    ranked = excellence.select(scores, count=2)
    assert [(r.project, r.total, r.rank, r.selected) for r in ranked] == [
        (2, D("95.00"), 1, True), (1, D("80.00"), 2, True), (3, D("60.00"), 3, False)]
    experts_only = excellence.select(scores, count=1, weights={"residents": 0, "council": 0, "experts": 1})
    assert experts_only[0].project == 2 and experts_only[1].total == D("70.00")


def test_excellence_ties_go_to_the_residents_then_the_earlier_project():
    ranked = excellence.select([_s(5, 80, 90, 70), _s(3, 90, 80, 70), _s(4, 90, 70, 80)], count=1)
    assert [r.project for r in ranked] == [3, 4, 5] and [r.selected for r in ranked] == [True, False, False]


@pytest.mark.parametrize("weights", [{"residents": 1}, {"residents": -1, "council": 1, "experts": 1},
                                     {"residents": 0, "council": 0, "experts": 0},
                                     {"residents": "x", "council": 1, "experts": 1}])
def test_excellence_invalid_weights(weights):
    with pytest.raises(rules.RuleError) as exc:
        excellence.select([], count=1, weights=weights)
    assert exc.value.code == "excellence.invalid_weights"


def test_schedule_order_year_and_stage_are_checked():
    schedule.check(2026, {"collection": date(2026, 3, 1), "approval": date(2026, 5, 1),
                          "evaluation": date(2027, 1, 15)})
    for dates, code in [
        ({"collection": date(2026, 5, 1), "approval": date(2026, 3, 1)}, "schedule.out_of_order"),
        ({"collection": date(2025, 12, 1)}, "schedule.wrong_year"),
        ({"completion": date(2027, 1, 1)}, "schedule.wrong_year"),
        ({"someday": date(2026, 1, 1)}, "schedule.unknown_stage"),
    ]:
        with pytest.raises(rules.RuleError) as exc:
            schedule.check(2026, dates)
        assert exc.value.code == code


def test_schedule_preview_shows_the_days_and_the_projects_still_before_the_stage():
    path = ("suggestion", "two_committees", "residents_council", "first_secretary", "public_notice",
            "implementation", "completion", "evaluation")
    projects = [(1, path, "suggestion"), (2, path, "public_notice"), (3, path, "completion")]
    current = {"approval": date(2026, 5, 1), "completion": date(2026, 11, 30)}
    p = schedule.preview(2026, current, "approval", date(2026, 5, 15), projects)
    assert (p.change.old, p.change.new, p.change.days, p.projects) == (
        date(2026, 5, 1),
        date(2026, 5, 15),
        14,
        (1,),
    )
    p = schedule.preview(2026, current, "completion", date(2026, 12, 20), projects)
    assert p.projects == (1, 2)
    with pytest.raises(rules.RuleError):
        schedule.preview(2026, current, "approval", date(2026, 12, 1), projects)  # after completion


def test_rollup_is_weighted_by_amount_and_reaches_100_only_when_all_are_done():
    items = [progress.Item(1, "A", "S", D(400000), 50), progress.Item(2, "A", "S", D(20000), 100),
             progress.Item(3, "B", "S", D(100000), 100)]
    by_c = progress.rollup(items, by="community")
    assert by_c["A"].progress == 52 and by_c["B"].progress == 100 and by_c["A"].completed == 1
    by_s = progress.rollup(items, by="street")
    assert by_s["S"].projects == 3 and by_s["S"].progress == 61 and by_s["S"].amount == D(520000)
    almost = progress.rollup(
        [progress.Item(1, "A", "S", D(10**9), 100), progress.Item(2, "A", "S", D(1), 99)], by="community"
    )
    assert almost["A"].progress == 99


def test_rollup_progress_never_goes_back():
    assert progress.check_progress(40, previous=30) == 40
    for bad, prev in ((20, 30), (101, 0), (-1, 0), (True, 0), ("50", 0)):
        with pytest.raises(rules.RuleError) as exc:
            progress.check_progress(bad, previous=prev)
        assert exc.value.code == "progress.invalid"
