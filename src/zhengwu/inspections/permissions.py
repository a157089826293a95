"""Who may do what in 双随机, as a table read by services (server-side) and templates (buttons).

Draws are checked against the plan's lead unit; tasks against the task's unit; the libraries against the
department that keeps them."""

from zhengwu.org.roles import Role

STAFF = frozenset({Role.OPERATOR, Role.REVIEWER, Role.LEADER, Role.ADMIN, Role.SUPERVISOR, Role.AUDITOR})

TABLE: dict[str, frozenset[str]] = {
    "draw.commit": frozenset({Role.OPERATOR, Role.LEADER, Role.ADMIN}),
    # A redraw needs an approver holding this role in the lead unit (besides the operator who asks).
    "draw.approve_redraw": frozenset({Role.LEADER}),
    "task.complaint": frozenset({Role.OPERATOR, Role.LEADER, Role.ADMIN}),
    "task.result": frozenset({Role.OPERATOR, Role.LEADER, Role.ADMIN}),
    "task.publish": frozenset({Role.OPERATOR, Role.LEADER, Role.ADMIN}),
    # 回避 is decided by the head (负责人).
    "task.swap": frozenset({Role.LEADER, Role.ADMIN}),
    "task.evaluate": frozenset({Role.OPERATOR, Role.LEADER, Role.ADMIN}),
    "view": STAFF,
}


def roles_for(action: str) -> frozenset[str]:
    """The roles that may perform `action` (KeyError for an action nobody declared)."""
    return TABLE[action]
