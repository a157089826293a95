"""The app around the rules: the firm check page, its JSON twin, the API, the command line, the checks."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from zhengwu.core.services import api_key_issue
from zhengwu.lawyers import checks, rules, standard
from zhengwu.org.roles import Role

FIRM = {"name": "某某律师事务所", "practising_lawyers": "12", "admin_staff": "9", "qualified_partners": "1",
        "bad_records": "", "admin_law_team": "on", "on": "2016-06-01"}
FACTS = {
    "name": "某某律师事务所",
    "practising_lawyers": 12,
    "admin_staff": 9,
    "partners": [{"name": "张律师", "government_adviser": True}],
    "bad_records": [],
    "admin_law_team": True,
}

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, make_user):
    client.force_login(make_user("QSFJ", Role.OPERATOR))  # 区司法局 keeps the list of firms
    return client


def test_the_page_is_for_staff(client):
    assert client.get("/lawyers/").status_code == 302


def test_an_eligible_firm_meets_every_condition(staff):
    body = staff.post("/lawyers/", FIRM).content.decode()
    assert 'id="result"' in body and "符合入选条件" in body and "不符合" not in body


def test_each_failed_condition_is_shown_with_its_code(staff):
    response = staff.post("/lawyers/", FIRM | {"practising_lawyers": "9", "qualified_partners": "0",
                                               "bad_records": "2014-01-05, 2013-05-31", "admin_law_team": ""})
    body = response.content.decode().split('id="result"')[1]  # the form above echoes what was typed
    assert "不符合入选条件" in body
    for code in ("firm_lawyers", "firm_partner", "firm_record", "firm_admin_law_team"):
        assert code in body
    assert "2014-01-05" in body and "2013-05-31" not in body  # 近三年内: from 2013-06-01 on


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("practising_lawyers", "-1"),
        ("admin_staff", "many"),
        ("bad_records", "2016-13-01"),
        ("on", "2016-02-30"),
        ("name", ""),
    ],
)
def test_a_bad_field_is_named_beside_it_and_nothing_is_checked(staff, field, value):
    response = staff.post("/lawyers/", FIRM | {field: value})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert 'id="result"' not in response.content.decode()


def test_the_json_twin_lists_the_conditions(staff):
    data = staff.get("/lawyers/index.json").json()
    assert [c["code"] for c in data["conditions"]] == [str(c) for c in standard.FirmCondition]


def _run(tmp_path, facts, *extra):
    path = tmp_path / "firm.json"
    path.write_text(
        facts if isinstance(facts, str) else json.dumps(facts, ensure_ascii=False), encoding="utf-8"
    )
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("lawyers", "firm", str(path), *extra, stdout=out, stderr=err)
        return 0, out.getvalue(), err.getvalue()
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()


def test_a_machine_client_gets_what_the_command_line_prints(client, units, tmp_path):
    _obj, key = api_key_issue(name="司法局名录", scope="lawyers.check", unit=units["QSFJ"], actor=None)
    small = FACTS | {"practising_lawyers": 8, "bad_records": ["2015-03-01"]}
    response = client.post("/lawyers/api/firm-eligibility/", json.dumps(small | {"on": "2016-06-01"}),
                           content_type="application/json", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    code, out, _err = _run(tmp_path, small, "--on", "2016-06-01")
    assert code == 0 and response.json() == json.loads(out)
    assert [p["code"] for p in json.loads(out)["problems"]] == ["firm_staff", "firm_lawyers", "firm_record"]


@pytest.mark.parametrize(("facts", "field"), [
    ({**FACTS, "practising_lawyers": True}, "practising_lawyers"),
    ({**FACTS, "partners": [{"government_adviser": "yes"}]}, "partners.0.government_adviser"),
    ({**FACTS, "bad_records": ["yesterday"]}, "bad_records.0"),
    ({**FACTS, "on": "2016-6-1"}, "on"),
])
def test_bad_facts_are_refused_naming_the_field(staff, tmp_path, facts, field):
    response = staff.post(
        "/lawyers/api/firm-eligibility/", json.dumps(facts), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_facts" and list(
        response.json()["error"]["fields"]
    ) == [field]
    code, out, err = _run(tmp_path, facts)
    assert code == 2 and out == "" and field in err


def test_the_command_line_refuses_what_is_not_json(tmp_path):
    assert _run(tmp_path, "not json")[0] == 2
    assert _run(tmp_path, {**FACTS, "unknown": 1})[0] == 2


def test_the_api_needs_a_session_or_a_key(client):
    assert (
        client.post("/lawyers/api/firm-eligibility/", "{}", content_type="application/json").status_code
        == 401
    )


def test_parse_firm_builds_the_facts_the_rules_judge():
    firm = rules.parse_firm(FACTS | {"bad_records": ["2014-01-05"]})
    assert firm.partners[0].government_adviser and firm.bad_records == (date(2014, 1, 5),)
    assert rules.firm_eligibility(firm, on=date(2016, 6, 1))[0].code == standard.FirmCondition.RECORD


def test_the_check_names_a_unit_of_the_standard_missing_from_the_reference(monkeypatch):
    assert checks.standard_units_exist(None) == []
    monkeypatch.setattr(standard, "FUNDING_UNIT", "NOWHERE")
    assert [e.id for e in checks.standard_units_exist(None)] == ["lawyers.E001"]
