"""Items: create."""

from django.db import transaction

from zhengwu.ledger.services import record, snapshot
from zhengwu.org.scoping import require_role
from zhengwu.reforms import permissions, rules
from zhengwu.reforms.models import Item


def item_create(*, unit, title: str, actor) -> Item:
    """Create an item in `unit` (the actor must hold a role that may create there)."""
    require_role(actor, unit, permissions.roles_for("item.create"))
    title = rules.check_title(title)
    with transaction.atomic():
        item = Item.objects.create(unit=unit, title=title, created_by=actor)
        record(action="reforms.item.created", obj=item, actor=actor, after=snapshot(item))
    return item
