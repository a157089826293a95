"""Reads for pages, the API and exports — always starting from the user's scope.

Dispatchers (区网格办, district administrators) see every event; a unit sees the events dispatched
to it (street staff also their communities'), through `org.scoping.scoped`.
"""

import re
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from zhengwu.dispatch.models import Event
from zhengwu.dispatch.permissions import is_dispatcher
from zhengwu.dispatch.standard import ACTION_LABELS, OPEN_STATES, State
from zhengwu.ledger.selectors import trail_of
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
            raise Http404(_("记录不存在或您无权查看。"))
    return get_for_user(qs, user, case_no, pk_field="case_no")


def event_public_get(*, case_no: str, phone: str) -> Event | None:
    """The citizen's lookup: the event only when the case number and the phone number match."""
    from zhengwu.dispatch.lifecycle import check_phone

    event = Event.objects.select_related(*LIST_RELATED).filter(case_no=(case_no or "").strip().upper()).first()
    if event is None or not check_phone(event, phone):
        return None
    return event


def timeline(event: Event) -> list[dict]:
    """Every ledger entry of the event, oldest first: when, who, what, the unit after, the note."""
    from zhengwu.org.models import Unit

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
            for row in timeline(event) if row["action"] != "dispatch.event.classified"]


def label_suggestions(event: Event, k: int = 3) -> list[tuple[str, float]]:
    """The active classifier's k most likely first-level classes for this event, most likely first
    (a dispatcher classifying by hand sees what the model hesitated between)."""
    from zhengwu.dispatch.services import active_classifier

    return active_classifier().ranked(event.title, event.text, k)



CASE_NO_SHAPE = re.compile(r"LH\d{14}")


def site_search(q: str, *, limit: int = 5) -> dict:
    """大分拨's part of the public site's search box (`provides["public_search"]`): a case number leads
    to the lookup with the number filled in. Nothing is read: whether a number exists is told only to
    whoever proves the case with its phone (as in the lookup, dispatch.limits)."""
    case_no = (q or "").strip().upper()
    if not CASE_NO_SHAPE.fullmatch(case_no):
        return {"items": [], "more_url": ""}
    url = f"{reverse('dispatch:lookup')}?{urlencode({'case_no': case_no})}"
    return {"items": [{"title": _("受理编号 %(case_no)s 的办理进度") % {"case_no": case_no}, "url": url,
                       "summary": _("输入反映时留下的联系电话即可查看办理进度并评价。")}][:limit], "more_url": ""}
