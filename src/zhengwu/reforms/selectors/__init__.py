"""Every read of 改革督查 for pages, API, exports, the command line and other systems."""

from zhengwu.reforms.selectors.oversight import dashboard
from zhengwu.reforms.selectors.register import item_facts, light_policy, lights, register_items, stages
from zhengwu.reforms.selectors.supervision import figures

__all__ = ["dashboard", "figures", "item_facts", "light_policy", "lights", "register_items", "stages"]
