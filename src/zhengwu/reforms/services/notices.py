"""督查 (§一(五) 完善督查机制…列出清单、明确责任、挂账整改; §三(三) 检查督办): supervision notices, leaders'
instructions and problems to rectify — issued by the supervision office or the reform office to a unit,
answered by the unit, verified by the issuer; unanswered ones escalate one level after their deadline."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from zhengwu.ledger.services import record, snapshot
from zhengwu.org.models import Unit
from zhengwu.org.scoping import require_role
from zhengwu.reforms import permissions, rules
from zhengwu.reforms.models import Notice
from zhengwu.reforms.standard import ITEM_NUMBERS, REFORM_OFFICE, SUPERVISION_OFFICE, NoticeKind, NoticeLevel

FIELDS = [
    "kind",
    "level",
    "item_number",
    "unit",
    "issuer",
    "demand",
    "signed_by",
    "issued_on",
    "deadline",
    "answer",
    "answered_on",
    "verified_on",
    "escalated_on",
]
ISSUERS = (SUPERVISION_OFFICE, REFORM_OFFICE)


def _choice(enum, value, field: str):
    try:
        return enum(value)
    except ValueError:
        raise rules.RuleError(
            _("“%(v)s”不是有效的选项。") % {"v": value}, code="invalid_choice", field=field
        ) from None


def notice_issue(*, kind: str, level: str, unit_code: str, issuer_code: str, demand: str, signed_by: str,
                 issued_on: date, deadline: date, actor, item_number: int | None = None) -> Notice:
    """Issue a notice (or record a leader's instruction, or list a problem) to the unit `unit_code`."""
    kind, level = _choice(NoticeKind, kind, "kind"), _choice(NoticeLevel, level, "level")
    if issuer_code not in ISSUERS:
        raise rules.RuleError(_("督办由区督查室或区委改革办签发。"), code="not_an_issuer", field="issuer")
    if item_number is not None and item_number not in ITEM_NUMBERS:
        raise rules.RuleError(_("改革计划中没有该事项。"), code="unknown_item", field="item_number")
    unit = Unit.objects.filter(code=unit_code, is_active=True).first()
    if unit is None:
        raise rules.RuleError(_("未知单位代码。"), code="unknown_unit", field="unit")
    issuer = Unit.objects.get(code=issuer_code)
    require_role(actor, issuer, permissions.roles_for("notice.issue"))
    rules.check_notice(demand=demand, signed_by=signed_by, issued_on=issued_on, deadline=deadline)
    with transaction.atomic():
        notice = Notice.objects.create(
            kind=kind,
            level=level,
            item_number=item_number,
            unit=unit,
            issuer=issuer,
            demand=demand.strip(),
            signed_by=signed_by.strip(),
            issued_on=issued_on,
            deadline=deadline,
            created_by=actor,
        )
        record(action="reforms.notice.issued", obj=notice, actor=actor, after=snapshot(notice, FIELDS))
    return notice


def _locked(notice_id) -> Notice:
    notice = (
        Notice.objects.select_for_update(of=("self",))
        .select_related("unit", "issuer")
        .filter(pk=notice_id)
        .first()
    )
    if notice is None:
        raise rules.RuleError(_("督办不存在。"), code="unknown_notice", field="notice")
    return notice


def notice_answer(*, notice_id: int, answer: str, on: date, actor) -> Notice:
    """The responsible unit answers (办复); once only, not before the notice was issued."""
    if not (answer or "").strip():
        raise rules.RuleError(_("请填写办理情况。"), code="answer_required", field="answer")
    with transaction.atomic():
        notice = _locked(notice_id)
        require_role(actor, notice.unit, permissions.roles_for("plan.register"))
        if notice.answered_on is not None:
            raise rules.RuleError(
                _("该督办已于 %(d)s 办复。") % {"d": notice.answered_on},
                code="already_answered",
                field="notice",
            )
        if on < notice.issued_on:
            raise rules.RuleError(_("办复日期早于签发日期。"), code="date_before_previous_step", field="on")
        before = snapshot(notice, FIELDS)
        notice.answer, notice.answered_on = answer.strip(), on
        notice.save(update_fields=["answer", "answered_on"])
        record(
            action="reforms.notice.answered",
            obj=notice,
            actor=actor,
            before=before,
            after=snapshot(notice, FIELDS),
        )
    return notice


def notice_verify(*, notice_id: int, on: date, accepted: bool, actor, reasons: str = "") -> Notice:
    """The issuer verifies the answer (a problem is rectified: 销账), or sends it back with reasons — the unit
    answers again; the deadline is unchanged, so a late second answer counts as late."""
    with transaction.atomic():
        notice = _locked(notice_id)
        require_role(actor, notice.issuer, permissions.roles_for("notice.issue"))
        if notice.answered_on is None or notice.verified_on is not None:
            raise rules.RuleError(
                _("只有已办复、未核验的督办可以核验。"), code="not_answered", field="notice"
            )
        if not accepted and not (reasons or "").strip():
            raise rules.RuleError(_("退回须写明理由。"), code="reasons_required", field="reasons")
        before = snapshot(notice, FIELDS)
        if accepted:
            notice.verified_on = on
        else:
            notice.answered_on, notice.answer = None, ""
        notice.save(update_fields=["verified_on", "answered_on", "answer"])
        record(
            action="reforms.notice.verified" if accepted else "reforms.notice.returned",
            obj=notice,
            actor=actor,
            before=before,
            after=snapshot(notice, FIELDS),
            note=(reasons or "").strip(),
        )
    return notice


def notices_escalate(*, on: date) -> list[Notice]:
    """Run by the daily job: every notice unanswered after its deadline, not escalated yet, is
    raised one level (一般 → 重点 → 紧急) and marked escalated; one ledger entry for the run."""
    with transaction.atomic():
        due = list(
            Notice.objects.select_for_update().filter(answered_on=None, escalated_on=None, deadline__lt=on)
        )
        for notice in due:
            notice.level, notice.escalated_on = rules.raised(notice.level), on
        Notice.objects.bulk_update(due, ["level", "escalated_on"])
        if due:
            record(action="reforms.notices.escalated", actor=None, object_type="reforms.notice",
                   object_id=on.isoformat(), after={"on": on.isoformat(), "notices": [
                       {"id": n.pk, "unit": n.unit_id, "level": n.level} for n in due]})
    return due
