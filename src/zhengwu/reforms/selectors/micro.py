"""The 微改革 / 微创新 library with status lights on the working-day calendar (the same lights as plan items:
the worst of the milestones'; a closed project is green), for its page and the 大督查 dashboard."""

from datetime import date

from zhengwu.reforms import rules
from zhengwu.reforms.models import MicroMilestone, MicroReform
from zhengwu.reforms.selectors.register import light_policy
from zhengwu.reforms.standard import LIGHT_LABELS, Light, Stage
from zhengwu.workdays.selectors import calendar as workday_calendar

KIND_LABELS = dict(MicroReform.Kind.choices)


def library(*, on: date, calendar=None, unit: str | None = None) -> dict:
    """{"on", "counts": {light: n}, "kinds": {kind: n}, "closed": n, "projects": [...]} — two queries."""
    calendar = calendar or workday_calendar()
    policy = light_policy()
    horizon = rules.yellow_horizon(on, calendar=calendar, policy=policy)
    projects = MicroReform.objects.select_related("unit").order_by(
        "unit__sort", "unit__code", "registered_on", "id"
    )
    if unit:
        projects = projects.filter(unit__code=unit)
    projects = list(projects.values_list("id", "kind", "title", "summary", "unit__code", "unit__name",
                                         "responsible", "registered_on", "closed_on"))
    milestones: dict[int, list[tuple]] = {}
    rows = (
        MicroMilestone.objects.filter(project_id__in=[p[0] for p in projects])
        .order_by("due_on", "id")
        .values_list(
            "project_id", "id", "title", "deliverable", "unit__code", "unit__name", "due_on", "done_on"
        )
    )
    for project_id, *row in rows:
        milestones.setdefault(project_id, []).append(tuple(row))
    labels = {light: str(LIGHT_LABELS[light]) for light in Light}
    counts = {light.value: 0 for light in Light}
    kinds = {k: 0 for k in MicroReform.Kind.values}
    out = []
    for pk, kind, title, summary, code, name, responsible, registered_on, closed_on in projects:
        ms = milestones.get(pk, [])
        facts = rules.ItemFacts(number=pk, stage=Stage.CLOSED if closed_on else Stage.UNDERTAKING,
                                milestones=tuple(rules.MilestoneFacts(m[5], m[6]) for m in ms))
        light = Light.GREEN if closed_on else rules.item_light(facts, on=on, calendar=calendar, policy=policy,
                                                               horizon=horizon)
        due = None if closed_on else rules.next_due(facts, calendar=calendar, policy=policy)
        counts[light.value] += 1
        kinds[kind] += 1
        out.append(
            {
                "id": pk,
                "kind": kind,
                "kind_label": str(KIND_LABELS[kind]),
                "title": title,
                "summary": summary,
                "unit": code,
                "unit_name": name,
                "responsible": responsible,
                "registered_on": registered_on.isoformat(),
                "closed_on": closed_on.isoformat() if closed_on else None,
                "light": light.value,
                "light_label": labels[light],
                "next_due": due.isoformat() if due else None,
                "milestones": [
                    {
                        "id": m_id,
                        "title": t,
                        "deliverable": d,
                        "unit": c,
                        "unit_name": n,
                        "due_on": due_on.isoformat(),
                        "done_on": done_on.isoformat() if done_on else None,
                        "light": (
                            ml := rules.milestone_light(
                                rules.MilestoneFacts(due_on, done_on),
                                on=on,
                                calendar=calendar,
                                policy=policy,
                                horizon=horizon,
                            )
                        ).value,
                        "light_label": labels[ml],
                    }
                    for m_id, t, d, c, n, due_on, done_on in ms
                ],
            }
        )
    return {"on": on.isoformat(), "counts": counts, "kinds": kinds,
            "closed": sum(1 for p in out if p["closed_on"]), "projects": out}
