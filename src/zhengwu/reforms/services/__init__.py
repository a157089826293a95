"""Every state change of 改革督查: one function per use case, keyword-only, one transaction, one
ledger entry. Views, API, tasks and commands call these; nothing else writes."""

from zhengwu.reforms.services.items import item_create

__all__ = ["item_create"]
