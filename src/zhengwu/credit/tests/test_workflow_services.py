"""Workflow services: submit → review → publish, rejection with reasons, roles and units, status changes,
bulk actions, the publication hooks and the ledger entries each transition writes."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from zhengwu.core.errors import ApplicationError
from zhengwu.credit.models import CatalogItem, ConfidentialityReview, Record
from zhengwu.credit.services import workflow
from zhengwu.credit.tests.factories import raises_code
from zhengwu.credit.tests.workflow_factories import make_record
from zhengwu.ledger.models import Entry
from zhengwu.org.roles import Role

CLEAR = dict.fromkeys(workflow.CHECKS, False)


def entries(record, action):
    return list(Entry.objects.filter(object_type="credit.record", object_id=str(record.pk), action=action))


@pytest.fixture
def cast(units, make_user):
    return {
        "operator": make_user("QCGJ", Role.OPERATOR),
        "reviewer": make_user("QCGJ", Role.REVIEWER),
        "leader": make_user("QCGJ", Role.LEADER),
        "other_operator": make_user("QFGJ", Role.OPERATOR),
        "other_reviewer": make_user("QFGJ", Role.REVIEWER),
        "supervisor": make_user("QDCS", Role.SUPERVISOR),
    }


@pytest.fixture
def hooks(monkeypatch):
    """Capture the workflow's calls of the push (services.publication), one entry per record."""
    from zhengwu.credit.services import publication

    calls = []
    monkeypatch.setattr(publication, "on_published_many",
                        lambda records: calls.extend(("published", r.pk) for r in records))
    monkeypatch.setattr(publication, "on_changed", lambda r: calls.append(("changed", r.pk)))
    return calls


@pytest.mark.django_db
def test_submit_sets_state_due_date_and_ledger(units, cast):
    r = make_record(units["QCGJ"], decided_on=date(2025, 9, 29))
    workflow.record_submit(r, actor=cast["operator"])
    r.refresh_from_db()
    assert (r.state, r.due_on) == ("submitted", date(2025, 10, 15))  # 7 working days across 国庆
    (e,) = entries(r, "credit.record.submitted")
    assert (e.actor_id, e.before, e.after) == (
        cast["operator"].pk,
        {"state": "imported"},
        {"state": "submitted"},
    )


@pytest.mark.django_db
def test_approval_publishes_with_severity_public_until_and_the_hook(units, cast, hooks):
    r = make_record(units["QCGJ"], decided_on=date(2025, 9, 29), state="submitted")
    review = workflow.record_review(r, actor=cast["reviewer"], approve=True, checks=CLEAR)
    r.refresh_from_db()
    assert (review.decision, review.version, review.reviewer) == ("approve", 1, cast["reviewer"])
    assert (r.state, r.published_by, r.severity) == ("published", cast["reviewer"], "general")  # 罚款 2000元
    assert r.public_until == date(2026, 9, 29) and r.published_at is not None  # general: at most 1 year
    assert hooks == [("published", r.pk)]
    assert entries(r, "credit.record.reviewed")[0].after["checks"] == CLEAR
    assert entries(r, "credit.record.published")[0].after["severity"] == "general"


@pytest.mark.django_db
def test_serious_penalty_by_category_and_minor_one_not_public(units, cast, hooks):
    serious = make_record(
        units["QCGJ"], state="submitted", category="罚款、责令停产停业", decided_on=date(2025, 3, 1)
    )
    minor = make_record(units["QCGJ"], state="submitted", category="警告", decided_on=date(2025, 3, 1))
    workflow.record_review(serious, actor=cast["reviewer"], approve=True, checks=CLEAR)
    workflow.record_review(minor, actor=cast["reviewer"], approve=True, checks=CLEAR)
    serious.refresh_from_db()
    minor.refresh_from_db()
    assert (serious.severity, serious.public_until) == ("serious", date(2028, 3, 1))
    assert (minor.state, minor.severity, minor.public_until) == ("published", "minor", None)


@pytest.mark.django_db
def test_reviewer_may_declare_the_severity(units, cast, hooks):
    r = make_record(units["QCGJ"], state="submitted", decided_on=date(2025, 3, 1))
    workflow.record_review(r, actor=cast["reviewer"], approve=True, checks=CLEAR, severity="serious",
                           severity_reason="行业主管部门认定为严重失信")
    r.refresh_from_db()
    assert (r.severity, r.public_until) == ("serious", date(2028, 3, 1))
    assert r.severity_reason == "行业主管部门认定为严重失信"


@pytest.mark.django_db
def test_a_declared_severity_needs_its_reason(units, cast, hooks):
    r = make_record(units["QCGJ"], state="submitted", decided_on=date(2025, 3, 1))
    with pytest.raises(ApplicationError) as exc:
        workflow.record_review(r, actor=cast["reviewer"], approve=True, checks=CLEAR, severity="serious")
    assert exc.value.field == "severity_reason"


@pytest.mark.django_db
def test_licence_public_while_valid(units, cast, hooks):
    r = make_record(units["QCGJ"], kind="license", state="submitted", valid_until=date(2030, 1, 1))
    workflow.record_review(r, actor=cast["reviewer"], approve=True, checks=CLEAR)
    r.refresh_from_db()
    assert (r.state, r.severity, r.public_until) == ("published", "", date(2030, 1, 1))


@pytest.mark.django_db
def test_rejection_returns_to_the_operator_with_the_reasons(units, cast, hooks):
    r = make_record(units["QCGJ"], state="submitted")
    checks = {**CLEAR, "personal_privacy": True}
    workflow.record_review(r, actor=cast["reviewer"], approve=False, checks=checks, reasons="含当事人住址")
    r.refresh_from_db()
    assert r.state == "rejected" and hooks == []
    review = ConfidentialityReview.objects.get(record=r)
    assert (review.decision, review.personal_privacy, review.reasons) == ("reject", True, "含当事人住址")
    (e,) = entries(r, "credit.record.rejected")
    assert (e.note, e.after) == ("含当事人住址", {"state": "rejected"})
    workflow.record_submit(r, actor=cast["operator"])  # the operator corrects and submits again
    r.refresh_from_db()
    assert r.state == "submitted"


@pytest.mark.django_db
def test_rejection_needs_reasons_and_approval_needs_clear_checks(units, cast):
    r = make_record(units["QCGJ"], state="submitted")
    with raises_code("reasons_required", ApplicationError):
        workflow.record_review(r, actor=cast["reviewer"], approve=False, checks=CLEAR, reasons=" ")
    with raises_code("check_failed", ApplicationError):
        workflow.record_review(
            r, actor=cast["reviewer"], approve=True, checks={**CLEAR, "state_secret": True}
        )
    r.refresh_from_db()
    assert r.state == "submitted" and not ConfidentialityReview.objects.exists()
    assert not entries(r, "credit.record.reviewed")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["operator", "leader", "other_reviewer", "supervisor"])
def test_only_reviewers_of_the_unit_review(units, cast, who):
    r = make_record(units["QCGJ"], state="submitted")
    with pytest.raises(PermissionDenied):
        workflow.record_review(r, actor=cast[who], approve=True, checks=CLEAR)
    r.refresh_from_db()
    assert r.state == "submitted" and not Entry.objects.filter(action="credit.record.reviewed").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["reviewer", "other_operator", "supervisor"])
def test_only_operators_of_the_unit_submit(units, cast, who):
    r = make_record(units["QCGJ"])
    with pytest.raises(PermissionDenied):
        workflow.record_submit(r, actor=cast[who])
    assert Record.objects.get(pk=r.pk).state == "imported"


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["submitted", "published", "pushed"])
def test_forbidden_submit_is_a_clear_409(units, cast, state):
    r = make_record(units["QCGJ"], state=state)
    with pytest.raises(ApplicationError) as exc:
        workflow.record_submit(r, actor=cast["operator"])
    assert (
        exc.value.status == 409
        and exc.value.code == "invalid_transition"
        and "只有已导入" in exc.value.message
    )


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["imported", "rejected", "published"])
def test_review_or_publish_outside_submitted_is_refused(units, cast, state):
    r = make_record(units["QCGJ"], state=state)
    with raises_code("invalid_transition", ApplicationError):
        workflow.record_review(r, actor=cast["reviewer"], approve=True, checks=CLEAR)
    with raises_code("invalid_transition", ApplicationError):
        workflow.record_publish(r, actor=cast["reviewer"])


@pytest.mark.django_db
def test_item_that_may_not_be_published_is_refused(units, cast):
    CatalogItem.objects.create(
        unit=units["QCGJ"],
        kind="penalty",
        code="SX-9",
        name="涉密处罚",
        publishable=False,
        legal_basis="《保守国家秘密法》第九条",
    )
    r = make_record(units["QCGJ"], state="submitted", item_code="SX-9")
    with raises_code("not_publishable", ApplicationError) as exc:
        workflow.record_review(r, actor=cast["reviewer"], approve=True, checks=CLEAR)
    assert "《保守国家秘密法》第九条" in exc.value.message  # the item's legal basis is named
    assert Record.objects.get(pk=r.pk).state == "submitted"


@pytest.mark.django_db
def test_status_changes_write_ledger_bump_version_and_call_the_hook(units, cast, hooks):
    r = make_record(units["QCGJ"], state="pushed")
    workflow.record_set_status(r, status="1", actor=cast["operator"])
    r.refresh_from_db()
    assert (r.status, r.data["CF_ZT"], r.version, r.state) == (
        "1",
        "1",
        2,
        "published",
    )  # change awaits its push
    (e,) = entries(r, "credit.record.status_changed")
    assert e.before == {"status": "0", "state": "pushed", "version": 1} and e.after["status"] == "1"
    assert hooks == [("changed", r.pk)]


@pytest.mark.django_db
def test_status_3_needs_a_note(units, cast, hooks):
    r = make_record(units["QCGJ"], state="published")
    with raises_code("note_required", ApplicationError) as exc:
        workflow.record_set_status(r, status="3", note="", actor=cast["operator"])
    assert exc.value.field == "note" and Record.objects.get(pk=r.pk).status == "0" and hooks == []
    workflow.record_set_status(r, status="3", note="已移送公安机关", actor=cast["operator"])
    r.refresh_from_db()
    assert (r.status, r.data["BZ"]) == ("3", "已移送公安机关")
    assert entries(r, "credit.record.status_changed")[0].note == "已移送公安机关"


@pytest.mark.django_db
def test_another_units_staff_cannot_change_status(units, cast):
    r = make_record(units["QCGJ"], state="published")
    with pytest.raises(PermissionDenied):
        workflow.record_set_status(r, status="1", actor=cast["other_operator"])
    assert Record.objects.get(pk=r.pk).status == "0"


@pytest.mark.django_db
def test_bulk_submit_and_approve(units, cast, hooks):
    rs = [make_record(units["QCGJ"]) for _ in range(5)] + [make_record(units["QCGJ"], state="published")]
    done, skipped = workflow.records_submit_many(Record.objects.filter(pk__in=[r.pk for r in rs]),
                                                 actor=cast["operator"])
    assert (done, skipped) == (5, 1)
    assert Record.objects.filter(state="submitted", due_on=date(2025, 10, 15)).count() == 5
    assert Entry.objects.filter(action="credit.record.submitted").count() == 5
    done, skipped = workflow.records_approve_many(
        Record.objects.filter(state="submitted"), actor=cast["reviewer"]
    )
    assert (done, skipped) == (5, 0)
    assert (
        Record.objects.filter(state="published", severity="general", published_by=cast["reviewer"]).count()
        == 5
    )
    assert ConfidentialityReview.objects.filter(decision="approve").count() == 5
    assert Entry.objects.filter(action="credit.record.published").count() == 5
    assert len(hooks) == 5


@pytest.mark.django_db
def test_bulk_refuses_a_unit_where_the_actor_has_no_role(units, cast):
    mine, theirs = make_record(units["QCGJ"]), make_record(units["QFGJ"])
    with pytest.raises(PermissionDenied):
        workflow.records_submit_many(
            Record.objects.filter(pk__in=[mine.pk, theirs.pk]), actor=cast["operator"]
        )
    assert set(Record.objects.values_list("state", flat=True)) == {"imported"}


@pytest.mark.django_db
def test_fill_due_dates(units):
    r = make_record(units["QCGJ"], decided_on=date(2016, 9, 28))
    unknown = make_record(units["QCGJ"], decided_on=date(2031, 1, 5))
    assert workflow.records_fill_due_dates() == 1
    r.refresh_from_db()
    unknown.refresh_from_db()
    assert (r.due_on, unknown.due_on) == (date(2016, 10, 12), None)


@pytest.mark.django_db
def test_bulk_approval_skips_items_the_catalog_keeps_private(units, cast, hooks):
    CatalogItem.objects.create(
        unit=units["QCGJ"],
        kind="penalty",
        code="SX-9",
        name="涉密处罚",
        publishable=False,
        legal_basis="《保守国家秘密法》第九条",
    )
    private = make_record(units["QCGJ"], state="submitted", item_code="SX-9")
    public = make_record(units["QCGJ"], state="submitted", item_code="无")
    assert workflow.records_approve_many(Record.objects.all(), actor=cast["reviewer"]) == (1, 1)
    assert (Record.objects.get(pk=private.pk).state, Record.objects.get(pk=public.pk).state) == (
        "submitted",
        "published",
    )
