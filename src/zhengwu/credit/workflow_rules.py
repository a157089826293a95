"""The record workflow and timeliness of 双公示 as pure rules — no ORM, no request.

Chain (罗府办函〔2016〕74号 §二(二)): a unit's operator submits a record (imported / draft / rejected →
submitted); a reviewer of the same unit does the confidentiality review (保密审查, the
《政府信息公开保密审查审批表》) — approval publishes the record at once (the reviewer signs the form
for the unit; a leader's 审定 is not a separate step), rejection returns it to the operator with the
reasons; the outbox marks it pushed when the city platform has it. Later changes of 当前状态
(撤销 1 / 异议 2 / 其他 3 with a note) are allowed on any record and always written to the ledger.

Every record must be public within 7 working days of its decision (`DUE_WORKDAYS`).
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum

DUE_WORKDAYS = 7
DUE_SOON_WORKDAYS = 2


class State(StrEnum):
    IMPORTED = "imported"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    REJECTED = "rejected"
    PUBLISHED = "published"
    PUSHED = "pushed"


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

#: transition → roles (org.roles.Role values) that may perform it in the record's unit
ROLES: dict[Transition, frozenset[str]] = {
    Transition.SUBMIT: frozenset({"operator"}),
    Transition.APPROVE: frozenset({"reviewer"}),
    Transition.REJECT: frozenset({"reviewer"}),
    Transition.PUBLISH: frozenset({"reviewer"}),
}

#: 当前状态 changes: operators of the unit (and reviewers/leaders) may set them
STATUS_ROLES = frozenset({"operator", "reviewer", "leader"})
STATUSES = ("0", "1", "2", "3")


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


# --- Objections (异议) -----------------------------------------------------------------------------------
#
# filed (open, 待受理) → accepted for handling (accepted, 已受理) → answered (已答复); an open objection may also be
# answered at once (e.g. 不予受理, or revoked on the spot). Anyone can file one without an account, so filing alone
# changes nothing public: the record shows 异议中 (当前状态 2) only once the unit has accepted an objection.

OBJECTION_OPEN, OBJECTION_ACCEPTED, OBJECTION_ANSWERED = "open", "accepted", "answered"
#: objection step → the objection states it may start from
OBJECTION_STEPS = {"accept": frozenset({OBJECTION_OPEN}), "answer": frozenset({OBJECTION_OPEN, OBJECTION_ACCEPTED})}
#: objection outcome → the record's 当前状态 it leads to
OBJECTION_OUTCOME_STATUS = {"upheld": "0", "corrected": "0", "dismissed": "0", "revoked": "1"}


def objection_step_allowed(step: str, state: str) -> bool:
    """Whether an objection in `state` may be accepted / answered.

    >>> objection_step_allowed("accept", "open"), objection_step_allowed("accept", "accepted")
    (True, False)
    """
    return state in OBJECTION_STEPS[step]


def status_after_objection(*, current: str, step: str, outcome: str = "", others_accepted: bool = False) -> str | None:
    """The record's 当前状态 after an objection step, or None when it stays as it is.

    - "file": None — an anonymous objection alone never changes what the public sees;
    - "accept": 2 (异议中), unless the record is already 2 or revoked (1);
    - "answer": 1 when the outcome revokes the record; otherwise back to 0 if the record shows 2 and no other
      accepted objection to it is still being handled.

    >>> status_after_objection(current="0", step="file"), status_after_objection(current="0", step="accept")
    (None, '2')
    >>> status_after_objection(current="2", step="answer", outcome="upheld", others_accepted=True) is None
    True
    """
    if step == "file":
        return None
    if step == "accept":
        return None if current in ("1", "2") else "2"
    new = OBJECTION_OUTCOME_STATUS[outcome]
    if new == "1":
        return None if current == "1" else "1"
    return "0" if current == "2" and not others_accepted else None


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


_FINE = re.compile(r"(\d+(?:\.\d+)?)\s*(万)?\s*元")


def fine_from_text(text: str) -> Decimal | None:
    """The largest amount of money named in a 处罚结果, in yuan (None if there is none).

    >>> fine_from_text("罚款人民币2000元"), fine_from_text("罚款1.5万元")
    (Decimal('2000'), Decimal('15000.0'))
    """
    amounts = []
    for number, wan in _FINE.findall(text or ""):
        try:
            value = Decimal(number)
        except InvalidOperation:  # pragma: no cover - the pattern only matches numbers
            continue
        amounts.append(value * 10000 if wan else value)
    return max(amounts) if amounts else None


class Timeliness(StrEnum):
    ON_TIME = "on_time"  # published by its due date
    LATE = "late"  # published after its due date
    OPEN = "open"  # not yet published, more than DUE_SOON_WORKDAYS left
    DUE_SOON = "due_soon"  # not yet published, ≤ DUE_SOON_WORKDAYS working days left
    OVERDUE = "overdue"  # not yet published, past its due date
    UNKNOWN = "unknown"  # no due date (calendar of that year unknown)


@dataclass(frozen=True)
class DueStatus:
    """A record's standing against its 7-working-day deadline; `days` is working days left (or late)."""

    kind: Timeliness
    days: int | None = None


def due_status(*, due_on: date | None, published_on: date | None, today: date, calendar) -> DueStatus:
    """Where a record stands: published on time / late by n working days, or still open / due soon / overdue.

    >>> # decided 2025-09-29, due 2025-10-15 (国庆 8 days off); on 2025-10-13 two working days are left
    """
    if due_on is None:
        return DueStatus(Timeliness.UNKNOWN)
    try:
        if published_on is not None:
            late = calendar.workdays_between(due_on, published_on)
            return DueStatus(Timeliness.ON_TIME, 0) if late <= 0 else DueStatus(Timeliness.LATE, late)
        left = calendar.workdays_between(today, due_on)
    except ValueError:  # UnknownYear
        return DueStatus(Timeliness.UNKNOWN)
    if left < 0 or (left == 0 and today > due_on):
        return DueStatus(Timeliness.OVERDUE, -left)
    if left <= DUE_SOON_WORKDAYS:
        return DueStatus(Timeliness.DUE_SOON, left)
    return DueStatus(Timeliness.OPEN, left)


def due_date(*, decided_on: date, calendar, workdays: int = DUE_WORKDAYS) -> date | None:
    """The 7th working day after the decision (the decision day does not count); None if the year is unknown."""
    try:
        return calendar.add_workdays(decided_on, workdays)
    except ValueError:  # UnknownYear: no official calendar for that year yet
        return None


class WorkdayIndex:
    """Working-day arithmetic over a fixed range in O(1) per call — for assessments over many records.

    `between(a, b)` equals `calendar.workdays_between(a, b)` for dates inside [start, end].
    """

    def __init__(self, calendar, start: date, end: date):
        from datetime import timedelta

        self.start, self.end = start, end
        self._cum: dict[date, int] = {}
        count, day = 0, start
        while day <= end:
            try:
                if calendar.is_workday(day):
                    count += 1
            except ValueError:  # unknown year: count weekdays
                if day.weekday() < 5:
                    count += 1
            self._cum[day] = count
            day += timedelta(days=1)
        self._calendar = calendar

    def between(self, a: date, b: date) -> int:
        if a in self._cum and b in self._cum:
            return self._cum[b] - self._cum[a]
        return self._calendar.workdays_between(a, b)


def parse_period(text: str) -> tuple[date, date, str]:
    """An assessment period: "2016", "2016-Q2", "2016-03" or "2016-01-01..2016-06-30" → (first, last, label).

    >>> parse_period("2016-Q2")[:2]
    (datetime.date(2016, 4, 1), datetime.date(2016, 6, 30))
    """
    import calendar as cal

    text = (text or "").strip()
    try:
        if ".." in text:
            a, b = text.split("..", 1)
            first, last = date.fromisoformat(a.strip()), date.fromisoformat(b.strip())
            if last < first:
                raise ValueError(text)
            return first, last, f"{first.isoformat()}..{last.isoformat()}"
        m = re.fullmatch(r"(\d{4})(?:-(?:Q([1-4])|(\d{1,2})))?", text, flags=re.IGNORECASE)
        if not m:
            raise ValueError(text)
        year = int(m.group(1))
        if m.group(2):
            q = int(m.group(2))
            first = date(year, 3 * q - 2, 1)
            last = date(year, 3 * q, cal.monthrange(year, 3 * q)[1])
        elif m.group(3):
            month = int(m.group(3))
            first, last = date(year, month, 1), date(year, month, cal.monthrange(year, month)[1])
        else:
            first, last = date(year, 1, 1), date(year, 12, 31)
        return first, last, text.upper() if "q" in text.lower() else text
    except ValueError:
        raise ValueError(text) from None
