"""The seed map documents every ledger action, every default dispatch rule and every test it names, and
every code path it names exists."""

import importlib
import re
from pathlib import Path

from django.apps import apps

from zhengwu.dispatch.rules.hotspot_terms import HotspotAction
from zhengwu.dispatch.rules.matter_terms import MatterAction
from zhengwu.dispatch.standard import DISPATCH_RULE_DEFAULTS, Action

DOC = Path(__file__).resolve().parents[4] / "docs" / "seed-map" / "dispatch.md"
TESTS = Path(__file__).resolve().parent


def test_every_ledger_action_is_declared_and_documented():
    declared = [a.code for a in apps.get_app_config("dispatch").ledger_actions]
    # the declaration is the enums
    assert sorted(declared) == sorted(a.value for a in (*Action, *MatterAction, *HotspotAction))
    text = DOC.read_text(encoding="utf-8")
    assert [code for code in declared if f"`{code}`" not in text] == []


# the app's modules a seed-map path may start with (`services.intake._save_new`, `rules.classifier.clean`)
LAYERS = ("services", "selectors", "rules", "standard", "models", "views", "api", "permissions", "tasks",
          "checks", "apps", "admin", "forms", "reference", "demo")


def _resolves(path: str) -> bool:
    parts = path.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module("zhengwu.dispatch." + ".".join(parts[:i]))
        except ImportError:
            continue
        for name in parts[i:]:
            if not hasattr(obj, name):
                return False
            obj = getattr(obj, name)
        return True
    return False


def test_every_code_path_the_seed_map_names_exists():
    text = DOC.read_text(encoding="utf-8")
    named = {token for quoted in re.findall(r"`([^`]+)`", text) for token in re.split(r"[ ,/()→]+", quoted)
             if re.fullmatch(r"[a-z_]+(\.[A-Za-z_]\w*)+", token) and token.split(".")[0] in LAYERS}
    assert len(named) > 40 and sorted(p for p in named if not _resolves(p)) == []


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
    from zhengwu.dispatch.standard import CENTRE_UNIT_CODE, DISPATCH_UNIT_CODE
    from zhengwu.org.models import Unit

    # the test database may hold Luohu's units already: rename the two the check looks for
    for code in (DISPATCH_UNIT_CODE, CENTRE_UNIT_CODE):
        Unit.objects.filter(code=code).update(code=f"{code}-gone")
    got = reference_present(databases=["default"])
    assert [w.id for w in got] == ["dispatch.W001", "dispatch.W002", "dispatch.W002"]
    assert all(isinstance(w, django_checks.Warning) for w in got)


def test_checks_are_quiet_once_the_reference_is_loaded(ref):
    from zhengwu.dispatch.checks import reference_present

    assert reference_present(databases=["default"]) == []
