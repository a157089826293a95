"""Fixtures of the cross-system tests: a small public
site's worth of data in every system with public pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

CASE_NO, CASE_PHONE = "LH20260105000042", "13812345678"


@pytest.fixture
def public_data(units):
    """Published 双公示 records (a company licence, a company penalty, a natural person's penalty with an ID
    and a phone number in its text) and a replied 大分拨 case, as the public sees them."""
    from zhengwu.credit.models import Record
    from zhengwu.credit.tests.factories import USCC, license_row
    from zhengwu.credit.tests.test_public import _person_penalty, publish
    from zhengwu.credit.tests.test_services import run
    from zhengwu.dispatch.models import Event

    decided = (timezone.localdate() - timedelta(days=2)).isoformat()
    run(
        units["QFGJ"],
        [
            license_row(
                XK_XH="LIC-A",
                XK_XDR="深圳市鹏城商贸有限公司",
                XK_SXQ=decided,
                XK_JZQ="2099-12-31",
                SJC=decided,
            )
        ],
    )
    run(
        units["QCGJ"],
        [_person_penalty(CF_XH="PEN-P", CF_SXQ=decided, CF_JZQ=decided, SJC=decided)],
        kind="penalty",
    )
    records = {r.key: r for r in publish(*Record.objects.all())}
    now = timezone.now()
    event = Event.objects.create(
        case_no=CASE_NO, channel="web", title="鹿丹村路灯不亮", text="鹿丹村12栋门口路灯坏了一周，晚上很黑。",
        address="桂园街道鹿丹村12栋", reporter_phone=CASE_PHONE, received_at=now - timedelta(days=3),
        unit=units["GY"], state="replied", reply="已安排维修，路灯已恢复。", replied_at=now, resolved_at=now)
    return {"records": records, "uscc": USCC, "event": event, "case_no": CASE_NO, "phone": CASE_PHONE}


@pytest.fixture
def dispatch_ref(units):
    """大分拨's reference data (taxonomy, gazetteer, rules, templates) without fitting a model, for intake."""
    from zhengwu.dispatch.tests.conftest import load_reference

    load_reference()
    return units
