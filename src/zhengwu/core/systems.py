"""The registry: what each app declares in its AppConfig, read by the shell (never hard-coded there).

Each app's AppConfig may declare (Decidim's component manifest, in small):

- `system = System(...)`: its entry on the home page and in the navigation;
- `ledger_actions = (LedgerAction("credit.record.submit", "…"), ...)`: every action it writes to
  the ledger (the ledger refuses undeclared actions in tests; the docs test reads this list);
- `provides = {"supervision_figures": "zhengwu.credit.selectors.assessment.figures_for_supervision"}`:
  the selectors and services it offers to other systems — the only way one system reaches another
  (`provided("credit", "supervision_figures")(...)`, `providers("supervision_figures")`);
- `periodic` (core.periodic) and `settings` (core.conf).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string


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


@dataclass(frozen=True)
class LedgerAction:
    code: str  # "app.object.verb", unique
    description: str


def ledger_actions() -> dict[str, tuple[str, LedgerAction]]:
    """{action code: (app label, declaration)} over every installed app."""
    found: dict[str, tuple[str, LedgerAction]] = {}
    for cfg in apps.get_app_configs():
        for item in getattr(cfg, "ledger_actions", ()) or ():
            if item.code in found:
                raise ImproperlyConfigured(f"ledger action {item.code} is declared twice")
            found[item.code] = (cfg.label, item)
    return found


def provided(app_label: str, name: str) -> Callable:
    """The selector or service `name` that app `app_label` declares in `provides` (LookupError if none)."""
    try:
        cfg = apps.get_app_config(app_label)
    except LookupError:
        raise LookupError(f"no installed app {app_label!r}") from None
    path = (getattr(cfg, "provides", None) or {}).get(name)
    if path is None:
        raise LookupError(f"{app_label} provides no {name!r}")
    return import_string(path)


def providers(name: str) -> dict[str, Callable]:
    """{app label: callable} for every installed app that provides `name` (e.g. "supervision_figures")."""
    return {cfg.label: import_string(cfg.provides[name]) for cfg in apps.get_app_configs()
            if name in (getattr(cfg, "provides", None) or {})}
