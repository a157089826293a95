"""Pure workflow rules: the state machine (every transition × every state), status changes, review
decisions, the 7-working-day due date across 国庆, due-soon/overdue standing, periods."""

from datetime import date
from decimal import Decimal

import pytest

from zhengwu.credit import permissions
from zhengwu.credit.rules import publicity, timeliness
from zhengwu.credit.rules import workflow as wr
from zhengwu.workdays.rules import Calendar

CAL = Calendar(overrides={})

# every (transition, state) pair: True where the seed's chain allows it
ALLOWED = {
    ("submit", "imported"), ("submit", "draft"), ("submit", "rejected"),
    ("approve", "submitted"), ("reject", "submitted"), ("publish", "submitted"), ("pushed", "published"),
}


@pytest.mark.parametrize("transition", list(wr.Transition))
@pytest.mark.parametrize("state", list(wr.State))
def test_state_machine_is_exactly_the_seeds_chain(transition, state):
    assert wr.allowed(transition, state) is ((transition.value, state.value) in ALLOWED)


def test_targets_of_the_transitions():
    assert [wr.target(t) for t in ("submit", "approve", "reject", "publish", "pushed")] == [
        "submitted", "published", "rejected", "published", "pushed"]


def test_only_reviewers_review_and_only_operators_submit():
    assert permissions.roles_for("record.review") == {"reviewer"}
    assert permissions.roles_for("record.submit") == {"operator"}


@pytest.mark.parametrize("current,new,note,problem", [
    ("0", "1", "", None), ("0", "2", "", None), ("2", "0", "", None),
    ("0", "3", "", "note_required"), ("0", "3", "   ", "note_required"), ("0", "3", "移送公安机关", None),
    ("1", "1", "", "unchanged"), ("0", "4", "", "unknown_status"), ("0", "", "", "unknown_status"),
])
def test_status_changes_and_3_needs_a_note(current, new, note, problem):
    assert wr.status_change_problem(current=current, new=new, note=note) == problem


@pytest.mark.parametrize("approve,checks,reasons,problem", [
    (True, {"state_secret": False, "personal_privacy": False}, "", None),
    (True, {"personal_privacy": True}, "", "check_failed"),
    (False, {}, "", "reasons_required"), (False, {}, "  ", "reasons_required"),
    (False, {"commercial_secret": True}, "含商业秘密", None),
])
def test_review_decisions(approve, checks, reasons, problem):
    assert wr.review_problem(approve=approve, checks=checks, reasons=reasons) == problem


def test_fine_amounts_read_from_the_result():
    assert publicity.fine_from_text("罚款人民币2000元") == Decimal("2000")
    assert publicity.fine_from_text("没收违法所得500元，罚款150万元") == Decimal("1500000")
    assert publicity.fine_from_text("警告") is None


@pytest.mark.parametrize("decided,due", [
    (date(2025, 9, 29), date(2025, 10, 15)),  # 国庆 2025: Oct 1–8 off, Sat Oct 11 a working day
    (date(2016, 9, 28), date(2016, 10, 12)),  # 国庆 2016: Oct 1–7 off, Sat Oct 8 and Sun Oct 9 working days
    (date(2016, 3, 1), date(2016, 3, 10)),    # an ordinary week
    (date(2025, 10, 3), date(2025, 10, 16)),  # decided during the holiday: 9, 10, 11(Sat), 13–16
])
def test_due_date_is_the_7th_working_day_after_the_decision(decided, due):
    assert timeliness.due_date(decided_on=decided, calendar=CAL) == due


def test_due_date_of_an_unknown_year_is_none_not_a_crash():
    assert timeliness.due_date(decided_on=date(2031, 6, 1), calendar=CAL) is None


@pytest.mark.parametrize("today,published,kind,days", [
    (date(2025, 10, 9), None, "open", 5),   # 10, 11 (调休 Saturday), 13, 14, 15
    (date(2025, 10, 13), None, "due_soon", 2),   # ≤ 2 working days left
    (date(2025, 10, 15), None, "due_soon", 0),   # the due day itself
    (date(2025, 10, 16), None, "overdue", 1),
    (date(2025, 10, 18), None, "overdue", 2),    # Saturday after: 2 working days late (16, 17)
    (date(2025, 12, 1), date(2025, 10, 15), "on_time", 0),
    (date(2025, 12, 1), date(2025, 10, 20), "late", 3),  # 16, 17, 20
])
def test_due_status(today, published, kind, days):
    status = timeliness.due_status(
        due_on=date(2025, 10, 15), published_on=published, today=today, calendar=CAL
    )
    assert (status.kind, status.days) == (kind, days)


def test_due_status_without_a_due_date_is_unknown():
    assert (
        timeliness.due_status(due_on=None, published_on=None, today=date(2025, 1, 1), calendar=CAL).kind
        == "unknown"
    )


def test_workday_index_agrees_with_the_calendar():
    index = timeliness.WorkdayIndex(CAL, date(2025, 9, 1), date(2025, 11, 30))
    pairs = [(date(2025, 9, 29), date(2025, 10, 15)), (date(2025, 10, 15), date(2025, 10, 1)),
             (date(2025, 9, 1), date(2025, 11, 30)), (date(2025, 10, 4), date(2025, 10, 11))]
    for a, b in pairs:
        assert index.between(a, b) == CAL.workdays_between(a, b)


@pytest.mark.parametrize("text,first,last", [
    ("2016", date(2016, 1, 1), date(2016, 12, 31)), ("2016-Q2", date(2016, 4, 1), date(2016, 6, 30)),
    ("2016-q4", date(2016, 10, 1), date(2016, 12, 31)), ("2016-02", date(2016, 2, 1), date(2016, 2, 29)),
    ("2016-01-01..2016-06-30", date(2016, 1, 1), date(2016, 6, 30)),
])
def test_periods(text, first, last):
    assert timeliness.parse_period(text)[:2] == (first, last)


@pytest.mark.parametrize("text", ["", "16", "2016-13", "2016-Q5", "2016-06-30..2016-01-01", "abc"])
def test_bad_periods_are_value_errors(text):
    with pytest.raises(ValueError):
        timeliness.parse_period(text)
