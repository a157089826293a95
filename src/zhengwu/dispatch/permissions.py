"""Who may do what on an event — a table of predicates over the one scoping mechanism.

Dispatchers (统一分拨主体) are operators and leaders of 区网格办 (QWGB) and district administrators;
a handling unit's operators and leaders (street staff also for their communities) act on the events
dispatched to them; supervisors (督查员) flag events for supervision (督办).
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from zhengwu.dispatch.standard import DISPATCH_UNIT_CODE
from zhengwu.org.models import Unit
from zhengwu.org.roles import Role
from zhengwu.org.scoping import has_role

DISPATCHER_ROLES = {Role.OPERATOR, Role.LEADER, Role.ADMIN}
HANDLER_ROLES = {Role.OPERATOR, Role.LEADER, Role.ADMIN}


def dispatch_unit_id() -> int | None:
    return Unit.objects.filter(code=DISPATCH_UNIT_CODE).values_list("id", flat=True).first()


def is_dispatcher(user) -> bool:
    """Operators/leaders of 区网格办 and district administrators."""
    if not getattr(user, "is_authenticated", False):
        return False
    unit_id = dispatch_unit_id()
    return has_role(user, unit_id, DISPATCHER_ROLES) if unit_id else has_role(user, None, {Role.ADMIN})


def can_handle(user, event) -> bool:
    """Staff of the handling unit (or of its street) may accept, return, resolve, request extensions."""
    return bool(event.unit_id) and has_role(user, event.unit_id, HANDLER_ROLES)


def can_supervise(user, event=None) -> bool:
    return has_role(user, None, {Role.SUPERVISOR, Role.ADMIN})


RULES = {
    "dispatch": lambda u, e: is_dispatcher(u),
    "triage": lambda u, e: is_dispatcher(u),
    "reply": lambda u, e: is_dispatcher(u),
    "close": lambda u, e: is_dispatcher(u),
    "reopen": lambda u, e: is_dispatcher(u) or can_supervise(u),
    "decide_extension": lambda u, e: is_dispatcher(u),
    "accept": can_handle,
    "return": can_handle,
    "start": can_handle,
    "resolve": can_handle,
    "request_extension": can_handle,
    "supervise": can_supervise,
}


def can(user, action: str, event) -> bool:
    rule = RULES.get(action)
    return bool(rule and rule(user, event))


def require(user, action: str, event) -> None:
    """PermissionDenied (403) unless `user` may do `action` on `event`."""
    if not can(user, action, event):
        raise PermissionDenied(_("您没有权限对该事件执行此操作。"))
