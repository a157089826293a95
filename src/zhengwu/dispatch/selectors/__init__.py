"""Every read of 大分拨 for pages, the API, exports and commands; never a write, never a service.

- `events`: lists (triage queue, to-do, all), one case for a user or for the citizen, its timeline;
- `classifiers`: the active model, its suggestions, the training data the database holds;
- `taxonomy`: first-level classes, the leaf that fits a message, the drafted reply;
- `alerts`: the public forms' alerts for the dispatcher;
- `escalations`: the dispatchers' list of 逐级上报; `callbacks`: the 回访 list;
- `supervision`: the 大督查 figures (provides["supervision_figures"]);
- `cohandling`: 大联动 sub-tasks, rulings, appeals, counts per role (provides["cohandling_roles"]);
- `supervision_orders`: 督办单 lists and per-unit counts (provides["supervision_orders"]).
"""

from zhengwu.dispatch.selectors.alerts import recent_alerts
from zhengwu.dispatch.selectors.callbacks import callback_list
from zhengwu.dispatch.selectors.classifiers import label_suggestions, training_rows
from zhengwu.dispatch.selectors.cohandling import (
    appeal_get_for_user,
    appeal_list,
    counts_by_role,
    evidence_get_for_user,
    ruling_get_for_user,
    ruling_list,
    subtask_get_for_user,
    subtasks_for_user,
    subtasks_of,
)
from zhengwu.dispatch.selectors.escalations import escalation_list
from zhengwu.dispatch.selectors.events import (
    case_details,
    dispatch_targets,
    event_get_for_user,
    event_list,
    event_of_source,
    event_public_get,
    extension_get_for_user,
    photo_get,
    public_timeline,
    replies_due,
    timeline,
    todo_list,
    triage_queue,
)
from zhengwu.dispatch.selectors.supervision_orders import counts_by_unit, order_get_for_user, order_list
from zhengwu.dispatch.selectors.taxonomy import category_for, level1_choices, reply_text

__all__ = [
    "appeal_get_for_user", "appeal_list", "counts_by_role", "counts_by_unit", "evidence_get_for_user", "order_get_for_user", "order_list",
    "ruling_get_for_user", "ruling_list", "subtask_get_for_user", "subtasks_for_user", "subtasks_of",
    "callback_list", "escalation_list",
    "case_details", "category_for", "dispatch_targets", "event_get_for_user", "event_list", "event_of_source",
    "event_public_get", "extension_get_for_user", "label_suggestions", "level1_choices", "photo_get",
    "public_timeline", "recent_alerts", "replies_due", "reply_text", "timeline", "todo_list", "training_rows",
    "triage_queue",
]
