"""逐级处置 (item 34, issue 13 item 12): a unit that cannot handle a case passes it one tier up — a
community to its street, a street to the district department that answers for the case's class, a
department to the district enforcement coordination centre (联合执法) — as pure functions over plain values.

    >>> escalation_target(tier="community", unit_code="GY-LDC", parent_code="GY", department_code="QCGJ",
    ...                   centre_code="QZFXTZX")
    ('street', 'GY')
"""

from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch.standard import Tier

#: The tier above each tier (the centre is the last).
NEXT_TIER = {Tier.COMMUNITY: Tier.STREET, Tier.STREET: Tier.DEPARTMENT, Tier.DEPARTMENT: Tier.CENTRE}


def escalation_target(*, tier: str, unit_code: str, parent_code: str, department_code: str,
                      centre_code: str) -> tuple[str, str]:
    """(the tier above, the unit code that handles it there), or ApplicationError:

    - `cannot_escalate`: the centre (or an unknown tier) has nothing above it;
    - `no_street`: a community unit without its street;
    - `no_department`: a street's case whose class names no responsible district department
      (the street returns it to the dispatcher instead).
    """
    try:
        target = NEXT_TIER[Tier(tier)]
    except (KeyError, ValueError):
        raise ApplicationError(_("区行政执法协调中心已是最高处置层级，不能再上报；请退回分拨中心。"),
                               code="cannot_escalate") from None
    if target == Tier.STREET:
        if not parent_code:
            raise ApplicationError(_("找不到该社区所属的街道，不能上报；请退回分拨中心。"), code="no_street")
        return target.value, parent_code
    if target == Tier.DEPARTMENT:
        if not department_code or department_code == unit_code:
            raise ApplicationError(_("该事件的分类没有对应的区职能部门，不能上报；请退回分拨中心重新分拨。"),
                                   code="no_department")
        return target.value, department_code
    return target.value, centre_code
