"""The services of 律师驻队: each seed rule refused at the door, with its ledger entry when accepted."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from zhengwu.core.systems import provided
from zhengwu.lawyers import rules, selectors, services
from zhengwu.lawyers.models import Contract, MilestoneProgress
from zhengwu.ledger.models import Entry
from zhengwu.org.roles import Role

pytestmark = pytest.mark.django_db

FACTS = {
    "name": "鹏城律师事务所",
    "practising_lawyers": 12,
    "admin_staff": 9,
    "partners": [{"name": "张律师", "government_adviser": True}],
    "bad_records": [],
    "admin_law_team": True,
}
ON = date(2016, 6, 1)


@pytest.fixture
def cast(make_user):
    return {"justice": make_user("QSFJ", Role.OPERATOR), "street": make_user("GY", Role.OPERATOR),
            "street_head": make_user("GY", Role.LEADER), "other_street": make_user("HB", Role.LEADER)}


@pytest.fixture
def firm(cast):
    return services.firm_register(facts=FACTS, on=ON, actor=cast["justice"])


@pytest.fixture
def people(firm, cast):
    j = cast["justice"]
    return {
        "lawyer": services.person_add(
            firm=firm,
            kind="lawyer",
            name="李律师",
            practising_since=date(2012, 3, 1),
            admin_law=True,
            actor=j,
        ),
        "lawyer2": services.person_add(
            firm=firm,
            kind="lawyer",
            name="王律师",
            practising_since=date(2010, 1, 1),
            admin_law=True,
            actor=j,
        ),
        "assistant": services.person_add(
            firm=firm,
            kind="assistant",
            name="赵助理",
            degree="bachelor",
            full_time=True,
            law_major=True,
            admin_law=True,
            actor=j,
        ),
    }


@pytest.fixture
def contract(units, firm, people, cast):
    return services.contract_sign(
        unit=units["GY"],
        firm=firm,
        lawyer=people["lawyer"],
        assistants=[people["assistant"]],
        starts_on=ON,
        ends_on=date(2017, 5, 31),
        actor=cast["street"],
    )


def test_a_firm_with_9_practising_lawyers_is_stored_unlisted_and_cannot_be_chosen(units, cast, people):
    small = services.firm_register(
        facts=FACTS | {"name": "小所", "practising_lawyers": 9, "admin_staff": 20},
        on=ON,
        actor=cast["justice"],
    )
    assert not small.listed and [p["code"] for p in small.problems] == ["firm_lawyers"]
    assert Entry.objects.filter(action="lawyers.firm.checked", object_id=str(small.pk)).exists()
    lawyer = services.person_add(firm=small, kind="lawyer", name="钱律师", practising_since=date(2010, 1, 1),
                                 admin_law=True, actor=cast["justice"])
    with pytest.raises(rules.RuleError) as caught:
        services.contract_sign(
            unit=units["GY"],
            firm=small,
            lawyer=lawyer,
            starts_on=ON,
            ends_on=date(2017, 1, 1),
            actor=cast["street"],
        )
    assert caught.value.code == "firm_lawyers"
    assert not Contract.objects.exists()


def test_only_the_justice_bureau_keeps_the_list(cast):
    with pytest.raises(PermissionDenied):
        services.firm_register(facts=FACTS, on=ON, actor=cast["street"])


def test_one_stationed_lawyer_per_enforcement_unit_and_only_enforcement_units(
    units, firm, people, cast, contract, make_user
):
    assert Entry.objects.filter(action="lawyers.contract.signed", object_id=str(contract.pk)).exists()
    with pytest.raises(rules.RuleError) as caught:
        services.contract_sign(unit=units["GY"], firm=firm, lawyer=people["lawyer2"], starts_on=ON,
                               ends_on=date(2017, 1, 1), actor=cast["street"])
    assert caught.value.code == "unit_has_lawyer"
    with pytest.raises(rules.RuleError) as caught:
        services.contract_sign(unit=units["QFGJ"], firm=firm, lawyer=people["lawyer2"], starts_on=ON,
                               ends_on=date(2017, 1, 1), actor=make_user("QFGJ", Role.OPERATOR))
    assert caught.value.code == "not_an_enforcement_unit"
    brigade = services.contract_sign(unit=units["QCGZFDD"], firm=firm, lawyer=people["lawyer2"], starts_on=ON,
                                     ends_on=date(2017, 1, 1), actor=make_user("QCGZFDD", Role.OPERATOR))
    assert brigade.state == "active"


def test_a_lawyer_practising_under_two_years_is_refused(units, firm, cast):
    young = services.person_add(firm=firm, kind="lawyer", name="新律师", practising_since=date(2015, 1, 1),
                                admin_law=True, actor=cast["justice"])
    with pytest.raises(rules.RuleError) as caught:
        services.contract_sign(
            unit=units["GY"],
            firm=firm,
            lawyer=young,
            starts_on=ON,
            ends_on=date(2017, 1, 1),
            actor=cast["street"],
        )
    assert caught.value.code == "lawyer_practice_years"


def test_a_replacement_step_by_form_post_or_empty_body_is_never_a_500(contract, people, cast, client):
    """A multipart or form POST to the step API was a 500 (raw body read after the form was parsed): found by
    the never-a-500 sweep over the demo data."""
    r = services.replacement_request(contract=contract, outgoing=people["lawyer"], incoming=people["lawyer2"],
                                     reason="身体原因", actor=cast["street"])
    client.force_login(cast["street_head"])
    multipart = client.post(f"/lawyers/api/replacements/{r.pk}/consent/", {"note": "同意"})
    assert multipart.status_code == 200 and multipart.json()["state"] == "consented"
    client.force_login(cast["street"])
    empty = client.post(f"/lawyers/api/replacements/{r.pk}/complete/", "", content_type="application/json")
    assert empty.status_code == 200 and empty.json()["state"] == "replaced"


def test_a_replacement_without_the_units_consent_is_refused_and_with_it_takes_effect(contract, people, cast):
    r = services.replacement_request(contract=contract, outgoing=people["lawyer"], incoming=people["lawyer2"],
                                     reason="身体原因", actor=cast["street"])
    with pytest.raises(rules.RuleError) as caught:
        services.replacement_complete(replacement=r, actor=cast["street"])
    assert caught.value.code == "consent_required"
    contract.refresh_from_db()
    assert contract.lawyer == people["lawyer"]  # nothing changed
    with pytest.raises(PermissionDenied):  # an operator does not consent for the unit; its leader does
        services.replacement_decide(replacement=r, consent=True, actor=cast["street"])
    with pytest.raises(PermissionDenied):  # nor another street's leader
        services.replacement_decide(replacement=r, consent=True, actor=cast["other_street"])
    services.replacement_decide(replacement=r, consent=True, actor=cast["street_head"])
    services.replacement_complete(replacement=r, actor=cast["street"])
    contract.refresh_from_db()
    assert contract.lawyer == people["lawyer2"]
    actions = list(Entry.objects.filter(object_id=str(r.pk), action__startswith="lawyers.replacement.")
                   .order_by("seq").values_list("action", flat=True))
    assert actions == ["lawyers.replacement.requested", "lawyers.replacement.consented",
                       "lawyers.replacement.completed"]


def test_a_refused_replacement_cannot_be_completed(contract, people, cast):
    r = services.replacement_request(contract=contract, outgoing=people["lawyer"], incoming=people["lawyer2"],
                                     reason="调动", actor=cast["street"])
    services.replacement_decide(replacement=r, consent=False, actor=cast["street_head"])
    with pytest.raises(rules.RuleError) as caught:
        services.replacement_complete(replacement=r, actor=cast["street"])
    assert caught.value.code == "forbidden_transition"


def test_work_records_must_be_of_the_six_kinds_within_the_contract(contract, people, cast):
    with pytest.raises(rules.RuleError) as caught:
        services.work_record_add(
            contract=contract,
            person=people["lawyer"],
            day=date(2016, 7, 1),
            kind="golf",
            hours=2,
            actor=cast["street"],
        )
    assert caught.value.code == "record_kind"
    with pytest.raises(rules.RuleError) as caught:
        services.work_record_add(contract=contract, person=people["lawyer"], day=date(2016, 5, 1),
                                 kind="consultation", hours=2, actor=cast["street"])
    assert caught.value.code == "record_outside_contract"
    with pytest.raises(rules.RuleError) as caught:
        services.work_record_add(contract=contract, person=people["lawyer2"], day=date(2016, 7, 1),
                                 kind="consultation", hours=2, actor=cast["street"])
    assert caught.value.code == "not_stationed"
    row = services.work_record_add(contract=contract, person=people["assistant"], day=date(2016, 7, 1),
                                   kind="case_review", hours="7.5", cases=2, actor=cast["street"])
    assert Entry.objects.filter(action="lawyers.record.added", object_id=str(row.pk)).exists()


def test_the_annual_assessment_of_a_lawyer_matches_a_hand_computed_example(contract, people, cast):
    """2016 under contract from 1 June: 7 months (Jun–Dec). Prorated targets (× 7/12): hours 933.33, cases 35,
    disputes 11.667, documents 23.333. Records: 700 h, 35 cases, 7 disputes, 28 documents; unit evaluation 80.
    Parts: hours 20 × 700/933.33 = 15.00; cases 15 × 1 = 15.00; disputes 15 × 7/11.667 = 9.00;
    documents 10 × min(1, 28/23.333) = 10.00; unit 40 × 0.8 = 32.00 → 81.00 ≥ 70 and 80 ≥ 60 → renew."""
    s = cast["street"]
    for month in range(6, 13):  # 7 records of 100 h, 5 cases, 1 dispute, 4 documents
        services.work_record_add(
            contract=contract,
            person=people["lawyer"],
            day=date(2016, month, 10),
            kind="consultation",
            hours=20,
            actor=s,
        )
        services.work_record_add(contract=contract, person=people["lawyer"], day=date(2016, month, 11),
                                 kind="case_review", hours=20, cases=5, actor=s)
        services.work_record_add(contract=contract, person=people["lawyer"], day=date(2016, month, 12),
                                 kind="legal_affairs", hours=20, disputes=1, documents=4, actor=s)
        services.work_record_add(contract=contract, person=people["lawyer"], day=date(2016, month, 13),
                                 kind="major_actions", hours=20, actions=1, actor=s)
        services.work_record_add(contract=contract, person=people["lawyer"], day=date(2016, month, 14),
                                 kind="publicity_training", hours=20, actor=s)
    with pytest.raises(PermissionDenied):
        services.assessment_make(
            contract=contract, year=2016, unit_evaluation=80, actor=s
        )  # the leader assesses
    a = services.assessment_make(contract=contract, year=2016, unit_evaluation=80, actor=cast["street_head"])
    assert a.months == 7
    assert a.parts == {"hours": "15.00", "cases": "15.00", "disputes": "9.00", "documents": "10.00",
                       "unit_evaluation": "32.00"}
    assert a.score == Decimal("81.00") and a.recommendation == "renew"
    assert a.totals["actions"] == 7 and a.totals["days_present"] == 35
    with pytest.raises(rules.RuleError) as caught:
        services.assessment_make(contract=contract, year=2016, unit_evaluation=50, actor=cast["street_head"])
    assert caught.value.code == "already_assessed"


def test_an_unsatisfied_unit_recommends_ending_the_contract(contract, cast):
    a = services.assessment_make(contract=contract, year=2017, unit_evaluation=55, actor=cast["street_head"])
    assert a.recommendation == "end" and {r["code"] for r in a.reasons} == {"score_below_threshold",
                                                                            "evaluation_below_floor"}
    with pytest.raises(rules.RuleError) as caught:
        services.assessment_make(contract=contract, year=2017, unit_evaluation=101, actor=cast["street_head"])
    assert caught.value.code in {"evaluation_range", "already_assessed"}


def test_programme_milestones_for_reforms_and_supervision_figures(units, make_user):
    rows = provided("lawyers", "programme_milestones")()
    assert {r["code"] for r in rows} == {
        "plan",
        "funding",
        "procurement",
        "training",
        "visits",
        "supervision",
    }
    assert set(rows[0]) == {"code", "title", "due_on", "done_on", "unit"}
    procurement = [r for r in rows if r["code"] == "procurement"]
    assert {r["unit"] for r in procurement} >= {"QCGJ", "QGHTDJCJ", "GY", "QSH"}  # 各街道办 expanded
    assert all(r["due_on"] == date(2016, 6, 15) and r["done_on"] is None for r in procurement)
    with pytest.raises(rules.RuleError) as caught:
        services.milestone_done(year=2016, code="procurement", unit=units["QSFJ"], done_on=date(2016, 6, 1),
                                actor=make_user("QSFJ", Role.OPERATOR))
    assert caught.value.code == "not_a_lead_unit"  # 区司法局 only assists procurement
    gy = make_user("GY", Role.OPERATOR)
    services.milestone_done(
        year=2016, code="procurement", unit=units["GY"], done_on=date(2016, 6, 10), actor=gy
    )
    services.milestone_done(
        year=2016, code="funding", unit=units["GY"], done_on=date(2016, 6, 3), actor=gy
    )  # late
    assert MilestoneProgress.objects.count() == 2
    figures = provided("lawyers", "supervision_figures")(start=date(2016, 1, 1), end=date(2016, 6, 30),
                                                         on=date(2016, 7, 1))
    gy_row = next(f for f in figures if f["unit"] == "GY" and f["measure"] == "lawyers.milestones")
    assert (gy_row["due"], gy_row["kept"]) == (2, 1)  # funding (late) and procurement (kept)
    assert set(gy_row) == {"unit", "measure", "label", "due", "kept"}


def test_the_reminder_job_names_open_milestones_due_soon(units, make_user):
    from zhengwu.lawyers.services import milestone_reminders_send

    sent = milestone_reminders_send(today=date(2016, 4, 27))
    assert sent["QCGJ"] == ["plan"] and "GY" not in sent  # 各街道办 only assist the plan
    assert Entry.objects.filter(action="lawyers.milestone.reminded").count() == 1


def test_the_contract_page_its_json_twin_and_the_api(client, contract, people, cast):
    client.force_login(cast["street"])
    assert "李律师" in client.get(f"/lawyers/contracts/{contract.pk}/").content.decode()
    response = client.post(
        f"/lawyers/api/contracts/{contract.pk}/records/",
        json.dumps({"person": people["lawyer"].pk, "day": "2016-07-02", "kind": "legal_aid", "hours": 3}),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert client.get(f"/lawyers/contracts/{contract.pk}.json").json()["totals"]["hours"] == "3.0"
    bad = client.post(f"/lawyers/api/contracts/{contract.pk}/records/",
                      json.dumps({"person": people["lawyer"].pk, "day": "2016-02-30", "kind": "legal_aid"}),
                      content_type="application/json")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_date"
    client.force_login(cast["other_street"])  # not their unit: 404, as if missing
    assert client.get(f"/lawyers/contracts/{contract.pk}.json").status_code == 404
    assert selectors.contract_list(user=cast["other_street"]).count() == 0
