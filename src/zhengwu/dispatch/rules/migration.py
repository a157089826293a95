"""数据自动迁移 (item 31, issue 13 item 13): what a row of a unit's own system says about the case's past —
its state, handling unit, dates, result and rating — read as it is, never re-decided; and the order
in which a connector reads a system that keeps its own records (a cursor past the last row read).

    >>> migrated_state("已办结"), migrated_rating("满意")
    ('resolved', 'satisfied')
"""

from collections.abc import Mapping, Sequence
from datetime import datetime

from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch.rules.lifecycle import STATE_NAMES
from zhengwu.dispatch.standard import OPEN_STATES, RATING_LABELS, Rating, State

#: The columns that carry a case's past; a row with any of them filled is a handled case, kept as it was.
HISTORY_COLUMNS = ("state", "unit", "dispatched_at", "accepted_at", "resolved_at", "closed_at", "accept_due",
                   "resolve_due", "result", "reply", "replied_at", "rating", "rating_comment")
DATE_COLUMNS = ("dispatched_at", "accepted_at", "accept_due", "resolve_due", "resolved_at", "replied_at",
                "closed_at")
#: States a migrated case cannot be in without the unit that has it.
NEEDS_UNIT = frozenset({*OPEN_STATES, State.RESOLVED})


def has_history(row: Mapping) -> bool:
    """Whether the row says anything about the case's
    handling (else it is a new event, dispatched as such)."""
    return any(str(row.get(c) or "").strip() for c in HISTORY_COLUMNS)


def migrated_state(value) -> str:
    """A state as its value (closed) or its name (已结案); ApplicationError `invalid_state` (field state)."""
    text = str(value or "").strip()
    for state in State:
        if text in (state.value, str(STATE_NAMES[state.value])):
            return state.value
    raise ApplicationError(
        _("状态“%(v)s”无法识别（应为 %(ok)s 之一）。")
        % {"v": text, "ok": "、".join(str(n) for n in STATE_NAMES.values())},
        code="invalid_state",
        field="state",
    )


def migrated_rating(value) -> str:
    """A rating as its value or its name; blank is none; ApplicationError `invalid_rating` (field rating)."""
    text = str(value or "").strip()
    if not text:
        return ""
    for rating in Rating:
        if text in (rating.value, RATING_LABELS[rating]):
            return rating.value
    raise ApplicationError(_("评价“%(v)s”无法识别（应为 满意、基本满意 或 不满意）。") % {"v": text},
                           code="invalid_rating", field="rating")


def migrated_time(value, *, field: str) -> datetime | None:
    """An ISO date or date-time (naive: local time); blank is None; ApplicationError `invalid_date` naming
    the field."""
    if isinstance(value, datetime):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise ApplicationError(
            _("%(f)s“%(v)s”不是日期时间（例如 2025-03-01 09:30）。") % {"f": field, "v": text},
            code="invalid_date",
            field=field,
        ) from None


def check_history(*, state: str, unit_code: str, received_at: datetime | None, times: Mapping) -> None:
    """A migrated case's past must hold together: a handling state names its unit (`unit_required`, field
    unit); nothing happened before the case was received (`dates_out_of_order`, naming the date)."""
    if state in NEEDS_UNIT and not unit_code:
        raise ApplicationError(_("状态为“%(s)s”的事件必须注明承办单位。") % {"s": STATE_NAMES[state]},
                               code="unit_required", field="unit")
    if received_at is None:
        return
    for field in ("dispatched_at", "accepted_at", "resolved_at", "replied_at", "closed_at"):
        moment = times.get(field)
        if moment is not None and _naive(moment) < _naive(received_at):
            raise ApplicationError(
                _("%(f)s 早于受理时间。") % {"f": field}, code="dates_out_of_order", field=field
            )


def _naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None)


def row_key(row: Mapping, order_by: str) -> str:
    """A row's place in a connector's reading order: its change time, then its id (a cursor is such a key)."""
    return (
        f"{str(row.get(order_by) or '').strip()}|{str(row.get('source_id') or row.get('id') or '').strip()}"
    )


def rows_after(
    rows: Sequence[Mapping], *, cursor: str, limit: int, order_by: str = "updated_at"
) -> tuple[list, str]:
    """(the next `limit` rows after `cursor` in reading order, the cursor after them): what a connector over
    a system's exported rows answers. The same cursor gives the same rows, so a run can be repeated.

    >>> rows = [{"source_id": "2", "updated_at": "2026-01-02"},
    {"source_id": "1", "updated_at": "2026-01-01"}]
    >>> [r["source_id"] for r in rows_after(rows, cursor="2026-01-01|1", limit=10)[0]]
    ['2']
    """
    ordered = sorted((row_key(r, order_by), i) for i, r in enumerate(rows))
    batch = [(key, i) for key, i in ordered if key > cursor][:limit]
    return [rows[i] for _k, i in batch], (batch[-1][0] if batch else cursor)
