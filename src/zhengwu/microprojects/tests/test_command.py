"""`zhengwu microprojects assess FILE.json` — the issue's CLI contract."""

import io
import json

import pytest
from django.core.management import call_command


def run(tmp_path, content, *extra):
    path = tmp_path / "p.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content if isinstance(content, str) else json.dumps(content, ensure_ascii=False),
                        encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("microprojects", "assess", str(path), *extra, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


PROPOSAL = {"category": "engineering", "kind": "mandatory", "amount": 350000, "admin_cost": 0,
            "applicant_kind": "residents_committee", "title": "加装电梯", "description": "旧楼加装电梯"}


def test_assess_prints_the_contracts_json_and_exits_0(tmp_path):
    code, out, err = run(tmp_path, PROPOSAL)
    assert code == 0 and err == ""
    assert json.loads(out) == {
        "review_path": [
            "two_committees",
            "expert_review",
            "residents_council",
            "first_secretary",
            "public_notice",
        ],
        "violations": [],
        "negative_list_matches": [],
        "audits": ["budget_review", "settlement_audit", "final_accounts_audit"],
    }


def test_violations_and_matches_still_exit_0(tmp_path):
    code, out, _err = run(tmp_path, PROPOSAL | {"category": "service", "amount": 150000, "admin_cost": 60000,
                                                "applicant_kind": "resident", "title": "XX小区电梯维修保养"})
    r = json.loads(out)
    assert code == 0
    assert [v["rule"] for v in r["violations"]] == ["applicant.not_eligible", "admin_cost.exceeds_third",
                                                    "negative_list.match"]
    assert all(set(v) == {"rule", "message"} and v["message"] for v in r["violations"])
    assert r["negative_list_matches"] == [{"item": 20, "responsible": "物业服务企业"}]
    assert r["audits"] == [] and "expert_review" in r["review_path"]


@pytest.mark.parametrize(("content", "where"), [
    ("not a proposal", "JSON"), (b"\xff\xfe{}", "UTF-8"), ("[1, 2]", "JSON 对象"), ("", "JSON"),
    ({"category": "engineering"}, "kind"), (PROPOSAL | {"amount": -1}, "amount"),
    (PROPOSAL | {"applicant_kind": "landlord"}, "applicant_kind"), (PROPOSAL | {"colour": "red"}, "colour"),
    ("[" * 100_000, "JSON"), (None, "无法读取"),
])
def test_not_a_proposal_exits_2_with_one_line_naming_what_is_wrong(tmp_path, content, where):
    code, out, err = run(tmp_path, content)
    assert code == 2 and out == ""
    assert err.count("\n") <= 1 and where in err, err


def test_bom_is_accepted(tmp_path):
    code, out, _err = run(tmp_path, b"\xef\xbb\xbf" + json.dumps(PROPOSAL).encode())
    assert code == 0 and json.loads(out)["audits"]
