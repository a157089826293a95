"""§五 who may apply, and a social organisation's conditions (§五(二)1)."""

from datetime import date

from django.utils.translation import gettext as _

from zhengwu.microprojects import standard as std
from zhengwu.microprojects.rules.dates import add_months
from zhengwu.microprojects.rules.errors import Violation
from zhengwu.microprojects.rules.proposal import Organization
from zhengwu.microprojects.standard import (
    APPLICANT_LABELS,
    CATEGORY_LABELS,
    KIND_LABELS,
    Applicant,
    Category,
    Kind,
    Registration,
)

# --- Applicant ----------------------------------------------------------------------------------

def check_applicant(category: Category | str, kind: Kind | str, applicant: Applicant | str, *,
                    organization: Organization | None = None, today: date | None = None) -> list[Violation]:
    """§五: may this kind of applicant apply for this category × kind? A social organisation also shows
    the §五(二)1 conditions (`today` is needed to count its six months)."""
    category, kind, applicant = Category(category), Kind(kind), Applicant(applicant)
    allowed = std.APPLICANTS[(category, kind)]
    if applicant not in allowed:
        names = "、".join(str(APPLICANT_LABELS[a]) for a in Applicant if a in allowed)
        return [Violation("applicant.not_eligible", _(
            "%(applicant)s不能申报%(category)s%(kind)s项目；可以申报的是：%(allowed)s（§五）") % {
            "applicant": APPLICANT_LABELS[applicant], "category": CATEGORY_LABELS[category],
            "kind": KIND_LABELS[kind], "allowed": names})]
    if (
        applicant != Applicant.SOCIAL_ORGANIZATION
        or category not in std.SOCIAL_ORGANIZATION_CONDITIONS_APPLY_TO
    ):
        return []
    if organization is None:
        return [
            Violation(
                "social_organization.evidence_missing",
                _(
                    "社会组织申报须说明登记情况并证明：上年度年检合格（或成立半年以上未到年检期限且无违法违规行为）、按规定参加年报、管理制度完善、具备实施项目的能力（§五(二)1）"
                ),
            )
        ]
    if organization.registration == Registration.FILED:
        return [Violation("applicant.filed_organization", _(
            "备案类社区社会组织须向社区居委会申请，经同意后以社区居委会名义申报（§五(二)1）"))]
    out = []
    young_enough = False
    if (
        not organization.last_inspection_passed
        and not organization.inspection_due
        and organization.founded_on
    ):
        if today is None:
            raise ValueError("check_applicant needs today to count a social organisation's six months")
        young_enough = add_months(organization.founded_on, std.SOCIAL_ORGANIZATION_MIN_AGE_MONTHS) <= today
    if not (organization.last_inspection_passed or young_enough) or organization.violations:
        out.append(Violation("social_organization.annual_inspection", _(
            "社会组织须上年度年检合格，或成立半年以上未到年检期限，且无违法违规行为（§五(二)1(1)）")))
    if organization.annual_report_required and not organization.annual_report_filed:
        out.append(
            Violation(
                "social_organization.annual_report", _("实行年报的社会组织须按规定参加年报（§五(二)1(1)）")
            )
        )
    if not organization.management_system:
        out.append(
            Violation("social_organization.management_system", _("社会组织须管理制度完善（§五(二)1(2)）"))
        )
    if not organization.capacity:
        out.append(Violation("social_organization.capacity", _(
            "社会组织须具备实施项目的能力，能充分动员社区群众参与（§五(二)1(3)）")))
    return out
