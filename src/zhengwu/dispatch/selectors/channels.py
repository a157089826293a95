"""One port for all hotlines (item 31; issue 15 §9): per channel, how many events came in, how fast they
got their first response and how fast they were dispatched.

- **volume**: events received in the period (by `received_at`), merged duplicates included (each is a
  citizen's contact);
- **first response** (应答): from receipt to the first act the citizen can see — the handling unit's
  acceptance (签收), or its resolution or the reply when those came first;
- **dispatch time** (分拨): from receipt to the (first) dispatch to a unit.

Times are in minutes: count, mean, median and 90th percentile of the events that have them."""

import statistics
from datetime import date, datetime, time, timedelta

from django.db.models import Min
from django.utils import timezone

from zhengwu.dispatch.models import Event
from zhengwu.dispatch.standard import CHANNEL_LABELS, Channel


def _minutes(later, earlier) -> float | None:
    if later is None or earlier is None or later < earlier:
        return None
    return (later - earlier).total_seconds() / 60


def _summary(values: list[float]) -> dict:
    if not values:
        return {"n": 0, "mean": None, "median": None, "p90": None}
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return {
        "n": len(ordered),
        "mean": round(statistics.fmean(ordered), 1),
        "median": round(statistics.median(ordered), 1),
        "p90": round(p90, 1),
    }


def period(start: date | None, end: date | None, *, today: date | None = None) -> tuple[date, date]:
    """The period asked for, or the last 30 days (today included)."""
    today = today or timezone.localdate()
    end = end or today
    return (start or end - timedelta(days=29)), end


def channel_figures(*, start: date, end: date, channel: str = "") -> dict:
    """{"rows": [{channel, label, volume, first_response,
    dispatch}], "days": [...], "daily": {channel: [n]}}."""
    tz = timezone.get_current_timezone()
    since = timezone.make_aware(datetime.combine(start, time.min), tz)
    until = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz)
    qs = (Event.objects.filter(received_at__gte=since, received_at__lt=until).order_by()
          .annotate(first_dispatch=Min("assignments__dispatched_at")))
    if channel:
        qs = qs.filter(channel=channel)
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    index = {d: i for i, d in enumerate(days)}
    volume: dict[str, int] = {}
    answer: dict[str, list[float]] = {}
    dispatch: dict[str, list[float]] = {}
    daily: dict[str, list[int]] = {}
    for ch, received, dispatched, accepted, resolved, replied in qs.values_list(
        "channel", "received_at", "first_dispatch", "accepted_at", "resolved_at", "replied_at"
    ).iterator(2000):
        volume[ch] = volume.get(ch, 0) + 1
        daily.setdefault(ch, [0] * len(days))[index[timezone.localtime(received, tz).date()]] += 1
        first = min((m for m in (accepted, resolved, replied) if m is not None), default=None)
        if (m := _minutes(first, received)) is not None:
            answer.setdefault(ch, []).append(m)
        if (m := _minutes(dispatched, received)) is not None:
            dispatch.setdefault(ch, []).append(m)
    order = [c.value for c in Channel if c.value in volume]
    rows = [{"channel": ch, "label": CHANNEL_LABELS.get(ch, ch), "volume": volume[ch],
             "first_response": _summary(answer.get(ch, [])), "dispatch": _summary(dispatch.get(ch, []))}
            for ch in order]
    return {"rows": rows, "days": [d.isoformat() for d in days], "daily": {ch: daily[ch] for ch in order},
            "total": sum(volume.values())}
