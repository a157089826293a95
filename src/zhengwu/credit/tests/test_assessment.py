"""Assessment figures on known fixtures (quantity, quality, timeliness in working days, publication,
objections), who sees which rows, XLSX/JSON, the supervision function, and campaign progress."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from zhengwu.credit import reference
from zhengwu.credit.models import Campaign, ConfidentialityReview, ImportBatch, Objection
from zhengwu.credit.selectors import assessment as sel
from zhengwu.credit.selectors import workflow as wsel
from zhengwu.credit.tests.workflow_factories import make_record
from zhengwu.org.roles import Role

TZ = ZoneInfo("Asia/Shanghai")


def at(d: date, hour=10):
    return datetime(d.year, d.month, d.day, hour, tzinfo=TZ)


@pytest.fixture
def fixture_data(units):
    qcgj, qfgj = units["QCGJ"], units["QFGJ"]
    due = date(2025, 10, 15)  # decided 2025-09-29 + 7 working days across 国庆
    r1 = make_record(
        qcgj, state="published", due_on=due, published_at=at(date(2025, 10, 15))
    )  # on time: 7 days
    r2 = make_record(
        qcgj, state="published", due_on=due, published_at=at(date(2025, 10, 20))
    )  # 3 late: 10 days
    r3 = make_record(qcgj, state="rejected", due_on=due)  # never published: judged, not on time
    make_record(qcgj, decided_on=date(2024, 12, 31), due_on=date(2025, 1, 10))  # another period
    make_record(qfgj, kind="license", state="pushed", decided_on=date(2025, 3, 3), due_on=date(2025, 3, 12),
                published_at=at(date(2025, 3, 5)))
    for r, decision in ((r1, "approve"), (r2, "approve"), (r3, "reject")):
        ConfidentialityReview.objects.create(
            record=r,
            decided_at=at(date(2025, 10, 14)),
            decision=decision,
            reasons="x" if decision == "reject" else "",
            version=1,
            state_secret=False,
            commercial_secret=False,
            personal_privacy=False,
            security_risk=False,
        )
    batch = ImportBatch.objects.create(unit=qcgj, kind="penalty", status="done", rows=10, valid_rows=8)
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=at(date(2025, 9, 30)))
    Objection.objects.create(
        record=r1,
        submitted_at=at(date(2025, 11, 3)),
        name="a",
        contact="c",
        content="x",
        due_on=date(2025, 11, 17),
        state="answered",
        outcome="upheld",
        answer="ok",
        answered_at=at(date(2025, 11, 10)),
    )
    Objection.objects.create(
        record=r2,
        submitted_at=at(date(2025, 11, 3)),
        name="b",
        contact="c",
        content="y",
        due_on=date(2025, 11, 17),
    )
    return units


def row_of(rows, code):
    return next(r for r in rows if r.unit_code == code)


@pytest.mark.django_db
def test_figures_on_known_records(fixture_data):
    rows = sel.assessment(start=date(2025, 1, 1), end=date(2025, 12, 31), today=date(2026, 1, 5))
    q = row_of(rows, "QCGJ")
    assert (q.records, q.published, q.pushed, q.judged, q.on_time) == (3, 2, 0, 3, 1)
    assert (q.on_time_share, q.avg_delay, q.avg_workdays) == (0.3333, 1.5, 8.5)
    assert (q.validation_reject_share, q.review_reject_share) == (0.2, 0.3333)
    assert (q.published_share, q.pushed_share) == (0.6667, 0.0)
    assert (q.objections, q.objections_answered, q.objections_in_time, q.objections_overdue) == (2, 1, 1, 1)
    f = row_of(rows, "QFGJ")
    assert (f.records, f.on_time_share, f.pushed_share, f.avg_workdays) == (1, 1.0, 1.0, 2.0)
    assert [r.unit_code for r in rows] == ["QFGJ", "QCGJ"] and (rows[0].rank, rows[1].rank) == (1, 2)
    assert rows[0].score > rows[1].score


@pytest.mark.django_db
def test_period_limits_the_records(fixture_data):
    rows = sel.assessment(start=date(2024, 12, 1), end=date(2024, 12, 31), today=date(2026, 1, 5))
    assert [(r.unit_code, r.records, r.on_time, r.judged) for r in rows] == [("QCGJ", 1, 0, 1)]


@pytest.mark.django_db
@pytest.mark.parametrize("unit,role,codes", [
    ("QCGJ", Role.OPERATOR, {"QCGJ"}), ("QFGJ", Role.OPERATOR, {"QFGJ"}),
    ("QFGJ", Role.LEADER, {"QCGJ", "QFGJ"}), ("QDCS", Role.SUPERVISOR, {"QCGJ", "QFGJ"}),
])
def test_who_sees_which_rows(fixture_data, make_user, unit, role, codes):
    rows = sel.assessment(start=date(2025, 1, 1), end=date(2025, 12, 31), user=make_user(unit, role))
    assert {r.unit_code for r in rows} == codes


@pytest.mark.django_db
def test_supervision_function_returns_the_same_figures(fixture_data):
    data = sel.assessment_for_supervision("2025")
    assert (data["period"], data["start"], data["end"]) == ("2025", "2025-01-01", "2025-12-31")
    q = next(u for u in data["units"] if u["unit_code"] == "QCGJ")
    assert (
        q["records"] == 3
        and q["on_time"] == 1
        and q["avg_delay"] == 1.5
        and q["validation_reject_share"] == 0.2
    )
    with pytest.raises(ValueError):
        sel.assessment_for_supervision("last year")


@pytest.mark.django_db
def test_pages_xlsx_and_json(client, fixture_data, make_user):
    client.force_login(make_user("QFGJ", Role.LEADER))
    page = client.get("/credit/assessment/?period=2025").content.decode()
    assert "assessment-data" in page and "echarts-5.6.0.min.js" in page and "区城管局" in page
    assert 'nonce="' in page and "chart-score" in page
    data = client.get("/credit/assessment.json?period=2025").json()
    assert {u["unit_code"] for u in data["units"]} == {"QCGJ", "QFGJ"}
    wb = load_workbook(io.BytesIO(client.get("/credit/assessment.xlsx?period=2025").content))
    ws = wb.active
    assert ws["A2"].value == "排名" and ws["B2"].value == "单位"
    assert {ws.cell(row=r, column=2).value for r in (3, 4)} == {"区城管局", "区发改局"}
    bad = client.get("/credit/assessment.json?period=nonsense")
    assert bad.status_code == 400 and bad.json()["error"]["fields"]["period"]
    assert "无法识别的考核期间" in client.get("/credit/assessment/?period=nonsense").content.decode()


@pytest.mark.django_db
def test_unit_page_shows_its_own_row_only(client, fixture_data, make_user):
    client.force_login(make_user("QCGJ", Role.OPERATOR))
    page = client.get("/credit/assessment/?period=2025").content.decode()
    assert 'data-key="unit_name">区城管局' in page and 'data-key="unit_name">区发改局' not in page
    assert 'id="chart-score"' not in page


@pytest.mark.django_db
def test_campaign_progress_per_unit(units, make_user):
    reference.load()
    reference.load()  # idempotent
    assert Campaign.objects.count() == 2
    qcgj = units["QCGJ"]
    make_record(qcgj, decided_on=date(2013, 5, 1), state="published", published_at=at(date(2016, 5, 3)))
    make_record(qcgj, decided_on=date(2014, 5, 1), state="pushed", published_at=at(date(2016, 8, 1)))
    make_record(qcgj, decided_on=date(2015, 5, 1))
    make_record(qcgj, kind="license", decided_on=date(2009, 5, 1), valid_until=date(2020, 1, 1))  # in force
    make_record(qcgj, kind="license", decided_on=date(2009, 5, 1), valid_until=date(2012, 1, 1))  # expired
    make_record(qcgj, decided_on=date(2016, 3, 1))  # new information: no campaign
    user = make_user("QDCS", Role.SUPERVISOR)
    since_2011, in_force = Campaign.objects.order_by("sort")
    assert (since_2011.deadline, in_force.deadline) == (date(2016, 6, 30), date(2016, 12, 31))
    (p,) = wsel.campaign_progress(since_2011, user=user)
    assert (p.total, p.on_time, p.late, p.pending, p.percent) == (3, 1, 1, 1, 33)
    (p,) = wsel.campaign_progress(in_force, user=user)
    assert (p.total, p.on_time, p.pending) == (1, 0, 1)
    assert wsel.campaign_progress(since_2011, user=make_user("QFGJ", Role.OPERATOR)) == []


@pytest.mark.django_db
def test_a_unit_without_records_in_the_period_is_not_scored_or_ranked(fixture_data, units):
    # 桂园街道 only has an import batch in 2025 (activity, but no records): it must not top the ranking
    batch = ImportBatch.objects.create(unit=units["GY"], kind="license", status="done", rows=4, valid_rows=4)
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=at(date(2025, 6, 1)))
    rows = sel.assessment(start=date(2025, 1, 1), end=date(2025, 12, 31), today=date(2026, 1, 5))
    gy = row_of(rows, "GY")
    assert gy.records == 0 and gy.score is None and gy.rank is None
    assert rows[-1] is gy and [r.rank for r in rows[:-1]] == [1, 2]


@pytest.mark.django_db
def test_xlsx_of_a_period_without_data_is_a_header_only_workbook(client, units, make_user):
    client.force_login(make_user("QWGB", Role.OPERATOR))  # a unit with no 双公示 records at all
    response = client.get("/credit/assessment.xlsx?period=2016")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A2"].value == "排名" and ws.max_row == 2
