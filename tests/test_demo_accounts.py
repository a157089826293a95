"""Issue 12 item 6: 18 demo accounts (fb_*) accepted the published demo password and were not in the
README. Every account the demo data creates is listed in README's table, and `zhengwu demo-data`
refuses to run (exit 2) when ZHENGWU_PRODUCTION is set."""

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[1]


def readme_accounts() -> set[str]:
    """The usernames in the first column of README's demo-user table."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("Demo users"):]
    table = re.search(r"\n((?:\|.*\|\n)+)", section).group(1)
    names = set()
    for line in table.splitlines()[2:]:  # after the header and its rule
        names |= set(re.findall(r"`([^`]+)`", line.split("|")[1]))
    return names


@pytest.fixture
def small_demo(tmp_path, monkeypatch):
    """The demo loaders over small slices of their data (the accounts do not depend on the volume)."""
    from zhengwu.credit import demo as credit_demo
    from zhengwu.dispatch.rules import classifier

    rows = list(csv.DictReader(classifier.TRAIN_CSV.open(encoding="utf-8")))[:30]
    small = tmp_path / "train.csv"
    with small.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setattr(classifier, "TRAIN_CSV", small)
    monkeypatch.setattr(
        credit_demo, "PLAN", tuple((code, std, 12, seed) for code, std, _n, seed in credit_demo.PLAN)
    )


@pytest.mark.django_db
def test_readme_lists_every_account_the_demo_data_creates(small_demo):
    from zhengwu.org.demo import DEMO_PASSWORD

    call_command("demo-data", verbosity=0, stdout=io.StringIO())
    users = list(get_user_model().objects.all())
    with_demo_password = {u.username for u in users if u.check_password(DEMO_PASSWORD)}
    assert {u.username for u in users} == with_demo_password  # the demo creates no other account
    assert any(name.startswith("fb_") for name in with_demo_password)
    listed = readme_accounts()
    assert with_demo_password - listed == set(), "accounts with the demo password missing from README"
    assert listed - with_demo_password == set(), "README lists accounts the demo data does not create"


@pytest.mark.django_db
def test_demo_data_refuses_in_production_with_exit_status_2(settings, monkeypatch):
    settings.PRODUCTION = True
    with pytest.raises(CommandError) as exc:
        call_command("demo-data", verbosity=0)
    assert exc.value.returncode == 2 and "ZHENGWU_PRODUCTION" in str(exc.value)
    settings.PRODUCTION = False
    monkeypatch.setenv("ZHENGWU_PRODUCTION", "1")  # as the environment says now, too
    with pytest.raises(CommandError):
        call_command("demo-data", verbosity=0)
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_the_loaders_that_make_accounts_refuse_on_their_own(settings):
    from zhengwu.org import demo

    settings.PRODUCTION = True
    with pytest.raises(demo.DemoRefused):
        demo.load()
    assert not get_user_model().objects.exists()


@pytest.mark.database_independent  # its process has a SQLite file of its own, whatever the suite's database
def test_the_command_line_exits_2_with_a_clear_message(tmp_path):
    env = {**os.environ, "ZHENGWU_PRODUCTION": "1", "SECRET_KEY": "x" * 50, "ZHENGWU_VAR_DIR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "zhengwu.settings", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    done = subprocess.run(
        [sys.executable, "-m", "zhengwu", "demo-data"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2, done.stderr
    assert "ZHENGWU_PRODUCTION is set" in done.stderr and "demo" in done.stderr
