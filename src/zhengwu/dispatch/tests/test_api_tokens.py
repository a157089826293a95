"""One way to authenticate a machine client (issue 11 §3): the intake API takes core.ApiKey keys of
scope "dispatch.events" (`Authorization: Bearer <key>`), whose name is their events' source system.
Each failure has its code; a name stays one system's (rotation is the one reuse); the command issues."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from zhengwu.core.errors import ApplicationError
from zhengwu.core.models import ApiKey
from zhengwu.core.services import api_key_issue, api_key_revoke
from zhengwu.core.tokens import token_hash
from zhengwu.dispatch import services
from zhengwu.dispatch.checks import api_client_names
from zhengwu.dispatch.models import Event
from zhengwu.dispatch.tests.conftest import issue_key
from zhengwu.ledger.models import Entry
from zhengwu.testing.asserts import assert_error

pytestmark = pytest.mark.django_db

EVENT = {"title": "路灯不亮", "text": "鹿丹村小区门口路灯坏了", "address": "鹿丹村", "source_id": "wx-1"}


def post(client, token=None, body=EVENT, header=None):
    headers = {"HTTP_AUTHORIZATION": header or f"Bearer {token}"} if (token or header) else {}
    return client.post(
        reverse("dispatch:api_events"), json.dumps(body), content_type="application/json", **headers
    )


def status(client, case_no, token):
    return client.get(reverse("dispatch:api_event", args=[case_no]), HTTP_AUTHORIZATION=f"Bearer {token}")



def test_keys_are_stored_only_as_their_hash_and_the_issue_is_ledgered(db):
    token = issue_key("罗湖微信", "wechat")
    key = ApiKey.objects.get(name="罗湖微信")
    assert (key.scope, key.channel, key.key_hash) == ("dispatch.events", "wechat", token_hash(token))
    assert not ApiKey.objects.filter(key_hash=token).exists() and key.prefix == token[:8]
    assert Entry.objects.filter(action="core.api_key.issued", object_id=str(key.pk)).exists()


@pytest.mark.parametrize("failure", ["none", "not bearer", "wrong", "revoked", "expired", "other scope"])
def test_each_failure_of_authentication_has_its_code_and_stores_nothing(client, cast, classify_as, failure):
    classify_as("城乡建设", 0.9)
    token = issue_key("罗湖微信", "wechat")
    key = ApiKey.objects.get(name="罗湖微信")
    if failure == "none":
        assert_error(post(client), 401, "unauthenticated")
    elif failure == "not bearer":
        assert_error(post(client, header=f"Token {token}"), 401, "unauthenticated")
    elif failure == "wrong":
        assert_error(post(client, token + "x"), 401, "invalid_token")
    elif failure == "revoked":
        api_key_revoke(key=key, actor=None)
        assert_error(post(client, token), 401, "token_revoked")
    elif failure == "expired":
        ApiKey.objects.filter(pk=key.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
        assert_error(post(client, token), 401, "token_expired")
    else:
        _other, other_token = api_key_issue(name="审批系统", scope="credit.import", actor=None)
        assert_error(post(client, other_token), 403, "wrong_scope")
    assert Event.objects.count() == 0
    assert post(client, token).status_code in (
        201,
        401,
    )  # the same key, unchanged, works unless refused above


def test_a_valid_key_intakes_under_its_name_and_channel(client, cast, classify_as):
    classify_as("城乡建设", 0.9)
    token = issue_key("罗湖微信", "wechat")
    r = post(client, token)
    assert r.status_code == 201
    event = Event.objects.get(case_no=r.json()["case_no"])
    assert (event.channel, event.source_system) == ("wechat", "罗湖微信")
    assert (
        Entry.objects.filter(object_id=str(event.pk), action="dispatch.event.received").get().actor_label
        == "api:罗湖微信"
    )


def test_a_rotated_key_stops_at_once_and_its_successor_is_the_same_source_system(client, cast, classify_as):
    classify_as("城乡建设", 0.9)
    old = issue_key("数字城管")
    case_no = post(client, old).json()["case_no"]
    _key, new = services.client_key_rotate(name="数字城管", actor=None)
    assert_error(post(client, old), 401, "token_revoked")
    assert status(client, case_no, new).json()["case_no"] == case_no  # the system still sees its events
    again = post(client, new)  # and its source ids still replay
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true" and Event.objects.count() == 1


def test_a_name_once_given_is_not_given_to_another_system(cast):
    issue_key("数字城管")
    services.client_key_revoke(name="数字城管", actor=None)
    with pytest.raises(ApplicationError) as exc:
        issue_key("数字城管")  # revoked or not: the name is that system's source system
    assert (exc.value.code, exc.value.status, exc.value.field) == ("client_name_taken", 409, "name")
    with pytest.raises(ApplicationError) as exc:
        services.client_key_rotate(name="无此系统", actor=None)
    assert exc.value.code == "unknown_client"


def test_another_systems_events_are_not_found(client, cast, classify_as):
    classify_as("城乡建设", 0.9)
    case_no = post(client, issue_key("罗湖微信", "wechat")).json()["case_no"]
    assert_error(status(client, case_no, issue_key("其他系统")), 404, "not_found")


def test_a_check_names_two_active_keys_sharing_a_name(db):
    assert api_client_names(databases=["default"]) == []
    issue_key("罗湖微信", "wechat")
    api_key_issue(
        name="罗湖微信", scope="dispatch.events", channel="system", actor=None
    )  # e.g. in core's admin
    found = api_client_names(databases=["default"])
    assert [w.id for w in found] == ["dispatch.W003"] and "罗湖微信" in found[0].msg


def test_the_command_issues_a_working_key_shown_once(client, cast, classify_as, capsys):
    classify_as("城乡建设", 0.9)
    call_command("dispatch", "issue-key", "小程序", "--channel", "miniprogram")
    token = capsys.readouterr().out.strip().rsplit(" ", 1)[-1]
    assert post(client, token).status_code == 201 and Event.objects.get().channel == "miniprogram"
    call_command("dispatch", "keys")
    listing = capsys.readouterr().out
    assert "小程序\tminiprogram" in listing and "active" in listing and token not in listing
    call_command("dispatch", "revoke-key", "小程序")
    assert_error(post(client, token), 401, "token_revoked")
