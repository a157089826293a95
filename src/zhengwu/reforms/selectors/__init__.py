"""Every read of 改革督查 for pages, API, exports, the command line and other systems."""

from zhengwu.reforms.selectors.register import (
    figures_for_supervision,
    item_facts,
    lights,
    register_items,
    stages,
)

__all__ = ["figures_for_supervision", "item_facts", "lights", "register_items", "stages"]
