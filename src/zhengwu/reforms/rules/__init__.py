"""The reform plan's rules as pure functions over plain values
(no ORM, no request, no clock) — one module per idea:

- `base` — the refusal every rule raises (`RuleError`, a stable `code`; tests assert on codes, never on the
  Chinese message) and dates written YYYY-MM-DD (`parse_day`);
- `lifecycle` — the item life cycle 立项 → 分解 → 承办 → 办结 → 验收 (or refused back to 承办 with
  reasons) → 销号 and what each step needs (§三(二) 实施方案: targets, content, schedule; §一(五)
  督查落实);
- `lights` — status lights per milestone and per item, report cycles and `next_due`, on a working-day calendar
  passed in (`WorkdayCalendar`: `zhengwu.workdays.rules.Calendar` in production);
- `assessment` — the composite assessment score per unit and its ranking (§一(五) 能定责、可追责,
  加大改革实绩考核权重; §一(三) 第三方评估和群众评议; §三(三) 绩效考核);
- `figures` — 大督查 (item 36): every system's supervision figures checked against
  the contract, the supervision score, and the assessment's components read from them;
- `notices` — supervision notices (督办单, 领导批示, 问题清单): what one needs, and escalation.

Formulas are written out in docs/seed-map/reforms.md. Submodules import each other directly
(`from zhengwu.reforms.rules.base import RuleError`), never this package, so re-exporting them here makes no
import cycle; callers keep writing `rules.advance`, `from zhengwu.reforms.rules import MilestoneDraft`.
"""

from zhengwu.reforms.rules.assessment import (
    CENT,
    HUNDRED,
    CreditFigures,
    Ratings,
    Ratio,
    UnitScore,
    assess,
    cents,
    check_weights,
    kept_deadlines,
    normalise,
    rank,
    unit_score,
)
from zhengwu.reforms.rules.base import RuleError, parse_day
from zhengwu.reforms.rules.figures import (
    FIGURE_KEYS,
    Figure,
    component_figures,
    dispatch_scores,
    measure_score,
    read_figures,
    supervision_scores,
)
from zhengwu.reforms.rules.lifecycle import (
    TRANSITIONS,
    MilestoneDraft,
    StepError,
    advance,
    allowed_steps,
    check_completion,
    check_filing_unit,
    check_milestones,
    check_plan,
    lead_unit_codes,
)
from zhengwu.reforms.rules.lights import (
    ItemFacts,
    LightPolicy,
    MilestoneFacts,
    WorkdayCalendar,
    check_light_policy,
    item_light,
    milestone_light,
    next_due,
    report_due,
    report_missed,
    yellow_horizon,
)
from zhengwu.reforms.rules.notices import check_notice, raised
from zhengwu.reforms.standard import Component

__all__ = [
    "CENT",
    "FIGURE_KEYS",
    "HUNDRED",
    "TRANSITIONS",
    "Component",
    "CreditFigures",
    "Figure",
    "ItemFacts",
    "LightPolicy",
    "MilestoneDraft",
    "MilestoneFacts",
    "Ratings",
    "Ratio",
    "RuleError",
    "StepError",
    "UnitScore",
    "WorkdayCalendar",
    "advance",
    "allowed_steps",
    "assess",
    "cents",
    "check_completion",
    "check_filing_unit",
    "check_light_policy",
    "check_milestones",
    "check_notice",
    "check_plan",
    "check_weights",
    "component_figures",
    "dispatch_scores",
    "item_light",
    "kept_deadlines",
    "lead_unit_codes",
    "measure_score",
    "milestone_light",
    "next_due",
    "normalise",
    "parse_day",
    "raised",
    "rank",
    "read_figures",
    "report_due",
    "report_missed",
    "supervision_scores",
    "unit_score",
    "yellow_horizon",
]
