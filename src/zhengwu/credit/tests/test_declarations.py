"""What credit declares in its AppConfig is the one list: the seed map names every ledger action and setting,
every action the code writes is declared, and every declared action is written somewhere."""

import ast
import re
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[4]
APP = ROOT / "src" / "zhengwu" / "credit"
ACTION = re.compile(r"credit\.[a-z_]+\.[a-z_]+\Z")


def _config():
    return apps.get_app_config("credit")


def _written_actions() -> set[str]:
    """Every string literal of the app's code (tests and migrations aside) that looks like a ledger action."""
    found = set()
    for path in APP.rglob("*.py"):
        if {"tests", "migrations"} & set(path.relative_to(APP).parts) or path.name == "apps.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and ACTION.match(node.value):
                found.add(node.value)
    return found - {"credit.record.submit"}  # the ledger's docstring example in core.systems is not ours


def test_seed_map_names_every_declared_ledger_action_and_setting():
    text = (ROOT / "docs/seed-map/credit.md").read_text(encoding="utf-8")
    cfg = _config()
    assert cfg.ledger_actions and cfg.settings
    for action in cfg.ledger_actions:
        assert f"`{action.code}`" in text, action.code
    for item in cfg.settings:
        assert f"`{item.name}`" in text, item.name


def test_every_action_written_is_declared_and_every_declared_action_is_written():
    declared = {a.code for a in _config().ledger_actions}
    written = _written_actions()
    assert written - declared == set(), "written but not declared in CreditConfig.ledger_actions"
    assert declared - written == set(), "declared but never written"


def test_every_setting_read_is_declared():
    text = "\n".join(p.read_text(encoding="utf-8") for p in APP.rglob("*.py") if "tests" not in p.parts)
    read = set(re.findall(r"""setting\(["'](CREDIT_[A-Z_]+)["']\)""", text))
    assert read == {s.name for s in _config().settings}
    assert "getattr(settings" not in text
