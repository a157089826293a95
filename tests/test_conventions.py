"""Conventions of the codebase, checked (Zulip's custom_check idea, in small)."""

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "zhengwu"
DOCS = Path(__file__).resolve().parents[1] / "docs"
APPS = sorted(p.parent for p in SRC.glob("*/apps.py"))
SYSTEM_APPS = {"credit", "dispatch", "lawyers", "inspections", "reforms"}


@pytest.mark.parametrize("path", sorted(SRC.glob("*/rules.py")) + sorted(SRC.glob("*/standard.py")),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_rules_and_standards_are_pure(path):
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import) django\.db", text, re.M), "no ORM in pure rules"
    assert ".objects." not in text


@pytest.mark.parametrize("path", sorted(SRC.glob("*/views.py")) + sorted(SRC.glob("*/api.py"))
                         + sorted(SRC.glob("*/views/*.py")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_views_do_not_bypass_selectors_and_scoping(path):
    text = path.read_text(encoding="utf-8")
    assert ".objects.get(" not in text, (
        "views read through selectors (and org.scoping), not Model.objects.get"
    )


@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_every_app_with_models_has_migrations(app):
    models = app / "models.py"
    if models.exists() and "models.Model" in models.read_text(encoding="utf-8"):
        assert any((app / "migrations").glob("0001_*.py")), f"{app.name} has models but no migrations"


@pytest.mark.parametrize("app", sorted(SYSTEM_APPS))
def test_every_system_has_a_seed_map(app):
    if not (SRC / app / "models.py").exists():
        pytest.skip(f"{app} not built yet")
    assert (DOCS / "seed-map" / f"{app}.md").exists()


def test_no_fstrings_inside_gettext():
    offenders = []
    for path in SRC.rglob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\b_\(\s*f[\"']", line):
                offenders.append(f"{path.relative_to(SRC)}:{n}")
    assert not offenders, offenders


def _chain(call):
    """The method calls of one queryset chain, outermost first: a.b().c() gives [c, b]."""
    while isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute):
        yield call
        call = call.func.value


def test_row_locks_with_joins_lock_only_their_own_rows():
    """PostgreSQL refuses FOR UPDATE over the nullable side of an outer join (select_related of a
    nullable foreign key), and SQLite ignores FOR UPDATE, so only this check catches it before CI's
    PostgreSQL leg: a locking query that joins must say `of=("self", ...)`."""
    offenders = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            calls = list(_chain(node))
            names = {c.func.attr for c in calls}
            if not calls or "select_related" not in names:
                continue
            for c in calls:
                if c.func.attr == "select_for_update" and not any(k.arg == "of" for k in c.keywords):
                    offenders.append(f"{path.relative_to(SRC)}:{c.lineno}")
    assert not offenders, sorted(set(offenders))
