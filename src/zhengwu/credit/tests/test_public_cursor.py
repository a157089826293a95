"""Issue 12 §6: the public search's keyset cursor (`after`) is untrusted input — a crafted
one is a 400 with the project's error shape (a page message on HTML), never a 500."""

import base64
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from zhengwu.credit.models import Record
from zhengwu.credit.selectors import public as selectors
from zhengwu.credit.tests.factories import USCC, license_row
from zhengwu.credit.tests.test_services import run

#: the cursor of the report: ["name", "99999999999999999999999", 1] — a rank beyond any integer column
ISSUE_CURSOR = "WyJuYW1lIiwgIjk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5IiwgMV0"


def cursor(value) -> str:
    """A cursor as the server would encode `value` (any JSON), so that only its content is hostile."""
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


#: (label, cursor) — each is refused in every search mode (name / exact / browse)
HOSTILE_CURSORS = [
    ("the issue's cursor", ISSUE_CURSOR),
    ("not base64", "!!not-a-cursor"),
    ("percent signs", "%%%"),
    ("one character", "a"),
    ("padding only", "===="),
    ("NUL", "WyJuYW1lIiwgIjEiLCAxXQ\x00"),
    ("non-ASCII", "翻页"),
    ("base64 of non-UTF-8", base64.urlsafe_b64encode(b"\xff\xfe\xfd").decode()),
    ("base64 of not JSON", base64.urlsafe_b64encode(b"hello").decode()),
    ("too long", "A" * 5000),
    ("a JSON object", cursor({"a": 1, "b": 2, "c": 3})),
    ("a JSON string", cursor("name")),
    ("a number", cursor(12)),
    ("empty list", cursor([])),
    ("two items", cursor(["name", "1"])),
    ("four items", cursor(["name", "1", 1, 1])),
    ("nested lists", cursor([["name"], ["1"], [1]])),
    ("deeply nested", base64.urlsafe_b64encode(b"[" * 80 + b"]" * 80).decode()),
    ("id as string", cursor(["name", "1", "1"])),
    ("id as float", cursor(["name", "1", 1.0])),
    ("id as boolean", cursor(["name", "1", True])),
    ("id zero", cursor(["name", "1", 0])),
    ("id negative", cursor(["name", "1", -1])),
    ("id beyond bigint", cursor(["name", "1", 2 ** 63])),
    ("id huge", cursor(["name", "1", 10 ** 30])),
    ("id null", cursor(["name", "1", None])),
    ("key as number", cursor(["name", 1, 1])),
    ("key huge", cursor(["name", "9" * 23, 1])),
    ("key beyond the last day", cursor(["name", str(selectors.MAX_RANK + 1), 1])),
    ("key negative", cursor(["name", "-5", 1])),
    ("key with spaces", cursor(["name", " 12", 1])),
    ("key in exponent form", cursor(["name", "1e5", 1])),
    ("key in Arabic-Indic digits", cursor(["name", "١٢", 1])),
    ("key empty", cursor(["name", "", 1])),
    ("mode unknown", cursor(["drop table", "1", 1])),
    ("impossible date", cursor(["browse", "2016-13-01", 1])),
    ("compact date", cursor(["browse", "20160101", 1])),
    ("date with time", cursor(["browse", "2016-01-01T00:00", 1])),
    ("date far away", cursor(["exact", "99999-01-01", 1])),
    ("date as number", cursor(["browse", 20160101, 1])),
]
SEARCHES = {"name": {"name": "深圳"}, "exact": {"uscc": USCC}, "browse": {"kind": "license"}}


@pytest.fixture
def public_set(units):
    run(units["QFGJ"], [license_row(XK_XH=f"L{i}", XK_XDR=f"深圳市测试{i}有限公司", XK_JZQ="2099-12-31")
                        for i in range(3)])
    Record.objects.update(
        state=Record.State.PUBLISHED, public_until=timezone.localdate() + timedelta(days=30)
    )
    from zhengwu.credit.services import search_index

    search_index.index_records(Record.objects.all())


@pytest.mark.django_db
def test_the_issues_cursor_is_a_400_in_the_error_shape(public_set):
    response = Client().get("/credit/public.json", {"name": "深圳", "after": ISSUE_CURSOR})
    assert response.status_code == 400
    error = response.json()["error"]
    assert (
        error["code"] == "invalid_parameter" and "after" in error["fields"] and "翻页参数" in error["message"]
    )


@pytest.mark.django_db
def test_the_html_page_says_so_and_links_to_the_first_page(public_set):
    response = Client().get("/credit/public/", {"name": "深圳", "after": ISSUE_CURSOR})
    body = response.content.decode()
    assert response.status_code == 400 and "翻页参数“after”无效" in body
    assert 'href="?name=%E6%B7%B1%E5%9C%B3">' in body  # the same search, from its first page
    embed = Client().get("/credit/public/embed/QFGJ/", {"after": ISSUE_CURSOR})
    assert embed.status_code == 400 and "翻页参数“after”无效" in embed.content.decode()


@pytest.mark.django_db
def test_hostile_cursors_are_refused_in_every_mode_on_every_list(public_set):
    client = Client()  # raises on a server error
    requests = [("/credit/public.json", params) for params in SEARCHES.values()]
    requests += [("/credit/api/public/records/", SEARCHES["name"]), ("/credit/public/embed/QFGJ.json", {})]
    for label, after in HOSTILE_CURSORS:
        for url, params in requests:
            response = client.get(url, {**params, "after": after})
            assert response.status_code == 400, (label, url, params)
            if "\x00" not in after:  # a NUL is refused earlier, by the middleware, for every URL
                assert "after" in response.json()["error"]["fields"], (label, url, params)
        for url, params in (("/credit/public/", SEARCHES["exact"]), ("/credit/public/embed/QFGJ/", {})):
            assert client.get(url, {**params, "after": after}).status_code == 400, (label, url)


@pytest.mark.parametrize(("label", "after"), HOSTILE_CURSORS, ids=[c[0] for c in HOSTILE_CURSORS])
def test_decode_cursor_refuses_hostile_cursors(label, after):
    for mode in SEARCHES:
        with pytest.raises(ValueError):
            selectors.decode_cursor(after, mode)


def test_decode_cursor_reads_what_the_server_wrote():
    day = timezone.localdate()
    assert selectors.decode_cursor(cursor(["browse", day.isoformat(), 7]), "browse") == (day, 7)
    assert selectors.decode_cursor(cursor(["name", str(selectors.MAX_RANK), 2 ** 63 - 1]), "name") == (
        selectors.MAX_RANK, 2 ** 63 - 1)
    with pytest.raises(ValueError):  # a cursor of another mode (the search changed between pages)
        selectors.decode_cursor(cursor(["browse", day.isoformat(), 7]), "exact")


@pytest.mark.django_db
def test_real_cursors_still_page_through_every_mode(public_set):
    client = Client()
    for mode, params in SEARCHES.items():
        seen, body = [], client.get("/credit/api/public/records/", {**params, "limit": 1}).json()
        while True:
            seen += [r["id"] for r in body["records"]]
            if not body["next"]:
                break
            body = client.get(body["next"]).json()
        assert sorted(seen) == sorted(Record.objects.values_list("id", flat=True)), mode
