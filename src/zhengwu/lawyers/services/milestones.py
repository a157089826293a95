"""The programme's milestones (§四): a lead unit records that it finished its task."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from zhengwu.lawyers import permissions, rules
from zhengwu.lawyers.models import MilestoneProgress
from zhengwu.lawyers.standard import MILESTONES
from zhengwu.ledger.services import record, snapshot
from zhengwu.org.models import Unit
from zhengwu.org.scoping import require_role


def milestone_done(
    *, year: int, code: str, unit: Unit, done_on: date, note: str = "", actor
) -> MilestoneProgress:
    """Lead unit `unit` finished milestone `code` of programme year `year` on `done_on` (once)."""
    milestone = next((m for m in MILESTONES if m.code == code), None)
    if milestone is None:
        raise rules.RuleError(
            _("未知的工作任务：%(code)s") % {"code": code}, code="unknown_milestone", field="code"
        )
    streets = Unit.objects.filter(kind=Unit.Kind.STREET, is_active=True).values_list("code", flat=True)
    if unit.code not in rules.milestone_units(milestone.lead_units, streets):
        raise rules.RuleError(
            _("%(unit)s 不是该任务的牵头单位") % {"unit": unit.name}, code="not_a_lead_unit", field="unit"
        )
    require_role(actor, unit, permissions.roles_for("milestone.record"))
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = MilestoneProgress.objects.create(year=year, code=code, unit=unit, done_on=done_on,
                                                       note=(note or "").strip()[:2000], recorded_by=actor)
        except IntegrityError:
            raise rules.RuleError(
                _("该任务已登记完成"), code="milestone_already_done", field="code"
            ) from None
        record(action="lawyers.milestone.done", obj=row, actor=actor, after=snapshot(row))
    return row
