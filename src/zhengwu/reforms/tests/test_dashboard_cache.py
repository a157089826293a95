"""Issue 19, Speed: the 大督查 dashboard's figures are kept until the ledger moves (ledger.headcache) — any
governed change invalidates them; the settings the lights and scores read and the language are part of the
key; REFORMS_DASHBOARD_CACHE_SECONDS = 0 turns keeping off. The kept answer equals a fresh computation."""

from datetime import date

import pytest
from django.test import override_settings
from django.urls import reverse

from zhengwu.ledger import headcache
from zhengwu.org.roles import Role
from zhengwu.reforms import selectors, services
from zhengwu.reforms.models import Milestone
from zhengwu.reforms.rules import MilestoneDraft
from zhengwu.reforms.selectors.monthly import compute_overview

pytestmark = pytest.mark.django_db

PLAN = {"targets": "出台空编统筹办法", "content": "建立空闲编制收回制度", "responsible": "编办主任"}
Q = {"start": "2016-06-01", "end": "2016-06-30", "on": "2016-06-30"}
PERIOD = {"start": date(2016, 6, 1), "end": date(2016, 6, 30), "on": date(2016, 6, 30)}


@pytest.fixture
def overdue(make_user, units, monkeypatch):
    """Item 1 undertaken since March with one milestone due 2016-06-03 and not done: red on 2016-06-30."""
    from zhengwu.reforms.selectors import oversight, supervision

    monkeypatch.setattr(oversight, "providers", lambda name: {"reforms": supervision.figures})
    lead = make_user("QBB", Role.OPERATOR)
    services.plan_register(number=1, unit=units["QBB"], on=date(2016, 3, 1), actor=lead, **PLAN)
    services.plan_decompose(number=1, actor=lead, milestones=[MilestoneDraft("调研", "调研报告", "QBB",
                                                                             date(2016, 6, 3))])
    services.plan_undertake(number=1, on=date(2016, 3, 2), actor=lead)
    return lead


def _counts(client) -> dict:
    response = client.get(reverse("reforms:supervision_json"), Q)
    assert response.status_code == 200, response.content[:300]
    return response.json()["tree"]["counts"]


def test_the_figures_are_kept_until_the_ledger_moves(client, overdue, make_user):
    client.force_login(make_user("QDCS", Role.SUPERVISOR))
    assert _counts(client) == {"green": 0, "yellow": 0, "red": 1}
    # a change that bypasses the services (and so the ledger) is not seen: the answer is kept …
    Milestone.objects.update(done_on=date(2016, 6, 2))
    assert _counts(client) == {"green": 0, "yellow": 0, "red": 1}
    assert compute_overview(**PERIOD)["tree"]["counts"] == {
        "green": 0,
        "yellow": 1,
        "red": 0,
    }  # report missed
    # … until anything is written to the ledger: then everything is read afresh
    services.report_submit(number=1, on=date(2016, 6, 30), text="进展", actor=overdue)
    assert _counts(client) == {"green": 1, "yellow": 0, "red": 0}


def test_the_kept_answer_equals_a_fresh_computation_and_is_one_object(overdue):
    first = selectors.overview(**PERIOD)
    assert selectors.overview(**PERIOD) is first
    assert first == compute_overview(**PERIOD)
    other_day = selectors.overview(**{**PERIOD, "on": date(2016, 6, 1)})
    assert other_day is not first and other_day["tree"]["counts"]["red"] == 0


def test_the_settings_the_scores_read_and_the_language_are_part_of_the_key(client, overdue, make_user):
    client.force_login(make_user("QDCS", Role.SUPERVISOR))
    assert _counts(client)["red"] == 1
    assert _counts(client)["red"] == 1
    assert headcache.stats == {"hits": 1, "misses": 1}
    for changed in ({"REFORMS_YELLOW_WORKDAYS": 30}, {"REFORMS_REPORT_CYCLE_WORKDAYS": 200},
                    {"REFORMS_SCORE_WEIGHTS": {"reforms": 1, "notices": 1, "credit": 1, "dispatch": 1,
                                               "microprojects": 1, "public_rating": 1, "third_party": 1}},
                    {"LANGUAGE_CODE": "en"}):
        misses = headcache.stats["misses"]
        with override_settings(**changed):
            _counts(client)
        assert headcache.stats["misses"] == misses + 1, (
            changed
        )  # never answered from another setting's figures
    Milestone.objects.update(done_on=date(2016, 6, 2))
    with override_settings(REFORMS_DASHBOARD_CACHE_SECONDS=0):  # keeping turned off: read afresh every time
        assert _counts(client) == {"green": 0, "yellow": 1, "red": 0}


def test_a_ledger_entry_moves_the_head(overdue):
    before = headcache.head()
    services.report_submit(number=1, on=date(2016, 6, 30), text="进展", actor=overdue)
    after = headcache.head()
    assert after[0] == before[0] + 1 and after[1] != before[1]
