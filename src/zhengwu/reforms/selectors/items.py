"""Items: lists, one item, and the figures this system offers to supervision (大督查)."""

from django.db.models import Count

from zhengwu.org.scoping import get_for_user, scoped
from zhengwu.reforms.models import Item


def item_list(*, user):
    """The items this user may see, newest first."""
    return scoped(Item.objects.select_related("unit"), user)


def item_get(*, user, pk: int) -> Item:
    """One item the user may see (404 for missing and not-yours alike)."""
    return get_for_user(Item.objects.select_related("unit"), user, pk)


def figures_for_supervision(*, start, end) -> list[dict]:
    """Per unit: how many items were created in [start, end) — declared in apps.py `provides`."""
    rows = (Item.objects.filter(created_at__date__gte=start, created_at__date__lt=end)
            .values("unit__code").annotate(items=Count("id")).order_by("unit__code"))
    return [{"unit": r["unit__code"], "items": r["items"]} for r in rows]
