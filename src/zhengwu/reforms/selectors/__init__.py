"""Every read of 改革督查 for pages, API, exports, the command line and other systems."""

from zhengwu.reforms.selectors.notices import notice_list
from zhengwu.reforms.selectors.oversight import dashboard, may_view
from zhengwu.reforms.selectors.progress import item_detail, public_progress, tree
from zhengwu.reforms.selectors.register import item_facts, light_policy, lights, register_items, stages
from zhengwu.reforms.selectors.supervision import figures

__all__ = ["dashboard", "figures", "item_detail", "item_facts", "light_policy", "lights", "may_view", "notice_list", "public_progress",
           "register_items", "stages", "tree"]
