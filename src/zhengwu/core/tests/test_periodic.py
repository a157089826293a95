"""Periodic jobs: declared by the apps, each slot started once across workers, working days honoured."""

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.tasks import task
from django.test import override_settings

from zhengwu.core import checks, periodic, scheduling
from zhengwu.core.management.commands.worker import Command as WorkerCommand
from zhengwu.core.models import PeriodicRun
from zhengwu.core.periodic import Periodic

SHANGHAI = ZoneInfo("Asia/Shanghai")
RUNS = []


@task
def count_run() -> int:
    RUNS.append(1)
    return len(RUNS)


JOB = Periodic("test.count", f"{__name__}.count_run", "*/15 * * * *", "counts its runs")
WORKDAY_JOB = Periodic("test.workday", f"{__name__}.count_run", "0 8 * * *", workdays_only=True)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def jobs(monkeypatch):
    RUNS.clear()
    declared = [JOB]
    monkeypatch.setattr(scheduling, "declared_jobs", lambda: list(declared))
    return declared


def test_next_run_follows_the_cron_expression_in_local_time():
    assert periodic.next_run("*/15 * * * *", at(2026, 11, 25, 19, 7)) == at(2026, 11, 25, 19, 15)
    assert periodic.next_run("0 8 * * *", at(2026, 11, 25, 8, 0)) == at(2026, 11, 26, 8, 0)  # strictly after
    with pytest.raises(ValueError, match="bad cron expression '0 8 \\* \\*'"):
        periodic.next_run("0 8 * *", at(2026, 11, 25))


def test_every_app_declares_its_jobs_and_settings_can_switch_one_off():
    names = {j.name for j in periodic.declared_jobs()}
    assert {
        "outbox.deliver",
        "dispatch.warnings",
        "dispatch.route",
        "credit.remind",
        "ledger.verify",
    } <= names
    assert periodic.problems(periodic.declared_jobs()) == []  # every shipped declaration is valid
    with override_settings(PERIODIC_JOBS_DISABLED=["ledger.verify"]):
        assert "ledger.verify" not in {j.name for j in periodic.declared_jobs()}


def test_bad_declarations_are_named_by_the_system_check(monkeypatch):
    bad = [
        JOB,
        JOB,
        Periodic("x.cron", JOB.task, "every day"),
        Periodic("x.path", "zhengwu.nowhere.task", "* * * * *"),
        Periodic("x.plain", "zhengwu.core.periodic.next_run", "* * * * *"),
    ]
    monkeypatch.setattr(periodic, "declared_jobs", lambda: bad)
    found = [e.msg for e in checks.periodic_jobs_valid()]
    assert any("test.count: declared twice" in m for m in found)
    assert any("x.cron: bad cron expression" in m for m in found)
    assert any("x.path: task zhengwu.nowhere.task cannot be imported" in m for m in found)
    assert any("x.plain: zhengwu.core.periodic.next_run is not a django.tasks task" in m for m in found)


@pytest.mark.django_db
def test_a_job_is_planned_on_first_sight_and_started_once_per_slot(jobs):
    assert scheduling.tick(at(2026, 11, 25, 19, 7)) == []  # planned for 19:15, nothing due yet
    assert PeriodicRun.objects.get(name="test.count").next_run_at == at(2026, 11, 25, 19, 15)
    assert scheduling.tick(at(2026, 11, 25, 19, 14)) == []
    started = scheduling.tick(at(2026, 11, 25, 19, 15, 10))
    assert [s.name for s in started] == ["test.count"] and started[0].task_id and RUNS == [1]
    assert scheduling.tick(at(2026, 11, 25, 19, 15, 40)) == []  # a second worker in the same slot: nothing
    row = PeriodicRun.objects.get(name="test.count")
    assert row.next_run_at == at(2026, 11, 25, 19, 30) and row.last_task_id == started[0].task_id


@pytest.mark.django_db
def test_missed_slots_are_coalesced_into_one_run(jobs):
    scheduling.tick(at(2026, 11, 25, 19, 7))
    scheduling.tick(at(2026, 11, 25, 23, 2))  # no worker ran for four hours: one run, not sixteen
    assert RUNS == [1]
    assert PeriodicRun.objects.get(name="test.count").next_run_at == at(2026, 11, 25, 23, 15)


@pytest.mark.django_db
def test_two_workers_that_read_the_same_due_slot_start_it_once(jobs):
    scheduling.tick(at(2026, 11, 25, 19, 7))
    stale = PeriodicRun.objects.get(name="test.count")  # both workers read this row
    now = at(2026, 11, 25, 19, 15, 5)
    first = scheduling._claim_and_start(JOB, stale, now)
    second = scheduling._claim_and_start(JOB, stale, now)
    assert first is not None and second is None and RUNS == [1]


@pytest.mark.django_db
def test_a_working_days_job_skips_holidays_and_runs_on_make_up_saturdays(jobs):
    jobs[:] = [WORKDAY_JOB]
    scheduling.tick(at(2026, 9, 30, 9, 0))
    skipped = scheduling.tick(at(2026, 10, 1, 8, 0, 5))  # 国庆: a Thursday, not a working day
    assert skipped[0].task_id == "" and "not a working day" in skipped[0].note and RUNS == []
    scheduling.tick(at(2026, 10, 9, 9, 0))  # (Friday 08:00 ran; plan Saturday's)
    ran = scheduling.tick(at(2026, 10, 10, 8, 0, 5))  # a Saturday made a working day (调休)
    assert ran[0].task_id and len(RUNS) == 2


@pytest.mark.django_db
def test_a_changed_plan_is_re_planned_from_now(jobs):
    scheduling.tick(at(2026, 11, 25, 19, 7))
    jobs[:] = [Periodic(JOB.name, JOB.task, "0 3 * * *")]
    scheduling.tick(at(2026, 11, 25, 19, 8))
    row = PeriodicRun.objects.get(name="test.count")
    assert row.cron == "0 3 * * *" and row.next_run_at == at(2026, 11, 26, 3, 0) and RUNS == []


@pytest.mark.django_db
def test_run_now_starts_a_job_whatever_its_plan_and_names_an_unknown_one(jobs):
    assert scheduling.run_now("test.count", at(2026, 11, 25, 19, 7)).task_id and RUNS == [1]
    with pytest.raises(ValueError, match="no periodic job 'nope'; known: test.count"):
        scheduling.run_now("nope")


@pytest.mark.django_db
def test_schedule_command_lists_runs_and_refuses_an_unknown_job(jobs, capsys):
    call_command("schedule")
    assert "test.count" in capsys.readouterr().out and RUNS == []  # listing never starts anything
    call_command("schedule", "run", "test.count")
    assert RUNS == [1]
    with pytest.raises(CommandError, match="no periodic job 'nope'"):
        call_command("schedule", "run", "nope")


def test_a_failing_pass_does_not_stop_the_scheduler_thread(monkeypatch):
    stop, passes = threading.Event(), []

    def failing_tick():
        passes.append(1)
        if len(passes) == 2:
            stop.set()
        raise RuntimeError("database is locked")

    monkeypatch.setattr(scheduling, "tick", failing_tick)
    monkeypatch.setattr(scheduling, "close_old_connections", lambda: None)  # no database in this test
    scheduling.loop(stop, interval=0)
    assert len(passes) == 2  # the first failure was logged and the loop went on


@pytest.mark.parametrize(("options", "env", "wanted"), [
    ({}, None, True),
    ({"no_scheduler": True}, None, False),
    ({"batch": True}, None, False),
    ({"reload": True}, None, False),  # the autoreloader's parent process runs no tasks
    ({"reload": True}, "true", True),  # its child does
])
def test_the_worker_runs_the_scheduler_unless_told_not_to(monkeypatch, options, env, wanted):
    if env:
        monkeypatch.setenv("RUN_MAIN", env)
    else:
        monkeypatch.delenv("RUN_MAIN", raising=False)
    assert WorkerCommand.scheduler_wanted(options) is wanted
