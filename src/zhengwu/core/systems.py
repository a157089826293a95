"""The registry: what each app declares in its AppConfig, read by the shell (never hard-coded there).

Each app's AppConfig may declare (Decidim's component manifest, in small):

- `system = System(...)`: its entry on the home page and in the navigation, and its public pages
  (`public_pages=(PublicPage("credit:public_search", _("信用信息公示"), …),)`): the public home, the
  site map and the crawl test read them, so a system adds a public entry with no edit to the shell;
- `ledger_actions = (LedgerAction("credit.record.submit", "…"), ...)`: every action it writes to
  the ledger (the ledger refuses undeclared actions in tests; the docs test reads this list);
- `provides = {"supervision_figures": "zhengwu.credit.selectors.supervision.figures"}`:
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
class PublicPage:
    """A page anyone may open without an account, declared by the system that serves it."""

    url_name: str
    title: str
    description: str = ""
    json_url_name: str = ""  # its JSON twin, linked from the page and the site map
    on_home: bool = True  # one click from the public home (else only in the site map)
    order: int = 100

    def url(self) -> str:
        return _reverse_or_hash(self.url_name)

    def json_url(self) -> str:
        return _reverse_or_hash(self.json_url_name) if self.json_url_name else ""


def _reverse_or_hash(url_name: str) -> str:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return "#"


@dataclass(frozen=True)
class System:
    key: str
    name: str
    url_name: str
    description: str = ""
    order: int = 100
    visible: Callable = field(default=_logged_in)
    tool: bool = False  # platform tool (org, calendar, ledger) rather than a reform system
    public_pages: tuple[PublicPage, ...] = ()  # what the public reaches without an account
    public_name: str = ""  # the name residents know it by on the public side (default: `name`)

    def url(self) -> str:
        return _reverse_or_hash(self.url_name)

    @property
    def public_title(self) -> str:
        return self.public_name or self.name


def all_systems() -> list[System]:
    found = [getattr(cfg, "system", None) for cfg in apps.get_app_configs()]
    return sorted((s for s in found if s is not None), key=lambda s: (s.tool, s.order))


def systems_for(user) -> list[System]:
    """The systems this user may open."""
    return [s for s in all_systems() if s.visible(user)]


def public_systems() -> list[System]:
    """The systems with pages for the public, in the registry's order."""
    return [s for s in all_systems() if s.public_pages]


def public_pages() -> list[tuple[System, PublicPage]]:
    """(system, page) for every declared public page, systems in order, pages by their `order`."""
    return [(s, p) for s in public_systems() for p in sorted(s.public_pages, key=lambda p: p.order)]


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
