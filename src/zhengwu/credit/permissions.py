"""Who may do what in 双公示, as a table read by services (server-side) and by views for templates (buttons).

Every action is checked in the unit that owns the object (a record's unit; for the catalog's decision, the
lead unit `CREDIT_LEAD_UNIT`). Reading is scoped by `org.scoping` (district roles see every unit).
"""

from zhengwu.org.roles import Role
from zhengwu.org.scoping import has_role, require_role

TABLE: dict[str, frozenset[str]] = {
    # a file of records into the unit (upload page, import API)
    "import.upload": frozenset({Role.OPERATOR, Role.ADMIN}),
    # §二(二) the operator sends a record to the confidentiality review
    "record.submit": frozenset({Role.OPERATOR}),
    # §二(二) 保密审查: approve (→ published at once) or return with reasons; bulk approval likewise
    "record.review": frozenset({Role.REVIEWER}),
    # 当前状态 changes: 撤销 1 / 异议 2 / 其他 3 (with a note) / back to 0
    "record.set_status": frozenset({Role.OPERATOR, Role.REVIEWER, Role.LEADER}),
    # objections: accept for handling (受理) and answer
    "objection.handle": frozenset({Role.OPERATOR, Role.REVIEWER, Role.LEADER}),
    # §二(四) the unit's item catalog and its submission to the lead unit
    "catalog.edit": frozenset({Role.OPERATOR, Role.LEADER}),
    # the lead unit (区发改局) confirms or returns a unit's catalog
    "catalog.decide": frozenset({Role.LEADER, Role.OPERATOR}),
    # the lead unit's leaders see every unit's assessment and the ranking (besides the district roles)
    "assessment.all_units": frozenset({Role.LEADER}),
    # §二(一) a unit reports its 负责人, 业务 and 技术联络人 to 区发改局 (and keeps them current)
    "contacts.edit": frozenset({Role.OPERATOR, Role.LEADER, Role.ADMIN}),
    # the lead unit (区发改局) sees every unit's contact list (besides the district roles)
    "contacts.all_units": frozenset({Role.LEADER, Role.OPERATOR}),
    # 信用修复: staff enter an application brought to the counter (窗口录入)
    "repair.enter": frozenset({Role.OPERATOR, Role.REVIEWER, Role.LEADER}),
    # 信用修复: the deciding unit (谁认定、谁修复) approves
    # or refuses; approval ends the publication everywhere
    "repair.decide": frozenset({Role.REVIEWER, Role.LEADER}),
    # who is reminded of a unit's due and overdue records
    "reminder.receive": frozenset({Role.OPERATOR, Role.LEADER}),
}

#: the scope of a unit's machine client key (core.ApiKey,
#: `Authorization: Bearer …`): imports and the workflow API
API_SCOPE = "credit.import"


def roles_for(action: str) -> frozenset[str]:
    """The roles that may perform `action` (KeyError for an action nobody declared)."""
    return TABLE[action]


def may(user, unit, action: str) -> bool:
    """Whether `user` may perform `action` in `unit` (for buttons; services call `require`)."""
    return has_role(user, unit, roles_for(action))


def require(user, unit, action: str) -> None:
    """PermissionDenied unless `user` may perform `action` in `unit`."""
    require_role(user, unit, roles_for(action))
