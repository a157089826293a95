"""Machine clients of the credit APIs: one key kind (core.ApiKey,
`Authorization: Bearer`), one test of each failure.

Every credit API answers none / wrong / revoked / expired keys with 401 and its
code, a key of another scope with 403, and a key without its unit and user (a credit key acts as a unit's
user) with 403; the old `Token` scheme is no longer read.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from zhengwu.core.models import ApiKey
from zhengwu.core.services import api_key_issue, api_key_revoke
from zhengwu.credit.models import Record
from zhengwu.credit.permissions import API_SCOPE
from zhengwu.credit.tests.factories import credit_key
from zhengwu.credit.tests.workflow_factories import make_record
from zhengwu.org.roles import Role

CASES = {
    "none": (None, 401, "unauthenticated"),
    "old_scheme": ("Token {key}", 401, "unauthenticated"),
    "wrong": ("Bearer not-a-key", 401, "invalid_token"),
    "revoked": ("Bearer {key}", 401, "token_revoked"),
    "expired": ("Bearer {key}", 401, "token_expired"),
    "other_scope": ("Bearer {key}", 403, "wrong_scope"),
    "no_user": ("Bearer {key}", 403, "key_incomplete"),
}


@pytest.fixture
def world(units, make_user):
    operator = make_user("QCGJ", Role.OPERATOR)
    record = make_record(units["QCGJ"])
    return {"unit": units["QCGJ"], "operator": operator, "record": record}


def _key(case: str, world) -> str:
    unit, user = world["unit"], world["operator"]
    if case == "other_scope":
        return api_key_issue(name="别的系统", scope="dispatch.events", unit=unit, user=user, actor=None)[1]
    if case == "no_user":
        return api_key_issue(name="无用户", scope=API_SCOPE, unit=unit, actor=None)[1]
    key = credit_key(unit=unit, user=user)
    stored = ApiKey.objects.get(scope=API_SCOPE, user=user)
    if case == "revoked":
        api_key_revoke(key=stored, actor=None)
    elif case == "expired":
        ApiKey.objects.filter(pk=stored.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    return key


def _calls(record_pk: int):
    return [("post", "/credit/api/imports/", {"kind": "license"}), ("get", "/credit/api/imports/1/", None),
            ("get", f"/credit/api/records/{record_pk}/workflow/", None),
            ("post", f"/credit/api/records/{record_pk}/submit/", None)]


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(CASES))
def test_each_failure_of_a_key_on_every_credit_api(case, world):
    header, status, code = CASES[case]
    headers = {"Authorization": header.format(key=_key(case, world))} if header else {}
    for method, url, data in _calls(world["record"].pk):
        response = (
            getattr(Client(), method)(url, data, headers=headers)
            if data
            else getattr(Client(), method)(url, headers=headers)
        )
        assert response.status_code == status, (case, url, response.content[:200])
        assert response.json()["error"]["code"] == code, (case, url)
    assert Record.objects.get(pk=world["record"].pk).state == "imported"  # nothing was done


@pytest.mark.django_db
def test_a_good_key_acts_as_its_user_and_records_its_use(world):
    key = credit_key(unit=world["unit"], user=world["operator"])
    r = Client().post(
        f"/credit/api/records/{world['record'].pk}/submit/", headers={"Authorization": f"Bearer {key}"}
    )
    assert r.status_code == 200 and r.json()["state"] == "submitted"
    assert ApiKey.objects.get(scope=API_SCOPE).last_used_at is not None
