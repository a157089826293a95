"""Reading the ledger: unit staff see their own unit's trail; district roles see everything."""

from django.db.models import QuerySet

from zhengwu.ledger.models import Entry
from zhengwu.org.scoping import scoped


def entry_list(*, user, action: str = "", object_type: str = "", object_id: str = "") -> QuerySet:
    qs = scoped(Entry.objects.all(), user).select_related("unit")
    if action:
        qs = qs.filter(action__startswith=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    return qs.order_by("-seq")


def trail_of(obj) -> QuerySet:
    """Every entry about one record, oldest first (for a record's timeline)."""
    return Entry.objects.filter(
        object_type=f"{obj._meta.app_label}.{obj._meta.model_name}", object_id=str(obj.pk)
    ).order_by("seq")
