"""Open311 GeoReport v2 (issue 15 §5), tested as an Open311 client would: only URLs, form posts and the
documents that come back (XML parsed with ElementTree, JSON with json) — one test per rule."""

import json
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from zhengwu.dispatch.models import Category, Event, Place
from zhengwu.dispatch.tests.conftest import issue_key

pytestmark = pytest.mark.django_db
BASE = "/open311/v2/"


@pytest.fixture
def lamp(ref):
    """The street-lamp service, with two extra questions (one required list)."""
    c = Category.objects.get(level1="城乡建设", level2="城市建设和市政管理", level3="城市公共设施")
    c.questions = [
        {"code": "pole", "description": "灯杆编号", "datatype": "string", "required": False},
        {"code": "kind", "description": "故障类型", "datatype": "singlevaluelist", "required": True,
         "values": [{"key": "dark", "name": "不亮"}, {"key": "flicker", "name": "闪烁"}]},
    ]
    c.save()
    return c


@pytest.fixture
def key(ref):
    return issue_key("罗湖 311 应用", "miniprogram")


def xml(response):
    assert response["Content-Type"].startswith("text/xml") and "utf-8" in response["Content-Type"]
    return ET.fromstring(response.content)  # noqa: S314 — our own output


def as_json(response):
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content.decode("utf-8"))


def post(client, key, fmt="json", **fields):
    data = {"api_key": key, "service_code": "", "lat": "22.54", "long": "114.12",
            "description": "鹿丹村12栋门口路灯不亮，晚上很黑", "attribute[kind]": "dark"} | fields
    return client.post(f"{BASE}requests.{fmt}", {k: v for k, v in data.items() if v is not None})


def errors_of(response):
    if response["Content-Type"].startswith("text/xml"):
        root = ET.fromstring(response.content)  # noqa: S314 — our own output
        assert root.tag == "errors"
        return [(int(e.findtext("code")), e.findtext("description")) for e in root.findall("error")]
    return [(e["code"], e["description"]) for e in as_json(response)]


def test_discovery_lists_the_endpoint_in_both_formats(client, ref):
    root = xml(client.get(f"{BASE}discovery.xml"))
    endpoint = root.find("endpoints/endpoint")
    assert endpoint.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
    assert {f.text for f in endpoint.findall("formats/format")} == {"text/xml", "application/json"}
    assert root.findtext("changeset").endswith("+08:00")
    assert as_json(client.get(f"{BASE}discovery.json"))["endpoints"][0]["url"].endswith("/open311/v2/")


def test_services_are_the_taxonomy_leaves_grouped_by_level_1(client, lamp):
    root = xml(client.get(f"{BASE}services.xml"))
    services = root.findall("service")
    assert len(services) == Category.objects.filter(is_active=True).count()
    found = {s.findtext("service_code"): s for s in services}
    mine = found[str(lamp.pk)]
    assert (mine.findtext("service_name"), mine.findtext("group"), mine.findtext("metadata")) == (
        "城市公共设施", "城乡建设", "true")
    groups = [s.findtext("group") for s in services]
    assert groups == sorted(groups)  # grouped: each level 1 together
    assert as_json(client.get(f"{BASE}services.json"))[0].keys() >= {
        "service_code",
        "service_name",
        "group",
        "type",
    }


def test_service_definition_gives_the_category_questions_as_attributes(client, lamp):
    root = xml(client.get(f"{BASE}services/{lamp.pk}.xml"))
    assert root.tag == "service_definition" and root.findtext("service_code") == str(lamp.pk)
    attrs = root.findall("attributes/attribute")
    assert [a.findtext("code") for a in attrs] == ["pole", "kind"]
    assert attrs[1].findtext("required") == "true" and attrs[1].findtext("datatype") == "singlevaluelist"
    assert [v.findtext("key") for v in attrs[1].findall("values/value")] == ["dark", "flicker"]
    response = client.get(f"{BASE}services/999999.json")
    assert response.status_code == 404 and errors_of(response)[0][0] == 404


def test_post_creates_a_request_through_intake_with_id_and_token(client, lamp, key, classify_as):
    classify_as("城乡建设", 0.9)
    response = post(client, key, service_code=str(lamp.pk), **{"attribute[pole]": "LD-12"})
    assert response.status_code == 201, response.content
    [created] = as_json(response)
    event = Event.objects.get(case_no=created["service_request_id"])
    assert event.channel == "miniprogram" and event.source_system == "罗湖 311 应用"
    assert event.state != "received"  # classified and routed by the same intake
    assert "灯杆编号：LD-12" in event.text and event.open311.attributes == {"pole": "LD-12", "kind": "dark"}
    token = as_json(client.get(f"{BASE}tokens/{created['token']}.json"))
    assert token == [{"service_request_id": event.case_no, "token": created["token"]}]
    assert client.get(f"{BASE}tokens/nope.xml").status_code == 404


def test_post_without_api_key_is_403_and_a_bad_key_too(client, lamp, key):
    response = post(client, None, fmt="xml", service_code=str(lamp.pk))
    assert response.status_code == 403 and errors_of(response)[0][0] == 403
    response = post(client, "wrong-key", service_code=str(lamp.pk))
    assert response.status_code == 403 and errors_of(response)[0][0] == 403
    assert not Event.objects.exists()


def test_post_needs_a_service_code_and_a_location_and_reports_both_at_once(client, lamp, key):
    response = post(client, key, fmt="xml", service_code=None, lat=None, long=None)
    assert response.status_code == 400
    codes = errors_of(response)
    assert len(codes) == 2 and {c for c, _d in codes} == {400}
    assert any("service_code" in d for _c, d in codes) and any("lat" in d for _c, d in codes)
    response = post(client, key, service_code="424242")
    assert response.status_code == 400 and "service_code" in errors_of(response)[0][1]
    assert not Event.objects.exists()


@pytest.mark.parametrize("location", [
    {"lat": "22.54", "long": "114.12"}, {"lat": None, "long": None, "address_string": "鹿丹村12栋"},
    {"lat": None, "long": None, "address_id": "PLACE"},
])
def test_any_one_of_the_three_locations_is_enough(client, lamp, key, classify_as, location):
    classify_as("城乡建设", 0.9)
    if location.get("address_id") == "PLACE":
        location = location | {"address_id": str(Place.objects.first().pk)}
    response = post(client, key, service_code=str(lamp.pk), **location)
    assert response.status_code == 201, response.content
    if "address_id" in location:
        event = Event.objects.get()
        assert event.address == Place.objects.first().name
        [row] = as_json(client.get(f"{BASE}requests/{event.case_no}.json"))
        assert row["address_id"] == location["address_id"]


def test_description_is_plain_text_of_at_most_4000_characters(client, lamp, key, classify_as):
    classify_as("城乡建设", 0.9)
    assert post(client, key, service_code=str(lamp.pk), description="灯" * 4000).status_code == 201
    response = post(client, key, service_code=str(lamp.pk), description="灯" * 4001)
    assert response.status_code == 400 and "4000" in errors_of(response)[0][1]
    response = post(client, key, service_code=str(lamp.pk), description="<b>路灯</b>不亮")
    assert response.status_code == 400 and "纯文本" in errors_of(response)[0][1]


def test_attributes_are_checked_against_the_service_definition(client, lamp, key):
    response = post(
        client, key, service_code=str(lamp.pk), **{"attribute[kind]": None, "attribute[zzz]": "1"}
    )
    assert response.status_code == 400
    text = " ".join(d for _c, d in errors_of(response))
    assert "attribute[kind]" in text and "attribute[zzz]" in text
    response = post(client, key, service_code=str(lamp.pk), **{"attribute[kind]": "broken"})
    assert response.status_code == 400 and "broken" in errors_of(response)[0][1]


def _event(case_no, days_ago, state="dispatched", **extra):
    return Event.objects.create(
        case_no=case_no,
        channel="hotline",
        title="路灯",
        text="路灯不亮，联系人张三 13812345678",
        reporter_name="张三",
        reporter_phone="13812345678",
        address="鹿丹村",
        received_at=timezone.now() - timedelta(days=days_ago),
        state=state,
        **extra,
    )


def test_get_requests_defaults_to_the_last_90_days_and_shows_no_personal_data(client, ref):
    _event("LH1", 1)
    _event("LH2", 89)
    _event("LH3", 91)
    root = xml(client.get(f"{BASE}requests.xml"))
    ids = [r.findtext("service_request_id") for r in root.findall("request")]
    assert ids == ["LH1", "LH2"]
    body = client.get(f"{BASE}requests.json").content.decode()
    assert "13812345678" not in body and "张三" not in body
    row = as_json(client.get(f"{BASE}requests.json"))[0]
    assert row["requested_datetime"].endswith("+08:00") and row["updated_datetime"].endswith("+08:00")
    assert row["extended_attributes"]["channel"] == "hotline"


def test_get_requests_returns_at_most_1000_rows_and_pages_through_the_rest(client, ref):
    now = timezone.now()
    Event.objects.bulk_create(
        [
            Event(
                case_no=f"LHP{i:05d}",
                channel="web",
                title="t",
                text="x",
                received_at=now - timedelta(minutes=i),
                state="dispatched",
            )
            for i in range(1005)
        ]
    )
    assert len(as_json(client.get(f"{BASE}requests.json"))) == 1000
    assert len(as_json(client.get(f"{BASE}requests.json?page=2"))) == 5
    seen = []
    for page in range(1, 4):
        seen += [
            r["service_request_id"]
            for r in as_json(client.get(f"{BASE}requests.json?page_size=400&page={page}"))
        ]
    assert len(seen) == len(set(seen)) == 1005
    assert client.get(f"{BASE}requests.json?page_size=1001").status_code == 400


def test_service_request_id_overrides_the_other_filters(client, ref):
    _event("LH1", 1)
    _event("LH3", 200)
    rows = as_json(client.get(f"{BASE}requests.json?service_request_id=LH1,LH3&status=closed&start_date=bad"))
    assert sorted(r["service_request_id"] for r in rows) == ["LH1", "LH3"]


def test_status_filters_open_and_closed(client, ref):
    _event("LH1", 1)
    _event("LH2", 1, state="closed", closed_at=timezone.now())
    assert [r["service_request_id"] for r in as_json(client.get(f"{BASE}requests.json?status=closed"))] == [
        "LH2"
    ]
    assert [r["service_request_id"] for r in as_json(client.get(f"{BASE}requests.json?status=open"))] == [
        "LH1"
    ]
    assert len(as_json(client.get(f"{BASE}requests.json?status=open,closed"))) == 2
    response = client.get(f"{BASE}requests.xml?status=pending")
    assert response.status_code == 400 and "status" in errors_of(response)[0][1]


def test_a_date_range_over_90_days_is_refused_and_a_bad_date_named(client, ref):
    response = client.get(
        f"{BASE}requests.xml?start_date=2026-01-01T00:00:00%2B08:00&end_date=2026-05-01T00:00:00Z"
    )
    assert response.status_code == 400 and "90" in errors_of(response)[0][1]
    response = client.get(f"{BASE}requests.json?start_date=yesterday&status=maybe")
    assert response.status_code == 400 and len(errors_of(response)) == 2
    start = (timezone.now() - timedelta(days=30)).isoformat()
    assert client.get(f"{BASE}requests.json", {"start_date": start}).status_code == 200


def test_one_request_has_its_notes_and_a_missing_one_is_404(client, lamp, key, classify_as):
    classify_as("城乡建设", 0.9)
    case_no = as_json(post(client, key, service_code=str(lamp.pk)))[0]["service_request_id"]
    root = xml(client.get(f"{BASE}requests/{case_no}.xml"))
    [request] = root.findall("request")
    assert request.findtext("service_code") == str(lamp.pk) and request.findtext("status") == "open"
    notes = request.findall("notes/note")
    assert notes and all(n.findtext("datetime").endswith("+08:00") for n in notes)
    assert request.findtext("extended_attributes/channel") == "miniprogram"
    response = client.get(f"{BASE}requests/LH0000.xml")
    assert response.status_code == 404 and errors_of(response) == [(404, errors_of(response)[0][1])]


def test_jurisdiction_id_is_optional_but_checked_when_given(client, ref, settings):
    settings.DISPATCH_OPEN311_JURISDICTION = "luohu.gov.cn"
    assert client.get(f"{BASE}services.json?jurisdiction_id=luohu.gov.cn").status_code == 200
    response = client.get(f"{BASE}services.xml?jurisdiction_id=chicago.gov")
    assert response.status_code == 404 and errors_of(response)[0][0] == 404


def test_format_is_chosen_by_suffix_and_text_is_utf8(client, lamp):
    assert client.get(f"{BASE}services.xml").content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    assert "城市公共设施" in client.get(f"{BASE}services.json").content.decode("utf-8")
    assert client.get(f"{BASE}services.html").status_code == 404


def test_public_endpoints_are_rate_limited_with_the_shared_throttle(client, ref, settings):
    settings.DISPATCH_OPEN311_LIMITS = {"read_most": ((3, 600),)}
    for _i in range(3):
        assert client.get(f"{BASE}services.json").status_code == 200
    response = client.get(f"{BASE}services.xml")
    assert (
        response.status_code == 429 and int(response["Retry-After"]) > 0 and errors_of(response)[0][0] == 429
    )
