"""The seed's rules for 改革督查 as pure functions over plain values (no ORM, no request).

Each refusal is a `RuleError` with a stable code that tests assert on (never the message text).
"""

from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.reforms.standard import TITLE_MAX, State

TRANSITIONS: dict[State, frozenset[State]] = {
    State.DRAFT: frozenset({State.SUBMITTED}),
    State.SUBMITTED: frozenset({State.DONE, State.DRAFT}),
    State.DONE: frozenset(),
}


class RuleError(ApplicationError):
    """A rule of the seed refused the input; `code` is stable, `message` is for people."""


def check_title(title: str) -> str:
    """The title, stripped; refused when empty or longer than the standard allows."""
    title = (title or "").strip()
    if not title:
        raise RuleError(_("请填写标题。"), code="title_required", field="title")
    if len(title) > TITLE_MAX.value:
        raise RuleError(_("标题不能超过 %(n)s 个字。") % {"n": TITLE_MAX.value}, code="title_too_long", field="title")
    return title


def check_transition(current: State, target: State) -> None:
    """Refuse a step out of order, naming where the item is and where it was asked to go."""
    if target not in TRANSITIONS[current]:
        raise RuleError(_("当前状态为“%(current)s”，不能转为“%(target)s”。") % {
            "current": current.value, "target": target.value}, code="bad_transition")
