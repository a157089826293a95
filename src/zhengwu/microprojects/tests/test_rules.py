"""Thresholds, caps, applicants, money and input checks of rules.py (codes asserted, never Chinese text)."""

import doctest
import itertools
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhengwu.microprojects import rules
from zhengwu.microprojects import standard as std
from zhengwu.microprojects.rules import CapException, Organization
from zhengwu.microprojects.standard import Applicant, Category, Kind, Registration

D = Decimal


def proposal(**over) -> dict:
    return {
        "category": "engineering",
        "kind": "mandatory",
        "amount": 150000,
        "admin_cost": 0,
        "applicant_kind": "residents_committee",
        "title": "社区公园增设休闲座椅",
        "description": "",
    } | over


def codes(violations) -> list[str]:
    return [v.rule for v in violations]


# --- §四(三) expert review and §六(三) audits ------------------------------------------------------

@pytest.mark.parametrize(
    ("category", "amount", "expected"),
    [
        ("engineering", 200_000, False),
        ("engineering", 200_001, True),
        ("engineering", D("200000.01"), True),
        ("engineering", 500_000, True),
        ("engineering", 600_000, True),
        ("engineering", 1, False),
        ("service", 100_000, False),
        ("service", 100_001, True),
        ("service", 200_000, True),
        ("service", 99_999, False),
    ],
)
def test_expert_review_thresholds(category, amount, expected):
    assert rules.needs_expert_review(category, D(amount)) is expected
    assert (rules.Step.EXPERT_REVIEW in rules.review_path(category, D(amount))) is expected


def test_review_path_order():
    assert rules.review_path("engineering", D(350_000)) == (
        "two_committees", "expert_review", "residents_council", "first_secretary", "public_notice")
    assert rules.review_path("service", D(50_000)) == (
        "two_committees", "residents_council", "first_secretary", "public_notice")


def test_experts_set_the_amount_of_reviewed_engineering_projects_only():
    assert rules.experts_set_amount("engineering", D(250_000))
    assert not rules.experts_set_amount("engineering", D(200_000))
    assert not rules.experts_set_amount("service", D(150_000))  # reviewed, but the council decides the amount


@pytest.mark.parametrize(("category", "amount", "expected"), [
    ("engineering", 50_000, ()), ("engineering", 50_001, ("limited_audit",)),
    ("engineering", 300_000, ("limited_audit",)),
    ("engineering", 300_001, ("budget_review", "settlement_audit", "final_accounts_audit")),
    ("engineering", 500_000, ("budget_review", "settlement_audit", "final_accounts_audit")),
    ("engineering", 10_000, ()), ("service", 200_000, ()), ("service", 60_000, ()),
])
def test_audit_thresholds(category, amount, expected):
    assert rules.audits_for(category, D(amount)) == expected


@given(st.sampled_from(list(Category)), st.decimals(min_value=D("0.01"), max_value=D(2_000_000), places=2))
def test_review_and_audits_follow_the_thresholds_for_any_amount(category, amount):
    a = rules.assess(rules.Proposal(category=category, kind=Kind.MANDATORY, amount=amount,
                                    applicant_kind=Applicant.RESIDENTS_COMMITTEE, title="社区活动"))
    assert (rules.Step.EXPERT_REVIEW in a.review_path) == (amount > std.EXPERT_REVIEW[category].low)
    assert bool(a.audits) == (category == Category.ENGINEERING and amount > 50_000)
    assert ("budget_review" in a.audits) == (category == Category.ENGINEERING and amount > 300_000)
    assert any(v.rule == "cap.exceeded" for v in a.violations) == (amount > std.CAPS[category])


# --- §一 caps --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("category", "amount", "expected"),
    [
        ("service", 200_000, []),
        ("service", 200_001, ["cap.exceeded"]),
        ("service", D("200000.01"), ["cap.exceeded"]),
        ("engineering", 500_000, []),
        ("engineering", 500_001, ["cap.exceeded"]),
    ],
)
def test_caps(category, amount, expected):
    assert codes(rules.check_cap(category, D(amount))) == expected


def test_cap_exception_needs_the_streets_approval_with_reasons():
    assert codes(rules.check_cap("service", D(250_000), CapException(False, "理由"))) == ["cap.exceeded"]
    assert codes(rules.check_cap("service", D(250_000), CapException(True, " "))) == [
        "cap.exception_without_reasons"
    ]
    assert (
        rules.check_cap(
            "service", D(250_000), CapException(True, "覆盖三个社区的必选项目，街道会议纪要第3号")
        )
        == []
    )
    parsed = rules.parse_proposal(
        proposal(
            category="service",
            amount=250_000,
            cap_exception={"approved_by_street": True, "reasons": "街道审议同意"},
        )
    )
    assert rules.assess(parsed).violations == ()


# --- §五 applicants --------------------------------------------------------------------------------

ALLOWED = {
    ("engineering", "mandatory"): {
        "resident",
        "district_department",
        "community_workstation",
        "residents_committee",
        "social_organization",
    },
    ("engineering", "optional"): {"residents_committee"},
    ("service", "mandatory"): {
        "residents_committee",
        "community_workstation",
        "social_organization",
        "community_service_center",
    },
    ("service", "optional"): {"residents_committee", "social_organization", "community_service_center"},
}
GOOD_ORG = Organization(
    Registration.REGISTERED, last_inspection_passed=True, management_system=True, capacity=True
)


@pytest.mark.parametrize(
    ("category", "kind", "applicant"),
    list(itertools.product(["engineering", "service"], ["mandatory", "optional"], list(Applicant))),
)
def test_applicant_matrix_cell(category, kind, applicant):
    found = rules.check_applicant(category, kind, applicant, organization=GOOD_ORG, today=date(2026, 5, 1))
    if applicant in ALLOWED[(category, kind)]:
        assert found == []
    else:
        assert codes(found) == ["applicant.not_eligible"]
        assert str(std.APPLICANT_LABELS[Applicant(applicant)]) in found[0].message  # the refusal names who


def test_social_organization_must_show_the_conditions():
    check = lambda org, today=date(2026, 5, 1): codes(rules.check_applicant(  # noqa: E731
        "service", "mandatory", "social_organization", organization=org, today=today))
    assert check(None) == ["social_organization.evidence_missing"]
    assert check(GOOD_ORG) == []
    assert check(Organization(Registration.FILED, last_inspection_passed=True, management_system=True,
                              capacity=True)) == ["applicant.filed_organization"]
    young = Organization(Registration.REGISTERED, founded_on=date(2025, 11, 1), inspection_due=False,
                         management_system=True, capacity=True)
    assert check(young) == []  # exactly six months old on 2026-05-01
    assert check(young, date(2026, 4, 30)) == ["social_organization.annual_inspection"]  # not yet six months
    assert check(
        Organization(
            Registration.REGISTERED,
            founded_on=date(2020, 1, 1),
            inspection_due=True,
            management_system=True,
            capacity=True,
        )
    ) == ["social_organization.annual_inspection"]
    assert check(
        Organization(
            Registration.REGISTERED,
            last_inspection_passed=True,
            violations=True,
            management_system=True,
            capacity=True,
        )
    ) == ["social_organization.annual_inspection"]
    assert check(
        Organization(
            Registration.REGISTERED,
            last_inspection_passed=True,
            annual_report_required=True,
            management_system=True,
            capacity=True,
        )
    ) == ["social_organization.annual_report"]
    assert (
        check(
            Organization(
                Registration.REGISTERED,
                last_inspection_passed=True,
                annual_report_required=True,
                annual_report_filed=True,
                management_system=True,
                capacity=True,
            )
        )
        == []
    )
    assert check(Organization(Registration.REGISTERED, last_inspection_passed=True, capacity=True)) == [
        "social_organization.management_system"]
    assert check(
        Organization(Registration.REGISTERED, last_inspection_passed=True, management_system=True)
    ) == ["social_organization.capacity"]
    # other applicants show nothing of the kind
    assert rules.check_applicant("service", "mandatory", "community_service_center") == []


def test_social_organization_conditions_from_the_json_file():
    org = {
        "registration": "registered",
        "last_inspection_passed": True,
        "management_system": True,
        "capacity": True,
    }
    a = rules.assess(rules.parse_proposal(proposal(applicant_kind="social_organization", organization=org)),
                     today=date(2026, 5, 1))
    assert a.violations == ()
    with pytest.raises(rules.InvalidProposal) as exc:
        rules.parse_proposal(proposal(organization=org | {"founded_on": "2025-02-30"}))
    assert exc.value.field == "organization.founded_on"


# --- money -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("category", "amount", "cost", "expected"),
    [
        ("service", 150_000, 50_000, []),
        ("service", 150_000, D("50000.01"), ["admin_cost.exceeds_third"]),
        ("service", 100_000, D("33333.33"), []),
        ("service", 100_000, D("33333.34"), ["admin_cost.exceeds_third"]),
        ("engineering", 150_000, 60_000, []),  # the seed limits service projects only
        ("engineering", 150_000, 150_001, ["admin_cost.exceeds_amount"]),
    ],
)
def test_admin_cost_at_most_a_third_of_a_service_budget(category, amount, cost, expected):
    assert codes(rules.check_admin_cost(category, D(amount), D(cost))) == expected


def test_self_raised_funds_need_proof_to_the_audit_office():
    assert codes(rules.check_self_raised(D(20_000), False)) == ["self_raised.proof_missing"]
    assert rules.check_self_raised(D(20_000), True) == []
    assert rules.check_self_raised(D(0), False) == []


# --- content areas, priority, government projects ----------------------------------------------------

@pytest.mark.parametrize(
    ("title", "area"),
    [
        ("城中村出租屋消防安全隐患整治", "safety"),
        ("社区公园绿化美化提升", "environment"),
        ("社区篮球场改造与健身活动", "culture_sports"),
        ("独居长者关爱探访", "care"),
        ("邻里互助公益市集", "public_benefit"),
    ],
)
def test_content_areas(title, area):
    assert area in rules.content_areas(title)


def test_safety_hazard_projects_are_put_first():
    assert rules.assess(
        rules.parse_proposal(proposal(title="城中村出租屋加装烟感报警器，消除火灾隐患"))
    ).priority
    assert not rules.assess(rules.parse_proposal(proposal(title="社区儿童四点半课堂"))).priority


def test_overlap_with_a_government_investment_project_is_a_violation():
    register = [
        rules.GovernmentProject("黄贝岭片区市政道路改造工程", "ongoing"),
        rules.GovernmentProject("莲塘河综合整治"),
    ]
    p = rules.parse_proposal(proposal(title="黄贝岭片区市政道路改造", description="改造社区主干道"))
    a = rules.assess(p, government_projects=register)
    assert codes(a.violations) == ["government_investment.overlap"]
    assert "黄贝岭片区市政道路改造工程" in a.violations[0].message
    assert (
        rules.assess(
            rules.parse_proposal(proposal(title="社区公园增设座椅")), government_projects=register
        ).violations
        == ()
    )


# --- assess and parse_proposal -----------------------------------------------------------------------

def test_assess_gives_the_contracts_four_keys():
    a = rules.assess(
        rules.parse_proposal(proposal(amount=350_000, title="加装电梯", description="旧楼加装电梯"))
    )
    assert a.as_json() == {
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
    assert a.experts_set_amount and a.ok


def test_assess_collects_every_violation():
    p = rules.parse_proposal(proposal(category="service", kind="optional", amount=250_000, admin_cost=90_000,
                                      applicant_kind="resident", title="在XX小区设置消防安全宣传栏",
                                      self_raised_funds=1000))
    assert codes(rules.assess(p).violations) == [
        "applicant.not_eligible", "cap.exceeded", "admin_cost.exceeds_third", "self_raised.proof_missing",
        "negative_list.match"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ([], None),
        ("x", None),
        (None, None),
        ({}, "category"),
        (proposal(category="building"), "category"),
        (proposal(kind=None), "kind"),
        (proposal(amount=0), "amount"),
        (proposal(amount=-5), "amount"),
        (proposal(amount="abc"), "amount"),
        (proposal(amount=True), "amount"),
        (proposal(amount=float("nan")), "amount"),
        (proposal(amount=1e30), "amount"),
        (proposal(amount=D("1.005")), "amount"),
        (proposal(amount=[1]), "amount"),
        (proposal(admin_cost=-1), "admin_cost"),
        (proposal(applicant_kind="mayor"), "applicant_kind"),
        (proposal(title=""), "title"),
        (proposal(title="  "), "title"),
        (proposal(title=5), "title"),
        (proposal(title="长" * 201), "title"),
        (proposal(description=["a"]), "description"),
        (proposal(cap_exception="yes"), "cap_exception"),
        (proposal(cap_exception={"approved_by_street": "yes"}), "cap_exception.approved_by_street"),
        (proposal(organization={"registration": "x"}), "organization.registration"),
        (proposal(self_raised_proof_sent="no"), "self_raised_proof_sent"),
        (proposal(ammount=1), None),
    ],
)
def test_not_a_proposal_names_the_field(data, field):
    with pytest.raises(rules.InvalidProposal) as exc:
        rules.parse_proposal(data)
    assert exc.value.field == field
    assert exc.value.code == "proposal.invalid" and exc.value.message
    if field:
        assert field in exc.value.message


def test_amounts_accept_numbers_and_numeric_text():
    assert rules.parse_proposal(proposal(amount="250,000.50")).amount == D("250000.50")
    assert rules.parse_proposal(proposal(amount=199999.99)).amount == D("199999.99")
    p = rules.parse_proposal({k: v for k, v in proposal().items() if k not in ("admin_cost", "description")})
    assert p.admin_cost == 0 and p.description == ""


def test_every_emitted_code_is_documented():
    assert all(code.count(".") == 1 for code in rules.RULES)
    doc = (Path(__file__).resolve().parents[4] / "docs" / "seed-map" / "microprojects.md").read_text(
        encoding="utf-8"
    )
    missing = [code for code in rules.RULES if f"`{code}`" not in doc]
    assert not missing, missing


def test_the_modules_examples_hold():
    assert doctest.testmod(rules).failed == 0
