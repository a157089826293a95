"""The ledger catches every kind of tampering done directly in the database."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from zhengwu.ledger.models import Entry, Head
from zhengwu.ledger.services import Change, record, record_many
from zhengwu.ledger.verify import verify


@pytest.fixture
def ledger(db, units):
    unit = units["QFGJ"]
    for i in range(1, 6):
        record(action="org.unit.contact_updated", object_type="test.thing", object_id=str(i),
               before={"n": i - 1}, after={"n": i, "name": "许可决定"}, unit=unit)
    return Entry.objects.filter(object_type="test.thing").order_by("seq")


def verify_cli() -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("ledger", "verify", stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_an_untouched_chain_verifies(ledger):
    assert verify().ok
    code, out, _ = verify_cli()
    assert code == 0 and out.startswith("OK")


def test_entries_are_chained_and_numbered(ledger):
    entries = list(Entry.objects.order_by("seq"))
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    for prev, cur in zip(entries, entries[1:], strict=False):
        assert cur.prev_hash == prev.hash
    head = Head.objects.get(pk=1)
    assert (head.seq, head.hash) == (entries[-1].seq, entries[-1].hash)


def test_an_edited_content_is_caught(ledger):
    victim = ledger.filter(object_id="3").get()
    Entry.objects.filter(pk=victim.pk).update(after={"n": 3, "name": "改过的"})
    result = verify()
    assert not result.ok and result.seq == victim.seq
    code, _, err = verify_cli()
    assert code == 1 and f"entry {victim.seq}" in err


def test_an_edited_actor_or_action_is_caught_even_with_digests_intact(ledger):
    victim = ledger.filter(object_id="2").get()
    Entry.objects.filter(pk=victim.pk).update(actor_label="someone-else")
    result = verify()
    assert not result.ok and result.seq == victim.seq


def test_a_deleted_entry_is_caught(ledger):
    victim = ledger.filter(object_id="3").get()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Entry._meta.db_table} WHERE id = %s", [victim.pk])  # noqa: S608
    result = verify()
    assert not result.ok and result.seq == victim.seq and "删除" in result.problem


def test_a_deleted_and_renumbered_entry_is_caught(ledger):
    victim = ledger.filter(object_id="3").get()
    later = list(ledger.filter(seq__gt=victim.seq).order_by("seq"))
    Entry.objects.filter(pk=victim.pk).delete()
    for e in later:  # close the gap as a careful forger would
        Entry.objects.filter(pk=e.pk).update(seq=e.seq - 1)
    result = verify()
    assert not result.ok and result.seq == victim.seq


def test_the_deleted_last_entry_is_caught_by_the_head(ledger):
    last = ledger.last()
    Entry.objects.filter(pk=last.pk).delete()
    result = verify()
    assert not result.ok and "末尾" in result.problem


def test_reordered_entries_are_caught(ledger):
    a, b = ledger.filter(object_id="2").get(), ledger.filter(object_id="4").get()
    Entry.objects.filter(pk=a.pk).update(seq=-1)
    Entry.objects.filter(pk=b.pk).update(seq=a.seq)
    Entry.objects.filter(pk=a.pk).update(seq=b.seq)
    result = verify()
    assert not result.ok and result.seq == a.seq and "顺序" in result.problem


def test_record_many_appends_in_one_go_and_stays_verifiable(db):
    record_many(
        [Change("org.unit.contact_updated", "test.thing", str(i), None, {"i": i}) for i in range(50)],
        actor="importer",
    )
    assert Entry.objects.filter(action="org.unit.contact_updated", object_type="test.thing").count() == 50
    assert verify().ok


def test_actor_kinds(db, make_user):
    user = make_user("QFGJ", "operator", username="fgj_op")
    assert record(action="org.unit.contact_updated", object_type="t", actor=user).actor_label == "fgj_op"
    assert record(action="org.unit.contact_updated", object_type="t", actor=None).actor_label == "system"
    from django.contrib.auth.models import AnonymousUser

    assert (
        record(action="org.unit.contact_updated", object_type="t", actor=AnonymousUser()).actor_label
        == "public"
    )
    assert verify().ok


def test_the_nightly_task_passes_on_an_intact_chain_and_fails_naming_the_tampered_entry(ledger):
    from zhengwu.ledger.tasks import LedgerBroken, verify_chain

    assert verify_chain.call().startswith(f"{Entry.objects.count()} entries OK")
    victim = ledger.filter(object_id="4").get()
    Entry.objects.filter(pk=victim.pk).update(after={"n": 4, "name": "改过的"})
    with pytest.raises(LedgerBroken, match=f"entry {victim.seq}:"):
        verify_chain.call()
