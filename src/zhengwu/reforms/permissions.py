"""Who may do what in 改革督查, as a table read by services (server-side) and templates (buttons)."""

from zhengwu.org.roles import Role

TABLE: dict[str, frozenset[str]] = {
    # §三(二) the lead unit files its implementation plan (立项)
    "plan.register": frozenset({Role.OPERATOR, Role.LEADER, Role.ADMIN}),
    # §三(二)(三) the reform office (区委改革办) verifies, refuses, closes and publishes
    "plan.verify": frozenset({Role.REVIEWER, Role.LEADER, Role.ADMIN}),
    # §三(三) the supervision office (区督查室) and the reform office issue notices and verify the answers
    "notice.issue": frozenset({Role.REVIEWER, Role.LEADER, Role.ADMIN, Role.SUPERVISOR}),
    # 大督查: district supervisors, auditors and the reform office's and units' leaders
    "supervision.view": frozenset({Role.SUPERVISOR, Role.AUDITOR, Role.LEADER, Role.REVIEWER, Role.ADMIN}),
    # the register and the lights: every member of staff; supervisors and auditors see every unit
    "register.view": frozenset({Role.OPERATOR, Role.REVIEWER, Role.LEADER, Role.ADMIN, Role.SUPERVISOR,
                                Role.AUDITOR}),
}


def roles_for(action: str) -> frozenset[str]:
    """The roles that may perform `action` (KeyError for an action nobody declared)."""
    return TABLE[action]
