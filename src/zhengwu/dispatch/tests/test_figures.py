"""大督查 figures (issue 15 §8): the unit figures against a hand-computed example (overdue open cases
included), the pure formulas one by one, the pre-aggregated table, the provider 改革督查 reads, the page, the
API and the monthly reports."""

from datetime import date, datetime
from fractions import Fraction

import pytest
from django.utils import timezone

from zhengwu.core.errors import ApplicationError
from zhengwu.core.systems import provided
from zhengwu.dispatch.models import Assignment, Event, Extension, StreetMonthProblem, UnitMonthFigures
from zhengwu.dispatch.rules import figures as rules
from zhengwu.dispatch.services import figures as service
from zhengwu.org.models import Unit

pytestmark = pytest.mark.django_db


def aware(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


MARCH = date(2026, 3, 1)
NOW = aware(2026, 4, 10, 12)  # March is over: its period is [03-01, 04-01)


def _case(n, unit, *, dispatched, accept_due, accepted=None, resolve_due, resolved=None, state="in_progress",
          reopens=0, returns=0, rating="", returned_assignment=False, duplicate_of=None, extended=False,
          street="GY", title="路灯不亮"):
    unit = Unit.objects.get(code=unit)
    event = Event.objects.create(
        case_no=f"LH2026030{n:07d}",
        channel="web",
        title=title,
        text="x",
        received_at=dispatched,
        unit=unit,
        street=Unit.objects.get(code=street),
        dispatched_at=dispatched,
        accept_due=accept_due,
        accepted_at=accepted,
        resolve_due=resolve_due,
        resolved_at=resolved,
        state=state,
        reopen_count=reopens,
        returns_count=returns,
        rating=rating,
        duplicate_of=duplicate_of,
        predicted_label=title,
    )
    Assignment.objects.create(event=event, unit=unit, tier="street", rule="r", dispatched_at=dispatched,
                              returned_at=dispatched if returned_assignment else None)
    if extended:
        Extension.objects.create(event=event, days=3, reason="r", status=Extension.Status.APPROVED)
    return event


def hand_example():
    """The example of docs/dispatch-figures.md, March 2026, judged on 2026-04-10."""
    one = _case(
        1,
        "GY",
        dispatched=aware(2026, 3, 2, 9),
        accept_due=aware(2026, 3, 2, 13),
        accepted=aware(2026, 3, 2, 10),
        resolve_due=aware(2026, 3, 9, 18),
        resolved=aware(2026, 3, 6, 16),
        state="closed",
        rating="satisfied",
    )  # on time twice, first time, satisfied
    two = _case(
        2,
        "GY",
        dispatched=aware(2026, 3, 3, 9),
        accept_due=aware(2026, 3, 3, 13),
        accepted=aware(2026, 3, 3, 15),
        resolve_due=aware(2026, 3, 10, 18),
        resolved=aware(2026, 3, 12, 9),
        state="closed",
        reopens=1,
        returns=1,
        rating="unsatisfied",
    )  # late twice, reopened
    Assignment.objects.create(event=two, unit=Unit.objects.get(code="DM"), tier="street", rule="r",
                              dispatched_at=aware(2026, 3, 3, 8), returned_at=aware(2026, 3, 3, 8, 30))
    _case(
        3,
        "GY",
        dispatched=aware(2026, 3, 5, 9),
        accept_due=aware(2026, 3, 5, 13),
        accepted=aware(2026, 3, 5, 9, 30),
        resolve_due=aware(2026, 3, 20, 18),
    )  # open past its limit: overdue
    _case(
        4,
        "GY",
        dispatched=aware(2026, 2, 20, 9),
        accept_due=aware(2026, 2, 20, 13),
        accepted=aware(2026, 2, 20, 10),
        resolve_due=aware(2026, 2, 27, 18),
    )  # February's, still open: overdue
    _case(5, "GY", dispatched=aware(2026, 3, 25, 9), accept_due=aware(2026, 3, 25, 13),
          resolve_due=aware(2026, 4, 8, 18), state="dispatched")  # never accepted: against acceptance
    _case(6, "GY", dispatched=aware(2026, 3, 26, 9), accept_due=aware(2026, 3, 26, 13),
          resolve_due=aware(2026, 3, 27, 18), state="returned", returns=1,
          returned_assignment=True)  # returned: counts in the return rate only
    _case(
        7,
        "GY",
        dispatched=aware(2026, 3, 10, 9),
        accept_due=aware(2026, 3, 10, 13),
        accepted=aware(2026, 3, 10, 11),
        resolve_due=aware(2026, 3, 25, 18),
        resolved=aware(2026, 3, 24, 10),
        state="resolved",
        extended=True,
    )  # extended, then on time
    _case(8, "GY", dispatched=aware(2026, 3, 11, 9), accept_due=aware(2026, 3, 11, 13),
          resolve_due=aware(2026, 3, 12, 18), duplicate_of=one)  # a merged report: not a case of its own
    _case(9, "GY", dispatched=aware(2026, 3, 28, 9), accept_due=aware(2026, 3, 30, 13),
          accepted=aware(2026, 3, 30, 9), resolve_due=aware(2026, 4, 3, 18), resolved=aware(2026, 4, 2, 9),
          state="resolved")  # resolved in April: not March's
    _case(10, "GY", dispatched=aware(2026, 2, 25, 9), accept_due=aware(2026, 2, 25, 13),
          accepted=aware(2026, 2, 25, 10), resolve_due=aware(2026, 3, 4, 18), resolved=aware(2026, 3, 2, 9),
          state="closed", rating="basically")  # February's, resolved in March on time
    _case(11, "GY-LDC", dispatched=aware(2026, 3, 4, 9), accept_due=aware(2026, 3, 4, 11),
          accepted=aware(2026, 3, 4, 9, 10), resolve_due=aware(2026, 3, 5, 18), resolved=aware(2026, 3, 5, 9),
          state="closed", rating="satisfied", title="垃圾")
    _case(12, "QHBSWJ", dispatched=aware(2026, 3, 6, 9), accept_due=aware(2026, 3, 9, 9),
          accepted=aware(2026, 3, 6, 10), resolve_due=aware(2026, 3, 20, 18), resolved=aware(2026, 3, 23, 9),
          state="closed", rating="satisfied", title="噪音")  # late


GY_MARCH = {
    "received": 7,
    "accept_judged": 6,
    "accepted_on_time": 4,
    "assigned": 7,
    "returned": 1,
    "extended": 1,
    "resolved": 4,
    "resolved_on_time": 3,
    "open_overdue": 2,
    "first_time": 3,
    "reopened": 1,
    "callback_answered": 0,
    "callback_resolved": 0,
    "rated": 3,
    "satisfied": 2,
    "orders_issued": 2,
    "orders_replied_in_time": 1,
    "orders_overdue": 1,
}


def test_the_unit_figures_match_the_hand_computed_example_overdue_open_cases_included(ref):
    hand_example()
    orders = {"GY": {"issued": 2, "replied_in_time": 1, "overdue": 1}}
    counts = service.month_counts(MARCH, now=NOW, orders=orders)
    assert counts["GY"] == GY_MARCH
    assert counts["DM"] == rules.empty() | {"assigned": 1, "returned": 1}  # its return is credited to it
    found = rules.rates(counts["GY"])
    assert found == {"accepted_on_time": Fraction(4, 6), "return_rate": Fraction(1, 7),
                     "extension_rate": Fraction(1, 7),
                     "resolved_on_time": Fraction(3, 4 + 2),  # 3 on time ÷ (4 resolved + 2 open and overdue)
                     "first_time": Fraction(3, 4), "reopen_rate": Fraction(1, 4), "resolution": None,
                     "satisfaction": Fraction(2, 3), "orders_in_time": Fraction(1, 2)}
    # (20·2/3 + 35·2/3 + 10·1/2) ÷ (20 + 35 + 10) × 100:
    # resolution has nothing to judge and is re-weighted away
    assert rules.composite(found, rules.check_weights(rules.DEFAULT_WEIGHTS)) == Fraction(2500, 39)


def test_an_overdue_open_case_counts_against_its_unit_every_month_until_resolved(ref):
    _case(4, "GY", dispatched=aware(2026, 2, 20, 9), accept_due=aware(2026, 2, 20, 13),
          accepted=aware(2026, 2, 20, 10), resolve_due=aware(2026, 2, 27, 18), resolved=aware(2026, 4, 3, 9))
    assert service.month_counts(date(2026, 2, 1), now=NOW)["GY"]["open_overdue"] == 1
    assert service.month_counts(MARCH, now=NOW)["GY"]["open_overdue"] == 1
    april = service.month_counts(date(2026, 4, 1), now=NOW)["GY"]
    assert (april["open_overdue"], april["resolved"], april["resolved_on_time"]) == (0, 1, 0)
    # as known in the running month: cut at now, so the case is still open and overdue on 04-02
    early = service.month_counts(date(2026, 4, 1), now=aware(2026, 4, 2, 12))["GY"]
    assert (early["open_overdue"], early["resolved"]) == (1, 0)


def test_the_periodic_job_fills_the_table_and_the_provider_reads_it(ref):
    hand_example()
    assert service.figures_refresh([MARCH], now=NOW) == 4  # GY, GY-LDC, DM, QHBSWJ
    stored = UnitMonthFigures.objects.get(unit__code="GY", month=MARCH)
    assert {k: getattr(stored, k) for k in rules.COUNT_FIELDS} == GY_MARCH | {
        "orders_issued": 0, "orders_replied_in_time": 0, "orders_overdue": 0}  # no orders wired yet
    assert service.figures_refresh([MARCH], now=NOW) == 4  # replaced, not doubled
    assert UnitMonthFigures.objects.filter(month=MARCH).count() == 4

    figures = provided("dispatch", "unit_figures")(start=date(2026, 3, 1), end=date(2026, 3, 31))
    gy = next(r for r in figures["units"] if r["unit"] == "GY")
    assert gy["rates"]["resolved_on_time"] == 50.0 and gy["rates"]["accepted_on_time"] == 66.67
    streets = {r["unit"]: r for r in figures["ranking"]["streets"]}
    # the street's ranking includes its community: GY + GY-LDC
    assert streets["GY"]["counts"]["resolved"] == 5 and streets["GY"]["counts"]["satisfied"] == 3
    assert [r["unit"] for r in figures["ranking"]["departments"]] == ["QHBSWJ"]
    assert figures["ranking"]["departments"][0]["rank"] == 1
    assert "DM" in streets and streets["DM"]["score"] is None and streets["DM"]["rank"] is None
    topics = {t["street"]: t["problems"] for t in figures["topics"]}
    # no category: the first-level label names the problem; the merged report (8) is not counted
    assert topics["GY"] == [{"problem": "路灯不亮", "events": 7}, {"problem": "噪音", "events": 1},
                            {"problem": "垃圾", "events": 1}]


def test_a_quarter_sums_the_months_and_takes_the_open_overdue_cases_at_its_end(ref):
    _case(4, "GY", dispatched=aware(2026, 2, 20, 9), accept_due=aware(2026, 2, 20, 13),
          accepted=aware(2026, 2, 20, 10), resolve_due=aware(2026, 2, 27, 18))
    service.figures_refresh([date(2026, 2, 1), MARCH], now=NOW)
    quarter = provided("dispatch", "unit_figures")(start=date(2026, 2, 1), end=date(2026, 3, 31))
    gy = next(r for r in quarter["units"] if r["unit"] == "GY")
    assert gy["counts"]["received"] == 1 and gy["counts"]["open_overdue"] == 1  # once, not once a month
    assert quarter["months"] == ["2026-02", "2026-03"]


# --- the pure formulas -----------------------------------------------------------------------------------


def test_combine_sums_flows_and_keeps_the_last_stock():
    total = rules.combine([rules.empty() | {"resolved": 2, "open_overdue": 5},
                           rules.empty() | {"resolved": 3, "open_overdue": 1}])
    assert (total["resolved"], total["open_overdue"]) == (5, 1)
    assert rules.add_units([rules.empty() | {"open_overdue": 2}, rules.empty() | {"open_overdue": 1}])[
        "open_overdue"] == 3


def test_rates_with_nothing_to_judge_are_none_and_resolved_on_time_counts_the_overdue():
    assert rules.rate(rules.empty(), "resolved_on_time") is None
    assert rules.rate(rules.empty() | {"resolved_on_time": 0, "open_overdue": 3}, "resolved_on_time") == 0


def test_the_two_callback_axes_are_counted_separately():
    c = [
        rules.CaseFacts(
            "A", resolved_at=datetime(2026, 3, 2), callback_resolved=False, satisfaction="basically"
        ),
        rules.CaseFacts(
            "A", resolved_at=datetime(2026, 3, 3), callback_resolved=True, satisfaction="unsatisfied"
        ),
        rules.CaseFacts("A", resolved_at=datetime(2026, 3, 4)),
    ]
    r = rules.count_period(c, [], {}, start=datetime(2026, 3, 1), cut=datetime(2026, 4, 1))["A"]
    assert (r["callback_answered"], r["callback_resolved"], r["rated"], r["satisfied"]) == (2, 1, 2, 1)


def test_composite_inverts_lower_is_better_rates_and_weights_are_checked():
    found = {"return_rate": Fraction(1, 4), "accepted_on_time": Fraction(1, 2)}
    assert rules.composite(found, {"returns": Fraction(1), "response": Fraction(1)}) == Fraction(125, 2)
    assert rules.composite({}, {"response": Fraction(1)}) is None
    for bad, field in (
        ({"speed": 1}, "DISPATCH_FIGURE_WEIGHTS.speed"),
        ({"response": -1}, "DISPATCH_FIGURE_WEIGHTS.response"),
        ({"response": 0}, "DISPATCH_FIGURE_WEIGHTS"),
        ({}, "DISPATCH_FIGURE_WEIGHTS"),
    ):
        with pytest.raises(ApplicationError) as err:
            rules.check_weights(bad)
        assert (err.value.code, err.value.field) == ("bad_weights", field)


def test_rank_shares_ties_and_leaves_units_without_a_score_unranked():
    assert rules.rank(
        {"a": Fraction(90), "b": Fraction(95), "c": Fraction(90), "d": None, "e": Fraction(80)}
    ) == {"b": 1, "a": 2, "c": 2, "e": 4, "d": None}


def test_monthly_topics_are_each_streets_highest_volume_problems():
    rows = [("GY", "路灯", 5), ("GY", "噪音", 9), ("GY", "垃圾", 5), ("GY", "井盖", 1), ("DM", "占道", 0)]
    assert rules.monthly_topics(rows, top=3) == {"GY": [("噪音", 9), ("垃圾", 5), ("路灯", 5)]}


def test_malformed_supervision_order_counts_are_refused_naming_the_unit():
    with pytest.raises(ApplicationError) as err:
        rules.count_period(
            [], [], {"GY": {"issued": -1}}, start=datetime(2026, 3, 1), cut=datetime(2026, 4, 1)
        )
    assert (err.value.code, err.value.field) == ("orders_malformed", "GY.issued")


def test_months():
    assert rules.months_between(date(2025, 11, 20), date(2026, 2, 1)) == [
        date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
    assert rules.last_day(date(2024, 2, 5)) == date(2024, 2, 29)


def test_problems_are_stored_per_street(ref):
    hand_example()
    service.figures_refresh([MARCH], now=NOW)
    assert set(StreetMonthProblem.objects.filter(month=MARCH).values_list("street__code", flat=True)) == {
        "GY"
    }


# --- the page, its JSON twin, the reports, the API -------------------------------------------------------


@pytest.fixture
def march(ref):
    hand_example()
    service.figures_refresh([MARCH], now=NOW)


def test_the_page_shows_every_unit_to_the_dispatcher_and_only_its_own_to_a_unit(march, cast, client):
    client.force_login(cast["dispatcher"])
    page = client.get("/dispatch/figures/?month=2026-03")
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        'data-unit="GY"' in html
        and 'data-unit="QHBSWJ"' in html
        and "街道排名" in html
        and "每月一题" in html
    )
    data = client.get("/dispatch/figures.json?month=2026-03").json()
    assert next(u for u in data["units"] if u["unit"] == "GY")["counts"]["open_overdue"] == 2
    client.force_login(cast["qhbswj"])
    own = client.get("/dispatch/figures.json?month=2026-03").json()
    assert [u["unit"] for u in own["units"]] == ["QHBSWJ"] and own["ranking"] is None
    client.force_login(cast["gy"])  # a street's staff see the street and its communities
    assert {u["unit"] for u in client.get("/dispatch/figures.json?month=2026-03").json()["units"]} == {
        "GY",
        "GY-LDC",
    }


def test_a_bad_period_is_a_clear_message_not_a_server_error(march, cast, client):
    client.force_login(cast["dispatcher"])
    page = client.get("/dispatch/figures/?month=March")
    assert page.status_code == 400 and "YYYY-MM" in page.content.decode()
    err = client.get("/dispatch/figures.json?start=2026-03-01&end=x").json()["error"]
    assert (err["code"], list(err["fields"])) == ("bad_period", ["end"])
    assert client.get("/dispatch/figures.json?start=2020-01-01&end=2026-03-01").json()["error"]["code"] == (
        "period_too_long")
    assert client.get("/dispatch/figures.json?month=9999-12").json()["error"]["fields"] == {"month": [
        "年份应在 1900 至 2999 之间。"]}


def test_someone_without_a_unit_may_not_see_the_figures(march, client, make_user):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user("nobody"))
    assert client.get("/dispatch/figures/?month=2026-03").status_code == 403
    client.logout()
    assert client.get("/dispatch/api/figures/?month=2026-03").status_code == 401


def test_the_monthly_report_as_xlsx_and_pdf(march, cast, client):
    import io

    from openpyxl import load_workbook

    client.force_login(cast["dispatcher"])
    xlsx = client.get("/dispatch/figures/report.xlsx?month=2026-03")
    assert xlsx.status_code == 200 and "attachment" in xlsx["Content-Disposition"]
    wb = load_workbook(io.BytesIO(xlsx.content))
    assert wb.sheetnames == ["单位指标", "街道排名", "部门排名", "每月一题", "计算公式"]
    rows = {r[0]: r for r in wb["单位指标"].iter_rows(min_row=4, values_only=True)}
    gy_name = Unit.objects.get(code="GY").name
    assert rows[gy_name][1] == 7 and rows[gy_name][5] == 50.0  # received, resolved on time %
    pdf = client.get("/dispatch/figures/report.pdf?month=2026-03")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_reforms_reads_the_figures_through_the_api_with_a_key(march, client):
    from zhengwu.core.services import api_key_issue
    from zhengwu.dispatch.standard import FIGURES_SCOPE

    _key, secret = api_key_issue(name="改革督查", scope=FIGURES_SCOPE, actor=None)
    got = client.get("/dispatch/api/figures/?start=2026-03-01&end=2026-03-31",
                     HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert got.status_code == 200
    body = got.json()
    assert body == json_roundtrip(provided("dispatch", "unit_figures")(start=MARCH, end=date(2026, 3, 31)))
    _other, events_key = api_key_issue(name="其他系统", scope="dispatch.events", actor=None)
    assert client.get("/dispatch/api/figures/", HTTP_AUTHORIZATION=f"Bearer {events_key}").status_code == 403


def json_roundtrip(value):
    import json

    return json.loads(json.dumps(value, ensure_ascii=False))


def test_the_figures_command_refills_the_months_asked_for(ref):
    import io

    from django.core.management import CommandError, call_command

    hand_example()
    out = io.StringIO()
    call_command("dispatch", "figures", "--from", "2026-02", "--to", "2026-03", stdout=out)
    assert out.getvalue().startswith("5 unit × month rows")  # February: GY; March: GY, GY-LDC, DM, QHBSWJ
    assert set(UnitMonthFigures.objects.values_list("month", flat=True)) == {date(2026, 2, 1), MARCH}
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("dispatch", "figures", "--from", "2026/02")
