"""Every public surface shows a record exactly when the ONE definition (`rules.visibility.is_public`) says so
(issue 11 §2), and shows only the fields the catalog's 可公示的信息项 allow (issue 13 item 3).

`CASES` is the one table: workflow state × the day against the publicity period (`public_until`) × credit
repair (`repaired_on`, against the penalty's earliest repair day `repairable_from`) × 当前状态 (撤销 = 1).
All cases are stored at once; each surface is then asked, and every (case, surface) pair whose answer differs
from `is_public` is listed in the failure. The surfaces:

* per record — the public page and its JSON twin, the API, an exact search by 决定书文号 (JSON), the
  objection form (GET) and the objection service, the push to the city platform (`public` in the payload);
* lists — browsing the search page (HTML and JSON, paged), the API list, a name search, the unit's embedded
  list (HTML and JSON), the site search box's provider (`providers("public_search")["credit"]`).

The API is asked twice: through the full middleware chain (Django's test client) and through the lean chain
the WSGI entry point serves it with (`core.lean`, `zhengwu.testing.lean.LeanClient`).

There is no public file export of the records; the push and the JSON twins are the machine-readable surfaces.
"""

import itertools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from zhengwu.core.errors import ApplicationError
from zhengwu.core.systems import providers
from zhengwu.credit.models import Record
from zhengwu.credit.rules import visibility
from zhengwu.credit.services import objections as objection_services
from zhengwu.credit.services import publication, search_index
from zhengwu.credit.tests.workflow_factories import make_record
from zhengwu.testing.lean import LeanClient

pytestmark = pytest.mark.django_db

NAME = "可见性测试商贸有限公司"
UNIT = "QCGJ"

STATES = ("imported", "submitted", "rejected", "published", "pushed")
#: the day asked about against the publicity period: no period (never public, e.g. a minor penalty),
#: the period ended yesterday (after), today is its last day, inside the period (before its end)
UNTIL = {"none": None, "ended": -1, "last_day": 0, "within": 90}
#: credit repair: (repaired_on, repairable_from) in days from today
REPAIR = {"none": (None, None), "repaired": (-1, -30), "before_earliest": (-1, 1), "future": (1, -30)}
STATUS = {"normal": "0", "revoked": "1", "objection": "2", "other": "3"}


@dataclass(frozen=True)
class Case:
    state: str
    until: str
    repair: str
    status: str

    def __str__(self) -> str:
        return f"{self.state}/{self.until}/repair={self.repair}/{self.status}"


CASES = [Case(*c) for c in itertools.product(STATES, UNTIL, REPAIR, STATUS)]


def _day(today: date, offset):
    return None if offset is None else today + timedelta(days=offset)


def _store(units, cases) -> dict[int, Case]:
    today = timezone.localdate()
    made = {}
    for i, case in enumerate(cases):
        repaired, repairable = REPAIR[case.repair]
        kind = "penalty" if i % 2 else "license"
        no = f"罗可见〔2026〕{i + 1}号"
        field = "CF_WSH" if kind == "penalty" else "XK_WSH"
        record = make_record(units[UNIT], kind=kind, key=f"V-{i}", decided_on=today - timedelta(days=30 + i),
                             state=case.state, decision_no=no, subject_name=f"深圳市{NAME}{i}",
                             public_until=_day(today, UNTIL[case.until]), repaired_on=_day(today, repaired),
                             repairable_from=_day(today, repairable), status=STATUS[case.status],
                             published_at=timezone.now() if case.state in ("published", "pushed") else None,
                             data={field: no})
        made[record.pk] = case
    # the name index may over-include (rules.visibility is applied to every match): index every record
    records = list(Record.objects.filter(pk__in=made))
    published = [r for r in records if r.state in ("published", "pushed")]
    search_index.index_records(published)
    return made


def _ids_in_html(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/credit/public/records/(\d+)/"', html)}


def _paged_json(client, url: str, params: dict) -> set[int]:
    ids, page = set(), f"{url}?{urlencode(params)}"
    for _ in range(50):
        body = client.get(page).json()
        ids |= {r["id"] for r in body["records"]}
        if not body["next"]:
            return ids
        page = body["next"]
    raise AssertionError(f"{url}: more than 50 pages")


def _paged_html(client, url: str, params: dict) -> set[int]:
    ids, query = set(), urlencode(params)
    for _ in range(50):
        html = client.get(f"{url}?{query}").content.decode()
        ids |= _ids_in_html(html)
        found = re.search(r'<a href="\?([^"]+)" rel="next">', html)
        if not found:
            return ids
        query = found.group(1).replace("&amp;", "&")
    raise AssertionError(f"{url}: more than 50 pages")


def list_surfaces(client) -> dict[str, set[int]]:
    """{surface: ids of the records it shows}, each list walked to its end."""
    site_search = providers("public_search")["credit"]
    return {
        "search page (browse)": _paged_html(client, "/credit/public/", {"unit": UNIT, "limit": 100}),
        "search JSON (browse)": _paged_json(client, "/credit/public.json", {"unit": UNIT, "limit": 100}),
        "search JSON (licences)": _paged_json(
            client, "/credit/public.json", {"kind": "license", "limit": 100}
        ),
        "API list": _paged_json(client, "/credit/api/public/records/", {"limit": 100}),
        "API list (lean chain)": _paged_json(LeanClient(), "/credit/api/public/records/", {"limit": 100}),
        "API name search (lean chain)": _paged_json(
            LeanClient(), "/credit/api/public/records/", {"name": NAME, "limit": 100}
        ),
        "API embed (lean chain)": _paged_json(
            LeanClient(), f"/credit/api/public/embed/{UNIT}/", {"limit": 100}
        ),
        "name search JSON": _paged_json(client, "/credit/public.json", {"name": NAME, "limit": 100}),
        "name search page": _paged_html(client, "/credit/public/", {"q": NAME, "limit": 100}),
        "embed page": _paged_html(client, f"/credit/public/embed/{UNIT}/", {"limit": 100}),
        "embed JSON": _paged_json(client, f"/credit/public/embed/{UNIT}.json", {"limit": 100}),
        "site search box": {
            int(re.search(r"/records/(\d+)/", item["url"]).group(1))
            for item in site_search(NAME, limit=100)["items"]
        },
    }


def record_surfaces(client, record: Record) -> dict[str, bool]:
    """{surface: whether it shows this record}."""
    pk = record.pk
    try:
        objection_services.objection_create(
            record, name="李四", contact="lisi@example.com", content="内容有误"
        )
        objectable = True
    except ApplicationError as exc:
        assert exc.code == "not_public"
        objectable = False
    exact = client.get("/credit/public.json?" + urlencode({"decision_no": record.decision_no})).json()
    return {
        "detail page": client.get(f"/credit/public/records/{pk}/").status_code == 200,
        "detail JSON": client.get(f"/credit/public/records/{pk}.json").status_code == 200,
        "API detail": client.get(f"/credit/api/public/records/{pk}/").status_code == 200,
        "API detail (lean chain)": LeanClient().get(f"/credit/api/public/records/{pk}/").status_code == 200,
        "exact search JSON": pk in {r["id"] for r in exact["records"]},
        "API exact search (lean chain)": pk in {r["id"] for r in LeanClient().get(
            "/credit/api/public/records/", {"decision_no": record.decision_no}).json()["records"]},
        "objection form": client.get(f"/credit/objections/new/{pk}/").status_code == 200,
        "objection service": objectable,
        "push payload": publication.push_payload(record)["public"],
    }


def test_the_table_covers_every_dimension_and_both_answers():
    today = date(2026, 6, 1)
    answers = {visibility.is_public(_facts(c, today), today=today) for c in CASES}
    assert answers == {True, False}
    assert len(CASES) == len(STATES) * len(UNTIL) * len(REPAIR) * len(STATUS)


def _facts(case: Case, today: date) -> dict:
    repaired, repairable = REPAIR[case.repair]
    return {
        "state": case.state,
        "public_until": _day(today, UNTIL[case.until]),
        "status": STATUS[case.status],
        "repaired_on": _day(today, repaired),
        "repairable_from": _day(today, repairable),
    }


def test_every_surface_shows_a_record_iff_the_one_definition_says_so(units, client):
    made = _store(units, CASES)
    today = timezone.localdate()
    expected = {pk for pk, case in made.items() if visibility.is_public(_facts(case, today), today=today)}
    # the definition itself, on the stored rows (what the surfaces read)
    assert expected == {
        r.pk for r in Record.objects.filter(pk__in=made) if visibility.is_public(r, today=today)
    }
    assert 0 < len(expected) < len(made)
    wrong = []
    licences = {r.pk for r in Record.objects.filter(pk__in=made, kind="license")}
    for surface, shown in list_surfaces(client).items():
        want = expected & licences if surface == "search JSON (licences)" else expected
        for pk in sorted(shown ^ want):
            wrong.append(f"{surface}: {made[pk]} {'shown' if pk in shown else 'hidden'}, definition says "
                         f"{'public' if pk in want else 'not public'}")
    for record in Record.objects.filter(pk__in=made).order_by("pk"):
        for surface, shown in record_surfaces(client, record).items():
            if shown != (record.pk in expected):
                wrong.append(f"{surface}: {made[record.pk]} {'shown' if shown else 'hidden'}")
    assert not wrong, f"{len(wrong)} surface answers differ from rules.visibility:\n" + "\n".join(wrong[:40])


# --- The field projection: the catalog's 可公示的信息项 (issue 13 item 3) -----------------------------------

HIDDEN_RESULT = "罚款人民币2000元（目录未列此项）"
HIDDEN_AUTHORITY = "罗湖区目录未列机关"


@pytest.fixture
def catalogued(units):
    """Two published penalties alike but for their catalog item: 'CLOSED-1' does
    not list 处罚结果 (CF_JG), the 统一社会信用代码 (CF_XDR_SHXYM) and 处罚机关 (CF_XZJG) among its
    可公示的信息项; 'OPEN-1' lists none (= all)."""
    from zhengwu.credit.models import CatalogItem
    from zhengwu.credit.standard import PENALTY

    unit = units[UNIT]
    hidden = {"CF_JG", "CF_XDR_SHXYM", "CF_XZJG"}
    CatalogItem.objects.create(unit=unit, kind="penalty", code="CLOSED-1", name="限列事项",
                               publishable_fields=[f.code for f in PENALTY.fields if f.code not in hidden])
    CatalogItem.objects.create(unit=unit, kind="penalty", code="OPEN-1", name="全列事项")
    today = timezone.localdate()
    made = {}
    for code in ("CLOSED-1", "OPEN-1"):
        made[code] = make_record(
            unit,
            key=f"CAT-{code}",
            item_code=code,
            decided_on=today - timedelta(days=10),
            state="published",
            public_until=today + timedelta(days=90),
            published_at=timezone.now(),
            authority=HIDDEN_AUTHORITY,
            subject_name=f"深圳市{NAME}{code}",
            decision_no=f"罗目录〔2026〕{code}号",
            data={
                "SXBM": code,
                "CF_JG": HIDDEN_RESULT,
                "CF_XZJG": HIDDEN_AUTHORITY,
                "CF_WSH": f"罗目录〔2026〕{code}号",
            },
        )
    search_index.index_records(list(made.values()))
    return made


def _texts_of(client, record) -> dict[str, str]:
    """{surface: everything it says about the record} (lists: the record's own entry)."""
    import json

    from zhengwu.credit.tests.factories import USCC
    from zhengwu.outbox.models import Destination, Message

    pk = record.pk

    def entry(body):
        return json.dumps([r for r in body["records"] if r["id"] == pk], ensure_ascii=False)

    def row_in(html):
        rows = [row for row in html.split("<tr>") if f"/credit/public/records/{pk}/" in row]
        return "".join(rows)

    Destination.objects.get_or_create(name="市政府门户网站", kind="http_json", url="http://127.0.0.1:9/",
                                      topics=["credit."])
    publication.on_published_many([record])
    site = providers("public_search")["credit"](NAME, limit=100)["items"]
    by_uscc = client.get("/credit/public.json?" + urlencode({"uscc": USCC})).json()
    return {
        "detail page": client.get(f"/credit/public/records/{pk}/").content.decode(),
        "detail JSON": client.get(f"/credit/public/records/{pk}.json").content.decode(),
        "API detail": client.get(f"/credit/api/public/records/{pk}/").content.decode(),
        "API detail (lean chain)": LeanClient().get(f"/credit/api/public/records/{pk}/").content.decode(),
        "API search by the code (lean chain)": entry(
            LeanClient().get("/credit/api/public/records/", {"uscc": USCC}).json()
        ),
        "API name search (lean chain)": entry(
            LeanClient().get("/credit/api/public/records/", {"name": NAME}).json()
        ),
        "search page": row_in(client.get("/credit/public/", {"unit": UNIT}).content.decode()),
        "search JSON": entry(client.get("/credit/public.json", {"unit": UNIT}).json()),
        "name search JSON": entry(client.get("/credit/public.json", {"name": NAME}).json()),
        "search by the code": entry(by_uscc),
        "embed page": row_in(client.get(f"/credit/public/embed/{UNIT}/").content.decode()),
        "embed JSON": entry(client.get(f"/credit/public/embed/{UNIT}.json").json()),
        "site search box": json.dumps([i for i in site if f"/records/{pk}/" in i["url"]], ensure_ascii=False),
        "objection form": client.get(f"/credit/objections/new/{pk}/").content.decode(),
        "push": json.dumps(
            [m.payload for m in Message.objects.filter(source_id=str(pk))], ensure_ascii=False
        ),
    }


def test_a_field_the_catalog_does_not_publish_appears_on_no_surface(units, client, catalogued):
    from zhengwu.credit.tests.factories import USCC

    markers = {"处罚结果": HIDDEN_RESULT, "统一社会信用代码": USCC, "处罚机关": HIDDEN_AUTHORITY}
    closed = _texts_of(client, catalogued["CLOSED-1"])
    leaks = [f"{surface}: {what}" for surface, text in closed.items() for what, value in markers.items()
             if value in text]
    assert not leaks, "hidden fields shown:\n" + "\n".join(leaks)
    # the record itself is still public wherever it is listed, only without those fields …
    for surface in ("detail JSON", "search JSON", "embed JSON", "name search JSON", "site search box", "push",
                    "API detail (lean chain)", "API name search (lean chain)"):
        assert catalogued["CLOSED-1"].decision_no in closed[surface], surface
    # … it is not found through a field it may not show (a match on the code would tell the code) …
    assert closed["search by the code"] == "[]"
    assert closed["API search by the code (lean chain)"] == "[]"
    # … and the same record under an item that lists every field shows them all (the markers are real)
    shown = _texts_of(client, catalogued["OPEN-1"])
    for surface in ("detail page", "detail JSON", "API detail", "push", "API detail (lean chain)"):
        assert all(value in shown[surface] for value in markers.values()), surface
    for surface in ("search JSON", "embed JSON", "search by the code", "API search by the code (lean chain)"):
        assert USCC in shown[surface] and HIDDEN_AUTHORITY in shown[surface], surface


def test_the_push_keeps_the_rows_key_and_status_whatever_the_catalog_says(units, catalogued):
    record = catalogued["CLOSED-1"]
    row = publication.push_payload(record)["record"]
    assert row["CF_XH"] == record.key and row["CF_ZT"] == "0" and row["SJC"]
    assert row["CF_JG"] is None and row["CF_XDR_SHXYM"] is None and row["CF_XZJG"] is None
    assert row["CF_WSH"] == record.decision_no
