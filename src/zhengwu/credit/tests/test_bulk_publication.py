"""Bulk approval is a set operation (issue 11 §2): the
statements it runs do not grow with the records approved.

Each size approves submitted records of two units and both kinds: reviews, publication fields, ledger entries
(review + publication per record), public-name search entries and one outbox message per record and subscribed
destination. The statements are counted with `CaptureQueriesContext` (an `executemany` is one statement) after
one warm-up approval (which fills per-process caches: the reviewer's memberships, the ledger's
head row): 50 and 200 records must cost the same (± `SLACK`) and at most `MOST` (measured: 22 for 50 and
for 200 records; before the set operation, 365 for 50 and 1,415 for 200).
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhengwu.credit.models import ConfidentialityReview, PublicName, Record
from zhengwu.credit.services import workflow as wf
from zhengwu.credit.tests.workflow_factories import make_record
from zhengwu.ledger.models import Entry
from zhengwu.org.models import Membership
from zhengwu.org.roles import Role
from zhengwu.outbox.models import Destination, Message

pytestmark = pytest.mark.django_db

#: the statements of one bulk approval, whatever its size
MOST = 26  # 25 + 1 since issue 16 §2: the active destinations and their record formats, read once
#: what may differ between sizes (nothing, below the chunk sizes of 1,000 records)
SLACK = 0


@pytest.fixture
def reviewer(units, make_user):
    user = make_user("QCGJ", Role.REVIEWER)
    Membership.objects.create(user=user, unit=units["QFGJ"], role=Role.REVIEWER)
    return user


@pytest.fixture
def destinations():
    Destination.objects.create(
        name="市政府门户网站", kind="http_json", url="http://127.0.0.1:9/", topics=["credit."]
    )
    Destination.objects.create(name="市公共信用信息管理系统", kind="exchange_db", url="sqlite:////tmp/qzk-unused.sqlite3",
                               topics=["credit.penalty"])


def _submitted(units, n: int, tag: str) -> list[Record]:
    return [make_record(units["QCGJ"] if i % 2 else units["QFGJ"], kind="penalty" if i % 3 else "license",
                        decided_on=date(2026, 3, 2), state=Record.State.SUBMITTED, key=f"B-{tag}-{i}")
            for i in range(n)]


def _approve(records, reviewer) -> int:
    with CaptureQueriesContext(connection) as ctx:
        published, skipped = wf.records_approve_many(records, actor=reviewer)
    assert (published, skipped) == (len(records), 0)
    return len(ctx.captured_queries)


def test_bulk_approval_costs_the_same_small_number_of_queries_for_50_and_200_records(
    units, reviewer, destinations
):
    _approve(_submitted(units, 3, "warm"), reviewer)
    counts = {n: _approve(_submitted(units, n, str(n)), reviewer) for n in (50, 200)}
    assert abs(counts[200] - counts[50]) <= SLACK, counts
    assert counts[200] <= MOST, counts
    # …and the set operation did all of it for every record
    total = 253
    assert Record.objects.filter(state=Record.State.PUBLISHED).count() == total
    assert ConfidentialityReview.objects.count() == total
    assert PublicName.objects.count() == total
    assert Entry.objects.filter(action="credit.record.published").count() == total
    assert Entry.objects.filter(action="credit.record.reviewed").count() == total
    penalties = Record.objects.filter(kind="penalty").count()
    assert (
        Message.objects.count() == total + penalties
    )  # the portal takes both kinds, the 前置库 penalties only


@pytest.mark.parametrize("n", [50, 200])
def test_bulk_approval_stays_under_the_limit(units, reviewer, destinations, django_assert_max_num_queries, n):
    _approve(_submitted(units, 2, "warm"), reviewer)
    records = _submitted(units, n, "x")
    with django_assert_max_num_queries(MOST):
        wf.records_approve_many(records, actor=reviewer)


def test_bulk_submission_is_a_set_operation_too(units, make_user):
    operator = make_user("QCGJ", Role.OPERATOR)
    warm = [make_record(units["QCGJ"], key="S-warm")]
    wf.records_submit_many(warm, actor=operator)
    counts = {}
    for n in (50, 200):
        records = [
            make_record(units["QCGJ"], key=f"S-{n}-{i}", decided_on=date(2026, 3, 2)) for i in range(n)
        ]
        with CaptureQueriesContext(connection) as ctx:
            assert wf.records_submit_many(records, actor=operator) == (n, 0)
        counts[n] = len(ctx.captured_queries)
    assert counts[50] == counts[200] <= 15, counts
