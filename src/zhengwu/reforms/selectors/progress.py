"""The district → project → item → milestone tree with status lights (the
大督查 dashboard's first drill-down), one item's plan, and the public progress page (§三(四) 舆论引导: only
what the reform office publishes)."""

from datetime import date, timedelta

from django.utils.translation import gettext as _

from zhengwu.reforms import rules
from zhengwu.reforms.models import Milestone, Plan, ProgressReport, Reminder
from zhengwu.reforms.selectors.register import light_policy
from zhengwu.reforms.standard import (
    DEFAULT_STAGE,
    LIGHT_LABELS,
    PROJECTS,
    REGISTER,
    STAGE_LABELS,
    Light,
    Stage,
)
from zhengwu.workdays.selectors import calendar as workday_calendar


def _milestones(plan_ids) -> dict[int, list[tuple]]:
    """{plan id: [(id, title, deliverable, unit code, unit name, due_on, done_on)]} — plain rows, one query
    (2,000 model instances cost more than the rest of the dashboard)."""
    out: dict[int, list[tuple]] = {}
    rows = (
        Milestone.objects.filter(plan_id__in=plan_ids)
        .order_by("due_on", "id")
        .values_list("plan_id", "id", "title", "deliverable", "unit__code", "unit__name", "due_on", "done_on")
    )
    for plan_id, *row in rows:
        out.setdefault(plan_id, []).append(tuple(row))
    return out


def tree(*, on: date, published_only: bool = False, calendar=None) -> dict:
    """{"on", "counts": {light: n}, "stages": {stage: n},
    "projects": [{..., "items": [{..., "milestones"}]}]}.

    Items without a plan have stage 未立项 and no light. With `published_only`,
    plans the reform office has not published are shown as if they had none, and milestones carry no unit
    person (none are stored anyway)."""
    calendar = calendar or workday_calendar()
    policy = light_policy()
    rules.check_light_policy(policy)
    plans = Plan.objects.all()
    if published_only:
        plans = plans.filter(published=True)
    plans = {p.item_number: p for p in plans.select_related("unit")}
    milestones = _milestones([p.pk for p in plans.values()])
    last_reports = dict(ProgressReport.objects.filter(plan_id__in=[p.pk for p in plans.values()])
                        .order_by("plan_id", "reported_on").values_list("plan_id", "reported_on"))
    horizon = rules.yellow_horizon(on, calendar=calendar, policy=policy)
    counts = {light.value: 0 for light in Light}
    stages = {stage.value: 0 for stage in Stage}
    labels = {light: str(LIGHT_LABELS[light]) for light in Light}
    stage_labels = {stage.value: str(STAGE_LABELS[stage]) for stage in Stage}
    projects = []
    for project in PROJECTS:
        items = []
        for number in project.items:
            item, plan = REGISTER.item(number), plans.get(number)
            row = {"number": number, "title": item.title, "lead_units": list(item.lead_units),
                   "stage": plan.stage if plan else DEFAULT_STAGE.value, "light": None, "next_due": None,
                   "milestones": []}
            row["stage_label"] = stage_labels[row["stage"]]
            stages[row["stage"]] += 1
            if plan is not None:
                ms = milestones.get(plan.pk, [])
                m_facts = tuple(rules.MilestoneFacts(m[5], m[6]) for m in ms)
                facts = rules.ItemFacts(number=number, stage=Stage(plan.stage), milestones=m_facts,
                                        undertaking_since=plan.undertaking_since,
                                        last_report_on=last_reports.get(plan.pk))
                light = rules.item_light(facts, on=on, calendar=calendar, policy=policy, horizon=horizon)
                due = rules.next_due(facts, calendar=calendar, policy=policy)
                row.update(light=light.value, light_label=labels[light],
                           next_due=due.isoformat() if due else None)
                counts[light.value] += 1
                begins = plan.registered_on  # a milestone's work begins after the one before (Gantt bars)
                for (pk, title, deliverable, code, name, due_on, done_on), mf in zip(
                    ms, m_facts, strict=True
                ):
                    ml = rules.milestone_light(mf, on=on, calendar=calendar, policy=policy, horizon=horizon)
                    starts_on = min(begins, due_on)
                    begins = max(begins, due_on + timedelta(days=1))
                    row["milestones"].append(
                        {
                            "id": pk,
                            "title": title,
                            "deliverable": deliverable,
                            "unit": code,
                            "unit_name": name,
                            "starts_on": starts_on.isoformat(),
                            "due_on": due_on.isoformat(),
                            "done_on": done_on.isoformat() if done_on else None,
                            "light": ml.value,
                            "light_label": labels[ml],
                        }
                    )
            items.append(row)
        projects.append({"number": project.number, "numeral": project.numeral, "title": project.title,
                         "group": project.group, "leader": project.leader, "items": items,
                         "lights": {light.value: sum(1 for i in items if i["light"] == light.value)
                                    for light in Light}})
    return {"on": on.isoformat(), "counts": counts, "stages": stages, "projects": projects}


def item_detail(*, number: int, on: date) -> dict:
    """One register item with its plan, milestones, reports,
    reminders (staff page; 404 handled by the view)."""
    item = REGISTER.item(number)
    plan = Plan.objects.select_related("unit").filter(item_number=number).first()
    out = {"number": number, "title": item.title, "summary": item.summary,
           "project": REGISTER.project(item.project).title, "lead_units": list(item.lead_units),
           "participating_units": list(item.participating_units),
           "stage": plan.stage if plan else DEFAULT_STAGE.value, "plan": None}
    out["stage_label"] = str(STAGE_LABELS[Stage(out["stage"])])
    out["allowed_steps"] = [s.value for s in rules.allowed_steps(out["stage"])]
    if plan is None:
        return out
    row = next(i for p in tree(on=on)["projects"] for i in p["items"] if i["number"] == number)
    out["plan"] = {
        "unit": plan.unit.code,
        "unit_name": plan.unit.name,
        "targets": plan.targets,
        "content": plan.content,
        "responsible": plan.responsible,
        "registered_on": plan.registered_on.isoformat(),
        "undertaking_since": plan.undertaking_since.isoformat() if plan.undertaking_since else None,
        "completed_on": plan.completed_on.isoformat() if plan.completed_on else None,
        "evidence": plan.evidence,
        "refusal_reasons": plan.refusal_reasons,
        "verified_on": plan.verified_on.isoformat() if plan.verified_on else None,
        "closed_on": plan.closed_on.isoformat() if plan.closed_on else None,
        "published": plan.published,
        "light": row["light"],
        "next_due": row["next_due"],
        "milestones": row["milestones"],
        "reports": [
            {
                "reported_on": r.reported_on.isoformat(),
                "text": r.text,
                "attachments": [
                    {"id": a.pk, "name": a.original_name, "content_type": a.content_type, "size": a.size}
                    for a in r.attachments.all()
                ],
            }
            for r in plan.reports.order_by("-reported_on", "-id").prefetch_related("attachments")
        ],
        "reminders": [
            {
                "kind": r.kind,
                "label": str(r.get_kind_display()),
                "due_on": r.due_on.isoformat(),
                "created_on": r.created_on.isoformat(),
                "unit": r.unit.name,
                "escalated_to": r.escalated_to.name if r.escalated_to else None,
            }
            for r in Reminder.objects.filter(plan=plan).select_related("unit", "escalated_to")
        ],
    }
    return out


def public_progress(*, on: date) -> dict:
    """The public page: the 42 items (the plan itself is a public document) with their stage, and for the
    items the reform office published, the light and the milestones (title, deliverable, unit, dates) —
    never the responsible person, reports, reminders or who did what."""
    data = tree(on=on, published_only=True)
    published = set(Plan.objects.filter(published=True).values_list("item_number", flat=True))
    for project in data["projects"]:
        for item in project["items"]:
            if item["number"] not in published:
                item.update(stage=None, stage_label=str(_("暂未公开")))
            for m in item["milestones"]:
                m.pop("id", None)
                m.pop("starts_on", None)  # the dashboard's Gantt only; the public contract stays as it was
    data["stages"] = {k: v for k, v in data["stages"].items() if k != DEFAULT_STAGE.value}
    data["published"] = len(published)
    return data
