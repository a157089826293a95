"""Publicity periods by rule version (issue 16 §3): the versions and their dates of force, the Civil
Code's period arithmetic, default tiers, overrides, the column-wise recompute and the CLI contract."""

import json
from datetime import date, timedelta
from io import StringIO
from itertools import combinations

import polars as pl
import pytest
from django.core.management import call_command

from zhengwu.credit.formats import national as nat
from zhengwu.credit.rules import publicity_versions as pv
from zhengwu.credit.rules.publicity_versions import NDRC_2019_527, NDRC_2023_58, NDRC_2025_36, Tier

# 民法典 第二百零一条: the decision day does not count; 第二百零二条: the period ends on the corresponding day
# of the last month, or on that month's last day where there is none.
CIVIL_CODE = [
    (date(2026, 5, 10), 3, date(2026, 8, 10)),    # the issue's case: minimum of a general penalty
    (date(2026, 5, 10), 12, date(2027, 5, 10)),   # … and its maximum: public on 2027-05-10 for the last time
    (date(2026, 1, 31), 1, date(2026, 2, 28)),    # 31st → a short month: its last day
    (date(2024, 1, 31), 1, date(2024, 2, 29)),    # … in a leap year
    (date(2026, 8, 31), 1, date(2026, 9, 30)),    # 31st → a 30-day month
    (date(2026, 3, 31), 3, date(2026, 6, 30)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),   # leap day → a year without one
    (date(2024, 2, 29), 48, date(2028, 2, 29)),   # … and four years on it exists again
    (date(2023, 2, 28), 12, date(2024, 2, 28)),   # the corresponding day exists: not moved to the 29th
    (date(2025, 11, 30), 3, date(2026, 2, 28)),
    (date(2026, 12, 31), 2, date(2027, 2, 28)),   # across the year's end
    (date(2026, 10, 31), 4, date(2027, 2, 28)),
    (date(2026, 5, 10), 0, date(2026, 5, 10)),    # no minimum: the decision day itself
    (date(2099, 12, 31), 3, date(2099, 12, 31)),  # long-term stays long-term
    (date(2099, 6, 30), 36, date(2099, 12, 31)),  # nothing ends after long-term
]


@pytest.mark.parametrize(("start", "months", "expected"), CIVIL_CODE)
def test_period_end_counts_as_the_civil_code(start, months, expected):
    assert pv.period_end(start, months) == expected


@pytest.mark.parametrize(("start", "months", "expected"), CIVIL_CODE)
def test_period_end_column_wise_agrees(start, months, expected):
    got = pl.select(pv.period_end_expr(pl.lit(start), months)).item()
    assert got == expected


def test_the_issues_general_penalty_decided_on_2026_05_10():
    period = pv.publicity(decided=date(2026, 5, 10), tier="general", on=date(2026, 12, 4))
    assert period.as_json() == {"rule": "国家发展改革委令第36号", "publish": True,
                                "earliest_repair": "2026-08-11", "ends": "2027-05-10"}


@pytest.mark.parametrize(
    ("decided", "tier", "repair", "ends"),
    [
        (
            date(2026, 11, 30),
            Tier.GENERAL,
            date(2027, 3, 1),
            date(2027, 11, 30),
        ),  # 3 months end 02-28: repair 03-01
        (date(2024, 2, 29), Tier.SERIOUS, date(2025, 3, 1), date(2027, 2, 28)),
        (date(2026, 8, 31), Tier.GENERAL, date(2026, 12, 1), date(2027, 8, 31)),
    ],
)
def test_earliest_repair_is_the_day_after_the_minimum(decided, tier, repair, ends):
    assert pv.earliest_repair(decided, tier, NDRC_2025_36) == repair
    assert pv.ends(decided, tier, NDRC_2025_36) == ends


def test_minor_is_not_published_but_a_unit_may_publish_it_for_at_most_three_months():
    assert pv.ends(date(2026, 5, 10), Tier.MINOR, NDRC_2025_36) is None
    assert pv.earliest_repair(date(2026, 5, 10), Tier.MINOR, NDRC_2025_36) is None
    assert pv.ends(date(2026, 5, 10), Tier.MINOR, NDRC_2025_36, publish=True) == date(2026, 8, 10)
    # 法定责任履行完毕即可申请修复: no minimum
    assert pv.earliest_repair(date(2026, 5, 10), Tier.MINOR, NDRC_2025_36, publish=True) == date(2026, 5, 11)


def test_the_versions_hold_the_cited_periods():
    w = NDRC_2025_36.windows
    assert (w[Tier.MINOR], w[Tier.GENERAL], w[Tier.SERIOUS]) == (
        pv.Window(False, 0, 3), pv.Window(True, 3, 12), pv.Window(True, 12, 36))
    assert {NDRC_2023_58.window(t) for t in (Tier.GENERAL, Tier.SERIOUS)} == {pv.Window(True, 3, 36)}
    assert NDRC_2019_527.window(Tier.GENERAL) == pv.Window(True, 3, 12)
    assert NDRC_2019_527.window(Tier.SERIOUS) == pv.Window(True, 6, 36)
    assert all(v.sources and all(s.startswith("http") for s in v.sources) for v in pv.VERSIONS)


@pytest.mark.parametrize(("day", "code"), [
    (date(2019, 7, 1), "ndrc-2019-527"), (date(2023, 4, 30), "ndrc-2019-527"),
    (date(2023, 5, 1), "ndrc-order-58"), (date(2026, 3, 31), "ndrc-order-58"),
    (date(2026, 4, 1), "ndrc-order-36"), (date(2031, 1, 1), "ndrc-order-36"),
    (date(2016, 2, 23), "ndrc-2019-527"),  # before any national version: the earliest (documented default)
])
def test_which_version_is_in_force(day, code):
    assert pv.version_in_force(day).code == code


def test_the_versions_follow_each_other_without_gap_or_overlap():
    for before, after in zip(pv.VERSIONS, pv.VERSIONS[1:], strict=False):
        assert before.in_force_until + timedelta(days=1) == after.in_force_from
    assert pv.VERSIONS[-1].in_force_until is None
    with pytest.raises(pv.NoRuleInForce):
        pv.version_in_force(date(2016, 1, 1), before_first="error")


def test_the_applicable_version_is_configuration():
    decided, on = date(2024, 1, 10), date(2026, 12, 4)
    assert pv.applicable(on=on, decided=decided).code == "ndrc-order-36"  # default: the rule of the day
    assert pv.applicable(on=on, decided=decided, basis="decided").code == "ndrc-order-58"
    assert pv.applicable(on=on, rule="ndrc-2019-527").code == "ndrc-2019-527"
    assert pv.applicable(on=on, rule="国家发展改革委令第58号").code == "ndrc-order-58"
    with pytest.raises(ValueError, match="unknown publicity rule"):
        pv.applicable(on=on, rule="ndrc-1999")
    with pytest.raises(ValueError, match="basis"):
        pv.applicable(on=on, basis="yesterday")


@pytest.mark.parametrize(("kinds", "rule", "expected"), [
    ([nat.WARNING], NDRC_2025_36, Tier.MINOR),
    ([nat.CRITICISM], NDRC_2025_36, Tier.MINOR),
    ([nat.WARNING], NDRC_2023_58, Tier.GENERAL),  # a warning was published before 令第36号
    ([nat.FINE], NDRC_2025_36, Tier.GENERAL),
    ([nat.SUSPEND_LICENCE, nat.LOWER_QUALIFICATION], NDRC_2025_36, Tier.GENERAL),
    ([nat.WARNING, nat.FINE], NDRC_2025_36, Tier.GENERAL),  # the most severe kind wins
    ([nat.FINE, nat.REVOKE_LICENCE], NDRC_2025_36, Tier.SERIOUS),
    ([nat.CLOSE_DOWN], NDRC_2025_36, Tier.SERIOUS),
    ([nat.BAN_FROM_OCCUPATION], NDRC_2025_36, Tier.SERIOUS),
    ([nat.OTHER_PREFIX + "责令退还"], NDRC_2025_36, Tier.GENERAL),
    ([], NDRC_2025_36, Tier.GENERAL),
    ([nat.FINE, nat.SUSPEND_BUSINESS], NDRC_2023_58, Tier.SERIOUS),  # equal periods: the more severe
])
def test_default_tier_from_the_kinds(kinds, rule, expected):
    assert pv.default_tier(kinds, rule) is expected


def test_several_kinds_take_the_longest_period():
    odd = pv.RuleVersion(
        "x",
        "x",
        "x",
        date(2020, 1, 1),
        None,
        type_tiers={"a": Tier.SERIOUS, "b": Tier.GENERAL},
        windows={
            Tier.MINOR: pv.Window(False, 0, 3),
            Tier.GENERAL: pv.Window(True, 3, 48),
            Tier.SERIOUS: pv.Window(True, 12, 36),
        },
    )
    assert pv.default_tier(["a", "b"], odd) is Tier.GENERAL  # 48 months outlast the "more severe" 36


def test_every_kind_has_a_tier_and_every_tier_key_is_a_national_kind():
    kinds = set(nat.PENALTY_TYPES) - {nat.OTHER}
    for v in pv.VERSIONS:
        assert set(v.type_tiers) == kinds, v.code


def test_a_tier_override_needs_a_reason():
    with pytest.raises(ValueError, match="reason"):
        pv.resolve_tier([nat.FINE], NDRC_2025_36, override="minor")
    chosen = pv.resolve_tier(
        [nat.FINE], NDRC_2025_36, override="minor", reason="行业主管部门认定为较低数额罚款"
    )
    assert (chosen.tier, chosen.default, chosen.overridden) == (Tier.MINOR, Tier.GENERAL, True)
    same = pv.resolve_tier([nat.FINE], NDRC_2025_36, override="general")
    assert not same.overridden and same.tier is Tier.GENERAL


def test_default_tier_column_wise_agrees_with_the_scalar():
    kinds = [k for k in nat.PENALTY_TYPES if k != nat.OTHER] + ["其他-责令退还"]
    lists = [[]] + [[k] for k in kinds] + [list(pair) for pair in combinations(kinds, 2)]
    frame = pl.DataFrame({"kinds": lists}, schema={"kinds": pl.List(pl.Utf8)})
    for rule in pv.VERSIONS:
        got = frame.select(pv.default_tier_expr(pl.col("kinds"), rule)).to_series().to_list()
        assert got == [pv.default_tier(k, rule).value for k in lists], rule.code


def test_ends_and_earliest_repair_column_wise_agree_with_the_scalar():
    days = [date(2019, 1, 31) + timedelta(days=13 * i) for i in range(330)] + [
        date(2024, 2, 29), date(2026, 8, 31), date(2099, 12, 31)]
    rows = [(d, t, p) for d in days for t in Tier for p in (None, True, False)]
    frame = pl.DataFrame({"decided": [r[0] for r in rows], "tier": [r[1].value for r in rows],
                          "publish": [r[2] for r in rows]}, schema={"decided": pl.Date, "tier": pl.Utf8,
                                                                    "publish": pl.Boolean})
    for rule in pv.VERSIONS:
        got = frame.select(
            pv.ends_expr(pl.col("decided"), pl.col("tier"), rule, publish=pl.col("publish")).alias("e"),
            pv.earliest_repair_expr(pl.col("decided"), pl.col("tier"), rule, publish=pl.col("publish")).alias(
                "r"
            ),
        )
        want_e = [pv.ends(d, t, rule, publish=p) for d, t, p in rows]
        want_r = [pv.earliest_repair(d, t, rule, publish=p) for d, t, p in rows]
        assert got["e"].to_list() == want_e, rule.code
        assert got["r"].to_list() == want_r, rule.code


def test_a_rule_change_recomputes_every_end_and_says_how_many_moved():
    rows = {
        "decided": [date(2025, 6, 1), date(2025, 6, 1), date(2025, 6, 1), date(2025, 6, 1)],
        "tier": ["general", "serious", "minor", "general"],
        "kinds": [[nat.FINE], [nat.REVOKE_LICENCE], [nat.WARNING], [nat.WARNING]],
        "tier_overridden": [False, False, False, True],
    }
    frame = pl.DataFrame(rows, schema_overrides={"kinds": pl.List(pl.Utf8)})
    under_58 = pv.recompute(frame.with_columns(pl.lit(None, dtype=pl.Date).alias("ends")), NDRC_2023_58).frame
    stored = frame.with_columns(under_58["ends_new"].alias("ends"))
    assert stored["ends"].to_list() == [date(2028, 6, 1), date(2028, 6, 1), None, date(2028, 6, 1)]
    done = pv.recompute(stored, NDRC_2025_36)
    assert done.frame["ends_new"].to_list() == [date(2026, 6, 1), date(2028, 6, 1), None, date(2026, 6, 1)]
    assert (done.moved, done.retiered) == (2, 0)
    assert done.frame["moved"].to_list() == [True, False, False, True]
    assert pv.recompute(stored.head(3), NDRC_2025_36).moved == 1  # one of three: not a count of the unchanged
    retiered = pv.recompute(stored, NDRC_2025_36, retier=True)
    # the warning re-tiers to 轻微 under 第36号, except where the unit's override (with its reason) stands
    assert retiered.frame["tier_new"].to_list() == ["general", "serious", "minor", "general"]
    assert retiered.summary() == {"records": 4, "moved": 2, "retiered": 0}
    stored_58_tiers = stored.with_columns(pl.Series("tier", ["general", "serious", "general", "general"]))
    moved = pv.recompute(stored_58_tiers, NDRC_2025_36, retier=True)
    assert moved.frame["tier_new"].to_list() == ["general", "serious", "minor", "general"]
    assert (moved.moved, moved.retiered) == (2, 1)


def run_publicity(*args) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("credit", "publicity", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_cli_publicity_contract():
    code, out, _err = run_publicity(
        "--decided", "2026-05-10", "--tier", "general", "--on", "2026-12-04", "--json"
    )
    assert code == 0
    assert json.loads(out) == {
        "rule": "国家发展改革委令第36号",
        "publish": True,
        "earliest_repair": "2026-08-11",
        "ends": "2027-05-10",
    }
    code, out, _err = run_publicity("--decided", "2026-05-10", "--tier", "minor", "--json")
    assert json.loads(out) == {
        "rule": "国家发展改革委令第36号",
        "publish": False,
        "earliest_repair": None,
        "ends": None,
    }
    code, out, _err = run_publicity(
        "--decided", "2024-03-01", "--tier", "serious", "--on", "2024-03-01", "--json"
    )
    assert json.loads(out) == {
        "rule": "国家发展改革委令第58号",
        "publish": True,
        "earliest_repair": "2024-06-02",
        "ends": "2027-03-01",
    }


def test_cli_publicity_refuses_an_unknown_rule_with_exit_2():
    code, _out, err = run_publicity(
        "--decided", "2026-05-10", "--tier", "general", "--rule", "nonsense", "--json"
    )
    assert code == 2 and "unknown publicity rule" in err
