"""The roles a person can hold in a unit — pure data, no ORM.

District roles see every unit's records; unit roles see their own unit (and, for street staff,
the street's communities). The anonymous public is not a role: public pages use public selectors.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("区级管理员")
    OPERATOR = "operator", _("填报员")
    REVIEWER = "reviewer", _("审核员（保密审查）")
    LEADER = "leader", _("单位领导（审定）")
    SUPERVISOR = "supervisor", _("督查员")
    AUDITOR = "auditor", _("审计员")


#: Roles whose holders see the records of every unit (they act for the district as a whole).
DISTRICT_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR, Role.AUDITOR})

#: Roles that may change records (the others only read).
WRITING_ROLES = frozenset({Role.ADMIN, Role.OPERATOR, Role.REVIEWER, Role.LEADER})
