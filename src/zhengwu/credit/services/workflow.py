"""A record's way to the public: submit → confidentiality review → publish, and 当前状态 changes.

    record_submit(record, actor=operator)                       # imported/draft/rejected → submitted
    record_review(record, actor=reviewer, approve=True, checks={...})   # → published (record_publish)
    record_review(record, actor=reviewer, approve=False, checks={...}, reasons="…")  # → rejected
    records_approve_many(records, actor=reviewer)               # bulk approval: a set operation
    record_set_status(record, status="1", note="", actor=operator)      # 撤销 / 异议 / 其他

`record_publish` and `records_approve_many` are the only places a record becomes PUBLISHED; both go
through `_publish_all`, which sets published_at/by, the penalty severity, `public_until` and `repairable_from`
(rules.publicity), writes the ledger, the public-name search entries (`search_index.index_records`) and
queues the push (`publication.on_published_many`) inside the transaction — a constant number of queries
however many records are approved (tests/test_bulk_publication.py counts them). Status changes call
`publication.on_changed(record)`. Who may act is `credit.permissions`; the pure state machine is
`credit.rules.workflow`.
"""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengwu.core.conf import setting
from zhengwu.core.errors import ApplicationError
from zhengwu.credit import permissions
from zhengwu.credit.models import CatalogItem, ConfidentialityReview, Record
from zhengwu.credit.rules import completeness, publicity, timeliness
from zhengwu.credit.rules import workflow as wr
from zhengwu.credit.services import publication, search_index
from zhengwu.credit.standard import Kind, standard_for
from zhengwu.ledger.services import Change, record_many
from zhengwu.ledger.services import record as ledger_record
from zhengwu.workdays.selectors import calendar as workday_calendar

CHECKS = wr.CHECKS

_TRANSITION_MESSAGES = {
    wr.Transition.SUBMIT: gettext_lazy("只有已导入、草稿或已退回的记录可以提交（当前：%(state)s）。"),
    wr.Transition.APPROVE: gettext_lazy("只有待保密审查的记录可以审查（当前：%(state)s）。"),
    wr.Transition.REJECT: gettext_lazy("只有待保密审查的记录可以审查（当前：%(state)s）。"),
    wr.Transition.PUBLISH: gettext_lazy("只有通过保密审查的待审记录可以公示（当前：%(state)s）。"),
}
#: the action of the permission table that each transition needs
_ACTION = {wr.Transition.SUBMIT: "record.submit", wr.Transition.APPROVE: "record.review",
           wr.Transition.REJECT: "record.review", wr.Transition.PUBLISH: "record.review"}


def _guard(record: Record, transition: wr.Transition) -> None:
    if not wr.allowed(transition, record.state):
        raise ApplicationError(str(_TRANSITION_MESSAGES[transition]) % {"state": record.get_state_display()},
                               code="invalid_transition", status=409)


def publicity_policy() -> publicity.Policy:
    """The publicity policy in force (`CREDIT_PUBLICITY_POLICY`, checked at start-up by credit.E003)."""
    return publicity.policy_from_settings(setting("CREDIT_PUBLICITY_POLICY"))


def record_due_date(record: Record, *, calendar=None) -> date | None:
    """The record's due date: the 7th working day after its
    decision (None when that year's calendar is unknown)."""
    return timeliness.due_date(decided_on=record.decided_on, calendar=calendar or workday_calendar(),
                               workdays=setting("CREDIT_DUE_WORKDAYS"))


@transaction.atomic
def record_submit(record: Record, *, actor) -> Record:
    """An operator of the record's unit sends it to the confidentiality review."""
    permissions.require(actor, record.unit_id, "record.submit")
    _guard(record, wr.Transition.SUBMIT)
    blank = completeness.missing(standard_for(record.kind), record.data)
    if blank:
        names = "、".join(f"{f.name}（{f.code}）" for f in blank)
        raise ApplicationError(_("记录尚未填写完整，不能送审：%(fields)s。") % {"fields": names},
                               code="incomplete", field=blank[0].code, status=409)
    before = {"state": record.state}
    record.state, record.submitted_at, record.updated_at = (
        Record.State.SUBMITTED,
        timezone.now(),
        timezone.now(),
    )
    if record.due_on is None:
        record.due_on = record_due_date(record)
    record.save(update_fields=["state", "submitted_at", "updated_at", "due_on"])
    ledger_record(action="credit.record.submitted", obj=record, actor=actor, before=before,
                  after={"state": record.state})
    return record


def _units_checked(records: Iterable[Record], actor, action: str) -> None:
    for unit_id in {r.unit_id for r in records}:
        permissions.require(actor, unit_id, action)


@transaction.atomic
def records_submit_many(records, *, actor) -> tuple[int, int]:
    """Submit many records at once (one ledger lock, bulk update); returns (submitted, skipped).

    Records not in a submittable state, or not complete (rules.completeness), are skipped,
    not errors; a unit where the actor is not an operator refuses the whole request (403).
    """
    records = list(records)
    _units_checked(records, actor, "record.submit")
    ok = [r for r in records if wr.allowed(wr.Transition.SUBMIT, r.state)
          and not completeness.missing(standard_for(r.kind), r.data)]  # incomplete ones are skipped
    now, cal = timezone.now(), workday_calendar()
    changes = []
    for r in ok:
        changes.append(Change("credit.record.submitted", "credit.record", str(r.pk), {"state": r.state},
                              {"state": Record.State.SUBMITTED}, r.unit_id))
        r.state, r.submitted_at, r.updated_at = Record.State.SUBMITTED, now, now
        if r.due_on is None:
            r.due_on = record_due_date(r, calendar=cal)
    _update_grouped(ok, ["state", "submitted_at", "updated_at", "due_on"])
    record_many(changes, actor=actor)
    return len(ok), len(records) - len(ok)


def _unpublishable_items(unit_ids) -> dict[tuple[int, str, str], str]:
    """(unit, kind, item code) → legal basis of the catalog items marked 不予公示 in these units."""
    rows = CatalogItem.objects.filter(unit__in=set(unit_ids), publishable=False).values_list(
        "unit", "kind", "code", "legal_basis")
    return {(u, k, c): basis for u, k, c, basis in rows}


def _update_grouped(records: list[Record], fields: list[str], chunk: int = 2000) -> None:
    """Write `fields` of many records with one UPDATE per distinct combination of values (and chunk of ids).

    For values most records share (state, times, actor): much faster than `bulk_update`'s CASE expressions.
    """
    attnames = [Record._meta.get_field(f).attname for f in fields]
    groups: dict[tuple, list[int]] = {}
    for r in records:
        groups.setdefault(tuple(getattr(r, a) for a in attnames), []).append(r.pk)
    for values, ids in groups.items():
        for i in range(0, len(ids), chunk):
            Record.objects.filter(pk__in=ids[i:i + chunk]).update(**dict(zip(attnames, values, strict=True)))


def _update_each(records: list[Record], fields: list[str], chunk: int = 1000) -> None:
    """Write `fields` whose values differ from record to
    record (dates): one statement per chunk of records."""
    if records:
        Record.objects.bulk_update(records, fields, batch_size=chunk)


def _catalog_refusal(record: Record, items: dict | None = None) -> str | None:
    """Why the record may not be published because of its catalog item (None when it may)."""
    if not record.item_code or record.item_code == "无":
        return None
    items = _unpublishable_items([record.unit_id]) if items is None else items
    basis = items.get((record.unit_id, record.kind, record.item_code))
    if basis is None:
        return None
    return str(_("事项目录标明该事项不予公示（依据：%(basis)s）。")) % {"basis": basis}


def _publish(record: Record, *, actor, now, policy, calendar) -> dict:
    """Set the publication fields of one record (no save); return the ledger `after`."""
    if record.kind == Kind.PENALTY:
        result, basis = record.data.get("CF_JG") or "", record.data.get("CF_YJ") or ""
        declared = publicity.Severity(record.severity) if record.severity else None
        severity = publicity.penalty_severity(
            category=record.category,
            fine_yuan=publicity.fine_from_text(result),
            basis=basis,
            result=result,
            declared=declared,
            policy=policy,
        )
        record.severity = severity.value
        pub = publicity.penalty_publicity(decided_on=record.decided_on, severity=severity,
                                          declared_until=record.publicity_until, policy=policy)
    else:
        pub = publicity.license_publicity(
            valid_until=record.valid_until, declared_until=record.publicity_until
        )
    record.public_until = pub.until if pub.public else None
    record.repairable_from = pub.earliest_repair if pub.public else None
    record.state, record.published_at, record.published_by = Record.State.PUBLISHED, now, (
        actor if getattr(actor, "is_authenticated", False) else None)
    record.updated_at = now
    if record.due_on is None:
        record.due_on = record_due_date(record, calendar=calendar)
    return {"state": record.state, "published_at": now.isoformat(), "severity": record.severity,
            "public_until": record.public_until.isoformat() if record.public_until else None,
            "repairable_from": record.repairable_from.isoformat() if record.repairable_from else None,
            "publicity": pub.reason}


def _publish_all(records: list[Record], *, actor, reviews: list[Change] = ()) -> None:
    """Publish reviewed records as one set: fields, ledger (each review, then each publication), search
    entries and push messages in a constant number of statements (chunked for very large sets)."""
    if not records:
        return
    now, policy, calendar = timezone.now(), publicity_policy(), workday_calendar()
    changes = list(reviews)
    for r in records:
        before = {"state": r.state}
        after = _publish(r, actor=actor, now=now, policy=policy, calendar=calendar)
        changes.append(
            Change("credit.record.published", "credit.record", str(r.pk), before, after, r.unit_id)
        )
    _update_grouped(records, ["state", "published_at", "published_by", "updated_at"])
    _update_each(records, ["severity", "severity_reason", "public_until", "repairable_from", "due_on"])
    search_index.index_records(records)
    record_many(changes, actor=actor)
    publication.on_published_many(records)


@transaction.atomic
def record_publish(record: Record, *, actor) -> Record:
    """Make a reviewed record public: the one place a single record becomes PUBLISHED."""
    permissions.require(actor, record.unit_id, "record.review")
    _guard(record, wr.Transition.PUBLISH)
    refusal = _catalog_refusal(record)
    if refusal:
        raise ApplicationError(refusal, code="not_publishable")
    _publish_all([record], actor=actor)
    return record


def _checks_of(checks: dict | None) -> dict[str, bool]:
    checks = checks or {}
    unknown = set(checks) - set(CHECKS)
    if unknown:
        raise ApplicationError(_("未知的审查项：%(names)s") % {"names": "、".join(sorted(unknown))},
                               code="unknown_check", field="checks")
    return {name: bool(checks.get(name, False)) for name in CHECKS}


def _review_refusal(approve: bool, checks: dict[str, bool], reasons: str) -> None:
    problem = wr.review_problem(approve=approve, checks=checks, reasons=reasons)
    if problem == "check_failed":
        raise ApplicationError(
            _("审查项中有“是”的记录不能同意公开，请退回并说明理由。"), code=problem, field="decision"
        )
    if problem == "reasons_required":
        raise ApplicationError(_("退回时必须填写审查意见（理由）。"), code=problem, field="reasons")


@transaction.atomic
def record_review(record: Record, *, actor, approve: bool, checks: dict | None = None, reasons: str = "",
                  severity: str | None = None, severity_reason: str = "") -> ConfidentialityReview:
    """The confidentiality review (保密审查) by a reviewer of
    the record's unit: approve → published, reject → back."""
    transition = wr.Transition.APPROVE if approve else wr.Transition.REJECT
    permissions.require(actor, record.unit_id, _ACTION[transition])
    _guard(record, transition)
    checks = _checks_of(checks)
    reasons = (reasons or "").strip()
    _review_refusal(approve, checks, reasons)
    if severity:
        if record.kind != Kind.PENALTY or severity not in {s.value for s in publicity.Severity}:
            raise ApplicationError(
                _("处罚情节只能是 轻微 / 一般 / 严重，且仅适用于行政处罚。"),
                code="invalid_severity",
                field="severity",
            )
        severity_reason = (severity_reason or "").strip()
        if not severity_reason:
            raise ApplicationError(
                _("改变系统判断的处罚情节时，请填写认定理由（例如 行业主管部门的分类标准）。"),
                code="severity_reason_required",
                field="severity_reason",
            )
        if len(severity_reason) > 200:
            raise ApplicationError(
                _("认定理由不能超过 200 个字符。"), code="too_long", field="severity_reason"
            )
        record.severity, record.severity_reason = severity, severity_reason
    if approve:
        refusal = _catalog_refusal(record)
        if refusal:
            raise ApplicationError(refusal, code="not_publishable")
    review = ConfidentialityReview.objects.create(
        record=record, reviewer=actor, decided_at=timezone.now(), version=record.version, reasons=reasons,
        decision=wr.Decision.APPROVE if approve else wr.Decision.REJECT, **checks)
    ledger_record(action="credit.record.reviewed", obj=record, actor=actor, after={
        "review": review.pk, "decision": review.decision, "checks": checks, "reasons": reasons,
        "version": record.version})
    if approve:
        _publish_all([record], actor=actor)
    else:
        before = {"state": record.state}
        record.state, record.updated_at = Record.State.REJECTED, timezone.now()
        record.save(update_fields=["state", "updated_at", "severity", "severity_reason"])
        ledger_record(action="credit.record.rejected", obj=record, actor=actor, before=before,
                      after={"state": record.state}, note=reasons)
    return review


@transaction.atomic
def records_approve_many(records, *, actor) -> tuple[int, int]:
    """Approve and publish many submitted records at once; the reviewer attests all four checks are “否”.

    Returns (published, skipped); records not awaiting review or whose item may not be published are skipped.
    A set operation: the number of statements does not grow
    with the number of records (up to the chunk sizes).
    """
    records = list(records)
    _units_checked(records, actor, "record.review")
    items = _unpublishable_items(r.unit_id for r in records)
    ok = [r for r in records if wr.allowed(wr.Transition.APPROVE, r.state) and not _catalog_refusal(r, items)]
    now = timezone.now()
    checks = dict.fromkeys(CHECKS, False)
    ConfidentialityReview.objects.bulk_create(
        [ConfidentialityReview(record=r, reviewer=actor, decided_at=now, version=r.version, reasons="",
                               decision=wr.Decision.APPROVE, **checks) for r in ok],
        batch_size=2000)
    reviews = [
        Change(
            "credit.record.reviewed",
            "credit.record",
            str(r.pk),
            None,
            {"decision": "approve", "checks": checks, "reasons": "", "version": r.version, "bulk": True},
            r.unit_id,
        )
        for r in ok
    ]
    _publish_all(ok, actor=actor, reviews=reviews)
    return len(ok), len(records) - len(ok)


_STATUS_MESSAGES = {
    "unknown_status": gettext_lazy("当前状态只能是 0（正常）、1（撤销）、2（异议）或 3（其他）。"),
    "unchanged": gettext_lazy("记录已经是该状态。"),
    "note_required": gettext_lazy("状态改为 3（其他）时必须填写备注说明。"),
}


@transaction.atomic
def record_set_status(
    record: Record, *, status: str, note: str = "", actor, check_role: bool = True
) -> Record:
    """Change 当前状态 (撤销 1 / 异议 2 / 其他 3 with a note
    / back to 0): new version, ledger, push of the change.

    `check_role=False` only for the objection services (they check the objection roles themselves).
    """
    if check_role:
        permissions.require(actor, record.unit_id, "record.set_status")
    status, note = str(status), (note or "").strip()
    problem = wr.status_change_problem(current=record.status, new=status, note=note)
    if problem:
        raise ApplicationError(str(_STATUS_MESSAGES[problem]), code=problem,
                               field="note" if problem == "note_required" else "status")
    std = standard_for(record.kind)
    before = {"status": record.status, "state": record.state, "version": record.version}
    data = dict(record.data)
    data[std.status] = status
    if status == "3":
        data[std.note_field] = note
    record.data, record.status, record.version = data, status, record.version + 1
    if record.state == Record.State.PUSHED:  # the change itself has not reached the city platform yet
        record.state = Record.State.PUBLISHED
    record.updated_at = timezone.now()
    record.save(update_fields=["data", "status", "version", "state", "updated_at"])
    ledger_record(action="credit.record.status_changed", obj=record, actor=actor, before=before,
                  after={"status": status, "state": record.state, "version": record.version}, note=note)
    publication.on_changed(record)
    return record


def records_fill_due_dates(queryset=None, *, chunk: int = 5000) -> int:
    """Fill missing due dates (a derived value, not content: no ledger entry); returns how many were set."""
    qs = (queryset if queryset is not None else Record.objects.all()).filter(due_on__isnull=True)
    cal, total = workday_calendar(), 0
    while True:
        batch = list(qs.only("id", "decided_on", "unit_id")[:chunk])
        todo = []
        for r in batch:
            r.due_on = record_due_date(r, calendar=cal)
            if r.due_on is not None:
                todo.append(r)
        if todo:
            with transaction.atomic():
                Record.objects.bulk_update(todo, ["due_on"], batch_size=2000)
            total += len(todo)
        if len(batch) < chunk or not todo:
            break
    return total
