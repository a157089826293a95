"""Reminders: units with due-soon/overdue records get a mail to operators and leaders and a ledger entry;
the CLI queues (or runs) them as tasks."""

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from zhengwu.credit.services import reminders
from zhengwu.credit.tests.workflow_factories import make_record
from zhengwu.ledger.models import Entry
from zhengwu.org.roles import Role


@pytest.mark.django_db
def test_reminder_counts_and_mail(units, make_user):
    today = date(2025, 10, 13)
    make_record(units["QCGJ"], due_on=date(2025, 10, 15))  # due soon
    make_record(units["QCGJ"], due_on=date(2025, 10, 9))  # overdue
    make_record(units["QCGJ"], due_on=date(2025, 10, 9), state="published")  # done
    make_record(units["QCGJ"], due_on=date(2025, 10, 30))  # later
    make_user("QCGJ", Role.OPERATOR, email="op@example.org")
    make_user("QCGJ", Role.LEADER, email="boss@example.org")
    make_user("QCGJ", Role.REVIEWER, email="rev@example.org")
    assert reminders.reminder_units(today=today) == [units["QCGJ"].pk]
    r = reminders.reminder_send(units["QCGJ"], today=today)
    assert (r.due_soon, r.overdue, r.recipients) == (1, 1, ("boss@example.org", "op@example.org"))
    (m,) = mail.outbox
    assert "1 条已超期" in m.subject and sorted(m.to) == ["boss@example.org", "op@example.org"]
    e = Entry.objects.get(action="credit.reminder.sent")
    assert (e.object_id, e.after["overdue"], e.after["recipients"]) == (str(units["QCGJ"].pk), 1, 2)


@pytest.mark.django_db
def test_nothing_due_sends_nothing(units):
    make_record(units["QCGJ"], due_on=date(2025, 10, 30))
    r = reminders.reminder_send(units["QCGJ"], today=date(2025, 10, 13))
    assert r.empty and not mail.outbox and not Entry.objects.filter(action="credit.reminder.sent").exists()


@pytest.mark.django_db
def test_cli_fills_due_dates_and_runs_the_tasks(units, make_user):
    make_record(units["QCGJ"], decided_on=date(2016, 3, 1))  # due 2016-03-10: long overdue, no due date yet
    make_user("QCGJ", Role.OPERATOR, email="op@example.org")
    out = StringIO()
    call_command("credit", "remind", stdout=out)  # tasks run immediately in tests
    assert "1 units queued" in out.getvalue() and len(mail.outbox) == 1
    out = StringIO()
    call_command("credit", "remind", "--now", "--unit", "QFGJ", stdout=out)
    assert "0 units reminded" in out.getvalue()
