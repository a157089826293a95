"""Every state change of 民生微实事: one function per use case, keyword-only, one transaction, one ledger
entry. Views, API, tasks and commands call these; nothing else writes."""

from zhengwu.microprojects.services.config import (
    budget_set,
    council_configure,
    expert_register,
    government_project_register,
    library_publish,
)
from zhengwu.microprojects.services.implementation import (
    audit_record,
    contribution_record,
    evaluation_record,
    implementer_choose,
    milestone_record,
    project_complete,
)
from zhengwu.microprojects.services.planning import excellence_select, stage_date_set
from zhengwu.microprojects.services.projects import cap_exception_approve, negative_override, project_create
from zhengwu.microprojects.services.ratings import (
    RATING_SYSTEM,
    project_rate,
    rateable,
    rating_code_check,
    rating_codes_issue,
    rating_subject,
)
from zhengwu.microprojects.services.reminders import reminders_send
from zhengwu.microprojects.services.suggestions import (
    suggestion_submit,
    suggestion_triage,
    suggestions_import,
)
from zhengwu.microprojects.services.workflow import (
    council_record,
    expert_review_record,
    experts_draw,
    first_secretary_record,
    notice_publish,
    notice_verify,
    objection_answer,
    objection_submit,
)
from zhengwu.microprojects.services.workflow import notice_close as notice_close
from zhengwu.microprojects.services.workflow import two_committees_record as two_committees_record

__all__ = [
    "RATING_SYSTEM",
    "rateable",
    "rating_subject",
    "audit_record",
    "budget_set",
    "cap_exception_approve",
    "contribution_record",
    "council_configure",
    "council_record",
    "evaluation_record",
    "excellence_select",
    "stage_date_set",
    "expert_register",
    "expert_review_record",
    "experts_draw",
    "first_secretary_record",
    "government_project_register",
    "implementer_choose",
    "library_publish",
    "milestone_record",
    "negative_override",
    "notice_close",
    "notice_publish",
    "notice_verify",
    "objection_answer",
    "objection_submit",
    "project_complete",
    "project_create",
    "project_rate",
    "rating_code_check",
    "rating_codes_issue",
    "reminders_send",
    "suggestion_submit",
    "suggestion_triage",
    "suggestions_import",
    "two_committees_record",
]
