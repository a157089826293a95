"""Every state change of 大分拨: one function per use case, keyword-only where it takes people's input,
one transaction, its ledger entries. Views, the API, tasks and commands call these; nothing else writes.

- `intake`: one case number per event from every channel, idempotent per source system;
- `public`: the public report form and the citizen's lookup, limited (core.throttle);
- `routing`: classification and tiered auto-dispatch in batches (the background task's work);
- `lifecycle`: dispatch by hand, accept, return, start, resolve, reply, close, reopen, supervise;
- `ratings`: the citizen's rating (closes or reopens);
- `extensions`: 延期 requests and decisions;
- `deadlines`: time limits on the calendar, yellow/red warnings;
- `photos`: photos decoded and re-encoded before they are stored;
- `imports`: migration import of the units' own systems;
- `migration`: a migrated case keeps its past (state, unit,
  dates, result, rating); connectors sync with a cursor;
- `escalation`: 逐级处置, a unit passes a case one tier up;
- `callbacks`: 回访 of the cases marked for a call-back;
- `clients`: the intake API's client keys (core.ApiKey, issued and rotated);
- `training`, `reference`: classifier versions and the shipped reference data;
- `matters`: 同一事项，一次办理 — merging into a master case, the reply to every reporter, public support;
- `figures`: the 大督查 figures pre-aggregated per unit and month, and 每月一题 (the periodic job's work);
- `cohandling`: 大联动 — sub-tasks of lead and assisting units, their feedback, the lead's override;
  re-categorising that re-routes; the 分拨中心's binding ruling after the second return between units;
- `supervision`: 督办单 by hand and by the administrators' rules (periodic), replies, sign-off;
- `appeals`: a unit's appeal (申诉) of a rating with evidence, a supervisor's decision;
- `trail`: the governed fields and the ledger line of each change.

Submodules import each other directly (`from zhengwu.dispatch.services.routing import apply_dispatch`),
never through this package; services never import tasks (they enqueue by dotted path, core.background).
"""

from zhengwu.dispatch.services.appeals import appeal_decide, appeal_file
from zhengwu.dispatch.services.callbacks import callback_record
from zhengwu.dispatch.services.clients import client_key_issue, client_key_revoke, client_key_rotate
from zhengwu.dispatch.services.cohandling import (
    cohandle_assign,
    event_recategorise,
    ruling_decide,
    subtask_feedback,
    subtasks_override,
)
from zhengwu.dispatch.services.deadlines import due, limits_of, warnings_scan
from zhengwu.dispatch.services.escalation import event_escalate
from zhengwu.dispatch.services.extensions import extension_decide, extension_request
from zhengwu.dispatch.services.figures import figures_refresh
from zhengwu.dispatch.services.imports import event_import_rows
from zhengwu.dispatch.services.intake import event_intake, event_intake_many
from zhengwu.dispatch.services.lifecycle import (
    event_accept,
    event_close,
    event_dispatch,
    event_reopen,
    event_reply,
    event_resolve,
    event_return,
    event_start,
    event_supervise,
)
from zhengwu.dispatch.services.matters import (
    matter_check_new,
    matter_merge,
    matter_profiles_store,
    matter_publish,
    matter_reply_reporters,
    matter_support,
)
from zhengwu.dispatch.services.migration import (
    RowsConnector,
    connector_sync,
    event_migrate,
    event_migrate_rows,
)
from zhengwu.dispatch.services.open311 import open311_submit, open311_throttle
from zhengwu.dispatch.services.photos import clean_photos, photos_reencode_stored, photos_store
from zhengwu.dispatch.services.public import event_lookup, event_report, lookup_challenge, report_challenge
from zhengwu.dispatch.services.pushes import push_dispatched, push_update_receive
from zhengwu.dispatch.services.ratings import event_rate
from zhengwu.dispatch.services.reference import load_all
from zhengwu.dispatch.services.routing import apply_dispatch, dispatch_pending
from zhengwu.dispatch.services.supervision import order_issue, order_reply, order_sign_off, orders_from_rules
from zhengwu.dispatch.services.training import model_store, model_store_default, model_train

__all__ = [
    "appeal_decide",
    "appeal_file",
    "cohandle_assign",
    "event_recategorise",
    "order_issue",
    "order_reply",
    "order_sign_off",
    "orders_from_rules",
    "ruling_decide",
    "subtask_feedback",
    "subtasks_override",
    "RowsConnector",
    "callback_record",
    "connector_sync",
    "event_escalate",
    "event_migrate",
    "event_migrate_rows",
    "apply_dispatch",
    "clean_photos",
    "client_key_issue",
    "client_key_revoke",
    "client_key_rotate",
    "dispatch_pending",
    "due",
    "event_accept",
    "event_close",
    "event_dispatch",
    "event_import_rows",
    "event_intake",
    "event_intake_many",
    "event_lookup",
    "event_rate",
    "event_reopen",
    "event_reply",
    "event_report",
    "event_resolve",
    "event_return",
    "event_start",
    "event_supervise",
    "extension_decide",
    "extension_request",
    "figures_refresh",
    "limits_of",
    "load_all",
    "matter_check_new",
    "matter_merge",
    "matter_profiles_store",
    "matter_publish",
    "matter_reply_reporters",
    "matter_support",
    "lookup_challenge",
    "model_store",
    "model_store_default",
    "model_train",
    "photos_reencode_stored",
    "photos_store",
    "report_challenge",
    "warnings_scan",
    "open311_submit",
    "open311_throttle",
    "push_dispatched",
    "push_update_receive",
]
