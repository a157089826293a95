"""大联动 (item 33), returns between units and the 分拨中心's ruling, as pure functions over plain values.

    >>> close_blockers([("GY", "lead", False), ("QCGJ", "assist", True), ("QHBSWJ", "assist", False)])
    ['QHBSWJ']
    >>> needs_ruling(1), needs_ruling(2)
    (False, True)
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch.standard import RETURN_REASON_LABELS, RETURNS_BEFORE_RULING, ReturnReason, TaskRole


def close_blockers(tasks: Iterable[tuple[str, str, bool]]) -> list[str]:
    """The assisting units (codes) whose sub-task has neither feedback nor the lead's override: while
    there is one, the co-handled case cannot be resolved or closed. The lead's own sub-task is the
    resolution itself."""
    return [code for code, role, done in tasks if role == TaskRole.ASSIST and not done]


def check_return_code(code: str, reason: str) -> tuple[str, str]:
    """(code, reason) of a return between units: the code one of standard.ReturnReason; "other" needs
    words. ApplicationError `invalid_return_code` (field return_code) or `required` (field reason)."""
    code = (code or "").strip()
    if code not in {r.value for r in ReturnReason}:
        names = "、".join(RETURN_REASON_LABELS.values())
        raise ApplicationError(_("请选择退回理由代码（%(names)s）。") % {"names": names}, field="return_code",
                               code="invalid_return_code")
    reason = (reason or "").strip()[:500]
    if code == ReturnReason.OTHER and not reason:
        raise ApplicationError(_("退回理由为“其他”时请写明理由。"), field="reason", code="required")
    return code, reason or RETURN_REASON_LABELS[ReturnReason(code)]


def needs_ruling(coded_returns: int) -> bool:
    """Whether this many returns of one case between units (the one just made included) send it to the
    分拨中心 for a binding ruling: the second does."""
    return coded_returns >= RETURNS_BEFORE_RULING
