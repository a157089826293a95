"""The case lifecycle as a state machine (item 31 全流程处置): which action may follow which state.

    >>> transition(state="dispatched", action="accept")
    'accepted'
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch.standard import Rating, State

#: action → (states it may start from, the state it leads to). "rate" leads to CLOSED or REOPENED.
TRANSITIONS: dict[str, tuple[frozenset[State], State | None]] = {
    "triage": (frozenset({State.RECEIVED}), State.TRIAGE),
    "dispatch": (frozenset({State.RECEIVED, State.TRIAGE, State.RETURNED, State.REOPENED}), State.DISPATCHED),
    "accept": (frozenset({State.DISPATCHED}), State.ACCEPTED),
    "return": (frozenset({State.DISPATCHED, State.ACCEPTED}), State.RETURNED),
    "start": (frozenset({State.ACCEPTED}), State.IN_PROGRESS),
    "resolve": (frozenset({State.ACCEPTED, State.IN_PROGRESS}), State.RESOLVED),
    "reply": (frozenset({State.RESOLVED}), State.REPLIED),
    "rate": (frozenset({State.REPLIED}), None),
    "close": (frozenset({State.REPLIED}), State.CLOSED),
    "reopen": (frozenset({State.REPLIED, State.CLOSED}), State.REOPENED),
    "request_extension": (frozenset({State.ACCEPTED, State.IN_PROGRESS}), None),
    "supervise": (frozenset(set(State) - {State.CLOSED}), None),
    # 逐级处置 (item 34): the handling unit passes the case one tier up; the new unit must accept it
    "escalate": (frozenset({State.DISPATCHED, State.ACCEPTED, State.IN_PROGRESS}), State.DISPATCHED),
    # 大联动 (item 33): the dispatcher adds assisting units (协办) to a case its lead unit (主办) holds
    "cohandle": (frozenset({State.DISPATCHED, State.ACCEPTED, State.IN_PROGRESS}), None),
    # the lead unit resolves without an assisting unit's feedback, with a reason (ledger)
    "override": (frozenset({State.ACCEPTED, State.IN_PROGRESS}), None),
    # re-categorising; when the responsible unit changes, the case is re-routed (services.cohandling)
    "recategorise": (
        frozenset(
            {
                State.TRIAGE,
                State.DISPATCHED,
                State.ACCEPTED,
                State.IN_PROGRESS,
                State.RETURNED,
                State.REOPENED,
            }
        ),
        None,
    ),
    # the 分拨中心's binding ruling (裁定) after the second return between units
    "rule": (frozenset({State.RETURNED}), State.DISPATCHED),
    # a 督办单 by hand (services.supervision), on any case not closed
    "issue_order": (frozenset(set(State) - {State.CLOSED}), None),
    # 重办 after an unsatisfied call-back (回访)
    "redo": (frozenset({State.RESOLVED, State.REPLIED, State.CLOSED}), State.REOPENED),
}

ACTION_NAMES = {
    "triage": gettext_lazy("转人工分拨"),
    "dispatch": gettext_lazy("分拨"),
    "accept": gettext_lazy("签收"),
    "return": gettext_lazy("退回"),
    "start": gettext_lazy("开始处置"),
    "resolve": gettext_lazy("办结"),
    "reply": gettext_lazy("统一回复"),
    "rate": gettext_lazy("评价"),
    "close": gettext_lazy("结案"),
    "reopen": gettext_lazy("重启"),
    "request_extension": gettext_lazy("申请延期"),
    "supervise": gettext_lazy("督办"),
    "escalate": gettext_lazy("逐级上报"),
    "cohandle": gettext_lazy("大联动分派"),
    "override": gettext_lazy("强制办结"),
    "recategorise": gettext_lazy("改类"),
    "rule": gettext_lazy("裁定"),
    "redo": gettext_lazy("重办"),
    "issue_order": gettext_lazy("下发督办单"),
}

STATE_NAMES = {
    "received": gettext_lazy("已受理"),
    "triage": gettext_lazy("待人工分拨"),
    "dispatched": gettext_lazy("已分拨"),
    "returned": gettext_lazy("已退回"),
    "accepted": gettext_lazy("已签收"),
    "in_progress": gettext_lazy("处置中"),
    "resolved": gettext_lazy("已办结"),
    "replied": gettext_lazy("已回复"),
    "closed": gettext_lazy("已结案"),
    "reopened": gettext_lazy("已重启"),
}

#: (value, display name) of every state, in the lifecycle's order: the model's choices and the list filter's.
STATE_CHOICES = [(s.value, STATE_NAMES[s.value]) for s in State]

#: A step out of order conflicts with the event's current state (HTTP 409).
STATE_CONFLICT = 409


class TransitionError(ApplicationError):
    """A forbidden or unknown transition: code `forbidden_transition` (409) or `unknown_action` (400),
    with a message that names the action and the current state."""

    def __init__(self, *, state: str, action: str):
        self.state, self.action = state, action
        if action not in TRANSITIONS:
            super().__init__(_("未知的操作「%(action)s」。") % {"action": action}, code="unknown_action")
            return
        allowed = "、".join(str(STATE_NAMES[s]) for s in sorted(TRANSITIONS[action][0]))
        super().__init__(_("事件当前状态为「%(state)s」，不能%(action)s（只有%(allowed)s状态可以）。") % {
            "state": STATE_NAMES.get(state, state), "action": ACTION_NAMES[action], "allowed": allowed},
            code="forbidden_transition", status=STATE_CONFLICT)


def transition(*, state: str, action: str, rating: str | None = None) -> str:
    """The state after `action` from `state`, or TransitionError; `rate` needs the rating
    (ApplicationError `invalid_rating` for another value).

    >>> transition(state="replied", action="rate", rating="unsatisfied")
    'reopened'
    """
    if action not in TRANSITIONS:
        raise TransitionError(state=state, action=action)
    sources, target = TRANSITIONS[action]
    if state not in sources:
        raise TransitionError(state=state, action=action)
    if action == "rate":
        if rating not in {r.value for r in Rating}:
            raise ApplicationError(
                _("评价必须是 满意、基本满意 或 不满意。"), code="invalid_rating", field="rating"
            )
        return State.REOPENED.value if rating == Rating.UNSATISFIED else State.CLOSED.value
    return (target or State(state)).value


def allowed_actions(state: str) -> list[str]:
    """Actions possible from `state` (for buttons on the case page)."""
    return [a for a, (sources, _t) in TRANSITIONS.items() if state in sources]
