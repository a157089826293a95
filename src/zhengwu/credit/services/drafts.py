"""Penalty drafts made by other systems — the service credit declares as `provides["penalty_draft_create"]`.

A 双随机 finding that leads to a penalty (or any other system's) reaches 双公示 only through
this service, never by writing credit's tables: it creates a 行政处罚 record in state 草稿
(`Record.State.DRAFT`) for the deciding unit, holding what the finding knows (相对人, 统一社会信用代码,
处罚事由 = the facts, 处罚机关 = the unit); the decision's own fields (文号, 处罚类别, 依据, 结果, 生效期)
are the unit's to complete. A draft is never public: it becomes public only through credit's own workflow
(submit → 保密审查 → 公示), like any record.

Idempotent: (source, source_ref) is unique in the database (`PenaltyDraftSource`); a retry — the caller's
periodic job, two workers racing — gets the draft that exists, and the losing insert is caught in a
savepoint (never a check before the insert). One transaction, one ledger entry (`credit.record.drafted`).
"""

import hashlib
import json
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.credit.models import Kind, PenaltyDraftSource, Record
from zhengwu.credit.standard import standard_for
from zhengwu.ledger.services import record as ledger_record
from zhengwu.org.models import Unit

#: the limits of the draft's identifying fields (the model's column sizes)
SOURCE_MAX, SOURCE_REF_MAX, NOTE_MAX, FACTS_MAX = 32, 30, 500, 2048


def draft_key(source: str, source_ref: str) -> str:
    """The draft's 序号 (CF_XH) and the reference returned to the caller, e.g. `inspections.task:T42`."""
    return f"{source}:{source_ref}"


def _text(value, *, field: str, limit: int, required: bool = True) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if required and not text:
        raise ApplicationError(
            _("处罚草稿缺少必填项 %(field)s") % {"field": field}, code="draft_field_required", field=field
        )
    if len(text) > limit:
        raise ApplicationError(_("%(field)s 超过 %(limit)s 个字符") % {"field": field, "limit": limit},
                               code="draft_field_too_long", field=field)
    return text


def _data(
    *, key: str, unit: Unit, subject_name: str, uscc: str, natural_person: bool, facts: str, note: str
) -> dict:
    """The standard's fields the finding knows; the decision's fields stay empty for the unit to complete."""
    std = standard_for(Kind.PENALTY)
    data = dict.fromkeys(std.codes)
    data.update(
        {
            "CF_XH": key,
            "CF_SY": facts,
            "CF_XDR_MC": subject_name,
            "CF_XZJG": unit.full_name or unit.name,
            "CF_ZT": "0",
            "BZ": note,
        }
    )
    if uscc and not natural_person:
        data["CF_XDR_SHXYM"] = uscc
    return data


def penalty_draft_create(*, unit: str, subject_name: str, uscc: str, natural_person: bool, facts: str,
                         found_on: date, source: str, source_ref: str, note: str = "", actor=None) -> str:
    """Create (or find, on a retry) the 行政处罚 draft of a
    finding; returns its reference (the record's 序号).

    `unit` is the org.Unit code of the deciding unit; (source, source_ref) identify the finding in the calling
    system (e.g. "inspections.task", "T42"). Refused with `ApplicationError` naming the field: an unknown unit
    (`unknown_unit`), a missing or over-long field, a `found_on` that is not a date or in the future.
    """
    source = _text(source, field="source", limit=SOURCE_MAX)
    source_ref = _text(source_ref, field="source_ref", limit=SOURCE_REF_MAX)
    subject_name = _text(subject_name, field="subject_name", limit=128)
    facts = _text(facts, field="facts", limit=FACTS_MAX)
    note = _text(note, field="note", limit=NOTE_MAX, required=False)
    uscc = _text(uscc, field="uscc", limit=64, required=False).upper()
    if not isinstance(found_on, date) or found_on > timezone.localdate():
        raise ApplicationError(_("发现日期应为不晚于今天的日期"), code="draft_found_on", field="found_on")
    target = Unit.objects.filter(code=unit if isinstance(unit, str) else "").first()
    if target is None:
        raise ApplicationError(
            _("没有代码为 %(unit)s 的单位") % {"unit": unit}, code="unknown_unit", field="unit"
        )
    key = draft_key(source, source_ref)
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        data = _data(
            key=key,
            unit=target,
            subject_name=subject_name,
            uscc=uscc,
            natural_person=bool(natural_person),
            facts=facts,
            note=note,
        )
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        now = timezone.now()
        try:
            with transaction.atomic():  # a savepoint: a racing twin's insert wins, ours is undone
                rec = Record.objects.create(
                    unit=target,
                    kind=Kind.PENALTY,
                    key=key,
                    decision_no="",
                    subject_name=subject_name,
                    uscc="" if natural_person else uscc,
                    is_natural_person=bool(natural_person),
                    category="",
                    decided_on=found_on,
                    valid_until=None,
                    street="",
                    authority=data["CF_XZJG"],
                    data=data,
                    digest=hashlib.sha256(text.encode()).hexdigest(),
                    state=Record.State.DRAFT,
                    created_at=now,
                    updated_at=now,
                )
                PenaltyDraftSource.objects.create(
                    record=rec,
                    source=source,
                    source_ref=source_ref,
                    facts=facts,
                    found_on=found_on,
                    note=note,
                    created_at=now,
                    created_by=user,
                )
        except IntegrityError:
            existing = _existing(source, source_ref)
            if existing is None:  # another record of the unit already has this 序号: not ours to reuse
                raise ApplicationError(
                    _("本单位已有序号为 %(key)s 的处罚记录") % {"key": key},
                    code="draft_key_taken",
                    field="source_ref",
                ) from None
            return existing
        ledger_record(action="credit.record.drafted", obj=rec, actor=actor, unit=target,
                      after={"state": rec.state, "key": key, "source": source, "source_ref": source_ref,
                             "found_on": found_on.isoformat()})
    return key


def _existing(source: str, source_ref: str) -> str | None:
    found = (
        PenaltyDraftSource.objects.filter(source=source, source_ref=source_ref)
        .select_related("record")
        .first()
    )
    return found.record.key if found else None
