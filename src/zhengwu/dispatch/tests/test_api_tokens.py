import json

from django.urls import reverse

from zhengwu.dispatch.models import ApiClient


def test_tokens_are_stored_only_as_their_hash(db):
    client, token = ApiClient.issue(name="罗湖微信", channel="wechat")
    client.refresh_from_db()
    assert client.token_hash == ApiClient.hash_token(token) and token not in client.token_hash
    assert not ApiClient.objects.filter(token_hash=token).exists()


def test_a_reissued_token_replaces_the_old_one_at_once(client, db):
    api, old = ApiClient.issue(name="数字城管")
    new = api.reissue()
    url = reverse("dispatch:api_events")
    body = json.dumps({"title": "路灯不亮", "text": "东门老街路灯坏了"})
    assert client.post(url, body, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {old}").status_code == 401
    assert client.get(reverse("dispatch:api_event", args=["NOPE"]),
                      HTTP_AUTHORIZATION=f"Bearer {new}").status_code == 404  # authenticated, unknown case
