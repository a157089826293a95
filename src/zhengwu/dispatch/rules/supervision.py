"""督办单 rules (item 36) and the call-back's follow-up (回访), as pure functions over plain values.

>>> from datetime import date
>>> repeats([("138", 1, date(2026, 12, 1)), ("138", 2, date(2026, 12, 3)), ("139", 3, date(2026, 12, 3))],
...         n=2, m_days=7, today=date(2026, 12, 5))
[('138', 2)]
>>> follow_up(satisfaction="unsatisfied", action="supervise"),
follow_up(satisfaction="basically", action="reopen") ('supervise', '')
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch.standard import RATING_LABELS, RESOLVED_LABELS, Rating, Resolved, Unsatisfied


def repeats(
    rows: Iterable[tuple[str, int, date]], *, n: int, m_days: int, today: date
) -> list[tuple[str, int]]:
    """(key, latest event id) for every key (a caller's number, an address) seen at least `n` times in
    the `m_days` days up to `today`: the latest event carries the order."""
    since = today - timedelta(days=max(m_days, 1) - 1)
    seen: dict[str, list[int]] = defaultdict(list)
    for key, pk, day in rows:
        if key and since <= day <= today:
            seen[key].append(pk)
    return sorted(
        ((key, max(pks)) for key, pks in seen.items() if len(pks) >= max(n, 1)), key=lambda kp: kp[1]
    )


def sensitive(text: str, keywords: str) -> str:
    """The first sensitive tag ("|"-separated keywords) found in `text`, else ""."""
    return next((k for k in (w.strip() for w in keywords.split("|")) if k and k in text), "")


def check_answers(*, reached: bool, resolved: str, satisfaction: str) -> tuple[str, str]:
    """The two answers of a call-back, both required when the citizen was reached (ApplicationError
    `required` naming the field resolved or satisfaction); none when not reached."""
    if not reached:
        return "", ""
    if resolved not in {r.value for r in Resolved}:
        names = "、".join(RESOLVED_LABELS.values())
        raise ApplicationError(
            _("请选择是否解决（%(n)s）。") % {"n": names}, field="resolved", code="required"
        )
    if satisfaction not in {r.value for r in Rating}:
        names = "、".join(RATING_LABELS.values())
        raise ApplicationError(
            _("请选择满意度（%(n)s）。") % {"n": names}, field="satisfaction", code="required"
        )
    return resolved, satisfaction


def follow_up(*, satisfaction: str, action: str) -> str:
    """What an unsatisfied call-back leads to: the configured action (重办 or 督办); nothing otherwise."""
    if satisfaction != Rating.UNSATISFIED:
        return ""
    return Unsatisfied(action).value
