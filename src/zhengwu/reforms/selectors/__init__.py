"""Every read of 改革督查 for pages, API, exports and other systems; always starts from org.scoping."""

from zhengwu.reforms.selectors.items import figures_for_supervision, item_get, item_list

__all__ = ["figures_for_supervision", "item_get", "item_list"]
