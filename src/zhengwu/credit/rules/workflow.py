"""The record workflow of 双公示 as pure rules — no ORM, no request.

Chain (罗府办函〔2016〕74号 §二(二)): a unit's operator submits a record (imported / draft / rejected →
submitted); a reviewer of the same unit does the confidentiality review (保密审查, the
《政府信息公开保密审查审批表》) — approval publishes the record at once (the reviewer signs the form
for the unit; a leader's 审定 is not a separate step), rejection returns it to the operator with the
reasons; the outbox marks it pushed when the city platform has it. Later changes of 当前状态
(撤销 1 / 异议 2 / 其他 3 with a note) are allowed on any record and always written to the ledger.

Who may take each step is `credit.permissions.TABLE`; the deadlines are `rules.timeliness`.
"""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from zhengwu.credit.standard import STATUS_VALUES


class State(StrEnum):
    IMPORTED = "imported"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    REJECTED = "rejected"
    PUBLISHED = "published"
    PUSHED = "pushed"


#: the states' names (Record.state's choices are derived from these)
STATE_LABELS = {
    State.IMPORTED: _("已导入"), State.DRAFT: _("草稿"), State.SUBMITTED: _("待保密审查"),
    State.REJECTED: _("已退回"), State.PUBLISHED: _("已公示"), State.PUSHED: _("已推送"),
}
#: states of a record published by the district (whether the public sees it today: `rules.visibility`)
PUBLISHED_STATES = frozenset({State.PUBLISHED, State.PUSHED})
#: states of a record not yet published (counted against its due date)
UNPUBLISHED = (State.IMPORTED, State.DRAFT, State.SUBMITTED, State.REJECTED)


class Transition(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    REJECT = "reject"
    PUBLISH = "publish"
    PUSHED = "pushed"


#: transition → (states it may start from, the state it leads to)
TRANSITIONS: dict[Transition, tuple[frozenset[State], State]] = {
    Transition.SUBMIT: (frozenset({State.IMPORTED, State.DRAFT, State.REJECTED}), State.SUBMITTED),
    Transition.APPROVE: (frozenset({State.SUBMITTED}), State.PUBLISHED),
    Transition.REJECT: (frozenset({State.SUBMITTED}), State.REJECTED),
    Transition.PUBLISH: (frozenset({State.SUBMITTED}), State.PUBLISHED),
    Transition.PUSHED: (frozenset({State.PUBLISHED}), State.PUSHED),
}

#: 当前状态 (the standard's XK_ZT / CF_ZT) and its names on staff pages
STATUSES = STATUS_VALUES
REVOKED = "1"
STATUS_LABELS = {"0": _("正常"), "1": _("撤销"), "2": _("异议"), "3": _("其他")}


def allowed(transition: Transition | str, state: State | str) -> bool:
    """Whether `transition` may start from `state`.

    >>> allowed("submit", "rejected"), allowed("approve", "imported")
    (True, False)
    """
    sources, _target = TRANSITIONS[Transition(transition)]
    return State(state) in sources


def target(transition: Transition | str) -> State:
    return TRANSITIONS[Transition(transition)][1]


def sources(transition: Transition | str) -> frozenset[State]:
    return TRANSITIONS[Transition(transition)][0]


def status_change_problem(*, current: str, new: str, note: str) -> str | None:
    """Why a 当前状态 change is refused (None when it is fine): unknown code, no change, 3 without a note.

    >>> status_change_problem(current="0", new="3", note="")
    'note_required'
    """
    if new not in STATUSES:
        return "unknown_status"
    if new == current:
        return "unchanged"
    if new == "3" and not note.strip():
        return "note_required"
    return None


# --- The confidentiality review (保密审查) -------------------------------------------------------------

#: the four questions of 《政府信息公开保密审查审批表》 (ConfidentialityReview's fields, in this order)
REVIEW_CHECKS = {
    "state_secret": _("涉及国家秘密"),
    "commercial_secret": _("涉及商业秘密"),
    "personal_privacy": _("涉及个人隐私"),
    "security_risk": _("公开后危及国家安全、公共安全、经济安全和社会稳定"),
}
CHECKS = tuple(REVIEW_CHECKS)


class Decision(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


DECISION_LABELS = {Decision.APPROVE: _("同意公开"), Decision.REJECT: _("不同意公开（退回）")}


def review_problem(*, approve: bool, checks: dict[str, bool], reasons: str) -> str | None:
    """Why a review decision is refused: approval with a check answered yes, rejection without reasons.

    >>> review_problem(approve=True, checks={"state_secret": True}, reasons="")
    'check_failed'
    """
    if approve and any(checks.values()):
        return "check_failed"
    if not approve and not reasons.strip():
        return "reasons_required"
    return None
