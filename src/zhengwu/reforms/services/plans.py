"""Implementation plans (实施方案, §三(二)): 立项."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from zhengwu.ledger.services import record, snapshot
from zhengwu.org.scoping import require_role
from zhengwu.reforms import permissions, rules
from zhengwu.reforms.models import Plan
from zhengwu.reforms.standard import DEFAULT_STAGE, REGISTER, Stage, Step


def plan_register(
    *, number: int, unit, targets: str, content: str, responsible: str, on: date, actor
) -> Plan:
    """立项: the lead unit `unit` files the implementation plan of register item `number` on day `on`."""
    try:
        item = REGISTER.item(int(number))
    except (KeyError, TypeError, ValueError):
        raise rules.RuleError(_("改革计划中没有第“%(n)s”项（共 %(total)s 项）。") % {
            "n": number, "total": len(REGISTER.items)}, code="unknown_item", field="number") from None
    rules.check_filing_unit(REGISTER, item, unit.code)
    require_role(actor, unit, permissions.roles_for("plan.register"))
    rules.check_plan(targets=targets, content=content, responsible=responsible)
    with transaction.atomic():
        current = Plan.objects.select_for_update().filter(item_number=item.number).first()
        stage = rules.advance(current.stage if current else DEFAULT_STAGE, Step.REGISTER)
        try:
            with transaction.atomic():
                plan = Plan.objects.create(
                    item_number=item.number,
                    unit=unit,
                    stage=stage,
                    targets=targets.strip(),
                    content=content.strip(),
                    responsible=responsible.strip(),
                    registered_on=on,
                    created_by=actor,
                )
        except IntegrityError:  # filed concurrently by another session: the same refusal as a second 立项
            raise rules.StepError(Stage.REGISTERED, Step.REGISTER) from None
        record(action="reforms.plan.registered", obj=plan, actor=actor, unit=unit, after=snapshot(plan))
    return plan
