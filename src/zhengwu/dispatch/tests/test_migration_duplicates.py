"""Migrations 0004/0005 on a database that already holds the duplicates the race made: the cases stay
(governed records), later copies' source ids get a "~dup<id>" suffix, same-named API clients get their
id appended, and then the unique constraints hold."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("dispatch", "0003_photo_reencoded_format")]
CONSTRAINED = [("dispatch", "0005_one_case_per_source_id_and_idempotency_key")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_existing_duplicates_are_told_apart_and_the_constraints_then_hold():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("dispatch")
    old = _migrate(BEFORE)
    try:
        Event, ApiClient = old.get_model("dispatch", "Event"), old.get_model("dispatch", "ApiClient")
        now = timezone.now()
        ids = [
            Event.objects.create(
                case_no=f"LH2026010100000{n}",
                channel="wechat",
                source_system="微信",
                source_id="wx-1",
                title="t",
                text="x",
                received_at=now,
            ).pk
            for n in range(3)
        ]
        Event.objects.create(case_no="LH20260101000009", channel="wechat", source_system="微信", source_id="",
                             title="t", text="x", received_at=now)
        ApiClient.objects.create(name="微信", channel="wechat", token_hash="a" * 64)
        second = ApiClient.objects.create(name="微信", channel="wechat", token_hash="b" * 64).pk
        new = _migrate(CONSTRAINED)
        Event, ApiClient = new.get_model("dispatch", "Event"), new.get_model("dispatch", "ApiClient")
        assert Event.objects.count() == 4  # nothing deleted
        assert dict(Event.objects.filter(pk__in=ids).values_list("pk", "source_id")) == {
            ids[0]: "wx-1", ids[1]: f"wx-1~dup{ids[1]}", ids[2]: f"wx-1~dup{ids[2]}"}
        assert sorted(ApiClient.objects.values_list("name", flat=True)) == ["微信", f"微信 #{second}"]
        with pytest.raises(IntegrityError), transaction.atomic():
            Event.objects.create(case_no="LH20260101000010", channel="wechat", source_system="微信",
                                 source_id="wx-1", title="t", text="x", received_at=now)
        # 0006: each client becomes a core.ApiKey of scope dispatch.events with the same name and hash
        ApiKey = _migrate(latest).get_model("core", "ApiKey")
        assert sorted(
            ApiKey.objects.filter(scope="dispatch.events").values_list("name", "key_hash", "channel")
        ) == [("微信", "a" * 64, "wechat"), (f"微信 #{second}", "b" * 64, "wechat")]
    finally:
        _migrate(latest)
