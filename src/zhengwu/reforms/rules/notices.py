"""Supervision notices (督办单, 领导批示, 问题清单, §一(五), §三(三)): what a notice needs, and escalation."""

from datetime import date

from django.utils.translation import gettext as _

from zhengwu.reforms.rules.base import RuleError
from zhengwu.reforms.standard import (
    NoticeLevel,
)


def check_notice(*, demand: str, signed_by: str, issued_on: date, deadline: date) -> None:
    """A notice states its demand, is signed off (签发) by
    someone, and its deadline is not before its issue."""
    if not (demand or "").strip():
        raise RuleError(_("请填写督办要求。"), code="notice_demand_required", field="demand")
    if not (signed_by or "").strip():
        raise RuleError(_("督办单须有签发人。"), code="notice_signed_by_required", field="signed_by")
    if deadline < issued_on:
        raise RuleError(_("办理期限 %(d)s 早于签发日期 %(i)s。") % {"d": deadline, "i": issued_on},
                        code="notice_deadline_before_issue", field="deadline")


def raised(level: NoticeLevel | str) -> NoticeLevel:
    """The level an unanswered notice is escalated to (an urgent one stays urgent)."""
    order = list(NoticeLevel)
    return order[min(order.index(NoticeLevel(level)) + 1, len(order) - 1)]
