"""Who may do what with outbox messages: a table of predicates (user, message) -> bool."""

from zhengwu.org.roles import Role
from zhengwu.org.scoping import has_role, scope_for

RETRY_ROLES = {Role.ADMIN, Role.OPERATOR}


def can_view_outbox(user) -> bool:
    """District roles see everything; unit staff see their unit's messages."""
    if not getattr(user, "is_authenticated", False):
        return False
    scope = scope_for(user)
    return scope.all_units or bool(scope.unit_ids)


def can_retry(user, message) -> bool:
    """Unit admins/operators retry their unit's messages; district admins retry any (and unit-less ones)."""
    if message.unit_id is None:
        return has_role(user, None, {Role.ADMIN})
    return has_role(user, message.unit_id, RETRY_ROLES)


RULES = {
    ("view", "outbox"): lambda user, obj=None: can_view_outbox(user),
    ("retry", "message"): can_retry,
}
