"""Every state change of 律师驻队: one function per use case, keyword-only, one transaction, one ledger entry
(actions declared in apps.py). Views, API, tasks and commands call these; nothing else writes."""

from zhengwu.lawyers.services.contracts import (
    contract_sign,
    replacement_complete,
    replacement_decide,
    replacement_request,
    replacement_withdraw,
)
from zhengwu.lawyers.services.firms import firm_register, person_add
from zhengwu.lawyers.services.milestones import milestone_done
from zhengwu.lawyers.services.reminders import milestone_reminders_send
from zhengwu.lawyers.services.work import assessment_make, work_record_add

__all__ = [
    "assessment_make",
    "contract_sign",
    "firm_register",
    "milestone_done",
    "milestone_reminders_send",
    "person_add",
    "replacement_complete",
    "replacement_decide",
    "replacement_request",
    "replacement_withdraw",
    "work_record_add",
]
