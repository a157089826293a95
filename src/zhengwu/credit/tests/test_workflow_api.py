"""Workflow JSON API: session (CSRF) or token; another unit's record is 404, a missing role 403,
a forbidden transition 409 — always the one error shape."""

import pytest
from django.test import Client

from zhengwu.credit.models import Record
from zhengwu.credit.tests.factories import credit_key
from zhengwu.credit.tests.workflow_factories import make_record
from zhengwu.org.roles import Role
from zhengwu.testing.asserts import assert_error

CLEAR = {"state_secret": False, "commercial_secret": False, "personal_privacy": False, "security_risk": False}



@pytest.mark.django_db
def test_submit_and_review_by_api(client, units, make_user):
    r = make_record(units["QCGJ"])
    client.force_login(make_user("QCGJ", Role.OPERATOR))
    data = client.post(f"/credit/api/records/{r.pk}/submit/").json()
    assert data["state"] == "submitted" and data["due_on"] == "2025-10-15" and data["due_status"] == "overdue"
    assert_error(client.post(f"/credit/api/records/{r.pk}/submit/"), 409, "invalid_transition")
    assert_error(client.post(f"/credit/api/records/{r.pk}/review/", {"decision": "approve"},
                             content_type="application/json"), 403, "forbidden")
    client.force_login(make_user("QCGJ", Role.REVIEWER))
    data = client.post(f"/credit/api/records/{r.pk}/review/", {"decision": "approve", "checks": CLEAR},
                       content_type="application/json").json()
    assert data["state"] == "published" and data["reviews"][0]["decision"] == "approve"


@pytest.mark.django_db
def test_another_units_record_is_404_by_api(client, units, make_user):
    r = make_record(units["QCGJ"], state="published")
    client.force_login(make_user("QFGJ", Role.OPERATOR))
    assert_error(client.get(f"/credit/api/records/{r.pk}/workflow/"), 404, "not_found")
    assert_error(client.post(f"/credit/api/records/{r.pk}/status/", {"status": "1"}), 404, "not_found")
    assert Record.objects.get(pk=r.pk).status == "0"


@pytest.mark.django_db
def test_status_3_needs_a_note_by_api_and_bad_json(client, units, make_user):
    r = make_record(units["QCGJ"], state="published")
    client.force_login(make_user("QCGJ", Role.OPERATOR))
    response = client.post(
        f"/credit/api/records/{r.pk}/status/", {"status": "3"}, content_type="application/json"
    )
    assert_error(response, 400, "note_required")
    assert response.json()["error"]["fields"] == {"note": [response.json()["error"]["message"]]}
    assert_error(client.post(f"/credit/api/records/{r.pk}/status/", "[1", content_type="application/json"),
                 400, "invalid_json")


@pytest.mark.django_db
def test_session_needs_csrf_token_works_without(units, make_user):
    r = make_record(units["QCGJ"])
    operator = make_user("QCGJ", Role.OPERATOR)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(operator)
    assert_error(strict.post(f"/credit/api/records/{r.pk}/submit/"), 403, "csrf_failed")
    assert_error(Client().post(f"/credit/api/records/{r.pk}/submit/"), 401, "unauthenticated")
    key = credit_key(unit=units["QCGJ"], user=operator, name="审批系统")
    response = Client().post(
        f"/credit/api/records/{r.pk}/submit/", headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code == 200 and response.json()["state"] == "submitted"
