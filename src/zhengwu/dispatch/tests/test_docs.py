"""The seed map documents every ledger action, every default dispatch rule and every test it names."""

import re
from pathlib import Path

from zhengwu.dispatch.standard import DISPATCH_RULE_DEFAULTS, Action

DOC = Path(__file__).resolve().parents[4] / "docs" / "seed-map" / "dispatch.md"
TESTS = Path(__file__).resolve().parent


def test_every_ledger_action_is_documented():
    text = DOC.read_text(encoding="utf-8")
    missing = [a.value for a in Action if f"`{a.value}`" not in text]
    assert missing == []


def test_every_default_dispatch_rule_is_documented():
    text = DOC.read_text(encoding="utf-8")
    assert [r.name for r in DISPATCH_RULE_DEFAULTS if r.name.split(" → ")[0] not in text] == []


def test_every_test_the_seed_map_names_exists():
    text = DOC.read_text(encoding="utf-8")
    source = "\n".join(p.read_text(encoding="utf-8") for p in TESTS.glob("test_*.py"))
    named = set(re.findall(r"::(test_[a-z0-9_]+)", text))
    assert named and sorted(n for n in named if f"def {n}(" not in source) == []


def test_checks_warn_when_the_reference_data_is_missing(db):
    from django.core import checks as django_checks

    from zhengwu.dispatch.checks import reference_present

    got = reference_present(databases=["default"])
    assert [w.id for w in got] == ["dispatch.W001", "dispatch.W002", "dispatch.W002"]
    assert all(isinstance(w, django_checks.Warning) for w in got)


def test_checks_are_quiet_once_the_reference_is_loaded(ref):
    from zhengwu.dispatch.checks import reference_present

    assert reference_present(databases=["default"]) == []
