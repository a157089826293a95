"""Reads of events for pages, the API and exports — always starting from the user's scope.

Dispatchers (区网格办, district administrators) see every event; a unit sees the events dispatched
to it (street staff also their communities'), through `org.scoping.scoped`.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from zhengwu.dispatch import rules
from zhengwu.dispatch.models import Event, Extension, Photo
from zhengwu.dispatch.permissions import is_dispatcher
from zhengwu.dispatch.standard import ACTION_LABELS, OPEN_STATES, Action, State
from zhengwu.ledger.selectors import trail_of
from zhengwu.org.models import Unit
from zhengwu.org.scoping import get_for_user, scoped

LIST_RELATED = ("unit", "street", "community", "category")


def event_list(*, user, state: str = "", q: str = "", unit_id=None) -> QuerySet:
    """Events the user may see, newest first, optionally filtered."""
    base = Event.objects.select_related(*LIST_RELATED)
    qs = base if is_dispatcher(user) else scoped(base, user)
    if state:
        qs = qs.filter(state=state)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if q:
        qs = qs.filter(Q(case_no__icontains=q) | Q(title__icontains=q) | Q(address__icontains=q))
    return qs.order_by("-received_at", "-id")


def triage_queue(*, user) -> QuerySet:
    """The dispatcher's queue (人工分拨): low-confidence, unlocated, returned and reopened events."""
    if not is_dispatcher(user):
        return Event.objects.none()
    return (Event.objects.select_related(*LIST_RELATED)
            .filter(state__in=[State.TRIAGE, State.RETURNED, State.REOPENED, State.RECEIVED])
            .order_by("received_at", "id"))


def todo_list(*, user) -> QuerySet:
    """A unit's to-do list: open events dispatched to the units the user sees, soonest deadline first."""
    return (scoped(Event.objects.select_related(*LIST_RELATED), user)
            .filter(state__in=[s.value for s in OPEN_STATES])
            .order_by("-supervised", "resolve_due", "id"))


def replies_due(*, user) -> QuerySet:
    """Resolved events waiting for the unified reply (统一回复)."""
    if not is_dispatcher(user):
        return Event.objects.none()
    return Event.objects.select_related(*LIST_RELATED).filter(state=State.RESOLVED).order_by("resolved_at")


def event_get_for_user(*, user, case_no: str) -> Event:
    """One event by case number, or 404 for missing and not-yours alike."""
    qs = Event.objects.select_related(*LIST_RELATED)
    if is_dispatcher(user):
        try:
            return qs.get(case_no=case_no)
        except Event.DoesNotExist:
            raise Http404(_("记录不存在或您无权查看。")) from None
    return get_for_user(qs, user, case_no, pk_field="case_no")


def event_public_get(*, case_no: str, phone: str) -> Event | None:
    """The citizen's lookup: the event only when the case number and the phone number match."""
    event = (
        Event.objects.select_related(*LIST_RELATED).filter(case_no=(case_no or "").strip().upper()).first()
    )
    if event is None or not rules.phone_matches(phone, event.reporter_phone):
        return None
    return event


def event_of_source(*, case_no: str, source_system: str) -> Event:
    """An API client's own event (its source system's), or 404 — another system's cases are not its to see."""
    event = (Event.objects.select_related("unit", "category")
             .filter(case_no=case_no, source_system=source_system).first())
    if event is None:
        raise Http404(_("找不到该受理编号。"))
    return event


def case_details(event: Event) -> dict:
    """What the case page shows beside the event: its dispatches, photos and extension requests."""
    return {"assignments": event.assignments.select_related("unit", "dispatched_by"),
            "photos": event.photos.all(), "extensions": event.extensions.select_related("requested_by")}


def extension_get_for_user(*, user, pk: int) -> Extension:
    """An extension request of an event the user may see, or 404."""
    ext = Extension.objects.select_related("event").filter(pk=pk).first()
    if ext is None:
        raise Http404(_("记录不存在或您无权查看。"))
    ext.event = event_get_for_user(user=user, case_no=ext.event.case_no)
    return ext


def photo_get(*, pk: int, user, proven_cases) -> Photo:
    """A photo, for staff who see its event or a citizen who proved the case (`proven_cases`: the case
    numbers proved in this session); 404 otherwise, the same as missing."""
    item = Photo.objects.select_related("event").filter(pk=pk).first()
    if item is None:
        raise Http404(_("记录不存在或您无权查看。"))
    if item.event.case_no not in proven_cases:
        if not getattr(user, "is_authenticated", False):
            raise Http404(_("记录不存在或您无权查看。"))
        event_get_for_user(user=user, case_no=item.event.case_no)
    return item


#: The kinds of unit a dispatcher may dispatch to by hand.
DISPATCH_TARGET_KINDS = (Unit.Kind.STREET, Unit.Kind.COMMUNITY, Unit.Kind.GOVERNMENT, Unit.Kind.CENTRE,
                         Unit.Kind.VERTICAL, Unit.Kind.PARTY)


def dispatch_targets() -> QuerySet:
    """The units a dispatcher may choose on the manual dispatch form, in the directory's order."""
    return Unit.objects.filter(is_active=True, kind__in=DISPATCH_TARGET_KINDS).order_by("sort")


def timeline(event: Event) -> list[dict]:
    """Every ledger entry of the event, oldest first: when, who, what, the unit after, the note."""
    entries = list(trail_of(event))
    unit_ids = {e.after.get("unit") for e in entries if isinstance(e.after, dict) and e.after.get("unit")}
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("id", "name"))
    rows = []
    for e in entries:
        after = e.after if isinstance(e.after, dict) else {}
        rows.append({
            "at": e.created_at, "who": e.actor_label, "action": e.action,
            "label": ACTION_LABELS.get(e.action, e.action), "state": after.get("state", ""),
            "unit": names.get(after.get("unit"), ""), "note": e.note,
        })
    return rows


def public_timeline(event: Event) -> list[dict]:
    """The timeline for the citizen: steps, times and units, without staff names."""
    return [{k: v for k, v in row.items() if k != "who"} | {"who": row["unit"] or _("区网格办")}
            for row in timeline(event) if row["action"] != Action.CLASSIFIED]
