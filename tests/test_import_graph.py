"""The layering of the code, checked over the import graph (zhengwu.testing.import_graph).

Each rule is tested twice: the real tree keeps it, and a planted breach of it is caught.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from zhengwu.testing import import_graph as ig

ROOT = Path(__file__).resolve().parents[1]

CLEAN = {
    "zhengwu/__init__.py": "",
    "zhengwu/core/__init__.py": "",
    "zhengwu/core/apps.py": "",
    "zhengwu/core/errors.py": "class ApplicationError(Exception):\n    pass\n",
    "zhengwu/alpha/__init__.py": "",
    "zhengwu/alpha/apps.py": "",
    "zhengwu/alpha/standard.py": "LIMIT = 3\n",
    "zhengwu/alpha/rules.py": "from zhengwu.alpha.standard import LIMIT\nfrom zhengwu.core.errors import "
                              "ApplicationError\n",
    "zhengwu/alpha/models.py": "from django.db import models\n",
    "zhengwu/alpha/services/__init__.py": "",
    "zhengwu/alpha/services/items.py": "from zhengwu.alpha import rules\nfrom zhengwu.alpha.models import "
                                       "models\n",
    "zhengwu/alpha/selectors/__init__.py": "",
    "zhengwu/alpha/selectors/items.py": "from zhengwu.alpha.models import models\n",
    "zhengwu/alpha/views/__init__.py": "",
    "zhengwu/alpha/views/items.py": "from zhengwu.alpha import selectors\nfrom zhengwu.alpha.services import "
                                    "items\n",
    "zhengwu/alpha/tasks.py": "from zhengwu.alpha.services import items\n",
    "zhengwu/beta/__init__.py": "",
    "zhengwu/beta/apps.py": "",
    "zhengwu/beta/services.py": (
        "def f():\n    # deferred: the registry resolves providers after loading\n"
        "    from zhengwu.core import errors\n"
    ),
}

PLANTED = {
    "pure": {"zhengwu/alpha/rules.py": "from django.db import models\n"},
    "pure-project": {"zhengwu/alpha/rules.py": "from zhengwu.alpha.models import models\n"},
    "edge": {"zhengwu/alpha/views/items.py": "from zhengwu.alpha.models import models\n"},
    "reads": {"zhengwu/alpha/selectors/items.py": "from zhengwu.alpha.services import items\n"},
    "base": {"zhengwu/core/apps.py": "from zhengwu.alpha import standard\n"},
    "systems": {"zhengwu/beta/services.py": "from zhengwu.alpha.selectors import items\n"},
    "deferred": {"zhengwu/beta/services.py": "def f():\n    from zhengwu.core import errors\n"},
    "cycles": {"zhengwu/alpha/services/items.py": "def f():\n    from zhengwu.alpha import tasks  # why\n"},
}


def test_a_clean_tree_has_no_violation():
    assert ig.violations(ig.build(sources=CLEAN)) == []


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_a_planted_breach_of_each_rule_is_caught(name):
    graph = ig.build(sources=CLEAN | PLANTED[name])
    found = {v.rule for v in ig.violations(graph)}
    assert found == {name.split("-")[0]}, found


def test_relative_imports_and_from_package_imports_resolve_to_modules():
    graph = ig.build(sources=CLEAN | {"zhengwu/alpha/views/items.py": "from ..services import items\n"})
    targets = {i.target for i in graph.imports if i.source == "zhengwu.alpha.views.items"}
    assert targets == {"zhengwu.alpha.services.items"}


def test_the_tree_keeps_every_rule():
    found = ig.violations()
    assert not found, "\n".join(map(str, found))


@pytest.mark.database_independent  # its process has a SQLite file of its own, whatever the suite's database
def test_startsystem_creates_an_app_whose_first_tests_pass_and_that_keeps_every_rule(tmp_path):
    shutil.copytree(ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "docs" / "seed-map").mkdir(parents=True)
    for name in ("conftest.py", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    env = {"PYTHONPATH": str(tmp_path / "src"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "ZHENGWU_VAR_DIR": str(tmp_path / "var")}
    bin_dir = Path(sys.executable).parent
    made = subprocess.run(
        [
            bin_dir / "zhengwu",
            "startsystem",
            "demo",
            "--title",
            "演示",
            "--package-dir",
            tmp_path / "src" / "zhengwu",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    assert '"zhengwu.demo",' in (tmp_path / "src" / "zhengwu" / "settings.py").read_text(encoding="utf-8")
    assert (tmp_path / "docs" / "seed-map" / "demo.md").exists()
    tests = subprocess.run(
        [bin_dir / "pytest", "src/zhengwu/demo", "-o", "addopts=", "-q", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert tests.returncode == 0, tests.stdout[-3000:]
    assert " passed" in tests.stdout
    graph = ig.build(tmp_path / "src" / "zhengwu")
    mine = [v for v in ig.violations(graph) + ig.check_skeleton(graph, tmp_path / "src" / "zhengwu")
            if v.module == "zhengwu.demo" or v.module.startswith("zhengwu.demo.")]
    assert mine == [], "\n".join(map(str, mine))
    again = subprocess.run(
        [bin_dir / "zhengwu", "startsystem", "demo", "--package-dir", tmp_path / "src" / "zhengwu"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode != 0 and "already exists" in again.stderr
