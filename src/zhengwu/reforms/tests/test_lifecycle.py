"""The life of an item after 立项: 分解 → 承办 → 办结 → 验收 (or 退回) →
销号, each step ledgered, each out-of-order step refused naming the stage; who may do which step; reminders
(催办) on the working-day calendar."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from zhengwu.core.periodic import declared_jobs, problems
from zhengwu.ledger.models import Entry
from zhengwu.org.roles import Role
from zhengwu.reforms import rules, selectors, services
from zhengwu.reforms.models import Milestone, Plan, Reminder
from zhengwu.reforms.rules import MilestoneDraft
from zhengwu.reforms.standard import Stage

PLAN = {"targets": "出台空编统筹办法", "content": "建立空闲编制收回制度", "responsible": "编办主任"}
DRAFTS = [MilestoneDraft("调研", "调研报告", "QBB", date(2016, 3, 31)),
          MilestoneDraft("出台办法", "办法文本", "QWZZB", date(2016, 6, 14))]


@pytest.fixture
def cast(make_user, units):
    return {"lead": make_user("QBB", Role.OPERATOR), "partner": make_user("QWZZB", Role.OPERATOR),
            "office": make_user("QWGGB", Role.LEADER), "outsider": make_user("QCZJ", Role.OPERATOR)}


@pytest.fixture
def registered(cast, units):
    return services.plan_register(
        number=1, unit=units["QBB"], on=date(2016, 3, 1), actor=cast["lead"], **PLAN
    )


def _actions(plan) -> list[str]:
    return list(Entry.objects.filter(object_id=str(plan.pk), action__startswith="reforms.plan.")
                .order_by("id").values_list("action", flat=True))


@pytest.mark.django_db
def test_an_item_runs_from_plan_to_closure_with_one_ledger_entry_per_step(cast, registered):
    services.plan_decompose(number=1, milestones=DRAFTS, actor=cast["lead"])
    services.plan_undertake(number=1, on=date(2016, 3, 2), actor=cast["lead"])
    services.report_submit(number=1, on=date(2016, 3, 20), text="已完成调研", actor=cast["lead"])
    first, second = Milestone.objects.filter(plan=registered).order_by("due_on")
    services.milestone_complete(milestone_id=first.pk, on=date(2016, 3, 30), actor=cast["lead"])
    services.milestone_complete(
        milestone_id=second.pk, on=date(2016, 6, 1), actor=cast["partner"]
    )  # its own unit
    services.plan_complete(
        number=1, on=date(2016, 6, 2), evidence=["罗编〔2016〕5号", " "], actor=cast["lead"]
    )
    plan = services.plan_verify(number=1, on=date(2016, 6, 10), actor=cast["office"])
    assert (plan.stage, plan.verified_on, plan.evidence) == (
        Stage.VERIFIED,
        date(2016, 6, 10),
        ["罗编〔2016〕5号"],
    )
    plan = services.plan_close(number=1, on=date(2016, 6, 12), actor=cast["office"])
    assert plan.stage == Stage.CLOSED
    assert _actions(plan) == ["reforms.plan.registered", "reforms.plan.decomposed", "reforms.plan.undertaken",
                              "reforms.plan.completed", "reforms.plan.verified", "reforms.plan.closed"]
    assert Entry.objects.filter(action="reforms.milestone.completed").count() == 2
    assert Entry.objects.filter(action="reforms.report.submitted").count() == 1
    closed = Entry.objects.get(action="reforms.plan.closed")
    assert (closed.before["stage"], closed.after["stage"]) == ("verified", "closed")


@pytest.mark.django_db
def test_a_step_out_of_order_is_refused_naming_the_stage_and_changes_nothing(cast, registered):
    with pytest.raises(rules.StepError) as caught:
        services.plan_undertake(number=1, on=date(2016, 3, 2), actor=cast["lead"])  # before 分解
    assert caught.value.code == "step_out_of_order" and caught.value.current is Stage.REGISTERED
    with pytest.raises(rules.StepError):
        services.plan_verify(number=1, on=date(2016, 3, 2), actor=cast["office"])
    services.plan_decompose(number=1, milestones=DRAFTS, actor=cast["lead"])
    with pytest.raises(rules.StepError):  # a second 分解
        services.plan_decompose(number=1, milestones=DRAFTS, actor=cast["lead"])
    assert Milestone.objects.count() == 2 and Plan.objects.get().stage == Stage.DECOMPOSED
    with pytest.raises(rules.RuleError) as caught:
        services.report_submit(number=1, on=date(2016, 3, 5), text="x", actor=cast["lead"])
    assert caught.value.code == "not_undertaking"
    with pytest.raises(rules.RuleError) as caught:
        services.plan_undertake(number=2, on=date(2016, 3, 2), actor=cast["lead"])
    assert caught.value.code == "no_plan"


@pytest.mark.django_db
def test_decomposition_refuses_an_unknown_unit_naming_the_milestone(cast, registered):
    bad = [DRAFTS[0], MilestoneDraft("出台办法", "办法文本", "NOPE", date(2016, 6, 14))]
    with pytest.raises(rules.RuleError) as caught:
        services.plan_decompose(number=1, milestones=bad, actor=cast["lead"])
    assert (caught.value.code, caught.value.field) == ("unknown_unit", "milestones[1].unit")
    assert Milestone.objects.count() == 0 and Plan.objects.get().stage == Stage.REGISTERED


@pytest.fixture
def undertaking(cast, registered):
    services.plan_decompose(number=1, milestones=DRAFTS, actor=cast["lead"])
    services.plan_undertake(number=1, on=date(2016, 3, 2), actor=cast["lead"])
    return registered


@pytest.mark.django_db
def test_closure_needs_every_milestone_done_and_evidence(cast, undertaking):
    with pytest.raises(rules.RuleError) as caught:
        services.plan_complete(number=1, on=date(2016, 4, 1), evidence=["x"], actor=cast["lead"])
    assert caught.value.code == "milestones_open"
    for m in Milestone.objects.all():
        services.milestone_complete(milestone_id=m.pk, on=date(2016, 3, 30), actor=cast["lead"])
    with pytest.raises(rules.RuleError) as caught:
        services.plan_complete(number=1, on=date(2016, 4, 1), evidence=["  "], actor=cast["lead"])
    assert caught.value.code == "evidence_required"
    assert Plan.objects.get().stage == Stage.UNDERTAKING


@pytest.mark.django_db
def test_a_refused_verification_goes_back_to_undertaking_with_reasons_and_restarts_the_cycle(
    cast, undertaking
):
    for m in Milestone.objects.all():
        services.milestone_complete(milestone_id=m.pk, on=date(2016, 3, 30), actor=cast["lead"])
    services.plan_complete(number=1, on=date(2016, 4, 1), evidence=["材料"], actor=cast["lead"])
    with pytest.raises(rules.RuleError) as caught:
        services.plan_refuse(number=1, on=date(2016, 4, 5), reasons=" ", actor=cast["office"])
    assert caught.value.code == "reasons_required"
    plan = services.plan_refuse(number=1, on=date(2016, 4, 5), reasons="佐证不足", actor=cast["office"])
    assert (plan.stage, plan.undertaking_since, plan.refusal_reasons) == (
        Stage.UNDERTAKING,
        date(2016, 4, 5),
        "佐证不足",
    )
    assert Entry.objects.get(action="reforms.plan.refused").note == "佐证不足"


@pytest.mark.django_db
def test_only_the_lead_unit_works_the_plan_and_only_the_reform_office_verifies(cast, undertaking):
    with pytest.raises(PermissionDenied):
        services.plan_undertake(number=1, on=date(2016, 3, 2), actor=cast["outsider"])
    with pytest.raises(PermissionDenied):
        services.report_submit(number=1, on=date(2016, 3, 5), text="x", actor=cast["outsider"])
    m = Milestone.objects.get(unit__code="QBB")
    with pytest.raises(PermissionDenied):  # a participating unit marks only its own milestones
        services.milestone_complete(milestone_id=m.pk, on=date(2016, 3, 5), actor=cast["partner"])
    for m in Milestone.objects.all():
        services.milestone_complete(milestone_id=m.pk, on=date(2016, 3, 30), actor=cast["lead"])
    services.plan_complete(number=1, on=date(2016, 4, 1), evidence=["材料"], actor=cast["lead"])
    with pytest.raises(PermissionDenied):  # the lead unit cannot verify its own closure
        services.plan_verify(number=1, on=date(2016, 4, 2), actor=cast["lead"])


@pytest.mark.django_db
def test_a_date_before_the_previous_step_is_refused(cast, undertaking):
    with pytest.raises(rules.RuleError) as caught:
        services.report_submit(number=1, on=date(2016, 3, 1), text="x", actor=cast["lead"])
    assert caught.value.code == "date_before_previous_step"


# --- 催办 ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reminders_before_due_dates_when_overdue_and_when_a_report_is_missed(cast, units, undertaking):
    # 2016-03-25 (Fri): 调研 due 03-31 is 4 working days ahead (≤ 5) → due soon; 出台办法 (06-14) not yet.
    made = services.reminders_send(on=date(2016, 3, 25))
    assert [(r.kind, r.milestone.title, r.unit.code) for r in made] == [("milestone_due", "调研", "QBB")]
    assert services.reminders_send(on=date(2016, 3, 25)) == []  # once only
    # 2016-04-05: 调研 overdue → escalated to the reform office; the report cycle (20 working days from
    # 03-02 → 03-30) was missed → report reminder to the lead unit.
    made = {r.kind: r for r in services.reminders_send(on=date(2016, 4, 5))}
    assert set(made) == {"milestone_overdue", "report_missed"}
    assert made["milestone_overdue"].escalated_to.code == "QWGGB"
    assert made["report_missed"].due_on == date(2016, 3, 30) and made["report_missed"].unit.code == "QBB"
    assert Entry.objects.filter(action="reforms.reminders.queued").count() == 2
    # the light agrees: yellow while the report is missed and nothing overdue is… red once overdue
    assert selectors.lights(on=date(2016, 4, 5))[0]["light"] == "red"


@pytest.mark.django_db
def test_a_missed_report_turns_the_light_yellow_and_queues_a_reminder(cast, undertaking):
    for m in Milestone.objects.filter(unit__code="QBB"):
        services.milestone_complete(milestone_id=m.pk, on=date(2016, 3, 30), actor=cast["lead"])
    on = date(2016, 4, 5)
    assert selectors.lights(on=on)[0]["light"] == "yellow"
    assert [r.kind for r in services.reminders_send(on=on)] == ["report_missed"]
    services.report_submit(number=1, on=on, text="进展", actor=cast["lead"])
    assert selectors.lights(on=on)[0]["light"] == "green"
    assert Reminder.objects.count() == 1


def test_the_reminder_job_is_declared_on_working_days():
    job = next(j for j in declared_jobs() if j.name == "reforms.reminders")
    assert job.workdays_only and not problems([job])
