"""Pages and the API: public form without login, citizen lookup with phone check (masked), rating,
scoping of the case page, the triage queue, the token-authenticated JSON API."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhengwu.dispatch.models import Event, Photo
from zhengwu.dispatch.tests.conftest import issue_key
from zhengwu.ledger.models import Entry
from zhengwu.testing.asserts import assert_error

pytestmark = pytest.mark.django_db

GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x00\x00\x00\x00\x00,"
    b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
FORM = {
    "title": "路灯不亮",
    "text": "鹿丹村小区门口路灯坏了",
    "address": "鹿丹村12栋",
    "phone": "13812345678",
}


def test_public_form_without_login_creates_a_dispatched_case_with_photos(client, cast, classify_as):
    classify_as("城乡建设", 0.9)
    photo = SimpleUploadedFile("lamp.gif", GIF, content_type="image/gif")
    r = client.post(reverse("dispatch:report"), FORM | {"photos": [photo]})
    assert r.status_code == 302
    event = Event.objects.get()
    assert (event.channel, event.state, event.unit.code) == ("web", "dispatched", "GY-LDC")
    assert Photo.objects.get(event=event).kind == "report"
    done = client.get(r["Location"])
    assert event.case_no in done.content.decode()


def test_public_form_refuses_a_non_image_and_a_missing_phone_with_a_message(client, cast, classify_as):
    classify_as("城乡建设", 0.9)
    bad = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    r = client.post(reverse("dispatch:report"), FORM | {"photos": [bad]})
    assert r.status_code == 400 and "文件“x.exe”不是可识别的图片" in r.content.decode()
    r = client.post(reverse("dispatch:report"), FORM | {"phone": ""})
    assert r.status_code == 400 and "请填写联系电话" in r.content.decode()
    assert Event.objects.count() == 0


def _case(client, classify_as):
    classify_as("城乡建设", 0.9)
    client.post(reverse("dispatch:report"), FORM)
    return Event.objects.get()


def test_lookup_needs_the_matching_phone_and_never_shows_it_unmasked(client, cast, classify_as):
    event = _case(client, classify_as)
    anon = client.__class__()
    r = anon.post(reverse("dispatch:lookup"), {"case_no": event.case_no, "phone": "13900000000"})
    assert r.status_code == 403 and event.title not in r.content.decode()
    r = anon.post(reverse("dispatch:lookup"), {"case_no": event.case_no.lower(), "phone": "13812345678"})
    html = r.content.decode()
    assert (
        r.status_code == 200 and event.title in html and "138****5678" in html and "13812345678" not in html
    )
    assert "dispatcher" not in html  # staff names are not on the public page


def test_citizen_rates_after_the_reply_through_the_verified_session(client, cast, classify_as):
    from zhengwu.dispatch.services import lifecycle

    event = _case(client, classify_as)
    lifecycle.event_accept(event, actor=cast["gy"])
    lifecycle.event_resolve(event, actor=cast["gy"], result="已修复")
    lifecycle.event_reply(event, actor=cast["dispatcher"])
    stranger = client.__class__()
    assert (
        stranger.post(reverse("dispatch:rate", args=[event.case_no]), {"rating": "satisfied"}).status_code
        == 404
    )
    r = client.post(reverse("dispatch:rate", args=[event.case_no]), {"rating": "satisfied"})
    assert r.status_code == 302
    event.refresh_from_db()
    assert (event.state, event.rating) == ("closed", "satisfied")


def test_case_page_is_scoped_to_the_handling_unit(client, cast, classify_as):
    event = _case(client, classify_as)
    client.force_login(cast["dm"])
    assert client.get(event.get_absolute_url()).status_code == 404  # another street: same as missing
    client.force_login(cast["gy"])  # the street sees its community's case
    r = client.get(event.get_absolute_url())
    assert (
        r.status_code == 200
        and "form-accept" in r.content.decode()
        and "13812345678" not in r.content.decode()
    )
    client.force_login(cast["dispatcher"])
    assert client.get(event.get_absolute_url()).status_code == 200


def test_case_action_post_accepts_and_a_forbidden_one_shows_the_message(client, cast, classify_as):
    event = _case(client, classify_as)
    client.force_login(cast["gy_ldc"])
    client.post(reverse("dispatch:case_action", args=[event.case_no, "accept"]))
    event.refresh_from_db()
    assert event.state == "accepted"
    r = client.post(reverse("dispatch:case_action", args=[event.case_no, "accept"]), follow=True)
    assert "不能签收" in r.content.decode()


def test_triage_queue_is_for_dispatchers_only(client, cast, classify_as):
    classify_as("城乡建设", 0.1)
    client.post(reverse("dispatch:report"), FORM)
    client.force_login(cast["gy"])
    assert client.get(reverse("dispatch:triage")).status_code == 403
    client.force_login(cast["dispatcher"])
    r = client.get(reverse("dispatch:triage"))
    assert r.status_code == 200 and Event.objects.get().case_no in r.content.decode()
    page = client.get(reverse("dispatch:case", args=[Event.objects.get().case_no])).content.decode()
    # the dispatcher sees what the model hesitated between, most likely first
    assert "模型建议：交通运输 0.63 · 环境保护 0.27 · 城乡建设 0.10" in page


def test_todo_list_shows_the_units_events(client, cast, classify_as):
    event = _case(client, classify_as)
    client.force_login(cast["gy_ldc"])
    assert event.case_no in client.get(reverse("dispatch:todo")).content.decode()
    client.force_login(cast["dm"])
    assert event.case_no not in client.get(reverse("dispatch:todo")).content.decode()


def test_hotline_form_records_the_caller_and_call_back_flag(client, cast, classify_as):
    classify_as("城乡建设", 0.9)
    client.force_login(cast["dispatcher"])
    r = client.post(reverse("dispatch:hotline"), FORM | {"callback": "1"})
    event = Event.objects.get()
    assert r.status_code == 302 and (event.channel, event.callback_requested) == ("hotline", True)
    assert (
        Entry.objects.filter(object_type="dispatch.event", object_id=str(event.pk))
        .order_by("seq")
        .first()
        .actor_label
        == "dispatcher"
    )


# --- API ----------------------------------------------------------------------------------------------

def post(client, body, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post(
        reverse("dispatch:api_events"),
        data=body if isinstance(body, str) else json.dumps(body),
        content_type="application/json",
        **headers,
    )



def test_api_needs_a_token(client, cast):
    assert_error(post(client, {"title": "x", "text": "y"}), 401, "unauthenticated")
    assert_error(post(client, {"title": "x", "text": "y"}, token="wrong"), 401, "invalid_token")


def test_api_intake_returns_the_case_and_its_dispatch(client, cast, classify_as):
    classify_as("城乡建设", 0.9)
    api_token = issue_key("罗湖微信", "wechat")
    r = post(
        client,
        {
            "title": "路灯不亮",
            "text": "鹿丹村路灯坏了",
            "address": "鹿丹村",
            "reporter_phone": "13812345678",
            "source_id": "wx-1",
        },
        token=api_token,
    )
    assert r.status_code == 201
    body = r.json()
    assert body["unit"] == "鹿丹村社区" and body["state"] == "dispatched"
    event = Event.objects.get(case_no=body["case_no"])
    assert (event.channel, event.source_system, event.source_id) == ("wechat", "罗湖微信", "wx-1")
    status = client.get(
        reverse("dispatch:api_event", args=[event.case_no]), HTTP_AUTHORIZATION=f"Bearer {api_token}"
    )
    assert status.json()["case_no"] == event.case_no
    other_token = issue_key("其他系统")
    assert client.get(reverse("dispatch:api_event", args=[event.case_no]),
                      HTTP_AUTHORIZATION=f"Bearer {other_token}").status_code == 404


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ("{not json", "invalid_json", None),
        ("[1, 2]", "invalid_json", None),
        ({"title": "x"}, "required", "text"),
        ({"title": "x", "text": "y", "colour": "red"}, "unknown_field", "colour"),
        ({"title": "x", "text": "y", "lat": "north"}, "not_a_number", "lat"),
        ({"title": 5, "text": "y"}, "not_a_string", "title"),
    ],
)
def test_api_bad_input_gets_a_clear_json_error(client, cast, classify_as, body, code, field):
    classify_as("城乡建设", 0.9)
    api_token = issue_key("小程序", "miniprogram")
    r = post(client, body, token=api_token)
    assert_error(r, 400, code)
    if field:
        assert field in r.json()["error"]["fields"]
    assert Event.objects.count() == 0


def test_api_batch_stores_the_valid_events_and_reports_the_others(client, cast, classify_as):
    classify_as("城乡建设", 0.9)
    api_token = issue_key("数字城管", "system")
    body = {"events": [{"title": "路灯", "text": "鹿丹村路灯坏了", "address": "鹿丹村", "source_id": 17},
                       {"title": "", "text": "没有标题"}, {"title": "x", "text": "y", "colour": "red"},
                       {"title": "井盖", "text": "东门老街井盖丢了", "address": "东门老街"}]}
    r = client.post(
        reverse("dispatch:api_events_batch"),
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api_token}",
    )
    assert r.status_code == 207
    results = r.json()["results"]
    assert [x["index"] for x in results] == [0, 1, 2, 3]
    assert results[0]["unit"] == "鹿丹村社区" and results[3]["unit"] == "东门社区"
    assert (
        results[1]["error"]["fields"] == {"title": ["请填写标题。"]}
        and "colour" in results[2]["error"]["fields"]
    )
    assert Event.objects.count() == 2 and Event.objects.get(source_id="17").source_system == "数字城管"
    assert len({e.case_no for e in Event.objects.all()}) == 2
