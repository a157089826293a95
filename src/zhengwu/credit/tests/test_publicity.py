"""Publicity periods (national credit-repair rules since 2026-04-01), as configuration.

Repair dates are the first day after the minimum period, counted as the Civil Code counts (the
decision day does not count): decided 2026-05-01, 3 months end on 2026-08-01, repair from 2026-08-02.
"""

from datetime import date
from decimal import Decimal

import pytest

from zhengwu.credit.rules import visibility
from zhengwu.credit.rules.publicity import (
    LONG_TERM,
    Publicity,
    Severity,
    Window,
    add_months,
    license_publicity,
    penalty_publicity,
    penalty_severity,
    policy_from_settings,
    repair_allowed_on,
)


def is_public_on(*, today: date, publicity: Publicity, status: str, repaired_on: date | None = None,
                 published: bool = True) -> bool:
    """A record published with this publicity, as the workflow stores it, judged by `rules.visibility`."""
    facts = {"state": "published" if published else "submitted", "status": status,
             "public_until": publicity.until if publicity.public else None, "repaired_on": repaired_on,
             "repairable_from": publicity.earliest_repair if publicity.public else None}
    return visibility.is_public(facts, today=today)


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 1, 15), 3, date(2026, 4, 15)),
    (date(2025, 11, 30), 3, date(2026, 2, 28)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2026, 5, 1), 36, date(2029, 5, 1)),
    (LONG_TERM, 3, LONG_TERM),
])
def test_add_months_clamps_to_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(("category", "kwargs", "expected"), [
    ("警告", {}, Severity.MINOR),
    ("通报批评", {}, Severity.MINOR),
    ("罚款", {"basis": "依据《行政处罚法》第五十一条，适用简易程序当场处罚"}, Severity.MINOR),
    ("罚款", {"fine_yuan": Decimal("5000")}, Severity.GENERAL),
    ("没收违法所得、没收非法财物", {}, Severity.GENERAL),
    ("警告、罚款", {}, Severity.GENERAL),          # a fine beside the warning is not minor
    ("罚款、暂扣或者吊销许可证", {}, Severity.SERIOUS),
    ("责令停产停业", {}, Severity.SERIOUS),
    ("行政拘留", {}, Severity.SERIOUS),
    ("罚款", {"fine_yuan": Decimal("1000000")}, Severity.SERIOUS),
    ("警告", {"declared": Severity.SERIOUS}, Severity.SERIOUS),  # the reviewer's declaration wins
])
def test_penalty_severity(category, kwargs, expected):
    assert penalty_severity(category=category, **kwargs) is expected


def test_minor_penalties_are_not_published_by_default():
    p = penalty_publicity(decided_on=date(2026, 5, 1), severity=Severity.MINOR)
    assert p.public is False
    assert not is_public_on(today=date(2026, 5, 2), publicity=p, status="0")


def test_general_penalties_show_one_year_and_are_repairable_after_three_months():
    p = penalty_publicity(decided_on=date(2026, 5, 1), severity=Severity.GENERAL)
    assert (p.until, p.earliest_repair) == (date(2027, 5, 1), date(2026, 8, 2))
    assert is_public_on(today=date(2027, 5, 1), publicity=p, status="0")
    assert not is_public_on(today=date(2027, 5, 2), publicity=p, status="0")
    assert not repair_allowed_on(publicity=p, day=date(2026, 8, 1))
    assert repair_allowed_on(publicity=p, day=date(2026, 8, 2))


def test_serious_penalties_show_three_years_minimum_one():
    p = penalty_publicity(decided_on=date(2026, 5, 1), severity=Severity.SERIOUS)
    assert (p.until, p.earliest_repair) == (date(2029, 5, 1), date(2027, 5, 2))


def test_a_units_own_publicity_date_is_kept_inside_the_window():
    longer = penalty_publicity(decided_on=date(2026, 5, 1), severity=Severity.GENERAL,
                               declared_until=date(2030, 1, 1))
    shorter = penalty_publicity(decided_on=date(2026, 5, 1), severity=Severity.GENERAL,
                                declared_until=date(2026, 6, 1))
    assert longer.until == date(2027, 5, 1) and shorter.until == date(2026, 8, 1)


def test_repair_ends_publicity_but_never_before_the_minimum():
    p = penalty_publicity(decided_on=date(2026, 5, 1), severity=Severity.GENERAL)
    # repaired early: still public until the minimum is reached
    assert is_public_on(today=date(2026, 8, 1), publicity=p, status="0", repaired_on=date(2026, 6, 1))
    assert not is_public_on(today=date(2026, 8, 2), publicity=p, status="0", repaired_on=date(2026, 6, 1))


def test_revoked_and_unpublished_records_are_withdrawn():
    p = penalty_publicity(decided_on=date(2026, 5, 1), severity=Severity.GENERAL)
    assert not is_public_on(today=date(2026, 5, 2), publicity=p, status="1")
    assert not is_public_on(today=date(2026, 5, 2), publicity=p, status="0", published=False)
    assert is_public_on(today=date(2026, 5, 2), publicity=p, status="2")  # an objection stays visible, marked


def test_licences_are_public_while_valid():
    assert license_publicity(valid_until=date(2028, 3, 1)).until == date(2028, 3, 1)
    assert license_publicity(valid_until=LONG_TERM).until == LONG_TERM
    assert license_publicity(valid_until=LONG_TERM, declared_until=date(2027, 1, 1)).until == date(2027, 1, 1)
    p = license_publicity(valid_until=date(2026, 3, 1))
    assert not is_public_on(today=date(2026, 3, 2), publicity=p, status="0")


def test_the_policy_is_configuration():
    policy = policy_from_settings({"minor": {"publish": True, "min_months": 0, "max_months": 3},
                                   "serious_fine_yuan": 200000})
    assert policy.minor == Window(True, 0, 3)
    minor = penalty_publicity(decided_on=date(2026, 5, 1), severity=Severity.MINOR, policy=policy)
    assert minor.public and minor.until == date(2026, 8, 1)
    assert penalty_severity(category="罚款", fine_yuan=Decimal("200000"), policy=policy) is Severity.SERIOUS
    with pytest.raises(ValueError, match="unknown"):
        policy_from_settings({"nonsense": 1})


@pytest.mark.parametrize("raw", [
    {"general": {"publish": True, "min_months": 12, "max_months": 3}},  # minimum beyond the maximum
    {"general": {"publish": True, "months": 3}}, {"serious_fine_yuan": "a lot"}, {"minor_categories": "警告"},
    ["general"],
])
def test_an_impossible_policy_is_refused_naming_what(raw):
    with pytest.raises(ValueError):
        policy_from_settings(raw)
