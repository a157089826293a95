"""Outbox pages: scoped by unit, failures screen, retry-now (permission + ledger), JSON twins, navigation."""

import pytest
from django.urls import reverse

from zhengwu.ledger.models import Entry
from zhengwu.org.roles import Role
from zhengwu.outbox import services, standard
from zhengwu.outbox.models import Destination, Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def msgs(units):
    dest = Destination.objects.create(name="市信用平台", url="http://127.0.0.1:9/push")
    a = services.enqueue(topic="credit.license", key="QFGJ-1", payload={"a": 1}, unit=units["QFGJ"])[0]
    b = services.enqueue(topic="credit.penalty", key="QCGJ-1", payload={"b": 1}, unit=units["QCGJ"])[0]
    c = services.enqueue(topic="credit.penalty", key="GY-1", payload={"c": 1}, unit=units["GY-LDC"])[0]
    Message.objects.filter(pk=b.pk).update(state=standard.DEAD, last_error="HTTP 422: bad field CF_XH")
    Message.objects.filter(pk=c.pk).update(state=standard.FAILED, last_error="timeout")
    return {"dest": dest, "QFGJ": a, "QCGJ": b, "GY": c}


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("outbox:index"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_district_admin_sees_everything(client, make_user, msgs):
    client.force_login(make_user("LH", Role.ADMIN))
    body = client.get(reverse("outbox:index")).content.decode()
    assert all(key in body for key in ("QFGJ-1", "QCGJ-1", "GY-1"))
    failures = client.get(reverse("outbox:failures")).content.decode()
    assert "QCGJ-1" in failures and "GY-1" in failures and "QFGJ-1" not in failures
    assert "HTTP 422: bad field CF_XH" in failures and "立即重试" in failures


def test_unit_staff_see_only_their_units_and_street_staff_their_communities(client, make_user, msgs):
    client.force_login(make_user("QFGJ", Role.OPERATOR))
    data = client.get(reverse("outbox:index") + "?format=json").json()
    assert [m["key"] for m in data["messages"]] == ["QFGJ-1"]
    assert client.get(reverse("outbox:message_detail", args=[msgs["QCGJ"].pk])).status_code == 404
    client.force_login(make_user("GY", Role.OPERATOR))
    data = client.get(reverse("outbox:failures") + "?format=json").json()
    assert [m["key"] for m in data["messages"]] == ["GY-1"]


def test_user_without_membership_is_refused(client, django_user_model, msgs):
    client.force_login(django_user_model.objects.create_user("nobody", password="x-pass-12345"))
    assert client.get(reverse("outbox:index")).status_code == 403


def test_retry_now_from_the_failures_screen(client, make_user, msgs):
    operator = make_user("QCGJ", Role.OPERATOR)
    client.force_login(operator)
    response = client.post(reverse("outbox:message_retry", args=[msgs["QCGJ"].pk]), {"next": "failures"})
    assert response.status_code == 302 and response["Location"] == reverse("outbox:failures")
    message = Message.objects.get(pk=msgs["QCGJ"].pk)
    assert (message.state, message.attempts) == (standard.PENDING, 0)
    entry = Entry.objects.get(action=standard.LEDGER_MESSAGE_RETRIED)
    assert entry.actor_id == operator.pk and entry.object_id == str(message.pk)


def test_retry_refused_for_reviewer_and_for_other_units(client, make_user, msgs):
    client.force_login(make_user("QCGJ", Role.REVIEWER))
    assert client.post(reverse("outbox:message_retry", args=[msgs["QCGJ"].pk])).status_code == 403
    client.force_login(make_user("QFGJ", Role.OPERATOR))
    assert client.post(reverse("outbox:message_retry", args=[msgs["QCGJ"].pk])).status_code == 404
    assert Message.objects.get(pk=msgs["QCGJ"].pk).state == standard.DEAD
    assert not Entry.objects.filter(action=standard.LEDGER_MESSAGE_RETRIED).exists()


def test_retry_of_a_pending_message_shows_the_reason(client, make_user, msgs):
    client.force_login(make_user("QFGJ", Role.OPERATOR))
    response = client.post(reverse("outbox:message_retry", args=[msgs["QFGJ"].pk]), follow=True)
    assert "只有失败或死信状态的消息可以重新推送" in response.content.decode()


def test_message_detail_and_json_twin(client, make_user, msgs):
    client.force_login(make_user("LH", Role.AUDITOR))
    page = client.get(reverse("outbox:message_detail", args=[msgs["QCGJ"].pk])).content.decode()
    assert "QCGJ-1" in page and "死信" in page and "立即重试" not in page  # auditors read, they don't retry
    data = client.get(reverse("outbox:message_detail", args=[msgs["QCGJ"].pk]) + "?format=json").json()
    assert data["payload"] == {"b": 1} and data["state"] == "dead" and data["attempts"] == []


def test_destinations_page_hides_urls_and_tokens(client, make_user, msgs):
    Destination.objects.filter(pk=msgs["dest"].pk).update(auth_token="Bearer top-secret")
    client.force_login(make_user("LH", Role.ADMIN))
    body = client.get(reverse("outbox:destinations")).content.decode()
    assert "市信用平台" in body and "top-secret" not in body and "127.0.0.1:9" not in body


def test_outbox_appears_in_navigation_only_for_members(client, make_user, django_user_model):
    from zhengwu.core.systems import systems_for

    assert "outbox" in [s.key for s in systems_for(make_user("QFGJ", Role.OPERATOR))]
    loner = django_user_model.objects.create_user("loner", password="x-pass-12345")
    assert "outbox" not in [s.key for s in systems_for(loner)]


def test_delivery_status_selector_for_other_systems(units):
    from zhengwu.outbox.selectors import delivery_status

    Destination.objects.create(name="市信用平台", url="http://127.0.0.1:9/push")
    unit = units["QFGJ"]
    services.enqueue(topic="org.unit", key="org.unit:1", payload={}, source=unit)
    [status] = delivery_status(source_type="org.unit", source_id=unit.pk)
    assert status["destination"] == "市信用平台" and status["state"] == standard.PENDING
