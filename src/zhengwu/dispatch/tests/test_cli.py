"""`zhengwu dispatch` as a user meets it (issue 13 items 15–16, 大分拨 parts): ordinary mistakes are one
line and exit 2, import lists its columns and agrees with classify on the title, route says how many
were dispatched and how many went to triage, scan --now runs without a worker."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhengwu.dispatch.models import Event
from zhengwu.dispatch.tests.conftest import FakeClassifier, use_classifier


def _usage_error(*args) -> str:
    with pytest.raises(CommandError) as exc:
        call_command("dispatch", *args)
    assert exc.value.returncode == 2 and "\n" not in str(exc.value)
    return str(exc.value)


def test_classify_into_a_missing_folder_is_one_line_and_exit_2(tmp_path, db):
    source = tmp_path / "in.csv"
    source.write_text("id,title,text\n1,路灯,路灯坏了\n", encoding="utf-8")
    assert "/nonexistent/dir" in _usage_error("classify", str(source), "--out", "/nonexistent/dir/o.csv")
    assert str(tmp_path) in _usage_error("classify", str(source), "--out", str(tmp_path))


def test_import_of_a_folder_or_a_missing_file_is_one_line_and_exit_2(tmp_path, db):
    assert str(tmp_path) in _usage_error("import", str(tmp_path))
    assert "nothere.csv" in _usage_error("import", str(tmp_path / "nothere.csv"))


@pytest.mark.database_independent  # its process has a SQLite file of its own, whatever the suite's database
def test_the_command_line_exits_2_without_a_traceback(tmp_path):
    env_src = str(Path(__file__).resolve().parents[3])
    done = subprocess.run([sys.executable, "-m", "zhengwu", "dispatch", "import", str(tmp_path)],
                          capture_output=True, text=True, env={"PYTHONPATH": env_src, "PATH": "/usr/bin:/bin",
                                                               "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"})
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_import_help_lists_every_column():
    from zhengwu.dispatch.management.commands.dispatch import IMPORT_COLUMNS, Command

    parser = Command().create_parser("zhengwu", "dispatch")
    sub = next(a for a in parser._actions if a.dest == "sub").choices["import"]
    text = sub.format_help()
    assert all(name in text for name, _what in IMPORT_COLUMNS) and "received_at" in text


def test_import_takes_a_blank_title_from_the_text_as_classify_does(ref, monkeypatch, tmp_path):
    use_classifier(monkeypatch, FakeClassifier("城乡建设", 0.9))
    source = tmp_path / "old.csv"
    source.write_text("source_id,title,text,address\nA-1,,鹿丹村路灯坏了一个月了,鹿丹村\n", encoding="utf-8")
    out = io.StringIO()
    call_command("dispatch", "import", str(source), "--source-system", "旧系统", stdout=out)
    assert "1 events imported" in out.getvalue()
    assert Event.objects.get(source_id="A-1").title == "鹿丹村路灯坏了一个月了"


def test_route_reports_dispatched_and_triaged(ref, monkeypatch):
    from zhengwu.dispatch import services, tasks
    from zhengwu.dispatch.tests.test_routing import _Queued

    monkeypatch.setattr(tasks, "dispatch_received", _Queued())  # intake only stores; route does the rest
    for address in ("鹿丹村", "不知道哪里"):
        services.event_intake(
            channel="web", title="路灯不亮", text="路灯坏了", address=address, actor="public"
        )
    assert Event.objects.filter(state="received").count() == 2
    use_classifier(monkeypatch, FakeClassifier("城乡建设", 0.9))
    out = io.StringIO()
    call_command("dispatch", "route", stdout=out)
    assert "1 dispatched, 1 to manual triage" in out.getvalue()


def test_route_counts_the_merged_apart_from_the_classified(ref, monkeypatch, settings):
    """A batch's second report of one matter is merged by the routing's same-matter check: not classified."""
    from zhengwu.dispatch import services, tasks
    from zhengwu.dispatch.tests.test_routing import _Queued

    settings.DISPATCH_MATTER_THRESHOLDS = {}  # the defaults: automatic merging above 0.6
    monkeypatch.setattr(tasks, "dispatch_received", _Queued())
    item = {"title": "鹿丹村路灯不亮", "text": "鹿丹村小区门口的路灯坏了一个月，晚上很黑",
            "address": "鹿丹村"}
    services.event_intake_many([item | {"source_id": "H-1"}, item | {"source_id": "H-2"}],
                               channel="hotline", source_system="hotline")
    use_classifier(monkeypatch, FakeClassifier("城乡建设", 0.9))
    out = io.StringIO()
    call_command("dispatch", "route", stdout=out)
    assert "1 events classified and 1 merged into an earlier case" in out.getvalue()
    assert "1 dispatched, 0 to manual triage" in out.getvalue()


def test_scan_now_runs_the_scan_here_without_enqueueing(db, monkeypatch):
    from zhengwu.dispatch.management.commands import dispatch as command

    class NoWorker:
        def enqueue(self, *args, **kwargs):
            raise AssertionError("--now must not need a worker")

    monkeypatch.setattr(command, "scan_warnings", NoWorker())
    out = io.StringIO()
    call_command("dispatch", "scan", "--now", stdout=out)
    assert "deadline scan done: 0 warnings changed" in out.getvalue()
