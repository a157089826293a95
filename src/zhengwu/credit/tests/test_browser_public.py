"""Done when (part 2): a natural person's penalty is uploaded, reviewed and published; the
public page shows it masked (no ID number, address or phone); the outbox delivers the full record to the
local receiver — after a failed first attempt — and the record becomes 已推送."""

import json
from datetime import timedelta

import polars as pl
import pytest
from django.utils import timezone

from zhengwu.core.privacy import contains_personal_data
from zhengwu.credit.models import Record
from zhengwu.credit.services import publication
from zhengwu.credit.services import workflow as wf
from zhengwu.credit.tests.factories import RIC
from zhengwu.credit.tests.test_public import ADDRESS, PERSON, PHONE, _person_penalty
from zhengwu.org.roles import Role
from zhengwu.outbox import services as outbox
from zhengwu.outbox.models import Destination, Message
from zhengwu.outbox.tests.conftest import receiver  # noqa: F401  (the outbox's local test receiver)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_penalty_from_upload_to_masked_public_page_and_the_city_receiver(
        page, login, make_user, receiver, tmp_path):  # noqa: F811
    operator = make_user("QCGJ", Role.OPERATOR, "cgj_pub_op")
    reviewer = make_user("QCGJ", Role.REVIEWER, "cgj_pub_rev")
    Destination.objects.create(name="市政府门户网站", kind="http_json", url=receiver.url, topics=["credit."],
                               timeout_seconds=2)
    decided = (timezone.localdate() - timedelta(days=1)).isoformat()
    row = _person_penalty(CF_XH="PUB-1", CF_SXQ=decided, CF_JZQ=decided, SJC=decided)
    path = tmp_path / "处罚.csv"
    pl.DataFrame([row], schema={k: pl.Utf8 for k in row}).write_csv(path)
    base = page.base_url

    # 1. the operator uploads the file (background import)
    login("cgj_pub_op")
    page.goto(base + "/credit/upload/")
    page.select_option("select[name=kind]", "penalty")
    page.set_input_files("input[name=file]", str(path))
    page.click("form button[type=submit].primary")
    page.wait_for_selector("#progress")
    record = Record.objects.get(key="PUB-1")
    assert record.is_natural_person

    # 2. submitted, reviewed and published through the workflow services; the receiver fails the first push
    receiver.fail_next(1)
    wf.record_submit(record, actor=operator)
    wf.record_review(record, actor=reviewer, approve=True, checks={})
    record.refresh_from_db()
    assert record.state == Record.State.PUBLISHED and record.public_until is not None

    # 3. the public, not logged in, finds it by name and sees it masked
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(base + "/credit/public/")
    page.fill("input[name=name]", "张*明")  # the masked name it is shown under (never the real one)
    page.click("form.filters button[type=submit]")
    page.click("table.list a:text-is(\"张*明\")")  # the result link (the help text names 张*明 too)
    page.wait_for_url(f"{base}/credit/public/records/{record.pk}/")
    html = page.content()
    assert "张*明" in page.inner_text("h1")
    for secret in (PERSON, RIC, PHONE, ADDRESS):
        assert secret not in html, secret
    assert "【已隐去】" in html and contains_personal_data(html) == []

    # 4. the outbox retries and delivers the full record once; the record becomes 已推送
    [message] = Message.objects.filter(source_id=str(record.pk))
    assert message.state == "failed" and receiver.hits[0][1] == 500
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    outbox.deliver_due()
    assert list(receiver.received) == [message.idempotency_key]
    sent = json.loads(receiver.received[message.idempotency_key])["payload"]["record"]
    assert sent["CF_XDR_MC"] == PERSON and sent["CF_XDR_SFZ"] == RIC
    publication.mark_pushed()
    record.refresh_from_db()
    assert record.state == Record.State.PUSHED
