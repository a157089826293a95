"""Who may do what in 律师驻队, as a table read by services (server-side) and templates (buttons).

The unit an action is checked against: firms against 区司法局 (it keeps the list, §四(三)); contracts, work
records, assessments and replacements against the enforcement unit; milestones against their lead unit.
"""

from zhengwu.org.roles import Role

STAFF = frozenset({Role.OPERATOR, Role.REVIEWER, Role.LEADER, Role.ADMIN, Role.SUPERVISOR, Role.AUDITOR})

TABLE: dict[str, frozenset[str]] = {
    "firm.register": frozenset({Role.OPERATOR, Role.LEADER, Role.ADMIN}),
    "contract.sign": frozenset({Role.OPERATOR, Role.LEADER, Role.ADMIN}),
    "record.add": frozenset({Role.OPERATOR, Role.LEADER, Role.ADMIN}),
    "assessment.make": frozenset({Role.LEADER, Role.ADMIN}),
    "replacement.request": frozenset({Role.OPERATOR, Role.LEADER, Role.ADMIN}),
    # 需事先经相关单位同意: the unit's leader consents or refuses.
    "replacement.decide": frozenset({Role.LEADER, Role.ADMIN}),
    "replacement.complete": frozenset({Role.OPERATOR, Role.LEADER, Role.ADMIN}),
    "milestone.record": frozenset({Role.OPERATOR, Role.LEADER, Role.ADMIN}),
    "view": STAFF,
}


def roles_for(action: str) -> frozenset[str]:
    """The roles that may perform `action` (KeyError for an action nobody declared)."""
    return TABLE[action]
