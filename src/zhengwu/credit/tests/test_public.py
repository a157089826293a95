"""Public disclosure (issue 5 §4, §8): what the public sees,
masked; what it never sees; search; JSON twins; embed."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from zhengwu.core.privacy import contains_personal_data, mask_person_name
from zhengwu.credit.models import PublicName, Record
from zhengwu.credit.rules import disclosure, name_search
from zhengwu.credit.selectors import public as selectors
from zhengwu.credit.services import search_index
from zhengwu.credit.tests.factories import RIC, USCC, license_row, penalty_row
from zhengwu.credit.tests.test_services import run
from zhengwu.org.roles import Role

PERSON = "张三明"
PHONE = "13812345678"
ADDRESS = "深圳市罗湖区东门中路1001号3栋502"


def publish(*records, until=None, state=Record.State.PUBLISHED):
    """Put records in the public view directly (the workflow's record_publish is tested in its own module)."""
    until = until or timezone.localdate() + timedelta(days=90)
    for r in records:
        Record.objects.filter(pk=r.pk).update(state=state, public_until=until, published_at=timezone.now())
        r.refresh_from_db()
    search_index.index_records(records)  # what record_publish does after saving
    return records


def _person_penalty(**over):
    row = penalty_row(CF_XH="PEN-P", CF_WSH="深罗城罚决字〔2026〕第8号", CF_XDR_MC=PERSON, CF_XDR_SHXYM="",
                      CF_FR="", CF_XDR_SFZ=RIC, QYDZ=ADDRESS,
                      CF_AJMC=f"{PERSON}占道经营案",
                      CF_SY=f"当事人{PERSON}（身份证{RIC}，联系电话{PHONE}）在东门中路占道经营",
                      CF_JG="罚款人民币500元", CF_SXQ="2026-03-02", CF_JZQ="2026-03-02", SJC="2026-03-03")
    row.update(over)
    return row


@pytest.fixture
def records(units):
    """A company licence, a company penalty and a natural person's penalty, all imported (not yet public)."""
    run(units["QFGJ"], [license_row(XK_XH="LIC-A", XK_XDR="深圳市鹏城商贸有限公司", XK_SXQ="2026-03-01",
                                    XK_JZQ="2099-12-31", SJC="2026-03-01", ZCDZ="深圳市罗湖区深南东路1号",
                                    XK_XDR_SFZ=RIC)])
    run(units["QCGJ"], [penalty_row(CF_XH="PEN-C", CF_SXQ="2026-02-01", CF_JZQ="2026-02-01", SJC="2026-02-02",
                                    CF_XDR_MC="深圳市罗湖宏达物业管理有限公司", CF_XDR_SFZ=RIC),
                        _person_penalty()], kind="penalty")
    by_key = {r.key: r for r in Record.objects.all()}
    assert set(by_key) == {"LIC-A", "PEN-C", "PEN-P"}, "fixture rows must import"
    assert by_key["PEN-P"].is_natural_person
    return by_key


# --- Pure rules ------------------------------------------------------------------------------------


def test_public_fields_remove_a_natural_persons_id_address_and_mask_the_name_in_free_text():
    fields = {f.code: f.value for f in disclosure.public_fields(kind="penalty", data=_person_penalty(),
                                                               natural_person=True)}
    assert "CF_XDR_SFZ" not in fields and "QYDZ" not in fields and "CF_FR" not in fields
    assert fields["CF_XDR_MC"] == "张*明"
    assert fields["CF_AJMC"] == "张*明占道经营案"
    assert PHONE not in fields["CF_SY"] and RIC not in fields["CF_SY"] and PERSON not in fields["CF_SY"]
    assert "【已隐去】" in fields["CF_SY"]


def test_legal_person_shows_legal_representative_and_address_but_never_an_id_number():
    fields = {
        f.code: f.value
        for f in disclosure.public_fields(
            kind="license",
            data=license_row(XK_XDR_SFZ=RIC, ZCDZ="深圳市罗湖区深南东路1号"),
            natural_person=False,
        )
    }
    assert fields["XK_FR"] == "王伟" and fields["ZCDZ"] == "深圳市罗湖区深南东路1号"
    assert fields["XK_XDR_SHXYM"] == USCC
    assert "XK_XDR_SFZ" not in fields


# --- The public set --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_published_records_inside_their_publicity_and_not_revoked_are_public(records):
    lic, pen, person = records["LIC-A"], records["PEN-C"], records["PEN-P"]
    assert list(selectors.public_records()) == []  # imported, not published: never shown
    publish(lic, pen, person)
    publish(pen, state=Record.State.PUSHED)
    assert set(selectors.public_records()) == {lic, pen, person}
    today = timezone.localdate()
    Record.objects.filter(pk=lic.pk).update(public_until=today - timedelta(days=1))  # publicity over
    Record.objects.filter(pk=pen.pk).update(status=Record.Status.REVOKED)  # 撤销: withdrawn
    Record.objects.filter(pk=person.pk).update(public_until=today)  # last public day: still shown
    assert list(selectors.public_records()) == [person]
    Record.objects.filter(pk=person.pk).update(public_until=None)  # not to be published (e.g. minor penalty)
    assert list(selectors.public_records()) == []


@pytest.mark.django_db
def test_unpublished_expired_and_revoked_records_are_404_on_pages_and_api(client, records):
    lic, pen, person = records["LIC-A"], records["PEN-C"], records["PEN-P"]
    publish(pen, person)
    Record.objects.filter(pk=pen.pk).update(status=Record.Status.REVOKED)
    Record.objects.filter(pk=person.pk).update(public_until=timezone.localdate() - timedelta(days=1))
    for r in (lic, pen, person):
        assert client.get(f"/credit/public/records/{r.pk}/").status_code == 404
        response = client.get(f"/credit/api/public/records/{r.pk}/")
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    body = client.get("/credit/public.json").json()
    assert body["records"] == []


@pytest.mark.django_db
def test_objection_shows_as_under_objection(client, records):
    (pen,) = publish(records["PEN-C"])
    Record.objects.filter(pk=pen.pk).update(status=Record.Status.OBJECTION)
    body = client.get(f"/credit/public/records/{pen.pk}/").content.decode()
    assert "异议中" in body and f"/credit/objections/new/{pen.pk}/" in body
    assert client.get(f"/credit/public/records/{pen.pk}.json").json()["record"]["status_label"] == "异议中"


# --- Search and pagination ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_search_by_name_substring_credit_code_decision_number_unit_kind_and_dates(client, records):
    publish(*records.values())

    def names(**params):
        body = client.get("/credit/api/public/records/", params).json()
        return sorted(r["subject_name"] for r in body["records"])

    assert names(name="深圳市鹏城") == ["深圳市鹏城商贸有限公司"]
    assert names(name="鹏城") == ["深圳市鹏城商贸有限公司"]  # substring search (test_name_search.py)
    assert names(uscc=USCC) == ["深圳市罗湖宏达物业管理有限公司", "深圳市鹏城商贸有限公司"]
    assert names(q=USCC.lower()) == names(uscc=USCC)
    assert names(decision_no="深罗城罚决字〔2026〕第8号") == ["张*明"]
    assert names(unit="QFGJ") == ["深圳市鹏城商贸有限公司"]
    assert names(kind="penalty") == ["张*明", "深圳市罗湖宏达物业管理有限公司"]
    assert names(**{"from": "2026-02-15", "to": "2026-03-01"}) == ["深圳市鹏城商贸有限公司"]
    assert names(name="张三") == []  # never found by the real name (it is not public) ...
    assert names(name="张*明") == ["张*明"]  # ... only by what the page shows


@pytest.mark.django_db
def test_bad_search_input_is_a_400_naming_the_parameter(client, records):
    for params, field in (
        ({"from": "2026-13-01"}, "from"),
        ({"kind": "x"}, "kind"),
        ({"limit": "1000"}, "limit"),
        ({"after": "!!"}, "after"),
        ({"name": "x" * 200}, "name"),
        ({"from": "2026-03-02", "to": "2026-03-01"}, "from"),
    ):
        response = client.get("/credit/api/public/records/", params)
        assert response.status_code == 400, params
        assert field in response.json()["error"]["fields"], params
    page = client.get("/credit/public/", {"from": "yesterday"})
    assert page.status_code == 400 and "YYYY-MM-DD" in page.content.decode()


@pytest.mark.django_db
def test_keyset_pages_walk_every_public_record_once_in_each_mode(client, units):
    rows = [
        license_row(
            XK_XH=f"L{i:02d}",
            XK_XDR=f"深圳市测试{i:02d}有限公司",
            XK_SXQ=f"2026-01-{1 + i % 5:02d}",
            XK_JZQ="2099-12-31",
        )
        for i in range(23)
    ]
    run(units["QFGJ"], rows)
    publish(*Record.objects.all())
    for params in ({"limit": 5}, {"limit": 5, "name": "深圳市测试"}, {"limit": 5, "uscc": USCC},
                   {"limit": 5, "unit": "QFGJ", "kind": "license"}):
        seen, url, pages = [], "/credit/api/public/records/", 0
        while url:
            body = client.get(url, params if pages == 0 else None).json()
            seen += [r["id"] for r in body["records"]]
            url, pages = body["next"], pages + 1
        assert sorted(seen) == sorted(Record.objects.values_list("id", flat=True)), params
        assert len(seen) == 23 and pages == 5, params
    first = client.get("/credit/api/public/records/", {"limit": 3}).json()["records"]
    assert [r["decided_on"] for r in first] == sorted((r["decided_on"] for r in first), reverse=True)


# --- Embed ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_embed_lists_only_the_units_records_and_may_be_framed(client, records):
    publish(*records.values())
    response = client.get("/credit/public/embed/QCGJ/")
    body = response.content.decode()
    assert response.status_code == 200 and "张*明" in body and "深圳市鹏城商贸有限公司" not in body
    assert "X-Frame-Options" not in response.headers
    assert "frame-ancestors https: http:" in response.headers["Content-Security-Policy"]
    search = client.get("/credit/public/")  # other pages keep the site-wide framing protection
    assert search.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'self'" in search.headers["Content-Security-Policy"]
    twin = client.get("/credit/public/embed/QCGJ.json").json()
    assert twin["unit"]["code"] == "QCGJ" and len(twin["records"]) == 2
    assert client.get("/credit/public/embed/NOPE/").status_code == 404


# --- §8: nothing personal leaks, anywhere public ------------------------------------------------------


@pytest.mark.django_db
def test_a_natural_persons_id_address_and_phone_never_appear_in_html_or_json(client, records):
    (person,) = publish(records["PEN-P"])
    urls = [
        "/credit/public/",
        "/credit/public.json",
        f"/credit/public/records/{person.pk}/",
        f"/credit/public/records/{person.pk}.json",
        f"/credit/api/public/records/{person.pk}/",
        "/credit/api/public/records/?kind=penalty",
        "/credit/public/embed/QCGJ/",
        "/credit/public/embed/QCGJ.json",
        "/credit/public/?kind=penalty",
    ]
    for url in urls:
        response = client.get(url)
        text = response.content.decode()
        if url.endswith(".json") or "/api/" in url:
            text += json.dumps(response.json(), ensure_ascii=False)
        assert response.status_code == 200, url
        for secret in (RIC, PHONE, ADDRESS, "东门中路1001号", PERSON):
            assert secret not in text, (url, secret)
        assert mask_person_name(PERSON) in text, url
        assert contains_personal_data(text) == [], url


@pytest.mark.django_db
def test_free_text_phone_numbers_of_companies_are_scrubbed_too(client, units):
    run(
        units["QCGJ"],
        [
            penalty_row(
                CF_XH="PEN-T",
                CF_SXQ="2026-02-01",
                CF_JZQ="2026-02-01",
                CF_SY="举报人电话13912345678，经营者座机0755-82345678",
                BZ="联系13700001111",
            )
        ],
        kind="penalty",
    )
    (r,) = publish(Record.objects.get(key="PEN-T"))
    text = client.get(f"/credit/public/records/{r.pk}/").content.decode()
    assert "13912345678" not in text and "82345678" not in text and "13700001111" not in text
    assert "【已隐去】" in text


@pytest.mark.django_db
def test_every_public_page_and_api_response_over_the_demo_data_leaks_no_id_or_phone(client, units):
    from zhengwu.credit import demo

    demo.load()
    records = list(Record.objects.all())
    assert any(r.is_natural_person for r in records)
    publish(*records)
    urls = ["/credit/public/", "/credit/public.json", "/credit/public/?kind=penalty&limit=100",
            "/credit/api/public/records/?limit=100", "/credit/api/public/records/?limit=100&kind=license"]
    urls += [f"/credit/public/embed/{code}/" for code in ("QFGJ", "QCGJ", "GY")]
    urls += [f"/credit/public/embed/{code}.json?limit=100" for code in ("QFGJ", "QCGJ", "GY")]
    for r in records:
        urls += [f"/credit/public/records/{r.pk}/", f"/credit/api/public/records/{r.pk}/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        if "json" in response.headers["Content-Type"]:
            text = json.dumps(response.json(), ensure_ascii=False)
        assert contains_personal_data(text) == [], url
    people = [r for r in records if r.is_natural_person]
    for r in people[:20]:
        body = client.get(f"/credit/public/records/{r.pk}/").content.decode()
        assert r.subject_name not in body and mask_person_name(r.subject_name) in body
        sfz = r.data.get("CF_XDR_SFZ") or r.data.get("XK_XDR_SFZ")
        assert not sfz or sfz not in body


@pytest.mark.django_db
def test_unit_staff_pages_are_unaffected_by_public_masking(client, records, make_user):
    (person,) = publish(records["PEN-P"])
    client.force_login(make_user("QCGJ", Role.OPERATOR))
    body = client.get(f"/credit/records/{person.pk}/").content.decode()
    assert PERSON in body and RIC in body  # staff of the owning unit see the full record



@pytest.mark.django_db
def test_search_sql_selects_exactly_the_public_set_of_the_orm_query(units):
    """The hand-written search SQL and `public_records` (the ORM definition) agree on every condition."""
    rows = [
        license_row(XK_XH=f"L{i:02d}", XK_XDR=f"深圳市一致{i:02d}有限公司", XK_JZQ="2099-12-31")
        for i in range(12)
    ]
    run(units["QFGJ"], rows)
    today = timezone.localdate()
    states = [Record.State.PUBLISHED, Record.State.PUSHED, Record.State.SUBMITTED, Record.State.IMPORTED]
    for i, r in enumerate(Record.objects.order_by("key")):
        Record.objects.filter(pk=r.pk).update(
            state=states[i % 4],
            status=("0", "1", "2", "3")[i % 3],
            public_until=[today, today - timedelta(days=1), None, today + timedelta(days=9)][
                i % 4 if i % 5 else 3
            ],
            repaired_on=today if i == 11 else None,
        )
    # an index that over-includes (every record, public or not): the search SQL must still filter
    search_index.index_records(Record.objects.all())
    PublicName.objects.bulk_create(
        [
            PublicName(
                rank=name_search.rank_of(r.decided_on, r.pk),
                record=r,
                name=r.subject_name,
                pairs=name_search.pairs_of(r.subject_name),
            )
            for r in Record.objects.filter(public_name__isnull=True)
        ]
    )
    expected = sorted(selectors.public_records().values_list("id", flat=True))
    assert expected, "the mix must leave some records public"
    for search in (
        selectors.Search(limit=100),
        selectors.Search(limit=100, name="深圳市一致"),
        selectors.Search(limit=100, uscc=USCC),
        selectors.Search(limit=100, unit="QFGJ", kind="license"),
    ):
        assert sorted(r["id"] for r in selectors.public_search(search).records) == expected, search
