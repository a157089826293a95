"""第三方评估 (§一(三) 更加注重改革的第三方评估): the reform office records an evaluator's score (0–100) and
report for a unit and period; it counts in the composite assessment (component `third_party`)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from zhengwu.ledger.services import record, snapshot
from zhengwu.org.models import Unit
from zhengwu.org.scoping import require_role
from zhengwu.reforms import permissions, rules
from zhengwu.reforms.models import Evaluation
from zhengwu.reforms.standard import REFORM_OFFICE


def evaluation_record(*, unit_code: str, evaluator: str, period_start: date, period_end: date, score,
                      report: str, actor) -> Evaluation:
    require_role(actor, Unit.objects.get(code=REFORM_OFFICE), permissions.roles_for("plan.verify"))
    unit = Unit.objects.filter(code=unit_code, is_active=True).first()
    if unit is None:
        raise rules.RuleError(_("未知单位代码。"), code="unknown_unit", field="unit")
    try:
        value = Decimal(str(score))
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or not 0 <= value <= 100:
        raise rules.RuleError(_("评估得分应为 0 到 100 的数。"), code="score_out_of_range", field="score")
    if period_end < period_start:
        raise rules.RuleError(_("评估期止早于评估期起。"), code="bad_period", field="period_end")
    for name, value_ in (("evaluator", evaluator), ("report", report)):
        if not (value_ or "").strip():
            raise rules.RuleError(_("请填写评估机构和评估报告。"), code=f"{name}_required", field=name)
    with transaction.atomic():
        found = Evaluation.objects.create(unit=unit, evaluator=evaluator.strip(), period_start=period_start,
                                          period_end=period_end, score=value.quantize(Decimal("0.01")),
                                          report=report.strip(), created_by=actor)
        record(action="reforms.evaluation.recorded", obj=found, actor=actor,
               after=snapshot(found, ["unit", "evaluator", "period_start", "period_end", "score"]))
    return found
