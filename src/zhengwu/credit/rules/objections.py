"""Objections (异议) to published records as pure rules — no ORM, no request.

filed (open, 待受理) → accepted for handling (accepted, 已受理) → answered (已答复);
an open objection may also be answered at once (e.g. 不予受理, or revoked on the spot). Anyone can file one
without an account, so filing alone changes nothing public: the record shows 异议中 (当前状态 2) only once
the unit has accepted an objection.
"""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class ObjectionState(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    ANSWERED = "answered"


STATE_LABELS = {ObjectionState.OPEN: _("待受理"), ObjectionState.ACCEPTED: _("已受理"),
                ObjectionState.ANSWERED: _("已答复")}
#: states still waiting for the unit's answer (counted in to-do lists, reminders and the assessment)
UNANSWERED = (ObjectionState.OPEN, ObjectionState.ACCEPTED)


class Outcome(StrEnum):
    UPHELD = "upheld"
    CORRECTED = "corrected"
    REVOKED = "revoked"
    DISMISSED = "dismissed"


OUTCOME_LABELS = {
    Outcome.UPHELD: _("维持原记录"),
    Outcome.CORRECTED: _("更正记录"),
    Outcome.REVOKED: _("撤销记录"),
    Outcome.DISMISSED: _("不予受理"),
}

#: objection step → the objection states it may start from
STEPS = {"accept": frozenset({ObjectionState.OPEN}),
         "answer": frozenset({ObjectionState.OPEN, ObjectionState.ACCEPTED})}
#: objection outcome → the record's 当前状态 it leads to
OUTCOME_STATUS = {Outcome.UPHELD: "0", Outcome.CORRECTED: "0", Outcome.DISMISSED: "0", Outcome.REVOKED: "1"}
#: the longest texts a person may type (the model's lengths)
LIMITS = {"name": 64, "contact": 128, "content": 2000, "note": 500}


def step_allowed(step: str, state: str) -> bool:
    """Whether an objection in `state` may be accepted / answered.

    >>> step_allowed("accept", "open"), step_allowed("accept", "accepted")
    (True, False)
    """
    return state in STEPS[step]


def status_after(*, current: str, step: str, outcome: str = "", others_accepted: bool = False) -> str | None:
    """The record's 当前状态 after an objection step, or None when it stays as it is.

    - "file": None — an anonymous objection alone never changes what the public sees;
    - "accept": 2 (异议中), unless the record is already 2 or revoked (1);
    - "answer": 1 when the outcome revokes the record; otherwise back to 0 if the record shows 2 and no other
      accepted objection to it is still being handled.

    >>> status_after(current="0", step="file"), status_after(current="0", step="accept")
    (None, '2')
    >>> status_after(current="2", step="answer", outcome="upheld", others_accepted=True) is None
    True
    """
    if step == "file":
        return None
    if step == "accept":
        return None if current in ("1", "2") else "2"
    new = OUTCOME_STATUS[Outcome(outcome)]
    if new == "1":
        return None if current == "1" else "1"
    return "0" if current == "2" and not others_accepted else None
