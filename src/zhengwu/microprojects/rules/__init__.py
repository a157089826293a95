"""The 民生微实事 rules as pure functions over plain values: no ORM, no request — one module per idea.

`errors` (codes, refusals), `proposal` (the input), `thresholds` (review path, audits), `eligibility` (who may
apply), `money` (caps, admin costs, self-raised funds), `screening` (negative list, content areas, government
projects), `assessment` (`assess`), `workflow` (the path as a state machine, the notice),
`council`, `experts`, `dates` (deadlines, no carry-over), `budgets` (yearly budgets per street and
community, the `budget.*` codes), `excellence` (the yearly selection), `schedule` (stage dates per year and
what a change moves), `progress` (the progress figure and its roll-up per community and street); these four
are re-exported as modules (`rules.budgets.usage`). Submodules import each other directly, never this
package, which re-exports their public names so `rules.X` keeps working.

Everything a later service or view needs to decide about a project, from `standard.py`'s tables:

- `parse_proposal(data)` → `Proposal` (or `InvalidProposal` naming the field) and `assess(proposal)` →
  `Assessment` (review path, violations with stable rule codes, negative-list matches, audits);
- the pieces `assess` is made of: `review_path`, `needs_expert_review`, `experts_set_amount`,
  `audits_for`, `check_applicant`, `check_cap`, `check_admin_cost`, `check_self_raised`,
  `match_negative_list`, `government_overlaps`, `content_areas`;
- the workflow: `project_steps`, `next_step`, `advance`, `reject` (a step out of order raises
  `StepOutOfOrder` naming the current and the attempted step), `check_notice_close`;
- the council (`CouncilRules`, `Tally`, `council_decision`), the expert draw (`Expert`, `draw_experts`);
- dates: `add_months`, `deadlines` (the working-day function is injected), `year_end_flag`.

Every refusal carries a `code` from `RULES` (tests assert codes, never the Chinese text).

    >>> from decimal import Decimal
    >>> [str(s) for s in review_path("engineering", Decimal(350000))]
    ['two_committees', 'expert_review', 'residents_council', 'first_secretary', 'public_notice']
    >>> [str(a) for a in audits_for("engineering", Decimal(350000))]
    ['budget_review', 'settlement_audit', 'final_accounts_audit']
"""

from zhengwu.microprojects.rules import budgets, excellence, progress, schedule
from zhengwu.microprojects.rules.assessment import (
    Assessment,
    assess,
)
from zhengwu.microprojects.rules.council import (
    MAJORITY_BASES,
    CouncilDecision,
    CouncilRules,
    Tally,
    council_decision,
)
from zhengwu.microprojects.rules.dates import (
    Deadlines,
    add_months,
    deadlines,
    year_end_flag,
)
from zhengwu.microprojects.rules.eligibility import (
    check_applicant,
)
from zhengwu.microprojects.rules.errors import (
    CENT,
    MAX_AMOUNT,
    MAX_DESCRIPTION,
    MAX_TITLE,
    RULES,
    InvalidProposal,
    RuleError,
    StepOutOfOrder,
    Violation,
)
from zhengwu.microprojects.rules.experts import (
    Expert,
    draw_experts,
)
from zhengwu.microprojects.rules.money import (
    check_admin_cost,
    check_cap,
    check_self_raised,
)
from zhengwu.microprojects.rules.proposal import (
    ORGANIZATION_FIELDS,
    PROPOSAL_FIELDS,
    CapException,
    Organization,
    Proposal,
    parse_proposal,
)
from zhengwu.microprojects.rules.screening import (
    GovernmentProject,
    NegativeMatch,
    content_areas,
    government_overlaps,
    match_negative_list,
    negative_list_violations,
    normalise,
)
from zhengwu.microprojects.rules.thresholds import (
    audits_for,
    experts_set_amount,
    needs_expert_review,
    review_path,
)
from zhengwu.microprojects.rules.workflow import (
    advance,
    check_notice_close,
    next_step,
    notice_ends,
    project_steps,
    reject,
)
from zhengwu.microprojects.standard import (
    APPLICANT_LABELS,
    CATEGORY_LABELS,
    KIND_LABELS,
    STEP_LABELS,
    Applicant,
    Area,
    Audit,
    Category,
    Kind,
    NegativeItem,
    Registration,
    Step,
)

__all__ = [
    "budgets",
    "excellence",
    "progress",
    "schedule",
    "APPLICANT_LABELS",
    "Applicant",
    "Area",
    "Assessment",
    "Audit",
    "CATEGORY_LABELS",
    "CENT",
    "CapException",
    "Category",
    "CouncilDecision",
    "CouncilRules",
    "Deadlines",
    "Expert",
    "GovernmentProject",
    "InvalidProposal",
    "KIND_LABELS",
    "Kind",
    "MAJORITY_BASES",
    "MAX_AMOUNT",
    "MAX_DESCRIPTION",
    "MAX_TITLE",
    "NegativeItem",
    "NegativeMatch",
    "ORGANIZATION_FIELDS",
    "Organization",
    "PROPOSAL_FIELDS",
    "Proposal",
    "RULES",
    "Registration",
    "RuleError",
    "STEP_LABELS",
    "Step",
    "StepOutOfOrder",
    "Tally",
    "Violation",
    "add_months",
    "advance",
    "assess",
    "audits_for",
    "check_admin_cost",
    "check_applicant",
    "check_cap",
    "check_notice_close",
    "check_self_raised",
    "content_areas",
    "council_decision",
    "deadlines",
    "draw_experts",
    "experts_set_amount",
    "government_overlaps",
    "match_negative_list",
    "needs_expert_review",
    "negative_list_violations",
    "next_step",
    "normalise",
    "notice_ends",
    "parse_proposal",
    "project_steps",
    "reject",
    "review_path",
    "year_end_flag",
]
