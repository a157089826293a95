"""催办 (§三(三) 加大督办力度): reminders queued on the official working-day calendar, run each working day by
the periodic job `reforms.reminders` (tasks.send_reminders):

- an open milestone due within REFORMS_YELLOW_WORKDAYS working days → 节点即将到期, to the milestone's unit;
- an open milestone past its due date → 节点逾期, to its unit and escalated to the reform office (区委改革办);
- an item 承办 whose progress report is missed
  (REFORMS_REPORT_CYCLE_WORKDAYS) → 进展报告未按期报送, to the lead unit.

Each reminder exists once per (milestone or plan, kind, due date): running twice the same day adds nothing.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max

from zhengwu.core.conf import setting
from zhengwu.ledger.services import record
from zhengwu.org.models import Unit
from zhengwu.reforms import rules
from zhengwu.reforms.models import Milestone, Plan, Reminder
from zhengwu.reforms.standard import REFORM_OFFICE, Stage
from zhengwu.workdays.selectors import calendar as workday_calendar

OPEN_STAGES = (Stage.DECOMPOSED, Stage.UNDERTAKING)


def _policy() -> rules.LightPolicy:
    policy = rules.LightPolicy(yellow_workdays=setting("REFORMS_YELLOW_WORKDAYS"),
                               report_cycle_workdays=setting("REFORMS_REPORT_CYCLE_WORKDAYS"))
    rules.check_light_policy(policy)
    return policy


def reminders_send(*, on: date, calendar=None) -> list[Reminder]:
    """Queue the reminders owed on day `on`; returns the new ones (one ledger entry when there are any)."""
    calendar = calendar or workday_calendar()
    policy = _policy()
    horizon = rules.yellow_horizon(on, calendar=calendar, policy=policy)
    office = Unit.objects.filter(code=REFORM_OFFICE).first()
    wanted: list[Reminder] = []
    open_milestones = Milestone.objects.filter(plan__stage__in=OPEN_STAGES, done_on=None, due_on__lt=horizon)
    for m in open_milestones.select_related("plan"):
        overdue = on > m.due_on
        wanted.append(
            Reminder(
                plan=m.plan,
                milestone=m,
                unit_id=m.unit_id,
                due_on=m.due_on,
                created_on=on,
                kind=Reminder.Kind.MILESTONE_OVERDUE if overdue else Reminder.Kind.MILESTONE_DUE,
                escalated_to=office if overdue else None,
            )
        )
    for plan in Plan.objects.filter(stage=Stage.UNDERTAKING).annotate(
        last_report_on=Max("reports__reported_on")
    ):
        facts = rules.ItemFacts(number=plan.item_number, stage=Stage(plan.stage),
                                undertaking_since=plan.undertaking_since, last_report_on=plan.last_report_on)
        if rules.report_missed(facts, on=on, calendar=calendar, policy=policy):
            wanted.append(
                Reminder(
                    plan=plan,
                    unit_id=plan.unit_id,
                    kind=Reminder.Kind.REPORT_MISSED,
                    created_on=on,
                    due_on=rules.report_due(facts, calendar=calendar, policy=policy),
                )
            )
    created = []
    with transaction.atomic():
        for reminder in wanted:
            exists = Reminder.objects.filter(
                plan=reminder.plan, milestone=reminder.milestone, kind=reminder.kind, due_on=reminder.due_on
            ).exists()
            if exists:
                continue
            try:
                with transaction.atomic():
                    reminder.save()
            except IntegrityError:  # queued concurrently by another worker: already there
                continue
            created.append(reminder)
        if created:
            record(action="reforms.reminders.queued", actor=None, object_type="reforms.reminder",
                   object_id=on.isoformat(),
                   after={"on": on.isoformat(), "reminders": [
                       {"item": r.plan.item_number, "kind": r.kind, "due_on": r.due_on.isoformat(),
                        "unit": r.unit_id, "escalated": r.escalated_to_id is not None} for r in created]})
    return created
