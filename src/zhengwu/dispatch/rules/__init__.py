"""The 大分拨 rules as pure functions over plain values: no ORM, no request.

One module per subject, re-exported here so that callers write `rules.transition(...)`:

- `lifecycle`: the case state machine (item 31 全流程处置) — `transition`, `allowed_actions`;
- `routing`: tiered auto-dispatch, 大小微循环 (item 34) — `choose_dispatch`, `unit_for_tier`;
- `places`: street and community from an address or a point — `locate`, `point_in_polygon`;
- `deadlines`: time limits on the working-day calendar and warnings — `deadline`, `warning_level`;
- `phones`: the reporter's number checked, compared and masked — `check_phone`, `mask_phone`;
- `intake`: what a received event must look like — `clean_text`, `coordinate`, `api_fields`;
- `taxonomy`: the classification standard's defaults and leaves — `category_defaults`, `pick_category`;
- `replies`: the unified reply's template — `fill_reply`;
- `escalation`: 逐级处置, the tier and unit above a case's — `escalation_target`;
- `limits`: the public forms' alerts and refusals, in words;
- `coverage`: the classes the classifier has no messages for — `decide` (another class or triage, never a
  wrong unit with confidence; imported on its own like `classifier`);
- `classifier`: the auto-classifier (scikit-learn; imported on its own: `from zhengwu.dispatch.rules
  import classifier`, so that reading a rule never loads the model's libraries).

Every refusal is an `ApplicationError` with a stable `code` (tests assert on it, never on the words).

    >>> transition(state="dispatched", action="accept")
    'accepted'
    >>> mask_phone("13812345678")
    '138****5678'
"""

from zhengwu.dispatch.rules.deadlines import add_work_hours, deadline, extension_days, warning_level
from zhengwu.dispatch.rules.escalation import NEXT_TIER, escalation_target
from zhengwu.dispatch.rules.intake import (
    API_FIELDS,
    api_fields,
    check_channel,
    check_idempotency_key,
    clean_text,
    coordinate,
)
from zhengwu.dispatch.rules.lifecycle import (
    ACTION_NAMES,
    STATE_CHOICES,
    STATE_CONFLICT,
    STATE_NAMES,
    TRANSITIONS,
    TransitionError,
    allowed_actions,
    transition,
)
from zhengwu.dispatch.rules.phones import check_phone, mask_phone, normalise_phone, phone_matches
from zhengwu.dispatch.rules.places import Location, Place, locate, point_in_polygon
from zhengwu.dispatch.rules.replies import fill_reply, generic_template
from zhengwu.dispatch.rules.routing import (
    Decision,
    Facts,
    RuleSpec,
    choose_dispatch,
    tier_for_unit_kind,
    unit_for_tier,
)
from zhengwu.dispatch.rules.taxonomy import category_defaults, leaf_score, pick_category

__all__ = [
    "ACTION_NAMES",
    "API_FIELDS",
    "NEXT_TIER",
    "STATE_CHOICES",
    "STATE_CONFLICT",
    "STATE_NAMES",
    "TRANSITIONS",
    "Decision",
    "Facts",
    "Location",
    "Place",
    "RuleSpec",
    "TransitionError",
    "add_work_hours",
    "allowed_actions",
    "api_fields",
    "category_defaults",
    "check_channel",
    "check_idempotency_key",
    "check_phone",
    "choose_dispatch",
    "clean_text",
    "coordinate",
    "deadline",
    "escalation_target",
    "extension_days",
    "fill_reply",
    "generic_template",
    "leaf_score",
    "locate",
    "mask_phone",
    "normalise_phone",
    "phone_matches",
    "pick_category",
    "point_in_polygon",
    "tier_for_unit_kind",
    "transition",
    "unit_for_tier",
    "warning_level",
]
