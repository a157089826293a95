"""督办单 reads (item 36): the lists and one order for a user, and the per-unit supervision statistics
that the unit figures read (declared in apps.py `provides["supervision_orders"]`)."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.dispatch import permissions
from zhengwu.dispatch.models import SupervisionOrder
from zhengwu.org.scoping import get_for_user, scoped

RELATED = ("event", "unit", "rule", "issued_by", "signed_off_by")


def _visible(user) -> QuerySet:
    base = SupervisionOrder.objects.select_related(*RELATED)
    return base if permissions.can(user, "view_orders") else scoped(base, user)


def order_list(*, user, state: str = "", unit_id=None) -> QuerySet:
    """The orders the user may see (supervisors and dispatchers all; a unit its own), newest first."""
    qs = _visible(user)
    if state:
        qs = qs.filter(state=state)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    return qs.order_by("-issued_at", "-id")


def order_get_for_user(*, user, order_no: str) -> SupervisionOrder:
    """One order, or 404 for missing and not-yours alike."""
    qs = SupervisionOrder.objects.select_related(*RELATED)
    if permissions.can(user, "view_orders"):
        order = qs.filter(order_no=order_no).first()
        if order is None:
            raise Http404(_("记录不存在或您无权查看。"))
        return order
    return get_for_user(qs, user, order_no, pk_field="order_no")


def counts_by_unit(*, start: date, end: date, on: date | None = None) -> dict[str, dict]:
    """{unit_code: {"issued": n, "replied_in_time": n, "overdue": n}} over the orders issued in [start, end]
    (local dates): `replied_in_time` — first reply on or before the order's deadline; `overdue` — first reply
    after it, or none and the deadline passed by `on` (today by default). An order not yet due and not
    replied counts only as issued."""
    on = on or timezone.localdate()
    first = timezone.make_aware(datetime.combine(start, time.min))
    after = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    out: dict[str, dict] = defaultdict(lambda: {"issued": 0, "replied_in_time": 0, "overdue": 0})
    rows = (SupervisionOrder.objects.filter(issued_at__gte=first, issued_at__lt=after)
            .values_list("unit__code", "due_on", "first_reply_at"))
    for unit, due_on, replied_at in rows.iterator(chunk_size=2000):
        row = out[unit]
        row["issued"] += 1
        if replied_at is not None:
            if timezone.localdate(replied_at) <= due_on:
                row["replied_in_time"] += 1
            else:
                row["overdue"] += 1
        elif due_on < on:
            row["overdue"] += 1
    return dict(sorted(out.items()))
