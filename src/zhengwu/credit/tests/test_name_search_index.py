"""The name search's index shape (migration 0014: SQLite FTS5 rowid = -rank, optimized after a rebuild).

Whatever the index's shape, the answers must be those of a plain substring scan over the public names of the
public records, newest first: checked here against such a scan (the oracle) for a table of names mixing
CJK, ASCII, digits and punctuation, for every 2- to 5-character substring, before and after edits, revocation,
deletion and a rebuild. Runs on SQLite and PostgreSQL alike; the rowid checks are SQLite's.
"""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from zhengwu.credit.models import PublicName, Record
from zhengwu.credit.rules import name_search
from zhengwu.credit.selectors import public as s
from zhengwu.credit.selectors.visibility import public_records
from zhengwu.credit.services import search_index
from zhengwu.credit.tests.workflow_factories import make_record

NAMES = (
    "深圳市鹏城商贸有限公司",
    "深圳市鹏城伟业科技有限公司",
    "深圳市罗湖区好味餐饮店",
    "ABC科技（深圳）有限公司",
    "abc Trading 深圳 Ltd.",
    "罗湖区123号便利店",
    "深圳市城建集团",
    "百分%之百商行",
    "甲_乙贸易部",
    "鹏城",
)
PEOPLE = ("张小明", "欧阳明华")


def put(unit, subjects, *, natural=(), first=date(2026, 1, 1)) -> list[Record]:
    """Public licences, two per decision day (so the id breaks ties), indexed as publication does."""
    out = [
        make_record(unit, kind="license", subject_name=subject, is_natural_person=subject in natural,
                    decided_on=first + timedelta(days=i // 2), state=Record.State.PUBLISHED,
                    public_until=date(2099, 12, 31), published_at=timezone.now())
        for i, subject in enumerate(subjects)
    ]
    search_index.index_records(out)
    return out


def oracle(query: str) -> list[int]:
    """The plain scan: public records whose public name contains the query (ASCII case-folded), newest
    first (decision day, then id)."""
    rows = public_records(today=timezone.localdate()).values_list(
        "id", "subject_name", "is_natural_person", "decided_on")
    hits = [(d, pk) for pk, subject, natural, d in rows
            if query.lower() in name_search.public_name(subject, natural_person=natural).lower()]
    return [pk for _d, pk in sorted(hits, reverse=True)]


def searched(query: str, *, limit: int = 7) -> list[int]:
    """Every page of the public name search, following the keyset cursor."""
    out, after = [], ""
    while True:
        page = s.public_search(s.Search(name=query, after=after, limit=limit))
        out += [r["id"] for r in page.records]
        if not page.next_after:
            return out
        after = page.next_after


def queries() -> set[str]:
    shown = [name_search.public_name(n, natural_person=False) for n in NAMES] + ["张*明", "欧阳*华"]
    out = {name[i:i + size] for name in shown for size in (2, 3, 4, 5) for i in range(len(name) - size + 1)}
    return out | {"有限公司", "ABC", "abc", "Trading", "TRADING", "深圳", "查无此名", "贸商", "%之", "_乙"}


def assert_like_the_scan() -> None:
    checked = 0
    for query in sorted(queries()):
        query = name_search.clean_query(query)
        if len(query) < name_search.MIN_CHARS:
            continue
        assert searched(query) == oracle(query), query
        checked += 1
    assert checked > 150


def fts_rowids(table: str, text: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [name_search.fts_query(text)])  # noqa: S608
        return {r for (r,) in cursor.fetchall()}


@pytest.mark.django_db
def test_the_index_answers_like_a_substring_scan_of_the_public_names(units):
    put(units["QFGJ"], [*NAMES, *PEOPLE], natural=PEOPLE)
    put(units["QCGJ"], NAMES[:4], first=date(2026, 1, 1))  # same names, same days: ties broken by id
    assert_like_the_scan()
    assert searched("小明") == [] and searched("张*明") == oracle("张*明") != []  # only the masked name


@pytest.mark.django_db
def test_the_index_stays_like_the_scan_after_edits_revocation_deletion_and_a_rebuild(units):
    records = put(units["QFGJ"], [*NAMES, *PEOPLE], natural=PEOPLE)
    renamed, revoked, deleted, redated = records[0], records[1], records[2], records[3]
    Record.objects.filter(pk=renamed.pk).update(subject_name="深圳市新名字鹏城贸易有限公司")
    Record.objects.filter(pk=redated.pk).update(decided_on=date(2027, 6, 1))
    search_index.index_ids([renamed.pk, redated.pk])  # what a re-import / re-publication does
    Record.objects.filter(pk=revoked.pk).update(status=Record.Status.REVOKED)
    Record.objects.filter(pk=deleted.pk).delete()  # its entry goes with it (CASCADE + trigger)
    assert_like_the_scan()
    assert searched("新名字") == [renamed.pk] and searched("鹏城商贸") == []
    assert searched("有限公司")[0] == redated.pk  # re-dated: newest first now
    assert searched("罗湖区好味") == []
    assert search_index.rebuild() == len(records) - 1
    assert_like_the_scan()


@pytest.mark.django_db
def test_sqlite_full_text_rows_are_the_negated_rank_and_follow_every_write(units):
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 tables are SQLite's")
    records = put(units["QFGJ"], ["深圳市负序测试公司", "深圳市负序二号公司"])
    ranks = {e.record_id: e.rank for e in PublicName.objects.all()}
    assert fts_rowids(name_search.PAIRS_TABLE, "负序") == {-r for r in ranks.values()}
    assert fts_rowids(name_search.FTS_TABLE, "负序测试") == {-ranks[records[0].pk]}
    # edit (update trigger), re-index (delete + insert triggers), delete
    entry = PublicName.objects.get(record=records[0])
    PublicName.objects.filter(pk=entry.pk).update(name="深圳市改名测试公司",
                                                  pairs=name_search.pairs_of("深圳市改名测试公司"))
    assert fts_rowids(name_search.FTS_TABLE, "负序测试") == set()
    assert fts_rowids(name_search.FTS_TABLE, "改名测试") == {-entry.rank}
    Record.objects.filter(pk=records[1].pk).update(decided_on=date(2027, 1, 1))
    search_index.index_ids([records[1].pk])
    new_rank = PublicName.objects.get(record=records[1]).rank
    assert new_rank != ranks[records[1].pk]
    assert fts_rowids(name_search.PAIRS_TABLE, "二号") == {-new_rank}
    Record.objects.filter(pk=records[1].pk).delete()
    assert fts_rowids(name_search.PAIRS_TABLE, "二号") == set()
    assert fts_rowids(name_search.FTS_TABLE, "二号公司") == set()


@pytest.mark.django_db
def test_sqlite_triggers_of_the_migration_are_those_the_rebuild_recreates(units):
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 triggers are SQLite's")

    def triggers() -> dict:
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                           "AND tbl_name = 'credit_publicname'")
            return dict(cursor.fetchall())

    migrated = triggers()
    assert set(migrated) == {"credit_publicname_ai", "credit_publicname_ad", "credit_publicname_au"}
    assert migrated["credit_publicname_ai"] == search_index.SQLITE_INSERT_TRIGGER
    assert migrated["credit_publicname_ad"] == search_index.SQLITE_DELETE_TRIGGER
    assert all("-new.rank" in sql or "-old.rank" in sql for sql in migrated.values())
    put(units["QFGJ"], ["深圳市重建触发器公司"])
    search_index.rebuild()
    assert triggers() == migrated
    assert searched("触发器") == oracle("触发器") != []


def test_fts_rowid_orders_newest_first():
    older = name_search.rank_of(date(2026, 1, 1), 9)
    newer = name_search.rank_of(date(2026, 1, 2), 1)
    same_day_higher_id = name_search.rank_of(date(2026, 1, 2), 2)
    rowids = sorted([name_search.fts_rowid(r) for r in (older, newer, same_day_higher_id)])
    assert rowids == [-same_day_higher_id, -newer, -older]


def fts_pages(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}_data")  # noqa: S608
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_the_nightly_optimize_merges_the_segments_and_keeps_the_answers(units):
    from django.apps import apps

    from zhengwu.credit import tasks

    jobs = {p.name: p for p in apps.get_app_config("credit").periodic}
    assert jobs["credit.search_index"].task == "zhengwu.credit.tasks.search_index_optimize"
    put(units["QFGJ"], NAMES[:5])
    search_index.optimize()  # one segment per table, whatever earlier tests left in the full-text tables
    for i, subject in enumerate(NAMES[5:8]):  # one publication at a time: a new segment each (automerge: 4)
        put(units["QFGJ"], [subject], first=date(2026, 2, 1) + timedelta(days=i))
    if connection.vendor == "sqlite":
        before = {t: fts_pages(t) for t in (name_search.FTS_TABLE, name_search.PAIRS_TABLE)}
        assert tasks.search_index_optimize.call() == "search index optimized"
        after = {t: fts_pages(t) for t in before}
        assert all(after[t] < before[t] for t in before), (before, after)
    else:
        assert search_index.optimize().startswith("nothing to do")
    assert_like_the_scan()
