"""One scoping mechanism: a unit's staff see their unit (street staff also its communities);
district roles see all; anything else is refused server-side, by page and by API."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from zhengwu.ledger.models import Entry
from zhengwu.ledger.services import record
from zhengwu.org.models import Unit
from zhengwu.org.roles import Role
from zhengwu.org.scoping import get_for_user, has_role, require_role, scoped, units_for


@pytest.fixture
def entries(units):
    """One ledger entry per unit of interest: a unit-owned record to scope."""
    return {
        code: record(
            action="org.unit.contact_updated", object_type="test.thing", object_id=code, unit=units[code]
        )
        for code in ("QFGJ", "QCGJ", "GY", "GY-LDC", "HB-XY")
    }


def visible_codes(user):
    return set(
        scoped(
            Entry.objects.filter(action="org.unit.contact_updated", object_type="test.thing"), user
        ).values_list("object_id", flat=True)
    )


def test_unit_staff_see_only_their_unit(entries, make_user):
    assert visible_codes(make_user("QFGJ", Role.OPERATOR)) == {"QFGJ"}


def test_street_staff_also_see_their_communities_but_not_other_streets(entries, make_user):
    assert visible_codes(make_user("GY", Role.OPERATOR)) == {"GY", "GY-LDC"}


def test_community_staff_do_not_see_their_street(entries, make_user):
    assert visible_codes(make_user("GY-LDC", Role.OPERATOR)) == {"GY-LDC"}


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SUPERVISOR, Role.AUDITOR])
def test_district_roles_see_every_unit(entries, make_user, role):
    assert visible_codes(make_user("QDCS", role)) == set(entries)


def test_anonymous_and_unassigned_users_see_nothing(entries, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert visible_codes(AnonymousUser()) == set()
    assert visible_codes(django_user_model.objects.create_user("nobody", password="x-123456789")) == set()


def test_get_for_user_answers_404_for_other_units_and_missing_alike(entries, make_user):
    user = make_user("QFGJ", Role.OPERATOR)
    qs = Entry.objects.all()
    assert get_for_user(qs, user, entries["QFGJ"].pk) == entries["QFGJ"]
    with pytest.raises(Http404) as other:
        get_for_user(qs, user, entries["QCGJ"].pk)
    with pytest.raises(Http404) as missing:
        get_for_user(qs, user, 10**9)
    assert str(other.value) == str(missing.value)


def test_roles_decide_who_may_act(units, make_user):
    operator = make_user("QFGJ", Role.OPERATOR)
    assert has_role(operator, units["QFGJ"], {Role.OPERATOR})
    assert not has_role(operator, units["QFGJ"], {Role.REVIEWER})
    assert not has_role(operator, units["QCGJ"], {Role.OPERATOR})
    with pytest.raises(PermissionDenied):
        require_role(operator, units["QCGJ"], {Role.OPERATOR})
    supervisor = make_user("QDCS", Role.SUPERVISOR)
    assert has_role(supervisor, units["QCGJ"], {Role.SUPERVISOR})
    assert not has_role(supervisor, units["QCGJ"], {Role.OPERATOR})  # reads everywhere, writes nowhere
    street = make_user("GY", Role.REVIEWER)
    assert has_role(street, units["GY-LDC"], {Role.REVIEWER})


def test_units_for_lists_where_a_user_holds_a_role(units, make_user):
    user = make_user("GY", Role.OPERATOR)
    assert set(units_for(user, {Role.OPERATOR}).values_list("code", flat=True)) == {
        u.code for u in Unit.objects.filter(code="GY") | Unit.objects.filter(parent__code="GY")}


# --- by page and by API ----------------------------------------------------------------------------

def test_a_unit_page_is_404_for_another_units_staff(client, make_user):
    client.force_login(make_user("QFGJ", Role.LEADER))
    assert client.get("/org/units/QFGJ/").status_code == 200
    response = client.get("/org/units/QCGJ/")
    assert response.status_code == 404
    assert "区城管局" not in response.content.decode()


def test_a_unit_cannot_change_another_units_record_by_page_or_api(client, make_user, units):
    client.force_login(make_user("QFGJ", Role.LEADER))
    assert client.post("/org/units/QCGJ/", {"contact_phone": "0755-1"}).status_code == 404
    response = client.post("/org/api/units/QCGJ", json.dumps({"contact_phone": "0755-1"}),
                           content_type="application/json")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    units["QCGJ"].refresh_from_db()
    assert units["QCGJ"].contact_phone == ""
    assert not Entry.objects.filter(action="org.unit.contact_updated", object_type="test.thing").exists()


def test_an_operator_may_read_but_not_change_their_units_contact(client, make_user, units):
    client.force_login(make_user("QFGJ", Role.OPERATOR))
    assert client.get("/org/api/units/QFGJ").status_code == 200
    response = client.post("/org/api/units/QFGJ", json.dumps({"contact_phone": "0755-1"}),
                           content_type="application/json")
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"


def test_a_leader_changes_their_units_contact_and_the_ledger_records_it(client, make_user, units):
    leader = make_user("QFGJ", Role.LEADER)
    client.force_login(leader)
    response = client.post("/org/api/units/QFGJ", json.dumps({"contact_phone": "0755-25666666"}),
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["contact_phone"] == "0755-25666666"
    entry = Entry.objects.get(action="org.unit.contact_updated")
    assert entry.actor == leader and entry.unit == units["QFGJ"]
    assert entry.before["contact_phone"] == "" and entry.after["contact_phone"] == "0755-25666666"


def test_api_rejects_unknown_fields_and_bad_json_with_a_clear_message(client, make_user):
    client.force_login(make_user("QFGJ", Role.LEADER))
    bad = client.post("/org/api/units/QFGJ", "{not json", content_type="application/json")
    assert bad.status_code == 400 and "JSON" in bad.json()["error"]["message"]
    unknown = client.post("/org/api/units/QFGJ", json.dumps({"name": "x"}), content_type="application/json")
    assert unknown.status_code == 400 and unknown.json()["error"]["fields"] == {
        "name": [unknown.json()["error"]["message"]]
    }


def test_api_requires_login(client, units):
    assert client.get("/org/api/units/QFGJ").status_code == 403
