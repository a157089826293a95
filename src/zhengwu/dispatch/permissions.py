"""Who may do what in 大分拨, as a table read by services (server-side) and by the pages (which buttons).

Each action lists who may perform it: roles, and *where* those roles are held —

- `DISPATCH_UNIT`: in 区网格办 (QWGB), the district's one dispatching body (统一分拨主体); district
  administrators count there too (org.scoping's district roles hold everywhere);
- `HANDLING_UNIT`: in the unit the event is dispatched to (a street's staff also for its communities);
- `DISTRICT`: as a district role (supervisors 督查员, administrators), wherever the event is.

Any one row of an action suffices. `can(user, action, event)` answers, `require` raises 403.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from zhengwu.dispatch.standard import DISPATCH_UNIT_CODE
from zhengwu.org.roles import Role
from zhengwu.org.scoping import has_role
from zhengwu.org.selectors import unit_by_code


class Where(StrEnum):
    DISPATCH_UNIT = "dispatch_unit"
    HANDLING_UNIT = "handling_unit"
    DISTRICT = "district"


DISPATCHERS = frozenset({Role.OPERATOR, Role.LEADER, Role.ADMIN})
HANDLERS = frozenset({Role.OPERATOR, Role.LEADER, Role.ADMIN})
SUPERVISORS = frozenset({Role.SUPERVISOR, Role.ADMIN})
#: the 分拨中心's binding ruling (裁定) after the second return between units: its leaders
RULERS = frozenset({Role.LEADER, Role.ADMIN})

#: action → ((where the role is held, the roles), ...): who may.
TABLE: dict[str, tuple[tuple[Where, frozenset[str]], ...]] = {
    # the dispatching body: sees every event, takes hotline calls, triages, dispatches, replies, closes
    "view_all": ((Where.DISPATCH_UNIT, DISPATCHERS),),
    "hotline": ((Where.DISPATCH_UNIT, DISPATCHERS),),
    "triage": ((Where.DISPATCH_UNIT, DISPATCHERS),),
    "dispatch": ((Where.DISPATCH_UNIT, DISPATCHERS),),
    "reply": ((Where.DISPATCH_UNIT, DISPATCHERS),),
    "close": ((Where.DISPATCH_UNIT, DISPATCHERS),),
    "decide_extension": ((Where.DISPATCH_UNIT, DISPATCHERS),),
    # 同一事项，一次办理 (item 32): merge into a master case; open a case to public support (附议)
    "merge": ((Where.DISPATCH_UNIT, DISPATCHERS),),
    "publish": ((Where.DISPATCH_UNIT, DISPATCHERS),),
    "reopen": ((Where.DISPATCH_UNIT, DISPATCHERS), (Where.DISTRICT, SUPERVISORS)),
    # the handling unit acts on the events dispatched to it
    "accept": ((Where.HANDLING_UNIT, HANDLERS),),
    "return": ((Where.HANDLING_UNIT, HANDLERS),),
    "start": ((Where.HANDLING_UNIT, HANDLERS),),
    "resolve": ((Where.HANDLING_UNIT, HANDLERS),),
    "request_extension": ((Where.HANDLING_UNIT, HANDLERS),),
    # 逐级处置 (item 34): a unit that cannot handle the case passes it one tier up (services.escalation)
    "escalate": ((Where.HANDLING_UNIT, HANDLERS),),
    # the dispatching body's list of escalations, and its call-backs (回访, services.callbacks)
    "view_escalations": ((Where.DISPATCH_UNIT, DISPATCHERS), (Where.DISTRICT, SUPERVISORS)),
    "callback": ((Where.DISPATCH_UNIT, DISPATCHERS),),
    # channel statistics (item 31 统一接听): the dispatching body, district supervisors and auditors
    "view_channels": ((Where.DISPATCH_UNIT, DISPATCHERS), (Where.DISTRICT, SUPERVISORS | {Role.AUDITOR})),
    # 大数据 (item 35): the hotspot page; a hotspot turned into a 主动治理 task (or a 民生微实事 suggestion);
    # the task's result is recorded by the dispatching body or the responsible unit (passed as `event`)
    "view_hotspots": ((Where.DISPATCH_UNIT, DISPATCHERS), (Where.DISTRICT, SUPERVISORS)),
    "proactive": ((Where.DISPATCH_UNIT, DISPATCHERS),),
    "proactive_done": ((Where.DISPATCH_UNIT, DISPATCHERS), (Where.HANDLING_UNIT, HANDLERS)),
    # supervision (督办)
    "supervise": ((Where.DISTRICT, SUPERVISORS),),
    # 大督查 figures of every unit and the ranking (selectors.figures; a unit's own staff see their own rows)
    "view_figures": ((Where.DISPATCH_UNIT, DISPATCHERS), (Where.DISTRICT, SUPERVISORS | {Role.AUDITOR})),
    # 大联动 (item 33): the dispatcher adds assisting units; the lead unit (the case's unit)
    # may resolve without an assisting unit's feedback, with a reason (services.cohandling)
    "cohandle": ((Where.DISPATCH_UNIT, DISPATCHERS),),
    "override": ((Where.HANDLING_UNIT, HANDLERS),),
    # re-categorising (re-routes when the responsible unit changes); the 分拨中心's ruling (裁定)
    "recategorise": ((Where.DISPATCH_UNIT, DISPATCHERS),),
    "rule": ((Where.DISPATCH_UNIT, RULERS),),
    "view_rulings": ((Where.DISPATCH_UNIT, DISPATCHERS), (Where.DISTRICT, SUPERVISORS)),
    # 回访 that finds the citizen unsatisfied sends the case back (重办)
    "redo": ((Where.DISPATCH_UNIT, DISPATCHERS), (Where.DISTRICT, SUPERVISORS)),
    # 督办单 (item 36): issued by hand and signed off by supervisors; seen by them and the dispatchers
    "issue_order": ((Where.DISTRICT, SUPERVISORS),),
    "sign_off_order": ((Where.DISTRICT, SUPERVISORS),),
    "view_orders": ((Where.DISPATCH_UNIT, DISPATCHERS), (Where.DISTRICT, SUPERVISORS)),
    # 申诉: a supervisor decides a unit's appeal against a rating
    "decide_appeal": ((Where.DISTRICT, SUPERVISORS),),
}

#: Acts of a named unit rather than of the case's unit: a sub-task's unit gives its feedback, the supervised
#: unit replies to its 督办单, the rated unit appeals (申诉). action → the roles, held in that unit.
UNIT_TABLE: dict[str, frozenset[str]] = {
    "subtask_feedback": HANDLERS,
    "order_reply": HANDLERS,
    "appeal": HANDLERS,
}


def roles_for(action: str) -> frozenset[str]:
    """Every role that may perform `action` somewhere (KeyError for an action nobody declared)."""
    return frozenset().union(*(roles for _where, roles in TABLE[action]))


def dispatch_unit_id() -> int | None:
    unit = unit_by_code(DISPATCH_UNIT_CODE)
    return unit.pk if unit else None


def _holds(user, where: Where, roles: frozenset[str], event) -> bool:
    if where == Where.DISPATCH_UNIT:
        return has_role(user, dispatch_unit_id(), roles)  # no such unit: district administrators only
    if where == Where.HANDLING_UNIT:
        return bool(event is not None and event.unit_id) and has_role(user, event.unit_id, roles)
    return has_role(user, None, roles)


def can(user, action: str, event=None) -> bool:
    """Whether `user` may perform `action` (on `event`, for the handling unit's actions)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return any(_holds(user, where, roles, event) for where, roles in TABLE.get(action, ()))


def require(user, action: str, event=None) -> None:
    """PermissionDenied (403) unless `user` may do `action` on `event`."""
    if not can(user, action, event):
        raise PermissionDenied(_("您没有权限对该事件执行此操作。"))


def can_for_unit(user, action: str, unit_id: int | None) -> bool:
    """Whether `user` may do `action` (UNIT_TABLE) for the unit `unit_id` (a sub-task's, an order's)."""
    if not getattr(user, "is_authenticated", False) or unit_id is None or action not in UNIT_TABLE:
        return False
    return has_role(user, unit_id, UNIT_TABLE[action])


def require_for_unit(user, action: str, unit_id: int | None) -> None:
    if not can_for_unit(user, action, unit_id):
        raise PermissionDenied(_("您不是该单位的办理人员，不能执行此操作。"))


def is_dispatcher(user) -> bool:
    """Operators/leaders of 区网格办 and district administrators (`view_all`)."""
    return can(user, "view_all")
