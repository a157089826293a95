"""Every state change of 改革督查: one function per use case, keyword-only, one transaction, one ledger
entry. Views, API, tasks and commands call these; nothing else writes.

Built so far: 立项 (`plan_register`). The other steps (分解, 承办 with progress reports, 办结, 验收, 销号),
supervision notices and the assessment come with the full app (issue 19); their rules are in `rules`.
"""

from zhengwu.reforms.services.plans import plan_register

__all__ = ["plan_register"]
