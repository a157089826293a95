"""docs/architecture.md names no function, module or file that does not exist (issue 11).

Every `code span` that looks like a project name is resolved: a dotted name under a zhengwu app
(`org.scoping.scoped`, `core.errors.ApplicationError`, `ledger.services.record(...)`) must import, and
a path (`credit/services/imports.py`, `core/static/core/pow.js`) must exist under src/zhengwu or the
repository root.
"""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "zhengwu"
DOC = ROOT / "docs" / "architecture.md"
SPAN = re.compile(r"`([^`\n]+)`")


def _apps() -> set[str]:
    return {cfg.label for cfg in apps.get_app_configs() if cfg.name.startswith("zhengwu.")}


def names() -> list[str]:
    found = []
    labels = _apps()
    for span in SPAN.findall(DOC.read_text(encoding="utf-8")):
        token = re.sub(r"\(.*$", "", span.strip())  # `record(action=…)` → record
        if re.fullmatch(r"[a-z_]+(\.[A-Za-z_][A-Za-z0-9_]*)+", token) and token.split(".")[0] in labels:
            found.append(token)
        elif re.fullmatch(
            r"[\w.-]+/[\w./-]+\.(py|js|css|csv|md|html|toml)", token
        ):  # a path, not a bare name
            found.append(token)
    return sorted(set(found))


def _declared() -> set[str]:
    """Periodic job names and ledger action codes: dotted too, and real names the page may use."""
    from zhengwu.core.systems import ledger_actions

    jobs = {p.name for cfg in apps.get_app_configs() for p in getattr(cfg, "periodic", ())}
    return jobs | set(ledger_actions())


def _resolves(token: str) -> bool:
    if "/" in token:
        # a template is named as Django finds it: `core/public/_twin.html` lives in core/templates/
        templates = [app / "templates" for app in SRC.iterdir() if (app / "templates").is_dir()]
        return any((base / token).exists() for base in (SRC, ROOT, ROOT / "docs", *templates))
    if token in _declared():
        return True
    parts = ("zhengwu." + token).split(".")
    for cut in range(len(parts), 1, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def test_the_page_names_code():
    assert len(names()) >= 20, names()


@pytest.mark.parametrize("token", names())
def test_every_name_in_architecture_md_exists(token):
    assert _resolves(token), f"docs/architecture.md names `{token}`, which does not exist"
