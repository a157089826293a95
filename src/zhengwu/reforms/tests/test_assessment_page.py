"""Issue 19 §3 and §5 on a page (/reforms/assessment/): the reform office records third-party evaluations and
issues 评议码 (shown once); the supervision office records inspections and topic research; bad input is a 400
naming the field, someone without the office's role a 403, and nothing is written then."""

import pytest
from django.urls import reverse

from zhengwu.ledger.models import Entry
from zhengwu.org.roles import Role
from zhengwu.reforms.models import Evaluation, Inspection, RatingCode

pytestmark = pytest.mark.django_db

URL = "reforms:assessment"
EVALUATION = {
    "step": "evaluation",
    "unit_code": "QFGJ",
    "evaluator": "某评估机构",
    "period_start": "2016-01-01",
    "period_end": "2016-06-30",
    "score": "88.5",
    "report": "评估报告摘要",
}


def test_the_reform_office_records_evaluations_and_issues_codes_through_the_page(client, make_user):
    client.force_login(make_user("QWGGB", Role.LEADER))
    assert client.get(reverse(URL)).status_code == 200
    assert client.post(reverse(URL), EVALUATION).status_code == 302
    assert Evaluation.objects.get().score == 88.5
    bad = client.post(reverse(URL), {**EVALUATION, "score": "120"})
    assert bad.status_code == 400 and "0 到 100" in bad.content.decode() and Evaluation.objects.count() == 1
    bad = client.post(reverse(URL), {**EVALUATION, "period_end": "2016-02-30"})
    assert bad.status_code == 400 and "评估期止" in bad.content.decode()
    issued = client.post(reverse(URL), {"step": "codes", "count": "3", "period_start": "2016-01-01",
                                        "period_end": "2016-12-31"})
    assert issued.status_code == 200 and RatingCode.objects.count() == 3
    shown = issued.content.decode().split('id="codes"')[1].count("<code>")
    assert shown == 3  # in clear this once; the list page afterwards shows only counts
    assert "<code>" not in client.get(reverse(URL)).content.decode()
    data = client.get(reverse("reforms:assessment_json")).json()
    assert data["codes_issued"] == 3 and data["evaluations"][0]["evaluator"] == "某评估机构"
    assert "codes" not in data


def test_inspections_are_recorded_by_the_offices_and_refused_to_others(client, make_user):
    form = {"step": "inspection", "kind": "research", "office_code": "QDCS", "title": "街道大部室制运行情况",
            "held_on": "2016-05-10", "item_number": "8", "unit_codes": "NH, QBB", "findings": "部室职责交叉"}
    client.force_login(make_user("QDCS", Role.SUPERVISOR))
    assert client.post(reverse(URL), form).status_code == 302
    found = Inspection.objects.get()
    assert sorted(u.code for u in found.units.all()) == ["NH", "QBB"] and found.item_number == 8
    bad = client.post(reverse(URL), {**form, "unit_codes": "NOPE"})
    assert bad.status_code == 400 and "NOPE" in bad.content.decode()
    client.force_login(make_user("QFGJ", Role.OPERATOR))
    assert client.get(reverse(URL)).status_code == 403
    client.force_login(make_user("QDCS", Role.AUDITOR))  # a reader of 大督查, not an issuer
    refused = client.post(reverse(URL), EVALUATION)
    assert refused.status_code == 403 and not Evaluation.objects.exists()
    assert Entry.objects.filter(action="reforms.inspection.recorded").count() == 1
