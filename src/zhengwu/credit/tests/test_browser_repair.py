"""Done when (issue 16 §4): a repair applied for on the public site and approved in the browser by the
deciding unit removes the record from the public search and pushes a withdrawal to the local receiver."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from zhengwu.credit.models import Record, Repair
from zhengwu.credit.services import search_index
from zhengwu.credit.tests.test_repair import PDF
from zhengwu.credit.tests.workflow_factories import make_record
from zhengwu.org.roles import Role
from zhengwu.outbox import services as outbox
from zhengwu.outbox.models import Destination
from zhengwu.outbox.tests.conftest import receiver  # noqa: F401  (the outbox's local test receiver)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "深圳市修复示范商贸有限公司"


def test_repair_applied_publicly_and_approved_in_the_browser_leaves_search_and_withdraws(
        page, login, make_user, units, receiver, tmp_path):  # noqa: F811
    make_user("QCGJ", Role.REVIEWER, "cgj_repair_rev")
    Destination.objects.create(
        name="市公共信用信息管理系统",
        kind="http_json",
        url=receiver.url,
        topics=["credit."],
        timeout_seconds=2,
    )
    today = timezone.localdate()
    record = make_record(
        units["QCGJ"],
        key="REPAIR-1",
        subject_name=NAME,
        data={"CF_XDR_MC": NAME},
        decision_no="深罗城罚决字〔2026〕第77号",
        state=Record.State.PUSHED,
        severity="general",
        public_until=today + timedelta(days=200),
        repairable_from=today - timedelta(days=1),
        published_at=timezone.now(),
    )
    search_index.index_records([record])
    proof = tmp_path / "缴款凭证.pdf"
    proof.write_bytes(PDF)
    base = page.base_url

    # 1. the public finds the record and applies for its repair (no account)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/credit/public/")
    page.fill("input[name=name]", "修复示范")
    page.click("form.filters button[type=submit]")
    page.click(f"table.list a:text-is(\"{NAME}\")")
    page.click("#repair-link")
    page.fill("input[name=applicant]", NAME)
    page.fill("input[name=contact]", "0755-25666666")
    page.fill("textarea[name=fulfilled]", "罚款已于2026年6月1日缴纳，占道经营已整改")
    page.set_input_files("input[name=proofs]", str(proof))
    page.check("input[name=commitment]")
    page.click("#repair-submit")
    page.wait_for_selector("#repair-done")
    repair = Repair.objects.get(record=record)

    # 2. the deciding unit's reviewer approves it in the browser
    login("cgj_repair_rev")
    page.goto(f"{base}/credit/repairs/")
    page.click(f"#repair-list a[href='/credit/repairs/{repair.pk}/']")
    page.check("input[name=approve][value='1']")
    page.fill("textarea[name=note]", "经核实，罚款已缴纳，已整改")
    page.click("#repair-decide-submit")
    page.wait_for_selector("#repair-state")
    assert page.inner_text("#repair-state") == "已修复"

    # 3. the public search no longer finds it; the archive keeps it
    page.context.clear_cookies()
    page.goto(base + "/credit/public/?name=" + "修复示范")
    assert NAME not in page.inner_text("main")
    assert page.goto(f"{base}/credit/public/records/{record.pk}/").status == 404
    record.refresh_from_db()
    assert record.repaired_on == today

    # 4. the withdrawal reaches the local receiver
    outbox.deliver_due()
    key = f"credit.penalty:{record.pk}:withdrawn:repaired"
    assert key in receiver.received
    sent = json.loads(receiver.received[key])["payload"]
    assert sent["public"] is False and sent["withdrawn"]["reason"] == "repaired"
