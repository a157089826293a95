"""The registry of systems shown on the home page and in the navigation.

Each app declares its entry in its AppConfig as `system = System(...)` (Decidim's component
manifest, in small): the shell never hard-codes which systems exist.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.urls import NoReverseMatch, reverse


def _logged_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@dataclass(frozen=True)
class System:
    key: str
    name: str
    url_name: str
    description: str = ""
    order: int = 100
    visible: Callable = field(default=_logged_in)
    tool: bool = False  # platform tool (org, calendar, ledger) rather than a reform system

    def url(self) -> str:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return "#"


def all_systems() -> list[System]:
    found = [getattr(cfg, "system", None) for cfg in apps.get_app_configs()]
    return sorted((s for s in found if s is not None), key=lambda s: (s.tool, s.order))


def systems_for(user) -> list[System]:
    """The systems this user may open."""
    return [s for s in all_systems() if s.visible(user)]
