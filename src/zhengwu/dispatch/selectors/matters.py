"""Reads of 同一事项，一次办理 (item 32): the earlier cases an event may repeat (with why), a master case's
reporters, public support. Never a write (services.matters merges)."""

from datetime import timedelta

from django.db.models import Count, Q
from django.db.models.functions import Substr
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


def _pool(event: Event, t: dict):
    window = timedelta(days=t["window_days"])
    at = event.received_at or timezone.now()
    return (Event.objects.filter(duplicate_of__isnull=True, received_at__gte=at - window, received_at__lte=at)
            .exclude(pk=event.pk).filter(~Q(state=State.CLOSED) | Q(closed_at__gte=timezone.now() - window))
            .order_by("-received_at", "-id"))


def candidate_pool(event: Event, t: dict) -> list[Event]:
    """Earlier master cases within the window: open ones, and those closed within the window (newest
    first, at most `candidate_pool`)."""
    return list(_pool(event, t).select_related("category")[:t["candidate_pool"]])


#: How much of an event's text the matcher reads (rules.matters: the profile is made of its beginning).
_HEAD = max(matters.TEXT_CHARS, matters.PLACE_CHARS)


def pool_profiles(event: Event, t: dict, missing: list | None = None) -> list[matters.Profile]:
    """The profiles of `candidate_pool`'s cases, in its order, read lean: the columns the matcher needs
    and each case's stored profile (models.MatterProfile) in one query, no model instances. A case
    without a stored profile, or whose stored one no longer matches it (`rules.matters.profile_key`), is
    profiled here; `(event id, key, data)` of each such profile is added to `missing` for the caller to
    store (a selector never writes)."""
    rows = (_pool(event, t).annotate(head=Substr("text", 1, _HEAD))
            .values_list("id", "title", "head", "received_at", "address", "triage_label", "category__level1",
                         "lat", "lng", "matter_profile__key", "matter_profile__data")[:t["candidate_pool"]])
    out, zone = [], timezone.get_current_timezone()
    for pk, title, head, at, address, triage, level1, lat, lng, key, data in rows:
        report = matters.Report(id=str(pk), title=title, text=head or "", created_at=at.astimezone(zone),
                                address=address, category=triage or level1 or "", lat=lat, lng=lng)
        made = matters.profile_key(report)
        if data is not None and key == made:
            out.append(matters.stored_profile(report, data))
        else:
            p = matters.profile(report)
            out.append(p)
            if missing is not None:
                missing.append((pk, made, matters.profile_data(p)))
    return out


def matter_suggestions(event: Event, t: dict | None = None, *, missing: list | None = None) -> list[dict]:
    """Earlier cases that may be the same matter as `event`, best first: {"event", "match"} — the match
    says why (score, shared words, shared place words, distance, days apart). The candidates are scored
    on their stored profiles (`pool_profiles`); only the few found are loaded as events."""
    t = t or thresholds()
    found = matters.best_matches(matters.profile(report_of(event)), pool_profiles(event, t, missing), t)
    by_id = Event.objects.select_related("category").in_bulk([int(m.id) for m in found])
    return [{"event": by_id[int(m.id)], "match": m, "automatic": m.score >= t["auto_merge"]} for m in found]


def matter_profile_of(event: Event) -> tuple[int, str, str]:
    """(event id, key, data) of `event`'s profile, as services store it (models.MatterProfile)."""
    report = report_of(event)
    p = matters.profile(report)
    return event.pk, matters.profile_key(report), matters.profile_data(p)


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
    return list(
        Event.objects.filter(public_support=True, duplicate_of__isnull=True)
        .exclude(state=State.CLOSED)
        .annotate(support=Count("supports"))
        .order_by("-support", "-received_at")[:limit]
    )
