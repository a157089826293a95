"""Workflow pages: to-do list, record panel, review form
and printable 审批表, bulk actions, scoping (404/403)."""

from datetime import date

import pytest

from zhengwu.credit.models import ConfidentialityReview, Record
from zhengwu.credit.tests.workflow_factories import make_record
from zhengwu.org.roles import Role

CLEAR = {"state_secret": "no", "commercial_secret": "no", "personal_privacy": "no", "security_risk": "no"}


@pytest.mark.django_db
def test_another_units_staff_get_404_on_every_record_page_and_403_nowhere_leaks(client, units, make_user):
    r = make_record(units["QCGJ"], state="submitted")
    client.force_login(make_user("QFGJ", Role.REVIEWER))
    for url in (f"/credit/records/{r.pk}/workflow/", f"/credit/records/{r.pk}/review/"):
        assert client.get(url).status_code == 404
    for url in (
        f"/credit/records/{r.pk}/submit/",
        f"/credit/records/{r.pk}/status/",
        f"/credit/records/{r.pk}/review/",
    ):
        assert client.post(url, {"status": "1", "decision": "approve", **CLEAR}).status_code == 404
    r.refresh_from_db()
    assert (r.state, r.status) == ("submitted", "0") and not ConfidentialityReview.objects.exists()


@pytest.mark.django_db
def test_bulk_forms_ignore_other_units_records(client, units, make_user):
    theirs = make_record(units["QCGJ"])
    client.force_login(make_user("QFGJ", Role.OPERATOR))
    client.post("/credit/work/submit/", {"ids": [theirs.pk]})
    client.post("/credit/work/submit/", {"all": "1"})
    assert Record.objects.get(pk=theirs.pk).state == "imported"


@pytest.mark.django_db
def test_operator_of_the_unit_cannot_open_the_review_form(client, units, make_user):
    r = make_record(units["QCGJ"], state="submitted")
    client.force_login(make_user("QCGJ", Role.OPERATOR))
    assert client.get(f"/credit/records/{r.pk}/review/").status_code == 403
    assert client.post(f"/credit/records/{r.pk}/review/", {"decision": "approve", **CLEAR}).status_code == 403
    assert Record.objects.get(pk=r.pk).state == "submitted"


@pytest.mark.django_db
def test_submit_then_review_through_the_pages(client, units, make_user):
    r = make_record(units["QCGJ"], decided_on=date(2025, 9, 29))
    client.force_login(make_user("QCGJ", Role.OPERATOR))
    panel = client.get(f"/credit/records/{r.pk}/workflow/").content.decode()
    assert "2025-10-15" not in panel and 'id="submit-record"' in panel  # no due date stored yet
    assert client.post(f"/credit/records/{r.pk}/submit/").status_code == 302
    client.force_login(make_user("QCGJ", Role.REVIEWER))
    page = client.get(f"/credit/records/{r.pk}/review/").content.decode()
    assert "涉及国家秘密" in page and "2025-10-15" in page
    missing = client.post(f"/credit/records/{r.pk}/review/", {"decision": "approve"})
    body = missing.content.decode()
    assert missing.status_code == 400 and Record.objects.get(pk=r.pk).state == "submitted"
    assert all(f'id="id_{name}_error"' in body for name in CLEAR)  # each unanswered question, beside it
    response = client.post(f"/credit/records/{r.pk}/review/", {"decision": "approve", **CLEAR})
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.state == "published"
    panel = client.get(f"/credit/records/{r.pk}/workflow/").content.decode()
    assert "已公示" in panel and "2025-10-15" in panel and "审批表" in panel


@pytest.mark.django_db
def test_rejection_page_shows_reasons_to_the_operator(client, units, make_user):
    r = make_record(units["QCGJ"], state="submitted")
    client.force_login(make_user("QCGJ", Role.REVIEWER))
    body = client.post(f"/credit/records/{r.pk}/review/", {"decision": "reject", **CLEAR}).content.decode()
    assert "必须填写审查意见" in body
    client.post(f"/credit/records/{r.pk}/review/", {"decision": "reject", **CLEAR, "reasons": "请删除住址"})
    client.force_login(make_user("QCGJ", Role.OPERATOR))
    panel = client.get(f"/credit/records/{r.pk}/workflow/").content.decode()
    assert "请删除住址" in panel and "已退回" in panel and 'id="submit-record"' in panel
    work = client.get("/credit/work/?tab=to_submit").content.decode()
    assert r.key in work


@pytest.mark.django_db
def test_approval_form_is_printable_and_scoped(client, units, make_user):
    r = make_record(units["QCGJ"], state="submitted")
    client.force_login(make_user("QCGJ", Role.REVIEWER))
    client.post(f"/credit/records/{r.pk}/review/", {"decision": "approve", **CLEAR})
    review = ConfidentialityReview.objects.get()
    body = client.get(f"/credit/reviews/{review.pk}/form/").content.decode()
    assert "政府信息公开保密审查审批表" in body and "@media print" in body and "同意公开" in body
    assert body.count("☑ 否") == 4
    client.force_login(make_user("QFGJ", Role.REVIEWER))
    assert client.get(f"/credit/reviews/{review.pk}/form/").status_code == 404


@pytest.mark.django_db
def test_work_page_counts_and_tabs(client, units, make_user, monkeypatch):
    from zhengwu.credit.selectors import workflow as wsel
    from zhengwu.credit.views import workflow as views

    today = date(2025, 10, 13)
    monkeypatch.setattr(views.timezone, "localdate", lambda *a: today)
    monkeypatch.setattr(wsel.timezone, "localdate", lambda *a: today)
    make_record(units["QCGJ"], due_on=date(2025, 10, 15), key="SOON")
    make_record(units["QCGJ"], due_on=date(2025, 10, 9), key="LATE")
    make_record(units["QCGJ"], due_on=date(2025, 10, 30), key="LATER")
    make_record(units["QCGJ"], due_on=date(2025, 10, 9), state="published", key="DONE")
    client.force_login(make_user("QCGJ", Role.LEADER))
    soon = client.get("/credit/work/?tab=due_soon").content.decode()
    assert "SOON" in soon and "LATE<" not in soon and "LATER" not in soon and "剩 2 个工作日" in soon
    overdue = client.get("/credit/work/?tab=overdue").content.decode()
    assert (
        ">LATE<" in overdue and ">DONE<" not in overdue and "已超期 3 个工作日" in overdue
    )  # 10, 11 (调休), 13


@pytest.mark.django_db
def test_bulk_pages(client, units, make_user):
    rs = [make_record(units["QCGJ"]) for _ in range(3)]
    client.force_login(make_user("QCGJ", Role.OPERATOR))
    client.post("/credit/work/submit/", {"ids": [rs[0].pk, rs[1].pk]})
    assert Record.objects.filter(state="submitted").count() == 2
    client.post("/credit/work/submit/", {"all": "1"})
    assert Record.objects.filter(state="submitted").count() == 3
    client.force_login(make_user("QCGJ", Role.REVIEWER))
    client.post("/credit/work/approve/", {"all": "1"})  # without the attestation: nothing
    assert Record.objects.filter(state="published").count() == 0
    client.post("/credit/work/approve/", {"all": "1", "attest": "1"})
    assert Record.objects.filter(state="published").count() == 3


@pytest.mark.django_db
def test_status_change_page_needs_a_note_for_3(client, units, make_user):
    r = make_record(units["QCGJ"], state="published")
    client.force_login(make_user("QCGJ", Role.OPERATOR))
    response = client.post(f"/credit/records/{r.pk}/status/", {"status": "3", "note": ""}, follow=True)
    assert 'id="id_note_error"' in response.content.decode() and Record.objects.get(pk=r.pk).status == "0"
    client.post(f"/credit/records/{r.pk}/status/", {"status": "3", "note": "移送"})
    assert Record.objects.get(pk=r.pk).status == "3"


@pytest.mark.django_db
def test_index_links_to_the_workflow_pages(client, units, make_user):
    client.force_login(make_user("QCGJ", Role.OPERATOR))
    body = client.get("/credit/").content.decode()
    for url in (
        "/credit/work/",
        "/credit/objections/",
        "/credit/catalog/",
        "/credit/campaigns/",
        "/credit/assessment/",
    ):
        assert url in body
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_record_list_shows_every_records_due_date(client, units, make_user):
    make_record(units["QCGJ"], due_on=date(2025, 10, 15), key="LIST-1")
    client.force_login(make_user("QCGJ", Role.OPERATOR))
    body = client.get("/credit/").content.decode()
    assert '<span class="badge bad" title="已超期">2025-10-15</span>' in body


@pytest.mark.django_db
def test_leader_starts_with_overdue_and_reviewer_with_the_queue(client, units, make_user):
    make_record(units["QCGJ"], due_on=date(2020, 1, 2), key="OLD-1")
    make_record(units["QCGJ"], state="submitted", key="Q-1")
    client.force_login(make_user("QCGJ", Role.LEADER))
    body = client.get("/credit/work/").content.decode()
    assert ">OLD-1<" in body and ">Q-1<" not in body
    client.force_login(make_user("QCGJ", Role.REVIEWER))
    body = client.get("/credit/work/").content.decode()
    assert ">Q-1<" in body and "批量同意公开" in body
