"""A progress report's attachment, for the staff who may see it: the lead
unit's staff, the units that hold one of the plan's milestones, the reform office and 大督查's readers
(anyone else: 404, as for a missing file)."""

from django.http import Http404
from django.utils.translation import gettext as _

from zhengwu.org.roles import Role
from zhengwu.org.scoping import has_role
from zhengwu.reforms import permissions
from zhengwu.reforms.models import Milestone, ReportAttachment
from zhengwu.reforms.selectors.oversight import may_view


def attachment_get(*, pk: int, user) -> ReportAttachment:
    found = ReportAttachment.objects.select_related("report__plan__unit").filter(pk=pk).first()
    if found is None:
        raise Http404(_("文件不存在。"))
    plan = found.report.plan
    roles = permissions.roles_for("register.view") | {Role.OPERATOR}
    if may_view(user, plan.unit.code) or has_role(user, plan.unit, roles):
        return found
    unit_ids = set(Milestone.objects.filter(plan=plan).values_list("unit_id", flat=True))
    if any(has_role(user, unit_id, roles) for unit_id in unit_ids):
        return found
    raise Http404(_("文件不存在。"))
