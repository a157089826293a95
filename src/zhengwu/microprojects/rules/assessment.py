"""Everything the scheme says about a proposal before the two committees meet (`assess`)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from zhengwu.microprojects import standard as std
from zhengwu.microprojects.rules.eligibility import check_applicant
from zhengwu.microprojects.rules.errors import Violation
from zhengwu.microprojects.rules.money import check_admin_cost, check_cap, check_self_raised
from zhengwu.microprojects.rules.proposal import Proposal
from zhengwu.microprojects.rules.screening import (
    GovernmentProject,
    NegativeMatch,
    content_areas,
    government_overlaps,
    match_negative_list,
    negative_list_violations,
)
from zhengwu.microprojects.rules.thresholds import audits_for, experts_set_amount, review_path
from zhengwu.microprojects.standard import (
    Area,
    Audit,
    Step,
)


@dataclass(frozen=True)
class Assessment:
    review_path: tuple[Step, ...]
    violations: tuple[Violation, ...]
    negative_list_matches: tuple[NegativeMatch, ...]
    audits: tuple[Audit, ...]
    experts_set_amount: bool = False  # the council judges feasibility only (§四(三))
    areas: tuple[Area, ...] = ()  # §一 content areas the text points to
    priority: bool = False  # a safety-hazard project, put first (§五(一))

    @property
    def ok(self) -> bool:
        """Whether the proposal may go on to the two committees' pre-review."""
        return not self.violations

    def as_json(self) -> dict:
        """The CLI contract's object: review_path, violations, negative_list_matches, audits."""
        return {
            "review_path": [str(s) for s in self.review_path],
            "violations": [v.as_json() for v in self.violations],
            "negative_list_matches": [m.as_json() for m in self.negative_list_matches],
            "audits": [str(a) for a in self.audits],
        }



# --- assess -------------------------------------------------------------------------------------

def assess(proposal: Proposal, *, government_projects: Iterable[GovernmentProject] = (),
           today: date | None = None) -> Assessment:
    """Everything the scheme says about a proposal before the two committees meet."""
    p = proposal
    violations = check_applicant(
        p.category, p.kind, p.applicant_kind, organization=p.organization, today=today
    )
    violations += check_cap(p.category, p.amount, p.cap_exception)
    violations += check_admin_cost(p.category, p.amount, p.admin_cost)
    violations += check_self_raised(p.self_raised_funds, p.self_raised_proof_sent)
    matches = tuple(NegativeMatch(m.item, m.words, p.negative_list_overrides.get(m.item.no, ""))
                    for m in match_negative_list(p.title, p.description))
    violations += negative_list_violations(matches)
    for project in government_overlaps(p.title, p.description, government_projects):
        violations.append(
            Violation(
                "government_investment.overlap",
                _("与政府投资项目“%(name)s”重复（§一：不与市区政府在建、拟建的政府投资项目重复）")
                % {"name": project.name},
            )
        )
    areas = content_areas(p.title, p.description)
    return Assessment(
        review_path=review_path(p.category, p.amount), violations=tuple(violations),
        negative_list_matches=matches, audits=audits_for(p.category, p.amount),
        experts_set_amount=experts_set_amount(p.category, p.amount), areas=areas,
        priority=std.PRIORITY_AREA in areas)
