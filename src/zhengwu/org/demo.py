"""Demo users: one per role in a few real units, all with the demo password (see README).

Every account any demo module creates shares this published password, so none is ever created on a
production system: `refuse_in_production` stops `zhengwu demo-data` and each loader that makes accounts.
"""

import os

from zhengwu.core.conf import setting
from zhengwu.org.models import Unit
from zhengwu.org.roles import Role
from zhengwu.org.services import membership_grant, user_ensure

DEMO_PASSWORD = "luohu-demo-2016"  # noqa: S105 -- the documented demo login, printed by make demo

#: (username, full name, unit code, role, is_staff)
DEMO_USERS = [
    ("admin", "区级管理员", "LH", Role.ADMIN, True),
    ("fgj_operator", "区发改局 填报员", "QFGJ", Role.OPERATOR, False),
    ("fgj_reviewer", "区发改局 审核员", "QFGJ", Role.REVIEWER, False),
    ("fgj_leader", "区发改局 领导", "QFGJ", Role.LEADER, False),
    ("cgj_operator", "区城管局 填报员", "QCGJ", Role.OPERATOR, False),
    ("cgj_reviewer", "区城管局 审核员", "QCGJ", Role.REVIEWER, False),
    ("gy_operator", "桂园街道 填报员", "GY", Role.OPERATOR, False),
    ("gy_reviewer", "桂园街道 审核员", "GY", Role.REVIEWER, False),
    ("gy_ld_operator", "鹿丹村社区 工作人员", "GY-LDC", Role.OPERATOR, False),
    ("nh_operator", "南湖街道 填报员", "NH", Role.OPERATOR, False),
    ("wgb_operator", "区网格办 分拨员", "QWGB", Role.OPERATOR, False),
    ("supervisor", "区督查室 督查员", "QDCS", Role.SUPERVISOR, False),
    ("auditor", "区审计局 审计员", "QSJJ", Role.AUDITOR, False),
]


class DemoRefused(RuntimeError):
    pass


def production() -> bool:
    """ZHENGWU_PRODUCTION as settings read it at start, or as the environment says now."""
    flag = os.environ.get("ZHENGWU_PRODUCTION", "").strip().lower() in {"1", "true", "yes", "on"}
    return bool(setting("PRODUCTION")) or flag


def refuse_in_production() -> None:
    if production():
        raise DemoRefused("ZHENGWU_PRODUCTION is set: demo data (and its accounts with the published demo "
                          "password) is never loaded into a production system.")


def load() -> str:
    refuse_in_production()
    units = {u.code: u for u in Unit.objects.filter(code__in={row[2] for row in DEMO_USERS})}
    for username, full_name, code, role, is_staff in DEMO_USERS:
        user = user_ensure(username=username, password=DEMO_PASSWORD, full_name=full_name,
                           is_staff=is_staff, is_superuser=(username == "admin"))
        membership_grant(user=user, unit=units[code], role=role)
    return f"{len(DEMO_USERS)} demo users (password {DEMO_PASSWORD})"
