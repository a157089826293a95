"""A record's way to the public: submit → confidentiality review → publish, and 当前状态 changes.

    record_submit(record, actor=operator)                       # imported/draft/rejected → submitted
    record_review(record, actor=reviewer, approve=True, checks={...})   # → published (record_publish)
    record_review(record, actor=reviewer, approve=False, checks={...}, reasons="…")  # → rejected
    record_set_status(record, status="1", note="", actor=operator)      # 撤销 / 异议 / 其他

`record_publish` is the ONE place a record becomes PUBLISHED (bulk approval shares its `_publish`
step): it sets published_at/by, the penalty severity and public_until (credit.publicity), writes the
ledger and calls `zhengwu.credit.services.publication.on_published(record)` when that module exists
(inside the transaction, so a transactional outbox enqueues atomically). Status changes call
`on_changed(record)`. Publication also writes the record's public-name search entry
(`services.search_index.index_records`); status changes leave it (the public query filters revoked
records). The pure state machine is `credit.workflow_rules`.
"""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengwu.core.errors import ApplicationError
from zhengwu.credit import publicity
from zhengwu.credit import workflow_rules as wr
from zhengwu.credit.models import CatalogItem, ConfidentialityReview, Kind, Record
from zhengwu.credit.services import search_index
from zhengwu.credit.standard import standard_for
from zhengwu.ledger.services import Change, record_many
from zhengwu.ledger.services import record as ledger_record
from zhengwu.org.scoping import require_role
from zhengwu.workdays.selectors import calendar as workday_calendar


class Action:
    SUBMITTED = "credit.record.submitted"  # before/after {state}; bulk: one entry per record
    REVIEWED = "credit.record.reviewed"  # after {decision, checks, reasons, version}; object = the record
    REJECTED = "credit.record.rejected"  # before/after {state}, note = the reasons
    PUBLISHED = "credit.record.published"  # after {state, published_at, severity, public_until}
    STATUS_CHANGED = "credit.record.status_changed"  # before/after {status, state, version}, note


CHECKS = ("state_secret", "commercial_secret", "personal_privacy", "security_risk")

_TRANSITION_MESSAGES = {
    wr.Transition.SUBMIT: gettext_lazy("只有已导入、草稿或已退回的记录可以提交（当前：%(state)s）。"),
    wr.Transition.APPROVE: gettext_lazy("只有待保密审查的记录可以审查（当前：%(state)s）。"),
    wr.Transition.REJECT: gettext_lazy("只有待保密审查的记录可以审查（当前：%(state)s）。"),
    wr.Transition.PUBLISH: gettext_lazy("只有通过保密审查的待审记录可以公示（当前：%(state)s）。"),
}


def _hook(name: str, record: Record) -> None:
    """Call publication.<name>(record) if the public side's module exists (it enqueues the push)."""
    try:
        from zhengwu.credit.services import publication
    except ImportError:
        return
    fn = getattr(publication, name, None)
    if fn is not None:
        fn(record)


def _hook_many(name: str, records: list[Record]) -> None:
    """publication.<name>_many(records) when the public side offers it, else <name>(record) for each."""
    try:
        from zhengwu.credit.services import publication
    except ImportError:
        return
    many = getattr(publication, f"{name}_many", None)
    if many is not None:
        many(records)
        return
    for record in records:
        _hook(name, record)


def _guard(record: Record, transition: wr.Transition) -> None:
    if not wr.allowed(transition, record.state):
        raise ApplicationError(str(_TRANSITION_MESSAGES[transition]) % {"state": record.get_state_display()},
                               code="invalid_transition", status=409)


def _policy() -> publicity.Policy:
    return publicity.policy_from_settings(getattr(settings, "CREDIT_PUBLICITY_POLICY", None))


def record_due_date(record: Record, *, calendar=None) -> date | None:
    """The record's due date: the 7th working day after its decision (None when that year's calendar is unknown)."""
    return wr.due_date(decided_on=record.decided_on, calendar=calendar or workday_calendar(),
                       workdays=getattr(settings, "CREDIT_DUE_WORKDAYS", wr.DUE_WORKDAYS))


@transaction.atomic
def record_submit(record: Record, *, actor) -> Record:
    """An operator of the record's unit sends it to the confidentiality review."""
    require_role(actor, record.unit_id, wr.ROLES[wr.Transition.SUBMIT])
    _guard(record, wr.Transition.SUBMIT)
    before = {"state": record.state}
    record.state, record.submitted_at, record.updated_at = Record.State.SUBMITTED, timezone.now(), timezone.now()
    if record.due_on is None:
        record.due_on = record_due_date(record)
    record.save(update_fields=["state", "submitted_at", "updated_at", "due_on"])
    ledger_record(action=Action.SUBMITTED, obj=record, actor=actor, before=before, after={"state": record.state})
    return record


def _units_checked(records: Iterable[Record], actor, roles) -> None:
    for unit_id in {r.unit_id for r in records}:
        require_role(actor, unit_id, roles)


@transaction.atomic
def records_submit_many(records, *, actor) -> tuple[int, int]:
    """Submit many records at once (one ledger lock, bulk update); returns (submitted, skipped).

    Records not in a submittable state are skipped, not errors; a unit where the actor is not an
    operator refuses the whole request (403).
    """
    records = list(records)
    _units_checked(records, actor, wr.ROLES[wr.Transition.SUBMIT])
    ok = [r for r in records if wr.allowed(wr.Transition.SUBMIT, r.state)]
    now, cal = timezone.now(), workday_calendar()
    changes = []
    for r in ok:
        changes.append(Change(Action.SUBMITTED, "credit.record", str(r.pk), {"state": r.state},
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

    Much faster than `bulk_update`'s CASE expressions when most values are shared (state, times, actor).
    """
    groups: dict[tuple, list[int]] = {}
    for r in records:
        groups.setdefault(tuple(getattr(r, Record._meta.get_field(f).attname) for f in fields), []).append(r.pk)
    attnames = [Record._meta.get_field(f).attname for f in fields]
    for values, ids in groups.items():
        for i in range(0, len(ids), chunk):
            Record.objects.filter(pk__in=ids[i:i + chunk]).update(**dict(zip(attnames, values, strict=True)))


def _catalog_refusal(record: Record, items: dict | None = None) -> str | None:
    """Why the record may not be published because of its catalog item (None when it may)."""
    if not record.item_code or record.item_code == "无":
        return None
    items = _unpublishable_items([record.unit_id]) if items is None else items
    basis = items.get((record.unit_id, record.kind, record.item_code))
    if basis is None:
        return None
    return str(_("事项目录标明该事项不予公示（依据：%(basis)s）。")) % {"basis": basis}


def _publish(record: Record, *, actor, now, policy) -> dict:
    """Set the publication fields of one record (no save); return the ledger `after`."""
    if record.kind == Kind.PENALTY:
        result, basis = record.data.get("CF_JG") or "", record.data.get("CF_YJ") or ""
        declared = publicity.Severity(record.severity) if record.severity else None
        severity = publicity.penalty_severity(category=record.category, fine_yuan=wr.fine_from_text(result),
                                              basis=basis, result=result, declared=declared, policy=policy)
        record.severity = severity.value
        pub = publicity.penalty_publicity(decided_on=record.decided_on, severity=severity,
                                          declared_until=record.publicity_until, policy=policy)
    else:
        pub = publicity.license_publicity(valid_until=record.valid_until, declared_until=record.publicity_until)
    record.public_until = pub.until if pub.public else None
    record.state, record.published_at, record.published_by = Record.State.PUBLISHED, now, (
        actor if getattr(actor, "is_authenticated", False) else None)
    record.updated_at = now
    if record.due_on is None:
        record.due_on = record_due_date(record)
    return {"state": record.state, "published_at": now.isoformat(), "severity": record.severity,
            "public_until": record.public_until.isoformat() if record.public_until else None,
            "publicity": pub.reason}


_PUBLISH_FIELDS = ["state", "published_at", "published_by", "severity", "public_until", "updated_at", "due_on"]


@transaction.atomic
def record_publish(record: Record, *, actor) -> Record:
    """Make a reviewed record public: the one place a record becomes PUBLISHED."""
    require_role(actor, record.unit_id, wr.ROLES[wr.Transition.PUBLISH])
    _guard(record, wr.Transition.PUBLISH)
    refusal = _catalog_refusal(record)
    if refusal:
        raise ApplicationError(refusal, code="not_publishable")
    before = {"state": record.state}
    after = _publish(record, actor=actor, now=timezone.now(), policy=_policy())
    record.save(update_fields=_PUBLISH_FIELDS)
    search_index.index_records([record])
    ledger_record(action=Action.PUBLISHED, obj=record, actor=actor, before=before, after=after)
    _hook("on_published", record)
    return record


def _checks_of(checks: dict | None) -> dict[str, bool]:
    checks = checks or {}
    unknown = set(checks) - set(CHECKS)
    if unknown:
        raise ApplicationError(_("未知的审查项：%(names)s") % {"names": "、".join(sorted(unknown))}, field="checks")
    return {name: bool(checks.get(name, False)) for name in CHECKS}


def _review_refusal(approve: bool, checks: dict[str, bool], reasons: str) -> None:
    problem = wr.review_problem(approve=approve, checks=checks, reasons=reasons)
    if problem == "check_failed":
        raise ApplicationError(_("审查项中有“是”的记录不能同意公开，请退回并说明理由。"), code=problem, field="decision")
    if problem == "reasons_required":
        raise ApplicationError(_("退回时必须填写审查意见（理由）。"), code=problem, field="reasons")


@transaction.atomic
def record_review(record: Record, *, actor, approve: bool, checks: dict | None = None, reasons: str = "",
                  severity: str | None = None) -> ConfidentialityReview:
    """The confidentiality review (保密审查) by a reviewer of the record's unit: approve → published, reject → back."""
    transition = wr.Transition.APPROVE if approve else wr.Transition.REJECT
    require_role(actor, record.unit_id, wr.ROLES[transition])
    _guard(record, transition)
    checks = _checks_of(checks)
    reasons = (reasons or "").strip()
    _review_refusal(approve, checks, reasons)
    if severity:
        if record.kind != Kind.PENALTY or severity not in Record.Severity.values:
            raise ApplicationError(_("处罚情节只能是 轻微 / 一般 / 严重，且仅适用于行政处罚。"), field="severity")
        record.severity = severity
    if approve:
        refusal = _catalog_refusal(record)
        if refusal:
            raise ApplicationError(refusal, code="not_publishable")
    review = ConfidentialityReview.objects.create(
        record=record, reviewer=actor, decided_at=timezone.now(), version=record.version, reasons=reasons,
        decision=ConfidentialityReview.Decision.APPROVE if approve else ConfidentialityReview.Decision.REJECT,
        **checks)
    ledger_record(action=Action.REVIEWED, obj=record, actor=actor, after={
        "review": review.pk, "decision": review.decision, "checks": checks, "reasons": reasons,
        "version": record.version})
    if approve:
        record_publish(record, actor=actor)
    else:
        before = {"state": record.state}
        record.state, record.updated_at = Record.State.REJECTED, timezone.now()
        record.save(update_fields=["state", "updated_at", "severity"])
        ledger_record(action=Action.REJECTED, obj=record, actor=actor, before=before,
                      after={"state": record.state}, note=reasons)
    return review


@transaction.atomic
def records_approve_many(records, *, actor) -> tuple[int, int]:
    """Approve and publish many submitted records at once; the reviewer attests all four checks are “否”.

    Returns (published, skipped); records not awaiting review or whose item may not be published are skipped.
    """
    records = list(records)
    _units_checked(records, actor, wr.ROLES[wr.Transition.APPROVE])
    now, policy = timezone.now(), _policy()
    items = _unpublishable_items(r.unit_id for r in records)
    ok = [r for r in records if wr.allowed(wr.Transition.APPROVE, r.state) and not _catalog_refusal(r, items)]
    checks = dict.fromkeys(CHECKS, False)
    ConfidentialityReview.objects.bulk_create(
        [ConfidentialityReview(record=r, reviewer=actor, decided_at=now, version=r.version, reasons="",
                               decision=ConfidentialityReview.Decision.APPROVE, **checks) for r in ok],
        batch_size=2000)
    changes = []
    for r in ok:
        before = {"state": r.state}
        changes.append(Change(Action.REVIEWED, "credit.record", str(r.pk), None,
                              {"decision": "approve", "checks": checks, "reasons": "", "version": r.version,
                               "bulk": True}, r.unit_id))
        after = _publish(r, actor=actor, now=now, policy=policy)
        changes.append(Change(Action.PUBLISHED, "credit.record", str(r.pk), before, after, r.unit_id))
    _update_grouped(ok, _PUBLISH_FIELDS)
    search_index.index_records(ok)
    record_many(changes, actor=actor)
    _hook_many("on_published", ok)
    return len(ok), len(records) - len(ok)


_STATUS_MESSAGES = {
    "unknown_status": gettext_lazy("当前状态只能是 0（正常）、1（撤销）、2（异议）或 3（其他）。"),
    "unchanged": gettext_lazy("记录已经是该状态。"),
    "note_required": gettext_lazy("状态改为 3（其他）时必须填写备注说明。"),
}


@transaction.atomic
def record_set_status(record: Record, *, status: str, note: str = "", actor, check_role: bool = True) -> Record:
    """Change 当前状态 (撤销 1 / 异议 2 / 其他 3 with a note / back to 0): new version, ledger, push of the change.

    `check_role=False` only for the public objection form (the actor is then the public).
    """
    if check_role:
        require_role(actor, record.unit_id, wr.STATUS_ROLES)
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
    ledger_record(action=Action.STATUS_CHANGED, obj=record, actor=actor, before=before,
                  after={"status": status, "state": record.state, "version": record.version}, note=note)
    _hook("on_changed", record)
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
