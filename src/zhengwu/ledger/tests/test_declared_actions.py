"""Ledger strict mode: an action no app declares (AppConfig.ledger_actions) is refused before anything is
written; and every action the shared apps write is declared."""

import ast
import importlib
from pathlib import Path

import pytest

from zhengwu.core.systems import ledger_actions
from zhengwu.ledger.models import Entry, Head
from zhengwu.ledger.services import Change, UndeclaredAction, record, record_many

BASE_APPS = ("core", "org", "workdays", "ledger", "outbox")
SRC = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_strict_mode_refuses_an_undeclared_action_and_writes_nothing(settings):
    settings.LEDGER_REQUIRE_DECLARED_ACTIONS = True
    record(action="org.unit.contact_updated", object_type="org.unit", object_id="1")
    head = Head.objects.get(pk=1).hash
    with pytest.raises(UndeclaredAction, match="nobody.declares.this"):
        record(action="nobody.declares.this", object_type="org.unit", object_id="1")
    with pytest.raises(UndeclaredAction):  # one undeclared action in a batch refuses the whole batch
        record_many(
            [Change("org.unit.created", "org.unit", "2"), Change("org.unit.invented", "org.unit", "2")]
        )
    assert list(Entry.objects.values_list("action", flat=True)) == ["org.unit.contact_updated"]
    assert Head.objects.get(pk=1).hash == head


@pytest.mark.django_db
def test_strict_mode_accepts_every_declared_action(settings):
    settings.LEDGER_REQUIRE_DECLARED_ACTIONS = True
    record_many([Change(code, "test.object", "1") for code in ledger_actions()])
    assert Entry.objects.count() == len(ledger_actions())


@pytest.mark.django_db
def test_without_strict_mode_an_undeclared_action_is_still_written(settings):
    settings.LEDGER_REQUIRE_DECLARED_ACTIONS = False
    record(action="nobody.declares.this", object_type="x", object_id="1")
    assert Entry.objects.filter(action="nobody.declares.this").exists()


def _written_actions(app: str) -> dict[str, str]:
    """{action code: where} for every `record(action=…)`, `ledger_record(action=…)` and `Change("…", …)` in
    an app's code (constants, or names of its `standard` module)."""
    standard = (
        importlib.import_module(f"zhengwu.{app}.standard") if (SRC / app / "standard.py").exists() else None
    )
    found = {}
    for path in sorted((SRC / app).rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            values = [
                k.value for k in node.keywords if k.arg == "action" and name in ("record", "ledger_record")
            ]
            if name == "Change" and node.args:
                values.append(node.args[0])
            for value in values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found[value.value] = f"{path.relative_to(SRC)}:{node.lineno}"
                elif isinstance(value, ast.Attribute) and getattr(value.value, "id", "") == "standard":
                    found[getattr(standard, value.attr)] = f"{path.relative_to(SRC)}:{node.lineno}"
                else:
                    raise AssertionError(
                        f"{path.relative_to(SRC)}:{node.lineno}: a ledger action this test cannot read"
                    )
    return found


@pytest.mark.parametrize("app", BASE_APPS)
def test_every_action_a_shared_app_writes_is_declared_by_it(app):
    declared = {code for code, (label, _item) in ledger_actions().items() if label == app}
    written = _written_actions(app)
    assert {code: where for code, where in written.items() if code not in declared} == {}
    if app in ("org", "workdays", "outbox"):
        assert written  # the scan itself works
