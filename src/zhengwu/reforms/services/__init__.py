"""Every state change of 改革督查: one function per use case, keyword-only, one transaction, one ledger
entry. Views, API, tasks and commands call these; nothing else writes."""

from zhengwu.reforms.services.attachments import clean_attachments
from zhengwu.reforms.services.evaluations import evaluation_record
from zhengwu.reforms.services.inspections import inspection_record
from zhengwu.reforms.services.lifecycle import (
    milestone_complete,
    plan_close,
    plan_complete,
    plan_decompose,
    plan_publish,
    plan_refuse,
    plan_undertake,
    plan_verify,
    report_submit,
)
from zhengwu.reforms.services.micro import micro_close, micro_milestone_complete, micro_register
from zhengwu.reforms.services.monthly import (
    monthly_report_build,
    monthly_report_last_month,
    monthly_report_request,
)
from zhengwu.reforms.services.notices import notice_answer, notice_issue, notice_verify, notices_escalate
from zhengwu.reforms.services.plans import plan_register
from zhengwu.reforms.services.ratings import item_rate, rating_code_check, rating_codes_issue
from zhengwu.reforms.services.reminders import reminders_send

__all__ = [
    "clean_attachments",
    "evaluation_record",
    "inspection_record",
    "item_rate",
    "micro_close",
    "micro_milestone_complete",
    "micro_register",
    "milestone_complete",
    "monthly_report_build",
    "monthly_report_last_month",
    "monthly_report_request",
    "notice_answer",
    "notice_issue",
    "notice_verify",
    "notices_escalate",
    "plan_close",
    "plan_complete",
    "plan_decompose",
    "plan_publish",
    "plan_refuse",
    "plan_register",
    "plan_undertake",
    "plan_verify",
    "rating_code_check",
    "rating_codes_issue",
    "reminders_send",
    "report_submit",
]
