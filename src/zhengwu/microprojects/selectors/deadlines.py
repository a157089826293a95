"""The scheme's deadlines of stored projects (§五, §六(一), §七(三)) on the working-day calendar."""

from datetime import date

from zhengwu.microprojects import rules
from zhengwu.microprojects.models import Notice, Project
from zhengwu.microprojects.standard import Step
from zhengwu.workdays.selectors import calendar

DONE_STEPS = {Step.REJECTED}


def deadlines_of(project: Project, *, add_workdays=None) -> dict[str, date | None]:
    """{kind: date} for determine_by, notice_ends, start_by, complete_by and year_end."""
    add = add_workdays or calendar().add_workdays
    notice = Notice.objects.filter(project=project).first() if project.pk else None
    d = rules.deadlines(category=project.category, add_workdays=add, applied_on=project.applied_on,
                        notice_published_on=notice.published_on if notice else None,
                        implementer_chosen_on=project.implementer_chosen_on)
    return {"determine_by": d.determine_by, "notice_ends": d.notice_ends, "start_by": d.start_by,
            "complete_by": d.complete_by, "year_end": date(project.determined_on.year, 12, 31)
            if project.determined_on else None}


def done_on(project: Project, kind: str) -> date | None:
    """When the thing a deadline asks for was done (None: not yet)."""
    notice = getattr(project, "notice", None) if project.pk else None
    return {"determine_by": project.determined_on, "notice_ends": notice.closed_on if notice else None,
            "start_by": project.started_on, "complete_by": project.completed_on,
            "year_end": project.completed_on}[kind]


def open_deadlines(*, today: date):
    """(project, kind, due) for every deadline not yet met, of projects still under way."""
    add = calendar().add_workdays
    for project in Project.objects.exclude(step__in=[Step.REJECTED, Step.EVALUATION]).select_related("unit"):
        for kind, due in deadlines_of(project, add_workdays=add).items():
            if due is not None and done_on(project, kind) is None:
                yield project, kind, due


def year_end_flag(project: Project, *, today: date) -> str | None:
    """§七(三) no carry-over: "year_end.carried_over" / "year_end.at_risk" / None."""
    if project.determined_on is None:
        return None
    return rules.year_end_flag(
        determined_on=project.determined_on,
        today=today,
        completed_on=project.completed_on,
        complete_by=deadlines_of(project)["complete_by"],
    )
