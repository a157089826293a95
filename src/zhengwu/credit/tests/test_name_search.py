"""Substring search by name on the public pages (selectors.public, credit.name_search, services.search_index).

Runs on SQLite (FTS5 trigram) and PostgreSQL (pg_trgm) alike: `make test` runs both.
"""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from zhengwu.credit.models import PublicName, Record
from zhengwu.credit.rules import name_search
from zhengwu.credit.services import search_index
from zhengwu.credit.services import workflow as wf
from zhengwu.credit.tests.factories import license_row
from zhengwu.credit.tests.test_services import run
from zhengwu.credit.tests.workflow_factories import make_record
from zhengwu.org.roles import Role

API = "/credit/api/public/records/"
CLEAR = dict.fromkeys(wf.CHECKS, False)


def names(client, **params) -> list[str]:
    response = client.get(API, params)
    assert response.status_code == 200, response.content
    return [r["subject_name"] for r in response.json()["records"]]


def put_public(unit, *subjects, natural=(), decided_on=date(2026, 1, 5)) -> list[Record]:
    """Licences in the public view, indexed the way publication indexes them."""
    out = []
    for i, subject in enumerate(subjects):
        out.append(
            make_record(
                unit,
                kind="license",
                subject_name=subject,
                is_natural_person=subject in natural,
                decided_on=decided_on + timedelta(days=i),
                state=Record.State.PUBLISHED,
                public_until=date(2099, 12, 31),
                published_at=timezone.now(),
            )
        )
    search_index.index_records(out)
    return out


# --- Pure rules ------------------------------------------------------------------------------------------


def test_pairs_rank_and_fts_query():
    assert name_search.pairs_of("深圳市") == "深圳\x1f圳市\x1f"
    assert name_search.pairs_of("张") == ""
    older, newer = name_search.rank_of(date(2026, 1, 1), 999), name_search.rank_of(date(2026, 1, 2), 1)
    assert newer > older and name_search.rank_of(date(2026, 1, 2), 2) > newer
    assert name_search.rank_of(date(2026, 1, 2), 7) & name_search.ID_MASK == 7
    assert name_search.fts_query('鹏"城商') == '"鹏""城商"'
    assert name_search.column_and_needle("餐饮") == ("pairs", "餐饮\x1f")
    assert name_search.column_and_needle("餐饮店") == ("name", "餐饮店")
    assert name_search.clean_query(" 餐\x1f饮\t") == "餐饮"
    assert name_search.public_name("深圳市\n餐饮\x1f店", natural_person=False) == "深圳市餐饮店"
    assert name_search.public_name("张小明", natural_person=True) == "张*明"
    assert name_search.public_name("深圳市鹏城商贸有限公司", natural_person=False) == "深圳市鹏城商贸有限公司"


# --- Matching ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_substring_matches_in_the_middle_and_at_the_end_for_two_and_more_characters(client, units):
    put_public(
        units["QFGJ"],
        "深圳市鹏城商贸有限公司",
        "深圳市罗湖区好味餐饮店",
        "深圳市城建集团",
        "ABC科技（深圳）有限公司",
    )
    assert names(client, name="鹏城商贸") == ["深圳市鹏城商贸有限公司"]  # middle, 4 characters
    assert names(client, name="鹏城") == ["深圳市鹏城商贸有限公司"]  # middle, 2 characters
    assert names(client, name="餐饮店") == ["深圳市罗湖区好味餐饮店"]  # end, 3 characters
    assert names(client, name="饮店") == ["深圳市罗湖区好味餐饮店"]  # end, 2 characters
    assert sorted(names(client, name="城建")) == ["深圳市城建集团"]
    assert names(client, name="有限公司") == [
        "ABC科技（深圳）有限公司",
        "深圳市鹏城商贸有限公司",
    ]  # newest first
    assert names(client, name="abc") == ["ABC科技（深圳）有限公司"]  # case-insensitive
    assert names(client, name="）有") == ["ABC科技（深圳）有限公司"]  # punctuation is just a character
    assert names(client, name="深圳市鹏城商贸有限公司") == ["深圳市鹏城商贸有限公司"]  # the whole name
    assert names(client, name="深圳市鹏城商贸有限公司X") == [] and names(client, name="贸商") == []
    assert names(client, q="鹏城") == ["深圳市鹏城商贸有限公司"]  # the single search box


@pytest.mark.django_db
def test_one_character_is_refused_with_a_message_naming_the_parameter(client, units):
    put_public(units["QFGJ"], "深圳市鹏城商贸有限公司")
    for params, field in (({"name": "鹏"}, "name"), ({"q": "鹏"}, "q"), ({"name": " 鹏 "}, "name")):
        response = client.get(API, params)
        assert response.status_code == 400, params
        assert response.json()["error"]["fields"] == [field] or field in response.json()["error"]["fields"]
        assert "至少输入 2 个字" in response.json()["error"]["message"]
    page = client.get("/credit/public/", {"name": "鹏"})
    assert page.status_code == 400 and "至少输入 2 个字" in page.content.decode()


@pytest.mark.django_db
def test_like_wildcards_and_quotes_in_the_query_are_literal(client, units):
    put_public(units["QFGJ"], "百分%之百商行", "百分之百商行", "甲_乙贸易部", "甲乙贸易部", '引号"测试店')
    assert names(client, name="分%之") == ["百分%之百商行"]
    assert names(client, name="%之") == ["百分%之百商行"]  # 2 characters
    assert names(client, name="%%") == [] and names(client, name="__") == []
    assert names(client, name="甲_乙") == ["甲_乙贸易部"]
    assert names(client, name="_乙") == ["甲_乙贸易部"]
    assert names(client, name='号"测') == ['引号"测试店']
    assert names(client, name='"测') == ['引号"测试店']


# --- What is never found ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_records_that_are_not_public_are_never_found_even_when_the_index_over_includes(client, units):
    today = timezone.localdate()
    unit = units["QFGJ"]
    visible = put_public(unit, "深圳市可见测试公司")[0]
    hidden = {
        "imported": make_record(unit, kind="license", subject_name="深圳市导入测试公司"),
        "submitted": make_record(unit, kind="license", subject_name="深圳市待审测试公司", state="submitted"),
        "revoked": put_public(unit, "深圳市撤销测试公司")[0],
        "expired": put_public(unit, "深圳市过期测试公司")[0],
        "repaired": put_public(unit, "深圳市修复测试公司")[0],
    }
    Record.objects.filter(pk=hidden["revoked"].pk).update(status=Record.Status.REVOKED)
    Record.objects.filter(pk=hidden["expired"].pk).update(public_until=today - timedelta(days=1))
    Record.objects.filter(pk=hidden["repaired"].pk).update(repaired_on=today)
    # index every record, even the unpublished ones, so only the final public filter can hide them
    PublicName.objects.bulk_create(
        [
            PublicName(
                rank=name_search.rank_of(r.decided_on, r.pk),
                record=r,
                name=r.subject_name,
                pairs=name_search.pairs_of(r.subject_name),
            )
            for r in (hidden["imported"], hidden["submitted"])
        ]
    )
    assert PublicName.objects.count() == 6
    for query in ("测试", "测试公司", "圳市"):
        assert names(client, name=query) == [visible.subject_name], query
    for label, record in hidden.items():
        assert names(client, name=record.subject_name[3:5]) == [], label


@pytest.mark.django_db
def test_a_natural_person_is_found_only_by_the_masked_name_shown(client, units):
    put_public(units["QCGJ"], "张小明", "欧阳明华", "深圳市小明餐饮店", natural={"张小明", "欧阳明华"})
    assert names(client, name="小明") == ["深圳市小明餐饮店"]  # the company, never 张小明
    for query in ("张小明", "张小", "欧阳明华", "明华", "阳明"):
        assert names(client, name=query) == [], query
    assert names(client, name="张*明") == ["张*明"]
    assert names(client, name="欧阳*华") == ["欧阳*华"]
    body = client.get(API, {"name": "张*"}).content.decode()
    assert "张小明" not in body and PublicName.objects.filter(name__contains="小明").count() == 1


# --- Pagination ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_of_a_substring_search_return_each_match_exactly_once_newest_first(client, units):
    subjects = [f"深圳市分页{i:02d}测试有限公司" for i in range(23)]
    records = put_public(units["QFGJ"], *subjects)
    for i, r in enumerate(records):  # several records per decision day, to exercise the id tie-break
        Record.objects.filter(pk=r.pk).update(decided_on=date(2026, 1, 1 + i % 4))
    search_index.index_ids([r.pk for r in records])
    put_public(units["QFGJ"], "深圳市别的公司")
    for query in ("分页", "测试有限", "有限公司"):
        seen, dates, url, pages = [], [], API, 0
        while url:
            body = client.get(url, {"name": query, "limit": 5} if pages == 0 else None).json()
            seen += [r["id"] for r in body["records"]]
            dates += [(r["decided_on"], r["id"]) for r in body["records"]]
            url, pages = body["next"], pages + 1
        assert sorted(seen) == sorted(r.pk for r in records), query
        assert len(seen) == 23 and pages == 5, query
        assert dates == sorted(dates, reverse=True), query
    html = client.get("/credit/public/", {"name": "分页", "limit": 5})
    assert html.status_code == 200 and "rel=\"next\"" in html.content.decode()
    twin = client.get("/credit/public.json", {"name": "分页", "limit": 5}).json()
    assert len(twin["records"]) == 5 and twin["next"]


# --- Keeping the index correct ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_index_follows_publication_revocation_and_bulk_approval(client, units, make_user):
    operator, reviewer = make_user("QCGJ", Role.OPERATOR), make_user("QCGJ", Role.REVIEWER)
    record = make_record(
        units["QCGJ"], kind="license", subject_name="深圳市东门同步测试商行", state="submitted"
    )
    assert names(client, name="同步测试") == []  # not published: no entry, not found
    assert not PublicName.objects.filter(record=record).exists()
    wf.record_review(record, actor=reviewer, approve=True, checks=CLEAR)
    assert names(client, name="同步测试") == ["深圳市东门同步测试商行"]
    entry = PublicName.objects.get(record=record)
    assert entry.rank == name_search.rank_of(record.decided_on, record.pk)
    wf.record_set_status(record, status="1", actor=operator)
    assert names(client, name="同步测试") == []  # revoked: withdrawn at once
    record.refresh_from_db()
    wf.record_set_status(record, status="0", actor=operator)
    assert names(client, name="同步测试") == ["深圳市东门同步测试商行"]

    many = [make_record(units["QCGJ"], kind="license", subject_name=f"深圳市批量{i}号店", state="submitted")
            for i in range(3)]
    assert wf.records_approve_many(many, actor=reviewer) == (3, 0)
    assert sorted(names(client, name="批量")) == sorted(r.subject_name for r in many)


@pytest.mark.django_db
def test_a_reimport_that_renames_a_published_record_reindexes_it(client, units):
    run(units["QFGJ"], [license_row(XK_XH="LIC-R", XK_XDR="深圳市旧名字贸易有限公司", XK_JZQ="2099-12-31")])
    record = Record.objects.get(key="LIC-R")
    Record.objects.filter(pk=record.pk).update(state=Record.State.PUBLISHED, public_until=date(2099, 12, 31))
    search_index.index_ids([record.pk])
    assert names(client, name="旧名字") == ["深圳市旧名字贸易有限公司"]
    run(units["QFGJ"], [license_row(XK_XH="LIC-R", XK_XDR="深圳市新名字贸易有限公司", XK_JZQ="2099-12-31")])
    # a changed published record goes back to the review (issue 13 item 1): under neither name meanwhile
    assert names(client, name="旧名字") == [] and names(client, name="名字") == []
    Record.objects.filter(pk=record.pk).update(state=Record.State.PUBLISHED)  # approved again
    search_index.index_ids([record.pk])
    assert names(client, name="旧名字") == [] and names(client, name="名字") == ["深圳市新名字贸易有限公司"]
    assert PublicName.objects.get().name == "深圳市新名字贸易有限公司"


@pytest.mark.django_db
def test_rebuild_indexes_exactly_the_published_records(client, units):
    published = put_public(units["QFGJ"], "深圳市重建一号公司", "深圳市重建二号公司")
    make_record(units["QFGJ"], kind="license", subject_name="深圳市重建草稿公司")
    PublicName.objects.all().delete()
    assert names(client, name="重建") == []
    out = StringIO()
    call_command("credit", "search-index", "--rebuild", stdout=out)
    assert out.getvalue().startswith("2 published records indexed")
    assert set(PublicName.objects.values_list("record_id", flat=True)) == {r.pk for r in published}
    assert names(client, name="重建") == ["深圳市重建二号公司", "深圳市重建一号公司"]
    assert search_index.rebuild() == 2  # idempotent: the full-text index holds no stale entries
    assert names(client, name="重建") == ["深圳市重建二号公司", "深圳市重建一号公司"]


@pytest.mark.django_db
def test_a_name_beside_a_credit_code_narrows_the_exact_matches_by_substring(client, units):
    code = "91440300MA5G9YXQ7K"
    a, b = put_public(units["QFGJ"], "深圳市鹏城商贸有限公司", "深圳市鹏城商贸有限公司罗湖分公司")
    Record.objects.filter(pk__in=[a.pk, b.pk]).update(uscc=code)
    assert names(client, uscc=code, name="罗湖分") == ["深圳市鹏城商贸有限公司罗湖分公司"]
    assert len(names(client, uscc=code, name="鹏城")) == 2 and names(client, uscc=code, name="福田") == []
    assert names(client, uscc=code, name="%%") == []  # literal, not a wildcard


@pytest.mark.django_db
def test_a_date_range_with_a_substring_keeps_exactly_the_matches_decided_inside_it(client, units):
    records = put_public(
        units["QFGJ"], *[f"深圳市日期{i}号商行" for i in range(6)], decided_on=date(2026, 3, 1)
    )
    got = names(client, name="日期", **{"from": "2026-03-02", "to": "2026-03-04"})
    assert got == [r.subject_name for r in reversed(records[1:4])]
    page1 = client.get(API, {"name": "号商", "from": "2026-03-02", "to": "2026-03-05", "limit": 2}).json()
    page2 = client.get(page1["next"]).json()
    assert [r["subject_name"] for r in page1["records"] + page2["records"]] == [
        r.subject_name for r in reversed(records[1:5])] and page2["next"] is None

