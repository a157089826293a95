"""Objections: public form (no login, CSRF, rate limit), deadline in working days, private contact; the unit
accepts an objection for handling (only then 异议中 shows
publicly, issue 12 §6), answers it; all in the ledger."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from zhengwu.core.errors import ApplicationError
from zhengwu.credit.models import Objection, Record
from zhengwu.credit.services import objections
from zhengwu.credit.tests.factories import raises_code
from zhengwu.credit.tests.workflow_factories import make_record
from zhengwu.ledger.models import Entry
from zhengwu.org.roles import Role
from zhengwu.workdays.selectors import add_workdays

FORM = {"name": "李明", "contact": "13812345678", "content": "该处罚已于上月撤销"}


def published(unit, **kw):
    return make_record(unit, state="published", public_until=timezone.localdate() + timedelta(days=90), **kw)


@pytest.mark.django_db
def test_public_objection_changes_nothing_and_sets_the_deadline(units):
    r = published(units["QCGJ"])
    o = objections.objection_create(r, **FORM, client="198.51.100.7")
    r.refresh_from_db()
    assert (r.status, r.data["CF_ZT"], r.version, o.state) == ("0", "0", 1, "open")
    assert o.due_on == add_workdays(timezone.localdate(o.submitted_at), 10)
    created = Entry.objects.get(action="credit.objection.created")
    assert created.actor_label == "public" and "13812345678" not in str(created.after) + created.note
    assert not Entry.objects.filter(action="credit.record.status_changed").exists()


@pytest.mark.django_db
def test_accepting_for_handling_marks_the_record_and_is_ledgered(units, make_user):
    r = published(units["QCGJ"])
    o = objections.objection_create(r, **FORM)
    operator = make_user("QCGJ", Role.OPERATOR)
    objections.objection_accept(o, actor=operator, note="已调取材料")
    r.refresh_from_db()
    assert (o.state, o.accepted_by, r.status, r.data["CF_ZT"]) == ("accepted", operator, "2", "2")
    accepted = Entry.objects.get(action="credit.objection.accepted")
    assert accepted.actor_id == operator.pk and accepted.note == "已调取材料"
    assert (accepted.before["state"], accepted.after["state"], accepted.after["objection"]) == (
        "open",
        "accepted",
        o.pk,
    )
    changed = Entry.objects.get(action="credit.record.status_changed")
    assert changed.after["status"] == "2" and changed.actor_id == operator.pk
    with pytest.raises(ApplicationError) as exc:  # accepted once only
        objections.objection_accept(o, actor=operator)
    assert exc.value.status == 409


@pytest.mark.django_db
def test_only_the_units_staff_accept_and_an_answered_objection_cannot_be_accepted(units, make_user):
    o = objections.objection_create(published(units["QCGJ"]), **FORM)
    for outsider in (make_user("QFGJ", Role.OPERATOR), make_user("QCGJ", Role.AUDITOR)):
        with pytest.raises(PermissionDenied):
            objections.objection_accept(o, actor=outsider)
    assert Objection.objects.get(pk=o.pk).state == "open" and not Entry.objects.filter(
        action="credit.objection.accepted").exists()
    me = make_user("QCGJ", Role.OPERATOR)
    objections.objection_answer(o, outcome="dismissed", answer="不予受理：非本单位记录", actor=me)
    with raises_code("already_answered", ApplicationError):
        objections.objection_accept(o, actor=me)
    assert (
        Record.objects.get(pk=o.record_id).status == "0"
    )  # dismissed unaccepted: nothing public ever changed


@pytest.mark.django_db
def test_objection_deadline_is_configurable(units, settings):
    settings.CREDIT_OBJECTION_WORKDAYS = 3
    o = objections.objection_create(published(units["QCGJ"]), **FORM)
    assert o.due_on == add_workdays(timezone.localdate(o.submitted_at), 3)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "state,status,until", [("submitted", "0", 90), ("published", "1", 90), ("published", "0", -1)]
)
def test_only_records_in_public_view_take_objections(units, state, status, until):
    r = make_record(
        units["QCGJ"], state=state, status=status, public_until=timezone.localdate() + timedelta(days=until)
    )
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
    assert bad.status_code == 400 and 'id="id_content_error"' in bad.content.decode()  # beside the field
    assert c.post(f"/credit/objections/new/{r.pk}/", FORM).status_code == 200
    assert c.post(f"/credit/objections/new/{r.pk}/", FORM).status_code == 429


@pytest.mark.django_db
@pytest.mark.parametrize(
    "outcome,status", [("revoked", "1"), ("upheld", "0"), ("corrected", "0"), ("dismissed", "0")]
)
def test_answer_logs_the_outcome_and_sets_the_status(units, make_user, outcome, status):
    r = published(units["QCGJ"])
    o = objections.objection_create(r, **FORM)
    operator = make_user("QCGJ", Role.OPERATOR)
    objections.objection_accept(o, actor=operator)
    objections.objection_answer(o, outcome=outcome, answer="经核实处理", actor=operator)
    r.refresh_from_db()
    o.refresh_from_db()
    assert (o.state, o.outcome, o.answered_by, o.answered_in_time) == ("answered", outcome, operator, True)
    assert r.status == status
    e = Entry.objects.get(action="credit.objection.answered")
    assert e.after["outcome"] == outcome and e.note == "经核实处理" and e.actor_id == operator.pk


@pytest.mark.django_db
def test_status_stays_objection_while_another_accepted_one_is_handled(units, make_user):
    r = published(units["QCGJ"])
    me = make_user("QCGJ", Role.OPERATOR)
    first, second, third = (objections.objection_create(r, **FORM) for _ in range(3))
    objections.objection_accept(first, actor=me)
    objections.objection_accept(second, actor=me)
    objections.objection_answer(first, outcome="upheld", answer="维持", actor=me)
    assert Record.objects.get(pk=r.pk).status == "2"  # the second is still being handled
    objections.objection_answer(second, outcome="upheld", answer="维持", actor=me)
    assert Record.objects.get(pk=r.pk).status == "0"  # the third was never accepted: it does not hold 异议中
    assert Objection.objects.get(pk=third.pk).state == "open"


@pytest.mark.django_db
def test_an_open_objection_may_be_answered_at_once_and_revoke_the_record(units, make_user):
    o = objections.objection_create(published(units["QCGJ"]), **FORM)
    objections.objection_answer(
        o, outcome="revoked", answer="经核实已撤销", actor=make_user("QCGJ", Role.OPERATOR)
    )
    assert Record.objects.get(pk=o.record_id).status == "1"


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
    with raises_code("outcome_required", ApplicationError):
        objections.objection_answer(o, outcome="", answer="x", actor=me)
    with raises_code("answer_required", ApplicationError):
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


PUBLIC_SURFACES = ("/credit/public/records/{pk}/", "/credit/public/records/{pk}.json",
                   "/credit/api/public/records/{pk}/", "/credit/public.json?kind=penalty",
                   "/credit/public/embed/QCGJ/", "/credit/public/embed/QCGJ.json")


def _shows_objection(client, pk) -> list[bool]:
    return ["异议中" in client.get(url.format(pk=pk)).content.decode() for url in PUBLIC_SURFACES]


@pytest.mark.django_db
def test_an_anonymous_objection_alone_changes_nothing_public_and_acceptance_does(units, make_user):
    from zhengwu.outbox.models import Destination, Message

    Destination.objects.create(
        name="市政府门户网站", kind="http_json", url="http://127.0.0.1:9/", topics=["credit."]
    )
    r = published(units["QCGJ"])
    public = Client()
    assert _shows_objection(public, r.pk) == [False] * len(PUBLIC_SURFACES)
    form = public.get(f"/credit/objections/new/{r.pk}/")
    assert form.status_code == 200
    assert public.post(f"/credit/objections/new/{r.pk}/", FORM).status_code == 200
    assert _shows_objection(public, r.pk) == [False] * len(PUBLIC_SURFACES)
    assert not Message.objects.exists()  # nothing pushed to the city platform either
    staff = Client()
    staff.force_login(make_user("QCGJ", Role.OPERATOR))
    o = Objection.objects.get()
    page = staff.get(f"/credit/objections/{o.pk}/").content.decode()
    assert "受理异议" in page and "待受理" in page
    assert (
        staff.post(f"/credit/objections/{o.pk}/", {"action": "accept", "note": "核实中"}).status_code == 302
    )
    assert _shows_objection(public, r.pk) == [True] * len(PUBLIC_SURFACES)
    (message,) = Message.objects.all()
    assert message.payload["record"]["CF_ZT"] == "2"
    page = staff.get(f"/credit/objections/{o.pk}/").content.decode()
    assert "已受理" in page and "受理异议" not in page and "提交答复" in page
    assert "已受理" in staff.get("/credit/objections/?state=accepted").content.decode()
    again = staff.post(f"/credit/objections/{o.pk}/", {"action": "accept"})
    assert again.status_code == 409 and "该异议已受理" in again.content.decode()


@pytest.mark.django_db
def test_accepting_through_the_page_needs_the_units_role(units, make_user):
    o = objections.objection_create(published(units["QCGJ"]), **FORM)
    c = Client()
    c.force_login(make_user("QFGJ", Role.OPERATOR))
    assert (
        c.post(f"/credit/objections/{o.pk}/", {"action": "accept"}).status_code == 404
    )  # not in their scope
    c.force_login(make_user("QCGJ", Role.AUDITOR))
    page = c.get(f"/credit/objections/{o.pk}/").content.decode()
    assert "受理异议" not in page
    assert c.post(f"/credit/objections/{o.pk}/", {"action": "accept"}).status_code == 403
    assert Objection.objects.get(pk=o.pk).state == "open" and Record.objects.get(pk=o.record_id).status == "0"


@pytest.mark.django_db
def test_accepted_objections_still_wait_for_an_answer_in_to_do_lists_and_reminders(units, make_user):
    from zhengwu.credit.selectors.workflow import todo_counts
    from zhengwu.credit.services.reminders import reminder_counts, reminder_units

    me = make_user("QCGJ", Role.OPERATOR)
    r = published(units["QCGJ"])
    filed, accepted, answered = (objections.objection_create(r, **FORM) for _ in range(3))
    objections.objection_accept(accepted, actor=me)
    objections.objection_answer(answered, outcome="dismissed", answer="不予受理", actor=me)
    today = timezone.localdate()
    Objection.objects.update(due_on=today)
    (row,) = [t for t in todo_counts(user=me) if t.unit == units["QCGJ"]]
    assert row.objections_open == 2
    assert reminder_counts(units["QCGJ"].pk, today=today)[2] == 2
    Objection.objects.filter(pk=filed.pk).delete()
    assert units["QCGJ"].pk in reminder_units(
        today=today
    )  # the accepted one alone still calls for a reminder
