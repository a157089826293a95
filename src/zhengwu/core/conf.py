"""Settings that apps read, declared by the app that reads them, with their defaults, in one table.

Each AppConfig lists what it reads as `settings = (Setting("CREDIT_DUE_WORKDAYS", 7, "…"), …)`; code
reads a value with `setting("CREDIT_DUE_WORKDAYS")` (the project's settings.py, else the declared
default), never with `getattr(settings, …, default)`: one default per setting, and
`docs/settings.md` is generated from the declarations (`zhengwu settings-table`), so the docs
cannot drift from the code.
"""

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    description: str


def declared() -> dict[str, tuple[str, Setting]]:
    """{setting name: (app label, declaration)} over every installed app (read once per set of apps: every
    `setting()` call asks)."""
    configs = tuple(apps.get_app_configs())
    if _declared[0] != configs:
        _declared[:] = [configs, _collect(configs)]
    return _declared[1]


_declared: list = [None, {}]


def _collect(configs) -> dict[str, tuple[str, Setting]]:
    found: dict[str, tuple[str, Setting]] = {}
    for cfg in configs:
        for item in getattr(cfg, "settings", ()) or ():
            if item.name in found:
                raise ImproperlyConfigured(
                    f"setting {item.name} is declared by {found[item.name][0]} and {cfg.label}"
                )
            found[item.name] = (cfg.label, item)
    return found


def setting(name: str) -> Any:
    """The configured value of a declared setting, else its declared default."""
    try:
        _app, item = declared()[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"setting {name} is not declared by any app (AppConfig.settings)"
        ) from None
    return getattr(django_settings, name, item.default)


def markdown_table() -> str:
    """The generated docs/settings.md."""
    lines = [
        "# Settings",
        "",
        "Generated from each app's `AppConfig.settings` by `zhengwu settings-table > docs/settings.md`;",
        "set any of them in the environment-driven `settings.py` (or a settings module importing it).",
        "",
        "| setting | app | default | what it does |",
        "|---|---|---|---|",
    ]
    for name, (app, item) in sorted(declared().items()):
        default = repr(item.default).replace("|", "\\|")
        lines.append(f"| `{name}` | {app} | `{default}` | {item.description} |")
    return "\n".join(lines) + "\n"
