"""Reads of 同一事项，一次办理 (item 32): the earlier cases an event may repeat (with why), a master case's
reporters, public support. Never a write (services.matters merges)."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from zhengwu.core.conf import setting
from zhengwu.dispatch import rules
from zhengwu.dispatch.models import Event, MatterSupport
from zhengwu.dispatch.rules import matters
from zhengwu.dispatch.standard import State


def thresholds() -> dict:
    """The thresholds in force (defaults with the setting's overrides, checked)."""
    return matters.merged_thresholds(setting("DISPATCH_MATTER_THRESHOLDS"))


def report_of(event: Event) -> matters.Report:
    """What the matcher reads of an event."""
    category = event.triage_label or (event.category.level1 if event.category_id else "")
    at = timezone.localtime(event.received_at) if event.received_at else ""
    return matters.Report(id=str(event.pk), title=event.title, text=event.text, created_at=at,
                          address=event.address, category=category, lat=event.lat, lng=event.lng)


def candidate_pool(event: Event, t: dict) -> list[Event]:
    """Earlier master cases within the window: open ones, and those closed within the window (newest
    first, at most `candidate_pool`)."""
    window = timedelta(days=t["window_days"])
    at = event.received_at or timezone.now()
    qs = (Event.objects.select_related("category").filter(duplicate_of__isnull=True, received_at__gte=at - window,
                                                            received_at__lte=at)
          .exclude(pk=event.pk).filter(~Q(state=State.CLOSED) | Q(closed_at__gte=timezone.now() - window))
          .order_by("-received_at", "-id"))
    return list(qs[:t["candidate_pool"]])


def matter_suggestions(event: Event, t: dict | None = None) -> list[dict]:
    """Earlier cases that may be the same matter as `event`, best first: {"event", "match"} — the match
    says why (score, shared words, shared place words, distance, days apart)."""
    t = t or thresholds()
    pool = candidate_pool(event, t)
    by_id = {str(e.pk): e for e in pool}
    found = matters.candidates(report_of(event), [report_of(e) for e in pool], t)
    return [{"event": by_id[m.id], "match": m, "automatic": m.score >= t["auto_merge"]} for m in found]


def reporters_of(master: Event) -> list[dict]:
    """Everyone who reported the matter: the master case's reporter and each merged case's (masked)."""
    events = [master, *master.duplicates.order_by("received_at", "id")]
    return [{"case_no": e.case_no, "name": e.reporter_name, "phone": rules.mask_phone(e.reporter_phone),
             "master": e.pk == master.pk, "automatic": e.merged_automatically, "score": e.merge_score,
             "state": e.state, "rating": e.rating} for e in events]


def support_count(event: Event) -> int:
    return MatterSupport.objects.filter(event=event).count()


def supportable_get(*, case_no: str) -> Event | None:
    """A case open to public support (公开征集附议): published by a dispatcher, not merged, not closed."""
    return (Event.objects.filter(case_no=(case_no or "").strip().upper()[:32], public_support=True,
                                 duplicate_of__isnull=True).exclude(state=State.CLOSED).first())


def supportable_cases(limit: int = 50) -> list[Event]:
    """Open cases open to public support, most supported first (titles only on the public page)."""
    return list(Event.objects.filter(public_support=True, duplicate_of__isnull=True).exclude(state=State.CLOSED)
                .annotate(support=Count("supports")).order_by("-support", "-received_at")[:limit])
