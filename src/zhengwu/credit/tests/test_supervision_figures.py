"""双公示's figures for 大督查 (issue 19 §4): declared in
`provides["supervision_figures"]`, in the contract's shape (reforms `rules.read_figures` accepts them) and
matching a hand-computed example on the official calendar."""

from datetime import date, datetime, time

import pytest
from django.apps import apps
from django.utils import timezone

from zhengwu.core.systems import providers
from zhengwu.credit.models import CatalogItem
from zhengwu.credit.selectors import supervision
from zhengwu.credit.tests.workflow_factories import make_record
from zhengwu.reforms import rules as reform_rules

pytestmark = pytest.mark.django_db


def at(day: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(10), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def october(units):
    """Deadlines on the 2025 calendar (国庆 1–8 October off, Saturday 11 October a working day):
    decided 29 Sep → due 15 Oct; decided 9 Oct → due 17 Oct;
    decided 30 Oct → due 10 Nov; decided 15 Sep → due 24 Sep."""
    qcgj, qfgj = units["QCGJ"], units["QFGJ"]
    # 区城管局: A on time, B a day late, C never published, D and E due outside October
    make_record(qcgj, key="A", decided_on=date(2025, 9, 29), state="published", published_at=at("2025-10-14"))
    make_record(qcgj, key="B", decided_on=date(2025, 9, 29), state="pushed", published_at=at("2025-10-16"))
    make_record(qcgj, key="C", decided_on=date(2025, 9, 29), state="submitted")
    make_record(
        qcgj, key="D", decided_on=date(2025, 10, 30), state="published", published_at=at("2025-10-31")
    )
    make_record(qcgj, key="E", decided_on=date(2025, 9, 15), state="imported")
    # 区发改局: F published on its deadline (a due date stored
    # beforehand counts as stored); G's item is 不予公示
    make_record(qfgj, key="F", kind="license", decided_on=date(2025, 10, 9), due_on=date(2025, 10, 17),
                state="published", published_at=at("2025-10-17"))
    CatalogItem.objects.create(unit=qfgj, kind="penalty", code="SECRET-1", name="涉密事项", publishable=False,
                               legal_basis="《中华人民共和国保守国家秘密法》第九条")
    make_record(qfgj, key="G", decided_on=date(2025, 9, 29), state="imported", item_code="SECRET-1")


def test_credit_declares_its_supervision_figures():
    assert apps.get_app_config("credit").provides["supervision_figures"] == \
        "zhengwu.credit.selectors.supervision.figures"
    assert providers("supervision_figures")["credit"] is supervision.figures


def test_figures_match_the_hand_computed_example(october):
    rows = supervision.figures(start=date(2025, 10, 1), end=date(2025, 10, 31), on=date(2025, 11, 10))
    # 区城管局: A, B, C due in October (15 Oct) and judged (B published, C past its deadline); A kept → 3 / 1
    # 区发改局: F due 17 Oct and published that day → 1 / 1; G's item is 不予公示 (never due)
    assert rows == [
        {"unit": "QCGJ", "measure": "credit.timely", "label": "双公示按时公示", "due": 3, "kept": 1},
        {"unit": "QFGJ", "measure": "credit.timely", "label": "双公示按时公示", "due": 1, "kept": 1},
    ]
    assert [f.due for f in reform_rules.read_figures("credit", rows)] == [
        3,
        1,
    ]  # the contract's checker accepts them


def test_figures_are_judged_as_known_on_the_day(october):
    # on 15 Oct: A published (kept); B (published later) and C are still open
    # on their deadline day: not judged; F's deadline (17 Oct) has not come
    # and it is not yet published: not judged → 区发改局 has nothing due
    rows = supervision.figures(start=date(2025, 10, 1), end=date(2025, 10, 31), on=date(2025, 10, 15))
    assert [(r["unit"], r["due"], r["kept"]) for r in rows] == [("QCGJ", 1, 1)]
    # on 16 Oct the deadline has passed: B (published that day) is late and C overdue
    rows = supervision.figures(start=date(2025, 10, 1), end=date(2025, 10, 31), on=date(2025, 10, 16))
    assert [(r["unit"], r["due"], r["kept"]) for r in rows] == [("QCGJ", 3, 1)]


def test_a_period_without_deadlines_has_no_figures(october):
    assert supervision.figures(start=date(2024, 1, 1), end=date(2024, 12, 31), on=date(2025, 1, 1)) == []


def test_the_supervision_dashboard_reads_credits_figures(october):
    # deferred: the one test that reads credit's figures through 大督查 itself (through the registry, no copy)
    from zhengwu.reforms.selectors import oversight

    board = oversight.dashboard(start=date(2025, 10, 1), end=date(2025, 10, 31), on=date(2025, 11, 10))
    credit = next(s for s in board["systems"] if s["system"] == "credit")
    assert (credit["error"], credit["due"], credit["kept"]) == ("", 4, 2)
