"""Issue 13 item 1: a re-import never changes a published record silently. A changed published record goes
back through the confidentiality review (not public meanwhile) and is pushed once approved; a 当前状态 change
in a file goes through the same service as one made on the page (its rules, its ledger entry, its push)."""

from datetime import date

import pytest

from zhengwu.credit.models import Record
from zhengwu.credit.rules import visibility
from zhengwu.credit.services import publication, workflow
from zhengwu.credit.tests.factories import license_row
from zhengwu.credit.tests.test_services import run
from zhengwu.ledger.models import Entry
from zhengwu.org.roles import Role

CLEAR = dict.fromkeys(workflow.CHECKS, False)
TODAY = date(2018, 6, 1)  # inside the licence's validity (2016-03-01 … 2021-02-28)


@pytest.fixture
def pushes(monkeypatch):
    calls = []
    monkeypatch.setattr(publication, "on_published_many",
                        lambda records: calls.extend(("published", r.pk) for r in records))
    monkeypatch.setattr(publication, "on_changed", lambda r: calls.append(("changed", r.pk)))
    return calls


@pytest.fixture
def published(units, make_user, pushes):
    operator, reviewer = make_user("QFGJ", Role.OPERATOR), make_user("QFGJ", Role.REVIEWER)
    run(units["QFGJ"], [license_row()], user=operator)
    r = Record.objects.get()
    workflow.record_submit(r, actor=operator)
    workflow.record_review(r, actor=reviewer, approve=True, checks=CLEAR)
    r.refresh_from_db()
    assert r.state == "published" and visibility.is_public(r, today=TODAY)
    pushes.clear()
    return {"record": r, "operator": operator, "reviewer": reviewer}


@pytest.mark.django_db
def test_a_changed_published_record_goes_back_to_review_and_is_pushed_once_approved(units, published, pushes):
    batch, _ = run(units["QFGJ"], [license_row(XK_NR="变更后的许可内容")], user=published["operator"])
    r = Record.objects.get()
    assert (r.version, r.state, r.data["XK_NR"]) == (2, "submitted", "变更后的许可内容")
    assert not visibility.is_public(r, today=TODAY)  # not public until a reviewer approves the new version
    entry = Entry.objects.get(action="credit.record.updated")
    assert (entry.before["state"], entry.after["state"]) == ("published", "submitted")
    assert pushes == []  # nothing unreviewed reaches the city platform
    workflow.record_review(r, actor=published["reviewer"], approve=True, checks=CLEAR)
    r.refresh_from_db()
    assert r.state == "published" and visibility.is_public(r, today=TODAY)
    assert pushes == [("published", r.pk)]
    assert Entry.objects.filter(action="credit.record.reviewed", object_id=str(r.pk)).count() == 2


@pytest.mark.django_db
def test_a_status_change_in_a_file_goes_through_the_status_service(units, published, pushes):
    run(units["QFGJ"], [license_row(XK_ZT="1")], user=published["operator"])
    r = Record.objects.get()
    assert (r.status, r.state, r.version) == (
        "1",
        "published",
        2,
    )  # 撤销: stays published, withdrawn from view
    assert not visibility.is_public(r, today=TODAY)
    (entry,) = Entry.objects.filter(action="credit.record.status_changed", object_id=str(r.pk))
    assert (entry.before["status"], entry.after["status"], entry.actor_id) == (
        "0",
        "1",
        published["operator"].pk,
    )
    assert not Entry.objects.filter(action="credit.record.updated").exists()
    assert pushes == [("changed", r.pk)]


@pytest.mark.django_db
def test_an_unpublished_record_is_updated_in_place(units, make_user, pushes):
    run(units["QFGJ"], [license_row()])
    run(units["QFGJ"], [license_row(XK_NR="改")])
    r = Record.objects.get()
    assert (r.version, r.state, r.data["XK_NR"]) == (2, "imported", "改")
    assert pushes == []
