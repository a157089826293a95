"""Every read of 改革督查 for pages, API, exports, the command line and other systems."""

from zhengwu.reforms.selectors.assessment import assessment_records
from zhengwu.reforms.selectors.attachments import attachment_get
from zhengwu.reforms.selectors.micro import library
from zhengwu.reforms.selectors.monthly import (
    month_period,
    monthly_report_get,
    monthly_reports,
    overview,
    report_figures,
    trend,
)
from zhengwu.reforms.selectors.notices import notice_list
from zhengwu.reforms.selectors.oversight import dashboard, may_view
from zhengwu.reforms.selectors.progress import item_detail, public_progress, tree
from zhengwu.reforms.selectors.register import item_facts, light_policy, lights, register_items, stages
from zhengwu.reforms.selectors.supervision import figures

__all__ = [
    "assessment_records",
    "attachment_get",
    "dashboard",
    "figures",
    "item_detail",
    "item_facts",
    "library",
    "light_policy",
    "lights",
    "may_view",
    "month_period",
    "monthly_report_get",
    "monthly_reports",
    "notice_list",
    "overview",
    "public_progress",
    "report_figures",
    "register_items",
    "stages",
    "tree",
    "trend",
]
