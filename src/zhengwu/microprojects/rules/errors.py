"""Rule codes (`RULES`), the refusals (`RuleError`, `InvalidProposal`, `StepOutOfOrder`) and `Violation`."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from zhengwu.microprojects.standard import (
    STEP_LABELS,
    Step,
)

#: Every rule code this module emits → the seed section it comes from.
RULES: dict[str, str] = {
    "applicant.not_eligible": "§五(一)1, §五(二)1",
    "applicant.filed_organization": "§五(二)1",
    "social_organization.evidence_missing": "§五(二)1",
    "social_organization.annual_inspection": "§五(二)1(1)",
    "social_organization.annual_report": "§五(二)1(1)",
    "social_organization.management_system": "§五(二)1(2)",
    "social_organization.capacity": "§五(二)1(3)",
    "cap.exceeded": "§一",
    "cap.exception_without_reasons": "§一",
    "admin_cost.exceeds_third": "§五(二)2",
    "admin_cost.exceeds_amount": "§五(二)2",
    "self_raised.proof_missing": "§五(一)2",
    "negative_list.match": "§一, 附件2",
    "government_investment.overlap": "§一",
    "workflow.out_of_order": "§四(三), §五",
    "workflow.not_in_path": "§四(三), §六(三)",
    "workflow.finished": "§五, §六",
    "workflow.cannot_reject": "§五",
    "workflow.reason_required": "§五",
    "notice.running": "§五(一)2(4)",
    "notice.objections_open": "§五(一)2(4)",
    "council.no_quorum": "§七(四)",
    "council.invalid_counts": "§七(四)",
    "council.amount_set_by_experts": "§四(三)",
    "council.expert_amount_missing": "§四(三)",
    "experts.not_enough": "§四(三)",
    "experts.invalid_need": "§四(三)",
    "year_end.carried_over": "§七(三)",
    "year_end.at_risk": "§七(三)",
    "budget.missing": "§七(三)",
    "budget.exceeded": "§七(三)",
    "budget.street_exceeded": "§七(三)",
    "budget.communities_over_street": "§七(三)",
    "budget.unfinished_at_year_end": "§七(三)",
    "budget.invalid": "§七(三)",
    "excellence.invalid_weights": "§六(四)",
    "schedule.out_of_order": "issue 17 §10",
    "schedule.wrong_year": "issue 17 §10",
    "schedule.unknown_stage": "issue 17 §10",
    "progress.invalid": "§六(一), issue 17 §10",
    "proposal.invalid": "CLI contract (issue 17): the input is not a proposal",
}

MAX_AMOUNT = Decimal(10) ** 12  # anything larger is a typing error, not a project
MAX_TITLE = 200
MAX_DESCRIPTION = 20_000
CENT = Decimal("0.01")


class RuleError(ValueError):
    """A refusal by a rule: `code` (a key of RULES) and a message that says what and where."""

    def __init__(self, code: str, message: str):
        assert code in RULES, code
        self.code, self.message = code, message
        super().__init__(message)


class InvalidProposal(RuleError):
    """The input is not a proposal: a field is missing or invalid (`field` names it)."""

    def __init__(self, field_name: str | None, message: str):
        self.field, self.detail = field_name, message  # the message without the field's name, for a form
        text = (
            _("字段 %(field)s：%(message)s") % {"field": field_name, "message": message}
            if field_name
            else message
        )
        super().__init__("proposal.invalid", text)


class StepOutOfOrder(RuleError):
    """A workflow step attempted out of order: names the current, the attempted and the expected step."""

    def __init__(self, code: str, *, current: Step | None, attempted: Step, expected: Step | None):
        self.current, self.attempted, self.expected = current, attempted, expected
        names = {"current": _label(current), "attempted": _label(attempted), "expected": _label(expected)}
        if code == "workflow.not_in_path":
            message = (
                _("本项目没有“%(attempted)s”这一步（当前为“%(current)s”，下一步应为“%(expected)s”）") % names
            )
        elif code == "workflow.finished":
            message = _("项目已结束（当前为“%(current)s”），不能再进行“%(attempted)s”") % names
        else:
            message = (
                _("步骤顺序错误：当前为“%(current)s”，不能进行“%(attempted)s”，下一步应为“%(expected)s”")
                % names
            )
        super().__init__(code, message)


def _label(step: Step | None) -> str:
    return str(STEP_LABELS[Step(step)]) if step else _("尚未开始")


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str

    def as_json(self) -> dict:
        return {"rule": self.rule, "message": self.message}



def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}".rstrip("0").rstrip(".")
