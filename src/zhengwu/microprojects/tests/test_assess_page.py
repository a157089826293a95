"""The app around the rules: the proposal check page, its
JSON twin, the API (the CLI's object), the checks."""

import io
import json

import pytest
from django.core.management import call_command

from zhengwu.microprojects import checks, standard

PROPOSAL = {"category": "engineering", "kind": "mandatory", "amount": "350000", "admin_cost": "",
            "applicant_kind": "residents_committee", "title": "加装电梯", "description": "旧楼加装电梯"}

pytestmark = pytest.mark.django_db


def test_anyone_checks_a_proposal_on_the_page_and_sees_its_review_path_and_audits(client):
    page = client.get("/microprojects/assess/")
    assert page.status_code == 200 and 'name="amount"' in page.content.decode()
    body = client.post("/microprojects/assess/", PROPOSAL).content.decode()
    assert 'id="result"' in body and "可以申报" in body
    assert (
        "专家评审" in body and "工程结算审计" in body
    )  # 350,000 yuan of engineering: experts, then three audits


def test_a_broken_rule_is_shown_with_its_code(client):
    service = PROPOSAL | {
        "category": "service",
        "amount": "90000",
        "admin_cost": "40000",
        "title": "长者助餐服务",
    }
    body = client.post("/microprojects/assess/", service).content.decode()
    assert "需要修改" in body and "admin_cost.exceeds_third" in body


@pytest.mark.parametrize(("field", "value"), [("amount", "abc"), ("amount", "-5"), ("amount", "1.001"),
                                              ("category", "mining"), ("title", "")])
def test_a_bad_field_is_named_beside_it_and_nothing_is_assessed(client, field, value):
    response = client.post("/microprojects/assess/", PROPOSAL | {field: value})
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field] and 'id="result"' not in response.content.decode()


def test_the_json_twin_states_the_schemes_numbers(client):
    data = client.get("/microprojects/assess.json").json()
    assert data["scheme"]["caps"] == {str(c): str(v) for c, v in standard.CAPS.items()}
    assert data["assessment"] is None


def test_the_api_answers_what_the_command_line_prints(client, tmp_path):
    proposal = PROPOSAL | {"amount": 350000, "admin_cost": 0}
    response = client.post(
        "/microprojects/api/assess/", json.dumps(proposal), content_type="application/json"
    )
    assert response.status_code == 200
    path = tmp_path / "p.json"
    path.write_text(json.dumps(proposal, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    call_command("microprojects", "assess", str(path), stdout=out)
    assert response.json() == {"ok": True, **json.loads(out.getvalue())}


def test_the_api_names_the_field_that_is_not_a_proposal(client):
    response = client.post("/microprojects/api/assess/", json.dumps({**PROPOSAL, "category": "mining"}),
                           content_type="application/json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_proposal" and list(error["fields"]) == ["category"]
    assert client.get("/microprojects/api/assess/").status_code == 405


def test_the_check_names_a_unit_of_the_standard_missing_from_the_reference(monkeypatch):
    assert checks.standard_units_exist(None) == []
    monkeypatch.setattr(standard, "AUDIT_UNIT", "NOWHERE")
    assert [e.id for e in checks.standard_units_exist(None)] == ["microprojects.E001"]
