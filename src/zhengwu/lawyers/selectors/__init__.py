"""Every read of 律师驻队 for pages, API, exports and other systems; staff reads start from org.scoping."""

from zhengwu.lawyers.selectors.contracts import (
    contract_get,
    contract_list,
    firm_get,
    firm_list,
    person_get,
    replacement_get,
)
from zhengwu.lawyers.selectors.supervision import figures, programme_milestones

__all__ = [
    "contract_get",
    "contract_list",
    "figures",
    "firm_get",
    "firm_list",
    "person_get",
    "programme_milestones",
    "replacement_get",
]
