"""Done when (part 1): an operator uploads and submits a penalty, a reviewer of the same unit does the
confidentiality review and publishes it; the record shows as published with its due-date standing;
the assessment page shows the unit's timeliness over working days. (The public page and outbox part of
the journey belong to the public-side tests.)"""

from datetime import timedelta

import polars as pl
import pytest
from django.utils import timezone

from zhengwu.credit.models import Record
from zhengwu.credit.rules import timeliness
from zhengwu.credit.tests.factories import penalty_row
from zhengwu.org.roles import Role
from zhengwu.workdays.selectors import calendar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operator_submits_reviewer_publishes_assessment_shows_timeliness(page, login, make_user, tmp_path):
    make_user("QCGJ", Role.OPERATOR, "cgj_op")
    make_user("QCGJ", Role.REVIEWER, "cgj_rev")
    decided = timezone.localdate() - timedelta(days=1)
    due = timeliness.due_date(decided_on=decided, calendar=calendar())
    row = penalty_row(CF_XH="BROWSER-1", CF_SXQ=decided.isoformat(), CF_JZQ=decided.isoformat(),
                      SJC=decided.isoformat(), CF_WSH="深罗城罚决字〔2026〕第88号")
    path = tmp_path / "处罚.csv"
    pl.DataFrame([row], schema={k: pl.Utf8 for k in row}).write_csv(path)
    base = page.base_url
    page.set_viewport_size({"width": 390, "height": 844})  # a phone

    # 1. the operator uploads the file and submits the record to the confidentiality review
    login("cgj_op")
    page.goto(base + "/credit/upload/")
    page.select_option("select[name=kind]", "penalty")
    page.set_input_files("input[name=file]", str(path))
    page.click("form button[type=submit].primary")
    page.wait_for_selector("#progress")
    record = Record.objects.get(key="BROWSER-1")
    page.goto(f"{base}/credit/records/{record.pk}/")
    page.click("#submit-record")
    page.wait_for_selector("#record-state")
    assert page.inner_text("#record-state") == "待保密审查"
    assert page.inner_text("#record-due") == (due.isoformat() if due else "—")

    # 2. the reviewer finds it in the review queue, answers the four checks and publishes it
    page.context.clear_cookies()
    login("cgj_rev")
    page.goto(base + "/credit/work/?tab=review")
    assert "BROWSER-1" in page.inner_text("#work-list")
    page.click("#work-list >> text=审查")
    for name in ("state_secret", "commercial_secret", "personal_privacy", "security_risk"):
        page.check(f"input[name={name}][value=no]")
    page.click("#approve")
    page.wait_for_selector("#record-state")
    assert page.inner_text("#record-state") == "已公示"
    panel = page.inner_text("#workflow-panel")
    assert ("按时公示" in panel) if due else ("期限未知" in panel)
    assert "一般" in panel  # 罚款 2000 元: a general penalty
    page.click("#workflow-panel >> text=审批表")
    assert "政府信息公开保密审查审批表" in page.inner_text("#approval-form")

    # 3. the assessment page shows the unit's timeliness
    page.goto(f"{base}/credit/assessment/?period={decided.year}")
    table = page.inner_text("#assessment-table")
    assert "区城管局" in table
    share = page.inner_text("#assessment-table td[data-key=on_time_share]")
    assert share == ("100%" if due else "—")
    assert page.locator("#chart-timeliness canvas").count() == 1  # ECharts drew it (CSP nonce works)
