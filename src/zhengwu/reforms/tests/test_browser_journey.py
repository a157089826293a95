"""Issue 19, done when: a browser test files a plan with milestones, misses a report (the
light turns yellow, a reminder is queued), issues a supervision notice, answers it, closes and verifies the
item; the unit's composite score changes and matches a hand-computed example; the monthly PDF opens and
shows the same figures as the dashboard.

The hand-computed example (weights REFORMS_SCORE_WEIGHTS: reforms 30, notices 15; the other components have no
figures for 区编办 in this database and are re-weighted away — docs/seed-map/reforms.md § The assessment):

- two notices to 区编办: A issued 30 days ago with its deadline 20 days ago, B issued today, due in 10 days;
  before anything is answered A is judged (past its deadline) and missed: notices = 0/1 → 0; no milestone is
  due yet and judged → the reforms component does not apply → composite = 0.00;
- then A is answered today (late) and B today (in time): notices = 1/2 → 50; both milestones (due in 30 and 45
  days) are done today: reforms = 2/2 → 100;
- composite = (30 × 100 + 15 × 50) / (30 + 15) = 3750 / 45 = 83.333… → 83.33 (half-up to 0.01).

The monthly report is the dashboard of this month (1st to the month's end, judged today): it is asked for on
/reforms/reports/, built by the background task, downloaded in the browser, opened
with pypdf, and every figure the dashboard page shows for that month — the lights, each project's lights,
the ranking and the composite scores — is found in its text.
"""

import calendar
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from zhengwu.org.roles import Role
from zhengwu.reforms.models import MonthlyReport, Notice, Plan, Reminder
from zhengwu.reforms.standard import Stage
from zhengwu.reforms.tasks import send_reminders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _fill_step(page, step: str, values: dict) -> None:
    form = f"#step-{step}"
    for name, value in values.items():
        page.fill(f"{form} [name={name}]", value)
    page.click(f"{form} button[type=submit]")
    page.wait_for_load_state()


def test_plan_to_closure_with_a_missed_report_a_notice_and_the_score(page, login, make_user, tmp_path):
    today = timezone.localdate()
    iso = today.isoformat

    def day(n: int) -> str:
        return (today + timedelta(days=n)).isoformat()

    make_user("QBB", Role.OPERATOR, "bb_op")
    make_user("QWGGB", Role.LEADER, "ggb_leader")
    make_user("QDCS", Role.SUPERVISOR, "dcs_sup")
    base = page.base_url
    period = f"?start={day(-100)}&end={day(100)}&on={iso()}"

    # 1. the lead unit files the plan (立项), breaks it into
    #    milestones (分解) and starts work (承办) 60 days ago
    login("bb_op")
    page.goto(base + "/reforms/items/1/")
    page.select_option("#step-register [name=unit]", "QBB")
    _fill_step(
        page,
        "register",
        {
            "on": day(-70),
            "targets": "出台空编统筹办法",
            "content": "建立空闲编制收回制度",
            "responsible": "编办主任",
        },
    )
    assert page.inner_text("#stage") == "立项"
    _fill_step(page, "decompose", {"milestones": f"调研 | 调研报告 | QBB | {day(30)}\n"
                                                 f"出台办法 | 办法文本 | QBB | {day(45)}"})
    _fill_step(page, "undertake", {"on": day(-60)})
    assert page.inner_text("#stage") == "承办"

    # 2. no progress report for 60 days (> 20 working days): the light is yellow; the morning job queues 催办
    assert page.inner_text("#light") == "yellow"
    send_reminders.enqueue()  # the periodic job `reforms.reminders` (immediate backend in tests)
    assert Reminder.objects.filter(kind=Reminder.Kind.REPORT_MISSED, plan__item_number=1).count() == 1
    page.reload()
    assert "进展报告未按期报送" in page.inner_text("#reminders")

    # 3. the supervision office issues two notices to 区编办; the score before any answer is 0.00
    page.context.clear_cookies()
    login("dcs_sup")
    for issued, deadline, demand in (
        (day(-30), day(-20), "报送空编统筹进展"),
        (iso(), day(10), "说明进展报告缺报原因"),
    ):
        page.goto(base + "/reforms/notices/")
        page.select_option("#issue [name=kind]", "notice")
        page.select_option("#issue [name=level]", "key")
        page.select_option("#issue [name=issuer_code]", "QDCS")
        for name, value in {
            "unit_code": "QBB",
            "item_number": "1",
            "demand": demand,
            "signed_by": "督查室主任",
            "issued_on": issued,
            "deadline": deadline,
        }.items():
            page.fill(f"#issue [name={name}]", value)
        page.click("#issue button[type=submit]")
        page.wait_for_load_state()
    assert Notice.objects.filter(unit__code="QBB").count() == 2
    page.goto(base + "/reforms/supervision/" + period)
    assert page.inner_text("#assessment tr[data-unit=QBB] td:nth-child(3)") == "0.00"

    # 4. the unit answers both notices today, reports with an attachment (the light turns green again),
    #    completes its milestones and requests closure (办结) with evidence
    page.context.clear_cookies()
    login("bb_op")
    page.goto(base + "/reforms/notices/")
    for _ in range(2):
        row = page.locator("#notices tr", has=page.locator("input[name=answer]")).first
        row.locator("input[name=answer]").fill("已按要求办理")
        row.locator("button[type=submit]").click()
        page.wait_for_load_state()
    assert not Notice.objects.filter(answered_on=None).exists()
    page.goto(base + "/reforms/items/1/")
    report = tmp_path / "进展.pdf"
    report.write_bytes(PDF)
    page.set_input_files("#step-report input[name=attachments]", str(report))
    _fill_step(page, "report", {"on": iso(), "text": "完成调研，起草办法"})
    assert page.inner_text("#light") == "green"
    assert "进展.pdf" in page.inner_text("#reports")
    for _ in range(2):
        page.locator("#milestones button[type=submit]").first.click()
        page.wait_for_load_state()
    _fill_step(page, "complete", {"on": iso(), "evidence": "罗编〔2026〕5号"})
    assert page.inner_text("#stage") == "办结"

    # 5. the reform office verifies (验收) and closes (销号) the item
    page.context.clear_cookies()
    login("ggb_leader")
    page.goto(base + "/reforms/items/1/")
    _fill_step(page, "verify", {"on": iso()})
    _fill_step(page, "close", {"on": iso()})
    assert page.inner_text("#stage") == "销号"
    assert Plan.objects.get(item_number=1).stage == Stage.CLOSED

    # 6. the composite score changed and is the hand-computed 83.33
    page.context.clear_cookies()
    login("dcs_sup")
    page.goto(base + "/reforms/supervision/" + period)
    assert page.inner_text("#assessment tr[data-unit=QBB] td:nth-child(3)") == "83.33"
    # the Gantt (custom series) and the 12 months' trend are drawn; the score opens down to its components
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.reload()
    page.wait_for_selector("#chart-schedule canvas")
    page.wait_for_selector("#chart-trend canvas")
    assert errors == []
    page.click("#assessment tr[data-unit=QBB] a")
    page.wait_for_load_state()
    assert page.inner_text("#assessment-score") == "83.33"
    assert (
        page.locator("#components tr[data-component=reforms] a").get_attribute("href").endswith("#milestones")
    )
    page.wait_for_selector("#chart-trend canvas")
    assert errors == []

    # 7. the monthly report: asked for in the browser, built in the background,
    #    downloaded and opened; it shows the figures of the dashboard for the same month
    page.goto(base + "/reforms/reports/")
    page.fill("#monthly-request [name=month]", today.strftime("%Y-%m"))
    page.click("#monthly-request button[type=submit]")
    page.wait_for_load_state()
    assert MonthlyReport.objects.get().status == MonthlyReport.Status.DONE
    with page.expect_download() as download:
        page.click("#monthly a[href*='/reforms/reports/']")
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    flat = re.sub(r"\s+", "", "".join(p.extract_text() for p in pdf.pages))
    assert f"{today.year}年{today.month}月" in flat
    last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    page.goto(base + f"/reforms/supervision/?start={today.replace(day=1)}&end={last}&on={iso()}")
    dash = page.request.get(
        base + f"/reforms/supervision.json?start={today.replace(day=1)}&end={last}&on={iso()}"
    ).json()
    counts = dash["tree"]["counts"]
    assert f"正常{counts['green']}，预警{counts['yellow']}，逾期{counts['red']}" in flat
    for p in dash["tree"]["projects"]:
        assert (
            f"（{p['numeral']}）{p['title']}{p['lights']['green']}{p['lights']['yellow']}{p['lights']['red']}"
            in flat
        )
    rows = page.locator("#assessment tbody tr")
    assert rows.count() == len(dash["assessment"]) >= 1
    for i in range(rows.count()):  # the composite scores as the page shows them are printed in the PDF
        cells = rows.nth(i).locator("td")
        assert re.sub(r"\s+", "", cells.nth(0).inner_text() + cells.nth(1).inner_text()
                      + cells.nth(2).inner_text()) in flat
    for u in dash["units"]:
        assert f"{u['rank']}{u['unit_name']}{u['score']:.2f}{u['measures']}{u['due']}{u['kept']}" in flat
