"""Every read of 民生微实事 for pages, API, exports and other systems; staff reads start from org.scoping."""

from zhengwu.microprojects.selectors import planning
from zhengwu.microprojects.selectors.deadlines import deadlines_of, year_end_flag
from zhengwu.microprojects.selectors.projects import (
    experts_of,
    inbox,
    library_entries,
    library_entry_get,
    milestone_file_get,
    milestone_files,
    project_get,
    project_list,
    project_record,
    suggestion_get,
    suggestion_list,
)
from zhengwu.microprojects.selectors.public import (
    communities_public,
    community_public,
    library_public,
    milestone_photo_public,
    notice_get,
    notices_running,
    project_page,
    project_public_get,
    rating_code_for,
    suggestion_by_receipt,
)
from zhengwu.microprojects.selectors.supervision import figures

__all__ = [
    "planning",
    "suggestion_by_receipt",
    "milestone_file_get",
    "milestone_files",
    "milestone_photo_public",
    "communities_public",
    "community_public",
    "deadlines_of",
    "experts_of",
    "figures",
    "inbox",
    "library_entries",
    "library_entry_get",
    "library_public",
    "notice_get",
    "notices_running",
    "project_get",
    "project_list",
    "project_page",
    "project_public_get",
    "project_record",
    "rating_code_for",
    "suggestion_get",
    "suggestion_list",
    "year_end_flag",
]
