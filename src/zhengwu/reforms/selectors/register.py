"""The register with each item's stage, the items' facts for the status lights and the lights themselves."""

from datetime import date

from django.db.models import Max

from zhengwu.core.conf import setting
from zhengwu.reforms import rules
from zhengwu.reforms.models import Milestone, Plan
from zhengwu.reforms.standard import DEFAULT_STAGE, REGISTER, Stage
from zhengwu.workdays.selectors import calendar as workday_calendar


def stages() -> dict[int, Stage]:
    """{item number: stage} for the items with a plan (the others are at DEFAULT_STAGE)."""
    return {n: Stage(s) for n, s in Plan.objects.values_list("item_number", "stage")}


def register_items() -> list[dict]:
    """The 42 items of the register with their projects, units as the seed names them, and stage."""
    found = stages()
    return [{
        "number": item.number,
        "title": item.title,
        "project": REGISTER.project(item.project).title,
        "lead_units": list(item.lead_units),
        "participating_units": list(item.participating_units),
        "status": found.get(item.number, DEFAULT_STAGE).value,
    } for item in REGISTER.items]


def item_facts() -> list[rules.ItemFacts]:
    """What the lights need of every item with a plan, by item number (two queries)."""
    plans = list(Plan.objects.annotate(last_report_on=Max("reports__reported_on")).order_by("item_number"))
    milestones: dict[int, list[rules.MilestoneFacts]] = {}
    for plan_id, due_on, done_on in Milestone.objects.values_list("plan_id", "due_on", "done_on"):
        milestones.setdefault(plan_id, []).append(rules.MilestoneFacts(due_on, done_on))
    return [
        rules.ItemFacts(
            number=p.item_number,
            stage=Stage(p.stage),
            milestones=tuple(milestones.get(p.pk, ())),
            undertaking_since=p.undertaking_since,
            last_report_on=p.last_report_on,
        )
        for p in plans
    ]


def light_policy() -> rules.LightPolicy:
    return rules.LightPolicy(yellow_workdays=setting("REFORMS_YELLOW_WORKDAYS"),
                             report_cycle_workdays=setting("REFORMS_REPORT_CYCLE_WORKDAYS"))


def lights(*, on: date, calendar=None) -> list[dict]:
    """[{"number", "light", "next_due"}] on day `on` for every item with a plan (none before plans exist).

    Raises `workdays.rules.UnknownYear` when the calendar does not know a year the computation reaches."""
    calendar = calendar or workday_calendar()
    policy = light_policy()
    rules.check_light_policy(policy)
    out, horizon = [], None
    for facts in item_facts():
        if horizon is None and any(m.done_on is None and on <= m.due for m in facts.milestones):
            horizon = rules.yellow_horizon(on, calendar=calendar, policy=policy)  # once for every item
        due = rules.next_due(facts, calendar=calendar, policy=policy)
        out.append(
            {
                "number": facts.number,
                "light": rules.item_light(
                    facts, on=on, calendar=calendar, policy=policy, horizon=horizon
                ).value,
                "next_due": due.isoformat() if due else None,
            }
        )
    return out
