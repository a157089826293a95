"""The first tests of 改革督查: a rule, a service with its ledger entry, the page and its twin."""

import pytest

from zhengwu.ledger.models import Entry
from zhengwu.org.roles import Role
from zhengwu.reforms import rules, services
from zhengwu.reforms.standard import State


def test_a_step_out_of_order_is_refused_with_a_stable_code():
    with pytest.raises(rules.RuleError) as caught:
        rules.check_transition(State.DRAFT, State.DONE)
    assert caught.value.code == "bad_transition"
    rules.check_transition(State.DRAFT, State.SUBMITTED)


@pytest.mark.django_db
def test_creating_an_item_writes_the_ledger_and_shows_on_the_page_and_its_json_twin(client, make_user, units):
    operator = make_user("QFGJ", Role.OPERATOR)
    item = services.item_create(unit=units["QFGJ"], title="  第一件  ", actor=operator)
    assert item.title == "第一件"
    assert Entry.objects.filter(action="reforms.item.created", object_id=str(item.pk)).exists()
    client.force_login(operator)
    assert "第一件" in client.get("/reforms/").content.decode()
    assert client.get("/reforms/index.json").json()["items"][0]["title"] == "第一件"


@pytest.mark.django_db
def test_a_unit_outside_the_users_own_is_refused(make_user, units):
    operator = make_user("QFGJ", Role.OPERATOR)
    with pytest.raises(Exception) as caught:
        services.item_create(unit=units["QCGJ"], title="不是我的", actor=operator)
    assert type(caught.value).__name__ in {"PermissionDenied", "ApplicationError"}
