"""Every state change of 双随机: one function per use case, keyword-only, one transaction, one ledger entry
(actions declared in apps.py). Views, API, tasks and commands call these; nothing else writes."""

from zhengwu.inspections.services.draws import draw_commit, draw_redo, draw_run
from zhengwu.inspections.services.visits import (
    complaint_task_create,
    evaluation_record,
    inspector_swap,
    task_complete,
    task_penalty_draft,
    task_publish,
)

__all__ = [
    "complaint_task_create",
    "draw_commit",
    "draw_redo",
    "draw_run",
    "evaluation_record",
    "inspector_swap",
    "task_complete",
    "task_penalty_draft",
    "task_publish",
]
