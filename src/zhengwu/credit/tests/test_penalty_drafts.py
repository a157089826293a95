"""`provides["penalty_draft_create"]`: another system's finding becomes a
行政处罚 draft, never public until credit's own workflow publishes it; idempotent on (source, source_ref);
ledgered; bad input refused with a code."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from zhengwu.core.errors import ApplicationError
from zhengwu.core.systems import provided
from zhengwu.credit import services
from zhengwu.credit.models import Kind, PenaltyDraftSource, Record
from zhengwu.credit.rules import completeness
from zhengwu.credit.services import drafts
from zhengwu.credit.standard import standard_for
from zhengwu.ledger.models import Entry
from zhengwu.org.roles import Role

pytestmark = pytest.mark.django_db
FOUND = timezone.localdate() - timedelta(days=3)
USCC = "91440300MA5FXXXX1K"


def _args(**change) -> dict:
    return {"unit": "SCJGLH", "subject_name": "深圳市罗湖区某某餐饮店", "uscc": USCC, "natural_person": False,
            "facts": "未取得食品经营许可从事食品经营活动", "found_on": FOUND, "source": "inspections.task",
            "source_ref": "T7", "note": "双随机抽查发现（事项 SJ-001）", "actor": None} | change


def test_credit_declares_the_service_and_it_makes_a_draft_that_is_not_public(units, client):
    create = provided("credit", "penalty_draft_create")
    assert create is drafts.penalty_draft_create
    ref = create(**_args())
    assert ref == "inspections.task:T7"
    rec = Record.objects.get(key=ref)
    assert (rec.kind, rec.state, rec.unit.code, rec.subject_name, rec.uscc) == (
        "penalty", Record.State.DRAFT, "SCJGLH", "深圳市罗湖区某某餐饮店", USCC)
    assert rec.data["CF_SY"] == "未取得食品经营许可从事食品经营活动" and rec.data["CF_WSH"] is None
    assert rec.published_at is None and rec.public_until is None
    assert rec.draft_source.found_on == FOUND and rec.draft_source.source_ref == "T7"
    entry = Entry.objects.get(action="credit.record.drafted")
    assert entry.object_id == str(rec.pk) and entry.after["source_ref"] == "T7"
    found = client.get("/credit/public.json", {"q": "某某餐饮"}).json()
    assert found["records"] == []


def test_a_retry_returns_the_same_draft_and_writes_nothing_more(units):
    first = drafts.penalty_draft_create(**_args())
    again = drafts.penalty_draft_create(**_args(facts="重试时的文字不改变已有草稿"))
    assert first == again
    assert Record.objects.filter(key=first).count() == 1 and PenaltyDraftSource.objects.count() == 1
    assert Entry.objects.filter(action="credit.record.drafted").count() == 1
    assert Record.objects.get(key=first).data["CF_SY"] == "未取得食品经营许可从事食品经营活动"
    other = drafts.penalty_draft_create(**_args(source_ref="T8"))
    assert other != first and PenaltyDraftSource.objects.count() == 2


def test_the_database_keeps_one_draft_per_source_and_reference(units):
    drafts.penalty_draft_create(**_args())
    rec = Record.objects.create(
        unit=units["SCJGLH"],
        kind="penalty",
        key="other",
        decision_no="",
        subject_name="x",
        category="",
        decided_on=FOUND,
        street="",
        authority="x",
        data={},
        digest="0",
        created_at=timezone.now(),
        updated_at=timezone.now(),
    )
    with pytest.raises(IntegrityError):
        PenaltyDraftSource.objects.create(
            record=rec, source="inspections.task", source_ref="T7", found_on=FOUND, created_at=timezone.now()
        )


def test_a_natural_persons_code_is_not_stored_as_a_legal_persons(units):
    ref = drafts.penalty_draft_create(
        **_args(subject_name="张三（个体）", natural_person=True, source_ref="T9")
    )
    rec = Record.objects.get(key=ref)
    assert rec.is_natural_person and rec.uscc == "" and rec.data["CF_XDR_SHXYM"] is None


@pytest.mark.parametrize(("change", "code", "field"), [
    ({"unit": "NOPE"}, "unknown_unit", "unit"),
    ({"unit": None}, "unknown_unit", "unit"),
    ({"facts": "  "}, "draft_field_required", "facts"),
    ({"subject_name": ""}, "draft_field_required", "subject_name"),
    ({"source_ref": "T" * 31}, "draft_field_too_long", "source_ref"),
    ({"source": None}, "draft_field_required", "source"),
    ({"found_on": "2026-01-01"}, "draft_found_on", "found_on"),
    ({"found_on": timezone.localdate() + timedelta(days=1)}, "draft_found_on", "found_on"),
])
def test_bad_input_is_refused_with_a_code_naming_the_field(units, change, code, field):
    with pytest.raises(ApplicationError) as caught:
        drafts.penalty_draft_create(**_args(**change))
    assert (caught.value.code, caught.value.field) == (code, field)
    assert not Record.objects.exists() and not Entry.objects.filter(action="credit.record.drafted").exists()


def test_a_draft_reaches_the_public_only_through_credits_own_review(units, make_user):
    ref = drafts.penalty_draft_create(**_args(found_on=date.today() - timedelta(days=1)))
    rec = Record.objects.get(key=ref)
    operator, reviewer = make_user("SCJGLH", Role.OPERATOR), make_user("SCJGLH", Role.REVIEWER)
    with pytest.raises(ApplicationError) as caught:
        services.record_publish(rec, actor=reviewer)  # no publication straight from the draft
    assert caught.value.code == "invalid_transition"
    with pytest.raises(ApplicationError) as caught:  # the decision's own fields are the unit's to fill first
        services.record_submit(rec, actor=operator)
    assert caught.value.code == "incomplete" and caught.value.field == "CF_WSH"
    assert Record.objects.get(pk=rec.pk).state == Record.State.DRAFT
    assert services.records_submit_many([rec], actor=operator) == (0, 1)  # skipped in bulk too
    std = standard_for(Kind.PENALTY)
    rec.data |= {
        f.code: "无" if f.none_when_absent else _filled(f, rec.data)
        for f in completeness.missing(std, rec.data)
    }
    rec.save(update_fields=["data"])
    assert completeness.missing(std, rec.data) == []
    services.record_submit(rec, actor=operator)
    assert Record.objects.get(pk=rec.pk).state == Record.State.SUBMITTED


def _filled(field, data) -> str:
    """A plausible value the unit would write for a blank field of the draft."""
    if field.enum:
        return field.enum[0]
    if field.type.name in ("DATE", "DATETIME"):
        return FOUND.isoformat()
    return "罗市监罚〔2026〕1号" if field.code == "CF_WSH" else "依据《食品安全法》第一百二十二条"
