"""Who may do what in 改革督查, as a table read by services (server-side) and templates (buttons)."""

from zhengwu.org.roles import Role

TABLE: dict[str, frozenset[str]] = {
    "item.create": frozenset({Role.OPERATOR, Role.ADMIN}),
    "item.view": frozenset({Role.OPERATOR, Role.REVIEWER, Role.LEADER, Role.ADMIN, Role.SUPERVISOR, Role.AUDITOR}),
}


def roles_for(action: str) -> frozenset[str]:
    """The roles that may perform `action` (KeyError for an action nobody declared)."""
    return TABLE[action]
