"""The `database_independent` mark: the PostgreSQL leg leaves such tests
out, so the mark must not sit on a test that uses the database. The `early` mark: such tests are run first."""

from types import SimpleNamespace

import pytest

from zhengwu.testing import fixtures


def _item(*fixturenames, marks=("database_independent",), nodeid="t::x"):
    return SimpleNamespace(nodeid=nodeid, fixturenames=list(fixturenames),
                           get_closest_marker=lambda name: object() if name in marks else None)


def test_a_marked_test_that_asks_for_the_database_is_refused_naming_the_fixture():
    with pytest.raises(pytest.UsageError, match="t::x .* uses the database \\(units\\)"):
        fixtures.pytest_collection_modifyitems(None, [_item("tmp_path", "units")])
    with pytest.raises(pytest.UsageError, match="django_db"):
        fixtures.pytest_collection_modifyitems(None, [_item(marks=("database_independent", "django_db"))])


def test_pure_marked_tests_and_unmarked_database_tests_pass_collection():
    fixtures.pytest_collection_modifyitems(None, [_item("tmp_path"), _item("db", marks=())])


def test_the_postgresql_leg_leaves_out_only_the_marked_tests():
    makefile = (fixtures.__file__.rsplit("/src/", 1)[0] + "/Makefile")
    with open(makefile, encoding="utf-8") as f:
        text = f.read()
    postgres = text.split("test-postgres:", 1)[1].split("\n\n", 1)[0]
    assert '-m "not database_independent"' in postgres
    assert "-m" not in text.split("test-sqlite:", 1)[1].split("\n\n", 1)[0]


def test_early_tests_come_first_each_group_in_its_own_order():
    order = [("a", ()), ("sweep1", ("early",)), ("b", ()), ("sweep2", ("early",)), ("c", ())]
    items = [_item(marks=marks, nodeid=nodeid) for nodeid, marks in order]
    fixtures.pytest_collection_modifyitems(None, items)
    assert [i.nodeid for i in items] == ["sweep1", "sweep2", "a", "b", "c"]
