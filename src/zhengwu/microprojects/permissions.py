"""Who may do what in 民生微实事, as a table read by services (server-side) and templates (buttons).

Where the unit is checked (services): a community's actions against the project's community (its
street's staff hold their roles there too, org.scoping); the street's against the street; the pools and
libraries against the unit 附件1 names (standard.ROLES). District roles (admin, auditor…) hold everywhere.
"""

from zhengwu.org.roles import Role

OP, R, L, A, AU = Role.OPERATOR, Role.REVIEWER, Role.LEADER, Role.ADMIN, Role.AUDITOR
READERS = frozenset({OP, R, L, A, Role.SUPERVISOR, AU})

TABLE: dict[str, frozenset[str]] = {
    "project.view": READERS,
    "suggestion.enter": frozenset({OP, A}),  # community staff type in suggestion-box notes
    "suggestion.triage": frozenset({OP, R, A}),
    "library.publish": frozenset({OP, L, A}),  # at 区社工委 (engineering) / 区民政局 (service)
    "project.create": frozenset({OP, A}),  # at the community
    "project.exception": frozenset({L, R, A}),  # at the street: cap exceptions, negative-list overrides
    "project.two_committees": frozenset({OP, L, A}),  # at the community
    "project.expert_review": frozenset({OP, R, A}),  # at the street: draws the experts, records the meeting
    "project.council": frozenset({OP, A}),  # at the community
    "project.first_secretary": frozenset(
        {L, A}
    ),  # at the community (the first secretary acts for the street)
    "project.notice": frozenset({OP, L, A}),  # at the community: publish, answer objections, close
    "project.implement": frozenset({OP, L, A}),  # at the street: implementer, milestones, completion
    "project.audit": frozenset({AU, A}),  # 区审计局
    "project.evaluate": frozenset({OP, L, A}),  # at the street (which commissions the third party)
    "config.council": frozenset({L, A}),
    "config.experts": frozenset({OP, L, A}),  # at 区住房建设局 / 区民政局
    "config.budget": frozenset({L, A}),
    "config.government_projects": frozenset({A}),
    "config.stage_dates": frozenset({A}),
}


def roles_for(action: str) -> frozenset[str]:
    """The roles that may perform `action` (KeyError for an action nobody declared)."""
    return TABLE[action]
