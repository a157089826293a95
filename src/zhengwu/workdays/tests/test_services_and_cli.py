from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from zhengwu.ledger.models import Entry
from zhengwu.workdays import selectors, services
from zhengwu.workdays.models import Override


def run(*args) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().strip()


def test_cli_add_prints_the_issue_example(db):
    assert run("add", "2025-09-30", "7") == "2025-10-16"


def test_cli_between_and_is(db):
    assert run("between", "2025-09-30", "2025-10-16") == "7"
    assert run("is", "2025-10-11") == "1"
    assert run("is", "2025-10-01") == "0"


def test_cli_unknown_year_is_a_clear_command_error(db):
    with pytest.raises(CommandError, match="2028"):
        run("add", "2028-01-05", "3")


def test_cli_rejects_an_impossible_date(db):
    with pytest.raises(CommandError, match="2025-02-30"):
        run("add", "2025-02-30", "3")


def test_database_overrides_are_seen_at_once_and_written_to_the_ledger(db):
    with pytest.raises(Exception):  # noqa: B017 - UnknownYear before the override exists
        selectors.is_workday(date(2027, 1, 1))
    services.override_set(day=date(2027, 1, 1), is_workday=False, name="元旦")
    assert selectors.is_workday(date(2027, 1, 1)) is False
    entry = Entry.objects.get(action="workdays.override.set")
    assert entry.after["date"] == "2027-01-01" and entry.after["is_workday"] is False


def test_import_overrides_from_csv(db):
    n = services.overrides_import("date,is_workday,name\n2027-02-06,0,春节\n2027-02-20,1,春节调休\n")
    assert n == 2
    assert set(Override.objects.values_list("date", "is_workday")) == {
        (date(2027, 2, 6), False), (date(2027, 2, 20), True)}


def test_import_rejects_a_bad_row_naming_the_line_and_keeps_nothing(db):
    with pytest.raises(ValidationError, match="第 3 行"):
        services.overrides_import("date,is_workday,name\n2027-02-06,0,春节\n2027-13-01,1,x\n")
    assert Override.objects.count() == 0
