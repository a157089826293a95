"""Objections: public form (no login, CSRF, rate limit), status 异议, deadline in working days,
private contact, the unit's answer and its outcome in the ledger."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from zhengwu.core.errors import ApplicationError
from zhengwu.credit.models import Objection, Record
from zhengwu.credit.services import objections
from zhengwu.credit.services.workflow import Action as WorkflowAction
from zhengwu.credit.tests.workflow_factories import make_record
from zhengwu.ledger.models import Entry
from zhengwu.org.roles import Role
from zhengwu.workdays.selectors import add_workdays

FORM = {"name": "李明", "contact": "13812345678", "content": "该处罚已于上月撤销"}


def published(unit, **kw):
    return make_record(unit, state="published", public_until=timezone.localdate() + timedelta(days=90), **kw)


@pytest.mark.django_db
def test_public_objection_marks_the_record_and_sets_the_deadline(units):
    r = published(units["QCGJ"])
    o = objections.objection_create(r, **FORM, client="198.51.100.7")
    r.refresh_from_db()
    assert (r.status, r.data["CF_ZT"], o.state) == ("2", "2", "open")
    assert o.due_on == add_workdays(timezone.localdate(o.submitted_at), 10)
    created = Entry.objects.get(action=objections.Action.CREATED)
    assert created.actor_label == "public" and "13812345678" not in str(created.after) + created.note
    changed = Entry.objects.get(action=WorkflowAction.STATUS_CHANGED)
    assert changed.after["status"] == "2" and changed.actor_label == "public"


@pytest.mark.django_db
def test_objection_deadline_is_configurable(units, settings):
    settings.CREDIT_OBJECTION_WORKDAYS = 3
    o = objections.objection_create(published(units["QCGJ"]), **FORM)
    assert o.due_on == add_workdays(timezone.localdate(o.submitted_at), 3)


@pytest.mark.django_db
@pytest.mark.parametrize("state,status,until", [("submitted", "0", 90), ("published", "1", 90), ("published", "0", -1)])
def test_only_records_in_public_view_take_objections(units, state, status, until):
    r = make_record(units["QCGJ"], state=state, status=status, public_until=timezone.localdate() + timedelta(days=until))
    with pytest.raises(ApplicationError) as exc:
        objections.objection_create(r, **FORM)
    assert exc.value.code == "not_public" and not Objection.objects.exists()
    assert Client().get(f"/credit/objections/new/{r.pk}/").status_code == 404


@pytest.mark.django_db
def test_rate_limit_per_client(units, settings):
    settings.CREDIT_OBJECTION_RATE = ((2, 3600),)
    r = published(units["QCGJ"])
    objections.objection_create(r, **FORM, client="203.0.113.1")
    objections.objection_create(r, **FORM, client="203.0.113.1")
    with pytest.raises(ApplicationError) as exc:
        objections.objection_create(r, **FORM, client="203.0.113.1")
    assert exc.value.status == 429
    objections.objection_create(r, **FORM, client="203.0.113.2")  # another client is not affected
    assert Objection.objects.count() == 3


@pytest.mark.django_db
def test_public_form_without_login_with_csrf(units):
    r = published(units["QCGJ"])
    strict = Client(enforce_csrf_checks=True)
    page = strict.get(f"/credit/objections/new/{r.pk}/")
    assert page.status_code == 200 and "csrfmiddlewaretoken" in page.content.decode()
    assert strict.post(f"/credit/objections/new/{r.pk}/", FORM).status_code == 403  # no token
    token = page.cookies["csrftoken"].value
    ok = strict.post(f"/credit/objections/new/{r.pk}/", {**FORM, "csrfmiddlewaretoken": token})
    assert ok.status_code == 200 and "异议已提交" in ok.content.decode()
    assert "13812345678" not in ok.content.decode()
    assert Objection.objects.get().contact == "13812345678"


@pytest.mark.django_db
def test_public_form_errors_and_rate_limit_status(units, settings):
    settings.CREDIT_OBJECTION_RATE = ((1, 3600),)
    r = published(units["QCGJ"])
    c = Client()
    bad = c.post(f"/credit/objections/new/{r.pk}/", {**FORM, "content": ""})
    assert bad.status_code == 400 and "请填写异议内容" in bad.content.decode()
    assert c.post(f"/credit/objections/new/{r.pk}/", FORM).status_code == 200
    assert c.post(f"/credit/objections/new/{r.pk}/", FORM).status_code == 429


@pytest.mark.django_db
@pytest.mark.parametrize("outcome,status", [("revoked", "1"), ("upheld", "0"), ("corrected", "0"), ("dismissed", "0")])
def test_answer_logs_the_outcome_and_sets_the_status(units, make_user, outcome, status):
    r = published(units["QCGJ"])
    o = objections.objection_create(r, **FORM)
    operator = make_user("QCGJ", Role.OPERATOR)
    objections.objection_answer(o, outcome=outcome, answer="经核实处理", actor=operator)
    r.refresh_from_db()
    o.refresh_from_db()
    assert (o.state, o.outcome, o.answered_by, o.answered_in_time) == ("answered", outcome, operator, True)
    assert r.status == status
    e = Entry.objects.get(action=objections.Action.ANSWERED)
    assert e.after["outcome"] == outcome and e.note == "经核实处理" and e.actor_id == operator.pk


@pytest.mark.django_db
def test_status_stays_objection_while_another_is_open(units, make_user):
    r = published(units["QCGJ"])
    first = objections.objection_create(r, **FORM)
    objections.objection_create(r, **FORM)
    objections.objection_answer(first, outcome="upheld", answer="维持", actor=make_user("QCGJ", Role.OPERATOR))
    assert Record.objects.get(pk=r.pk).status == "2"


@pytest.mark.django_db
def test_late_answer_is_recorded_as_late(units, make_user):
    o = objections.objection_create(published(units["QCGJ"]), **FORM)
    Objection.objects.filter(pk=o.pk).update(due_on=date(2020, 1, 2))
    o.refresh_from_db()
    objections.objection_answer(o, outcome="upheld", answer="维持", actor=make_user("QCGJ", Role.OPERATOR))
    assert o.answered_in_time is False


@pytest.mark.django_db
def test_answer_needs_outcome_text_and_the_units_staff(units, make_user):
    o = objections.objection_create(published(units["QCGJ"]), **FORM)
    with pytest.raises(PermissionDenied):
        objections.objection_answer(o, outcome="upheld", answer="x", actor=make_user("QFGJ", Role.OPERATOR))
    me = make_user("QCGJ", Role.OPERATOR)
    with pytest.raises(ApplicationError, match="处理结果"):
        objections.objection_answer(o, outcome="", answer="x", actor=me)
    with pytest.raises(ApplicationError, match="答复内容"):
        objections.objection_answer(o, outcome="upheld", answer=" ", actor=me)
    assert Objection.objects.get(pk=o.pk).state == "open"


@pytest.mark.django_db
def test_unit_pages_show_contact_only_to_the_unit(client, units, make_user):
    o = objections.objection_create(published(units["QCGJ"]), **FORM)
    client.force_login(make_user("QFGJ", Role.OPERATOR))
    assert client.get(f"/credit/objections/{o.pk}/").status_code == 404
    assert "李明" not in client.get("/credit/objections/").content.decode()
    client.force_login(make_user("QCGJ", Role.OPERATOR))
    assert "13812345678" in client.get(f"/credit/objections/{o.pk}/").content.decode()
    client.post(f"/credit/objections/{o.pk}/", {"outcome": "revoked", "answer": "已撤销"})
    assert Record.objects.get(pk=o.record_id).status == "1"
