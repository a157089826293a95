"""信用修复 (issue 16 §4) and the end of publicity at the maximum period: rules, services, ledger, outbox.

Done when: a general penalty decided on 2026-05-10 can be repaired from 2026-08-11 and is public on 2027-05-10
for the last time."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zhengwu.core.errors import ApplicationError
from zhengwu.credit.models import Record, Repair
from zhengwu.credit.rules import publicity, visibility
from zhengwu.credit.rules import repair as rules
from zhengwu.credit.selectors.visibility import public_records
from zhengwu.credit.services import repairs
from zhengwu.credit.tests.workflow_factories import make_record
from zhengwu.ledger.models import Entry
from zhengwu.org.roles import Role
from zhengwu.outbox.models import Destination, Message

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
DECIDED = date(2026, 5, 10)


def proof(name="缴款凭证.pdf", content=PDF):
    return SimpleUploadedFile(name, content, "application/pdf")


def test_general_penalty_of_2026_05_10_repairable_from_08_11_public_through_2027_05_10():
    pub = publicity.penalty_publicity(decided_on=DECIDED, severity=publicity.Severity.GENERAL, on=DECIDED)
    assert pub.earliest_repair == date(2026, 8, 11)
    assert pub.until == date(2027, 5, 10)
    facts = {"state": "published", "public_until": pub.until, "status": "0", "repaired_on": None,
             "repairable_from": pub.earliest_repair}
    assert visibility.is_public(facts, today=date(2027, 5, 10))
    assert not visibility.is_public(facts, today=date(2027, 5, 11))
    assert rules.refusal(kind="penalty", public=True, repairable_from=pub.earliest_repair, pending=False,
                         today=date(2026, 8, 10)) == ("too_early", date(2026, 8, 11))
    assert rules.refusal(kind="penalty", public=True, repairable_from=pub.earliest_repair, pending=False,
                         today=date(2026, 8, 11)) is None


def published(units, **extra) -> Record:
    pub = publicity.penalty_publicity(decided_on=DECIDED, severity=publicity.Severity.GENERAL, on=DECIDED)
    values = dict(decided_on=DECIDED, state="published", severity="general", public_until=pub.until,
                  repairable_from=pub.earliest_repair, published_at=timezone.now())
    values.update(extra)
    return make_record(units["QCGJ"], **values)


def apply(record, **kw):
    values = dict(applicant="深圳市鹏城商贸有限公司", contact="13800000000", fulfilled="罚款已缴纳，已整改",
                  commitment=True, proofs=[proof()], client="203.0.113.9")
    values.update(kw)
    return repairs.repair_apply(record, **values)


@pytest.mark.django_db
def test_refused_before_the_minimum_period_naming_the_day(units):
    record = published(units)
    with pytest.raises(ApplicationError) as exc:
        apply(record, today=date(2026, 8, 10))
    assert exc.value.code == "too_early" and "2026-08-11" in str(exc.value.message)
    assert not Repair.objects.exists()
    repair = apply(record, today=date(2026, 8, 11))
    assert repair.state == Repair.State.SUBMITTED and repair.proofs.count() == 1
    assert repair.commitment == str(rules.COMMITMENT)
    entry = Entry.objects.get(action="credit.repair.applied")
    assert "13800000000" not in str(entry.after)  # no contact details in the ledger
    with pytest.raises(ApplicationError) as exc:  # one pending application at a time
        apply(record, today=date(2026, 8, 12), client="203.0.113.10")
    assert exc.value.code == "pending"


@pytest.mark.django_db
def test_bad_input_is_named_and_hostile_files_refused(units):
    record = published(units)
    day = date(2026, 9, 1)
    for kw, field in (({"applicant": " "}, "applicant"), ({"fulfilled": "x" * 2001}, "fulfilled"),
                      ({"commitment": False}, "commitment"), ({"proofs": []}, "proofs"),
                      ({"proofs": [proof("a.pdf", b"<html><script>alert(1)</script>")]}, "proofs"),
                      ({"proofs": [proof() for _ in range(rules.MAX_PROOFS + 1)]}, "proofs")):
        with pytest.raises(ApplicationError) as exc:
            apply(record, today=day, **kw)
        assert exc.value.field == field, kw
    licence = make_record(units["QCGJ"], kind="license", state="published", public_until=date(2099, 12, 31))
    with pytest.raises(ApplicationError) as exc:
        apply(licence, today=day)
    assert exc.value.code == "not_penalty"


@pytest.mark.django_db
def test_approval_by_the_deciding_unit_ends_publication_pushes_withdrawal_keeps_archive(units, make_user):
    Destination.objects.create(name="市公共信用信息管理系统", kind="http_json", url="http://127.0.0.1:9/",
                               topics=["credit."])
    record = published(units, public_until=timezone.localdate() + timedelta(days=200),
                       repairable_from=timezone.localdate() - timedelta(days=1))
    assert public_records().filter(pk=record.pk).exists()
    repair = apply(record)
    other_unit_reviewer = make_user("QWGB", Role.REVIEWER)
    operator = make_user("QCGJ", Role.OPERATOR)
    for user in (
        other_unit_reviewer,
        operator,
    ):  # 谁认定、谁修复: only the deciding unit's reviewers and leaders
        with pytest.raises(PermissionDenied):
            repairs.repair_decide(repair, approve=True, actor=user)
    reviewer = make_user("QCGJ", Role.REVIEWER)
    repairs.repair_decide(repair, approve=True, note="核实罚款已缴纳", actor=reviewer)
    record.refresh_from_db()
    assert record.repaired_on == timezone.localdate() and record.public_ended_on == timezone.localdate()
    assert not public_records().filter(pk=record.pk).exists()
    assert Record.objects.filter(pk=record.pk).exists()  # the archive keeps it
    [message] = Message.objects.filter(source_id=str(record.pk), idempotency_key__contains=":withdrawn:")
    assert message.payload["public"] is False and message.payload["withdrawn"]["reason"] == "repaired"
    assert message.payload["withdrawn"]["commitment"] == str(rules.COMMITMENT)
    entry = Entry.objects.get(action="credit.repair.approved")
    assert entry.after["repaired_on"] == timezone.localdate().isoformat()
    with pytest.raises(ApplicationError) as exc:
        repairs.repair_decide(repair, approve=False, note="x", actor=reviewer)
    assert exc.value.code == "already_decided"


@pytest.mark.django_db
def test_refusal_needs_a_reason_and_changes_nothing_public(units, make_user):
    record = published(units, public_until=timezone.localdate() + timedelta(days=200),
                       repairable_from=timezone.localdate() - timedelta(days=1))
    repair = apply(record)
    leader = make_user("QCGJ", Role.LEADER)
    with pytest.raises(ApplicationError) as exc:
        repairs.repair_decide(repair, approve=False, note="", actor=leader)
    assert exc.value.field == "note"
    repairs.repair_decide(repair, approve=False, note="罚款尚未缴纳", actor=leader)
    record.refresh_from_db()
    assert record.repaired_on is None and public_records().filter(pk=record.pk).exists()
    assert Entry.objects.filter(action="credit.repair.rejected", note="罚款尚未缴纳").exists()


@pytest.mark.django_db
def test_staff_entry_needs_a_role_in_the_unit(units, make_user):
    record = published(units)
    stranger = make_user("QWGB", Role.OPERATOR)
    with pytest.raises(PermissionDenied):
        apply(record, actor=stranger, today=date(2026, 9, 1))
    clerk = make_user("QCGJ", Role.OPERATOR)
    repair = apply(record, actor=clerk, today=date(2026, 9, 1))
    assert repair.channel == Repair.Channel.STAFF and repair.entered_by == clerk


@pytest.mark.django_db
def test_the_daily_job_notes_the_end_of_the_maximum_period_once(units):
    Destination.objects.create(
        name="城市平台", kind="http_json", url="http://127.0.0.1:9/", topics=["credit."]
    )
    today = timezone.localdate()
    ended = published(units, public_until=today - timedelta(days=1))
    last_day = published(units, public_until=today)
    revoked = published(units, public_until=today - timedelta(days=1), status="1")
    assert repairs.publicity_end_due(today=today) == 1
    ended.refresh_from_db()
    assert ended.public_ended_on == today
    entry = Entry.objects.get(action="credit.record.publicity_ended")
    assert entry.object_id == str(ended.pk) and entry.after["reason"] == "max_period"
    assert "公示期满" in entry.note
    assert Message.objects.filter(source_id=str(ended.pk), payload__withdrawn__reason="expired").count() == 1
    assert repairs.publicity_end_due(today=today) == 0  # idempotent
    for r in (last_day, revoked):
        r.refresh_from_db()
        assert r.public_ended_on is None
    assert repairs.publicity_end_due(today=today + timedelta(days=1)) == 1  # last_day's turn tomorrow


def test_the_daily_job_is_declared():
    from django.apps import apps
    jobs = {p.name: p for p in apps.get_app_config("credit").periodic}
    assert jobs["credit.publicity_end"].task == "zhengwu.credit.tasks.publicity_end"


@pytest.mark.django_db
def test_push_connectors_send_either_format_national_for_the_city_platform(units, settings):
    """Issue 16 §2: a destination's options name its format;
    the city platform's destinations take the national one."""
    from zhengwu.credit.reference import push_destinations
    from zhengwu.credit.services import publication

    settings.CREDIT_NATIONAL_ORG = {
        "source_unit": "深圳市罗湖区发展和改革局",
        "source_unit_code": "11440303007542817B",
    }
    push_destinations.load()
    city = list(Destination.objects.filter(name__startswith="市"))
    assert city and all(publication.destination_format(d) == "national" for d in city)
    Destination.objects.filter(pk__in=[d.pk for d in city]).update(is_active=True, url="http://127.0.0.1:9/")
    Destination.objects.create(
        name="部门系统", kind="http_json", url="http://127.0.0.1:9/", topics=["credit."]
    )
    record = published(units, public_until=timezone.localdate() + timedelta(days=100))
    assert publication.on_changed(record) == 3
    by_dest = {m.destination.name: m.payload for m in Message.objects.filter(source_id=str(record.pk))}
    old = by_dest["部门系统"]["record"]
    new = by_dest["市政府门户网站"]
    assert "CF_XH" in old and "format" not in by_dest["部门系统"]
    assert new["format"] == "national" and new["record"]["CF_XDR_MC"] == old["CF_XDR_MC"]
    assert new["record"]["CF_SJLY"] == "深圳市罗湖区发展和改革局"
    assert new["record"]["CF_GSJZQ"] == record.public_until.strftime("%Y/%m/%d")
    assert new["record"]["CF_NR_FK"] == "0.200000"  # 罚款人民币2000元 → 0.2 万元
