"""律师驻队 pure rules: each test fails when its rule of 罗府办函〔2016〕208号 is broken."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from zhengwu.lawyers import rules
from zhengwu.lawyers.rules import AssistantFacts, FirmFacts, LawyerFacts, Partner, Totals, WorkRecord
from zhengwu.lawyers.standard import (
    ASSESSMENT_POLICY,
    EVERY_STREET,
    MILESTONES,
    AssessmentPolicy,
    Degree,
    FirmCondition,
    MilestoneStatus,
    PersonCondition,
    Recommendation,
    ReplacementState,
    ServiceKind,
    UnitKind,
)

ON = date(2016, 6, 1)
STREETS = ("GY", "HB", "DM", "CZ", "DX", "NH", "SG", "DH", "LT", "QSH")
GOOD_FIRM = FirmFacts(name="某律师事务所", practising_lawyers=12, admin_staff=8,
                      partners=(Partner("甲", government_adviser=True),), bad_records=(), admin_law_team=True)


def codes(problems):
    return [p.code for p in problems]


# --- §三(一) firms ----------------------------------------------------------------------------------------


def test_a_firm_meeting_every_condition_may_be_chosen():
    assert rules.firm_eligibility(GOOD_FIRM, on=ON) == []
    assert rules.firm_is_eligible(GOOD_FIRM, on=ON)


def test_a_firm_with_9_practising_lawyers_cannot_be_chosen():
    firm = replace(GOOD_FIRM, practising_lawyers=9, admin_staff=15)  # 24 staff: only the lawyers fail
    assert codes(rules.firm_eligibility(firm, on=ON)) == [FirmCondition.LAWYERS]
    assert not rules.firm_is_eligible(firm, on=ON)
    assert rules.firm_is_eligible(replace(firm, practising_lawyers=10), on=ON)


def test_a_firm_with_19_lawyers_and_staff_cannot_be_chosen():
    firm = replace(GOOD_FIRM, practising_lawyers=12, admin_staff=7)
    assert codes(rules.firm_eligibility(firm, on=ON)) == [FirmCondition.STAFF]
    assert rules.firm_is_eligible(replace(firm, admin_staff=8), on=ON)


def test_a_firm_needs_a_partner_with_government_or_judicial_experience():
    plain = replace(GOOD_FIRM, partners=(Partner("乙"), Partner("丙")))
    assert codes(rules.firm_eligibility(plain, on=ON)) == [FirmCondition.PARTNER]
    assert codes(rules.firm_eligibility(replace(GOOD_FIRM, partners=()), on=ON)) == [FirmCondition.PARTNER]
    served = replace(GOOD_FIRM, partners=(Partner("乙"), Partner("丁", admin_or_judicial_service=True)))
    assert rules.firm_is_eligible(served, on=ON)


def test_a_bad_practice_record_within_three_years_excludes_the_firm():
    two_years_ago = replace(GOOD_FIRM, bad_records=(date(2014, 6, 1),))
    assert codes(rules.firm_eligibility(two_years_ago, on=ON)) == [FirmCondition.RECORD]
    assert rules.firm_is_eligible(replace(GOOD_FIRM, bad_records=(date(2012, 6, 1),)), on=ON)
    # 近三年内 counts from the same calendar day three years earlier, inclusive
    assert not rules.firm_is_eligible(replace(GOOD_FIRM, bad_records=(date(2013, 6, 1),)), on=ON)
    assert rules.firm_is_eligible(replace(GOOD_FIRM, bad_records=(date(2013, 5, 31),)), on=ON)


def test_a_firm_needs_an_administrative_law_team():
    assert codes(rules.firm_eligibility(replace(GOOD_FIRM, admin_law_team=False), on=ON)) == [
        FirmCondition.ADMIN_LAW_TEAM]


def test_every_failed_condition_is_reported_in_the_seeds_order():
    firm = FirmFacts(name="小所", practising_lawyers=3, admin_staff=2, bad_records=(date(2016, 1, 5),))
    assert codes(rules.firm_eligibility(firm, on=ON)) == list(FirmCondition)
    with pytest.raises(ValueError):
        rules.firm_eligibility(replace(firm, practising_lawyers=-1), on=ON)


# --- §三(二) lawyers and assistants ----------------------------------------------------------------------


def test_a_lawyer_needs_two_full_years_of_practice_and_administrative_law():
    lawyer = LawyerFacts(name="张律师", practising_since=date(2014, 6, 2), admin_law=True)
    assert codes(rules.lawyer_eligibility(lawyer, on=ON)) == [PersonCondition.LAWYER_YEARS]
    assert rules.lawyer_eligibility(replace(lawyer, practising_since=date(2014, 6, 1)), on=ON) == []
    assert codes(rules.lawyer_eligibility(replace(lawyer, practising_since=date(2010, 1, 1), admin_law=False),
                                          on=ON)) == [PersonCondition.LAWYER_ADMIN_LAW]


def test_an_assistant_needs_a_full_time_bachelors_degree_in_law():
    ok = AssistantFacts(name="李助理", degree=Degree.BACHELOR, full_time=True, law_major=True, admin_law=True)
    assert rules.assistant_eligibility(ok) == []
    assert rules.assistant_eligibility(replace(ok, degree=Degree.MASTER)) == []
    assert codes(rules.assistant_eligibility(replace(ok, degree=Degree.COLLEGE))) == [
        PersonCondition.ASSISTANT_DEGREE
    ]
    assert codes(rules.assistant_eligibility(replace(ok, full_time=False))) == [
        PersonCondition.ASSISTANT_FULL_TIME
    ]
    assert codes(rules.assistant_eligibility(replace(ok, law_major=False))) == [PersonCondition.ASSISTANT_LAW]
    assert codes(rules.assistant_eligibility(replace(ok, admin_law=False))) == [
        PersonCondition.ASSISTANT_ADMIN_LAW
    ]


def test_a_lawyer_not_resident_needs_a_qualified_resident_assistant():
    away = LawyerFacts(name="张律师", practising_since=date(2010, 1, 1), admin_law=True, resident=False)
    ok = AssistantFacts(name="李助理", degree=Degree.BACHELOR, full_time=True, law_major=True, admin_law=True)
    assert rules.stationing_problems(replace(away, resident=True), []) == []
    assert rules.stationing_problems(away, [ok]) == []
    assert codes(rules.stationing_problems(away, [replace(ok, law_major=False)])) == [
        PersonCondition.STATIONED
    ]
    assert codes(rules.stationing_problems(away, [replace(ok, resident=False)])) == [
        PersonCondition.STATIONED
    ]


# --- one stationed lawyer per enforcement unit ------------------------------------------------------------


def test_every_street_team_and_the_two_district_units_contract_one_lawyer():
    units = rules.enforcement_units(STREETS)
    assert len(units) == 12
    assert (
        dict(units)["QCGZFDD"] == UnitKind.CITY_BRIGADE
        and dict(units)["QGHTDJCDD"] == UnitKind.PLANNING_MOBILE
    )
    assert all(dict(units)[s] == UnitKind.STREET_TEAM for s in STREETS)
    contracts = {code: [f"lawyer-{code}"] for code, _kind in units}
    assert rules.stationing_gaps(STREETS, contracts) == []
    contracts["GY"] = []
    contracts["HB"] = ["a", "b"]
    contracts["QCGJ"] = ["c"]
    assert codes(rules.stationing_gaps(STREETS, contracts)) == [
        "unit_without_lawyer", "unit_with_several_lawyers", "not_an_enforcement_unit"]


# --- §五(一) replacement ---------------------------------------------------------------------------------


def test_a_replacement_without_the_units_consent_is_refused():
    with pytest.raises(rules.ReplacementError) as exc:
        rules.replacement_transition(state="requested", action="replace")
    assert exc.value.code == "consent_required"
    state = rules.replacement_transition(state="requested", action="consent")
    assert state == ReplacementState.CONSENTED
    assert rules.replacement_transition(state=state, action="replace") == ReplacementState.REPLACED


def test_a_refused_withdrawn_or_finished_replacement_goes_no_further():
    refused = rules.replacement_transition(state="requested", action="refuse")
    for state in (refused, ReplacementState.WITHDRAWN, ReplacementState.REPLACED):
        with pytest.raises(rules.ReplacementError) as exc:
            rules.replacement_transition(state=state, action="replace")
        assert exc.value.code == "forbidden_transition"
    with pytest.raises(rules.ReplacementError) as exc:
        rules.replacement_transition(state="requested", action="swap")
    assert exc.value.code == "unknown_action"


# --- work records ------------------------------------------------------------------------------------------


def test_work_records_in_the_six_kinds_of_service_and_their_measures():
    assert len(ServiceKind) == 6
    records = [
        WorkRecord(date(2016, 7, 1), ServiceKind.CONSULTATION, Decimal("3.5"), cases=2, present=True),
        WorkRecord(date(2016, 7, 1), ServiceKind.MAJOR_ACTIONS, Decimal(4), actions=1, present=True),
        WorkRecord(date(2016, 7, 2), ServiceKind.LEGAL_AFFAIRS, Decimal(2), disputes=1, documents=3),
    ]
    assert all(rules.work_record_problems(r) == [] for r in records)
    totals = rules.summarise(records)
    assert (totals.hours, totals.cases, totals.disputes, totals.documents, totals.actions) == (
        Decimal("9.5"), 2, 1, 3, 1)
    assert totals.days_present == 1  # two records of the same day at the unit are one day present
    assert totals.by_kind["consultation"] == 1 and totals.by_kind["legal_aid"] == 0


def test_a_work_record_with_an_unknown_kind_or_impossible_numbers_is_refused():
    bad = WorkRecord(date(2016, 7, 3), "lunch", Decimal(25), cases=-1)
    assert codes(rules.work_record_problems(bad, today=date(2016, 7, 2))) == [
        "record_kind", "record_hours", "record_count", "record_future"]


# --- §五(四) annual assessment --------------------------------------------------------------------------


def test_the_annual_assessment_matches_a_hand_computed_example():
    totals = Totals(hours=Decimal(1200), cases=45, disputes=25, documents=30)
    result = rules.assess(totals, unit_evaluation=85)
    # hours 20 × 1200/1600 = 15; cases 15 × 45/60 = 11.25; disputes 15 × min(1, 25/20) = 15;
    # documents 10 × 30/40 = 7.5; unit's evaluation 40 × 85/100 = 34 → 82.75 ≥ 70 → renew
    assert result.parts == {
        "hours": Decimal("15.00"),
        "cases": Decimal("11.25"),
        "disputes": Decimal("15.00"),
        "documents": Decimal("7.50"),
        "unit_evaluation": Decimal("34.00"),
    }
    assert result.score == Decimal("82.75")
    assert result.recommendation == Recommendation.RENEW and result.reasons == ()


def test_a_part_year_is_measured_against_prorated_targets():
    totals = Totals(hours=Decimal(600), cases=20, disputes=5, documents=10)
    result = rules.assess(totals, unit_evaluation=Decimal("72.5"), months=6)
    # targets ×6/12: 800 h, 30, 10, 20 → 15 + 10 + 7.5 + 5 + 40 × 0.725 = 29 → 66.5 < 70 → end
    assert result.score == Decimal("66.50")
    assert result.recommendation == Recommendation.END
    assert [r.code for r in result.reasons] == ["score_below_threshold"]


def test_a_unit_not_satisfied_ends_the_contract_whatever_the_counts():
    totals = Totals(hours=Decimal(5000), cases=500, disputes=500, documents=500)
    result = rules.assess(totals, unit_evaluation=55)  # 60 + 22 = 82 points
    assert result.score == Decimal("82.00")
    assert [r.code for r in result.reasons] == ["evaluation_below_floor"]
    assert result.recommendation == Recommendation.END


def test_the_assessment_policy_is_data_and_is_checked():
    policy = AssessmentPolicy(renew_threshold=Decimal(90))
    totals = Totals(hours=Decimal(1200), cases=45, disputes=25, documents=30)
    assert rules.assess(totals, unit_evaluation=85, policy=policy).recommendation == Recommendation.END
    broken = replace(ASSESSMENT_POLICY, points={**ASSESSMENT_POLICY.points, "hours": Decimal(30)})
    assert [p.code for p in rules.policy_problems(broken)] == ["policy_points"]
    with pytest.raises(ValueError):
        rules.assess(totals, unit_evaluation=85, policy=broken)
    with pytest.raises(ValueError):
        rules.assess(totals, unit_evaluation=101)
    with pytest.raises(ValueError):
        rules.assess(totals, unit_evaluation=80, months=0)


# --- §四 milestones ---------------------------------------------------------------------------------------


def test_the_programme_milestones_have_the_seeds_deadlines_and_lead_units():
    due = {m.code: rules.milestone_due(m).isoformat() for m in MILESTONES}
    assert due == {"plan": "2016-04-30", "funding": "2016-05-31", "procurement": "2016-06-15",
                   "training": "2016-06-30", "visits": "2016-09-30", "supervision": "2016-12-31"}
    lead = {m.code: m.lead_units for m in MILESTONES}
    assert lead["plan"] == ("QCGJ", "QSFJ")
    assert lead["funding"] == ("QCZJ", "QCGJ", "QGHTDJCJ", EVERY_STREET)
    assert all(lead[c] == ("QCGJ", "QSFJ", "QGHTDJCJ") for c in ("training", "visits", "supervision"))
    procurement = next(m for m in MILESTONES if m.code == "procurement")
    assert procurement.assisting_units == ("QSFJ",)
    assert rules.milestone_units(procurement.lead_units, STREETS) == ("QCGJ", "QGHTDJCJ", *STREETS)


def test_milestone_status_open_overdue_done_and_late():
    plan = MILESTONES[0]
    assert rules.milestone_status(plan, today=date(2016, 4, 30)) == MilestoneStatus.OPEN
    assert rules.milestone_status(plan, today=date(2016, 5, 1)) == MilestoneStatus.OVERDUE
    assert (
        rules.milestone_status(plan, today=date(2016, 5, 9), done_on=date(2016, 4, 30))
        == MilestoneStatus.DONE
    )
    assert (
        rules.milestone_status(plan, today=date(2016, 5, 9), done_on=date(2016, 5, 2))
        == MilestoneStatus.DONE_LATE
    )
    assert rules.milestone_due(plan, 2017) == date(2017, 4, 30)
