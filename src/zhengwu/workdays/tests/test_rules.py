"""The official calendar: holidays, make-up working days (调休), and unknown years."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhengwu.workdays.rules import Calendar, UnknownYear

CAL = Calendar()


@pytest.mark.parametrize(("day", "workday", "why"), [
    # 2025 National Day + Mid-Autumn: Oct 1–8 off; Sun Sep 28 and Sat Oct 11 worked.
    (date(2025, 9, 28), True, "Sunday make-up day before 国庆"),
    (date(2025, 10, 1), False, "国庆节"),
    (date(2025, 10, 8), False, "last day of the 2025 National Day holiday"),
    (date(2025, 10, 9), True, "first working day after 国庆 2025"),
    (date(2025, 10, 11), True, "Saturday make-up day after 国庆 2025"),
    # 2025 Spring Festival: Jan 28 – Feb 4 off; Sun Jan 26 and Sat Feb 8 worked.
    (date(2025, 1, 26), True, "Sunday make-up day before 春节 2025"),
    (date(2025, 1, 29), False, "春节 2025"),
    (date(2025, 2, 4), False, "last day of 春节 2025"),
    (date(2025, 2, 8), True, "Saturday make-up day after 春节 2025"),
    # 2026 Spring Festival: Feb 15–23 off; Sat Feb 14 and Sat Feb 28 worked.
    (date(2026, 2, 14), True, "Saturday make-up day before 春节 2026"),
    (date(2026, 2, 17), False, "春节 2026"),
    (date(2026, 2, 23), False, "last day of 春节 2026"),
    (date(2026, 2, 28), True, "Saturday make-up day after 春节 2026"),
    # 2026 National Day: Oct 1–7 off; Sun Sep 20 and Sat Oct 10 worked.
    (date(2026, 9, 20), True, "Sunday make-up day before 国庆 2026"),
    (date(2026, 10, 1), False, "国庆节 2026"),
    (date(2026, 10, 7), False, "last day of 国庆 2026"),
    (date(2026, 10, 10), True, "Saturday make-up day after 国庆 2026"),
    (date(2026, 11, 25), True, "an ordinary Wednesday"),
    (date(2026, 11, 28), False, "an ordinary Saturday"),
])
def test_is_workday_follows_the_official_calendar(day, workday, why):
    assert CAL.is_workday(day) is workday, why


@pytest.mark.parametrize(("start", "n", "expected"), [
    (date(2025, 9, 30), 7, date(2025, 10, 16)),   # across 国庆 2025 and the Sat Oct 11 make-up day
    (date(2025, 9, 26), 1, date(2025, 9, 28)),    # the Sunday make-up day counts
    (date(2026, 2, 13), 2, date(2026, 2, 24)),    # Sat Feb 14 counts, then 春节 2026
    (date(2026, 9, 30), 7, date(2026, 10, 15)),   # across 国庆 2026 (Oct 1–7), Sat Oct 10 worked
    (date(2025, 10, 16), -7, date(2025, 9, 30)),  # backwards
    (date(2025, 10, 1), 0, date(2025, 10, 1)),
])
def test_add_workdays_counts_from_the_day_after_start(start, n, expected):
    assert CAL.add_workdays(start, n) == expected


def test_workdays_between_is_the_inverse_of_add_workdays():
    start = date(2025, 9, 30)
    for n in range(0, 30):
        assert CAL.workdays_between(start, CAL.add_workdays(start, n)) == n
    assert CAL.workdays_between(date(2025, 10, 16), date(2025, 9, 30)) == -7


def test_workdays_between_over_the_2025_national_day_holiday():
    assert CAL.workdays_between(date(2025, 9, 30), date(2025, 10, 8)) == 0
    assert CAL.workdays_between(date(2025, 9, 30), date(2025, 10, 12)) == 3  # Oct 9, 10, Sat 11


def test_a_year_without_data_raises_a_clear_error_naming_the_year():
    with pytest.raises(UnknownYear) as info:
        CAL.is_workday(date(2027, 3, 1))
    assert info.value.year == 2027
    assert "2027" in str(info.value) and "zhengwu workdays import" in str(info.value)


def test_no_silent_weekend_fallback_when_counting_into_an_unknown_year():
    with pytest.raises(UnknownYear):
        CAL.add_workdays(date(2026, 12, 30), 5)


def test_overrides_make_a_later_year_known_and_win_over_the_week():
    cal = Calendar(overrides={date(2027, 1, 1): False, date(2027, 2, 20): True})
    assert cal.knows_year(2027)
    assert cal.is_workday(date(2027, 1, 1)) is False      # a Friday holiday
    assert cal.is_workday(date(2027, 2, 20)) is True      # a Saturday make-up day
    assert cal.is_workday(date(2027, 1, 4)) is True       # ordinary Monday
    assert cal.add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_local_override_inside_a_library_year():
    cal = Calendar(overrides={date(2026, 11, 25): False})
    assert cal.is_workday(date(2026, 11, 25)) is False
    assert cal.next_workday(date(2026, 11, 25)) == date(2026, 11, 26)


def test_every_day_the_library_knows_is_read_exactly_as_the_library_reads_it():
    import chinese_calendar

    from zhengwu.workdays.rules import LIBRARY_FIRST_YEAR, LIBRARY_LAST_YEAR

    day, last = date(LIBRARY_FIRST_YEAR, 1, 1), date(LIBRARY_LAST_YEAR, 12, 31)
    differ = []
    while day <= last:
        if CAL.is_workday(day) != chinese_calendar.is_workday(day):
            differ.append(day)
        day += timedelta(days=1)
    assert differ == []


def walked(cal: Calendar, a: date, b: date) -> int:
    """The definition, one day at a time: working days in (a, b]."""
    if b < a:
        return -walked(cal, b, a)
    return sum(cal.is_workday(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))


@settings(max_examples=300, deadline=None)
@given(a=st.dates(date(2004, 1, 1), date(2027, 12, 31)), span=st.integers(-1500, 1500))
def test_counting_working_days_equals_walking_them_day_by_day(a, span):
    cal = Calendar(overrides={date(2027, 1, 1): False, date(2027, 2, 20): True, date(2016, 3, 2): False,
                              date(2016, 3, 5): True})
    b = a + timedelta(days=span)
    try:
        expected = walked(cal, a, b)
    except UnknownYear as exc:
        with pytest.raises(UnknownYear) as info:
            cal.workdays_between(a, b)
        assert info.value.year == exc.year
        return
    assert cal.workdays_between(a, b) == expected
