"""Every read of 双随机 for pages, API, exports, the command line and other systems."""

from zhengwu.inspections.selectors.inputs import draw_inputs
from zhengwu.inspections.selectors.public import (
    draw_record,
    draw_verification,
    public_draws,
    results,
    site_search,
)
from zhengwu.inspections.selectors.staff import (
    batch_get,
    draw_get,
    draw_list,
    overdue_results,
    pending_penalties,
    task_get,
    task_list,
)
from zhengwu.inspections.selectors.supervision import figures

__all__ = [
    "batch_get",
    "draw_get",
    "draw_inputs",
    "draw_list",
    "draw_record",
    "draw_verification",
    "figures",
    "overdue_results",
    "pending_penalties",
    "public_draws",
    "results",
    "site_search",
    "task_get",
    "task_list",
]
