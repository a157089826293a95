"""Every read of 大分拨 for pages, the API, exports and commands; never a write, never a service.

- `events`: lists (triage queue, to-do, all), one case for a user or for the citizen, its timeline;
- `classifiers`: the active model, its suggestions, the training data the database holds;
- `taxonomy`: first-level classes, the leaf that fits a message, the drafted reply;
- `alerts`: the public forms' alerts for the dispatcher;
- `escalations`: the dispatchers' list of 逐级上报; `callbacks`: the 回访 list;
- `supervision`: the 大督查 figures (provides["supervision_figures"]);
- `figures`: every unit figure of issue 15 §8 from the pre-aggregated table (provides["unit_figures"]);
- `open311`: the Open311 GeoReport v2 reads; `pushes`: a pushed case's sending state and updates;
- `channels`: volume, first-response and dispatch times per channel (统一接听, item 31);
- `cohandling`: 大联动 sub-tasks, rulings, appeals, counts per role (provides["cohandling_roles"]);
- `supervision_orders`: 督办单 lists and per-unit counts (provides["supervision_orders"]).
"""

from zhengwu.dispatch.selectors.alerts import recent_alerts
from zhengwu.dispatch.selectors.callbacks import callback_list
from zhengwu.dispatch.selectors.channels import channel_figures
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
from zhengwu.dispatch.selectors.figures import figures_for_user, unit_figures
from zhengwu.dispatch.selectors.pushes import push_status
from zhengwu.dispatch.selectors.supervision_orders import counts_by_unit, order_get_for_user, order_list
from zhengwu.dispatch.selectors.taxonomy import category_for, level1_choices, reply_text

__all__ = [
    "appeal_get_for_user", "appeal_list", "callback_list", "case_details", "category_for",
    "channel_figures", "counts_by_role", "counts_by_unit", "dispatch_targets", "escalation_list",
    "event_get_for_user", "event_list", "event_of_source", "event_public_get", "evidence_get_for_user",
    "extension_get_for_user", "figures_for_user", "label_suggestions", "level1_choices",
    "order_get_for_user", "order_list", "photo_get", "public_timeline", "push_status", "recent_alerts",
    "replies_due", "reply_text", "ruling_get_for_user", "ruling_list", "subtask_get_for_user",
    "subtasks_for_user", "subtasks_of", "timeline", "todo_list", "training_rows", "triage_queue",
    "unit_figures",
]
