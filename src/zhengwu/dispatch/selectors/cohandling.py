"""大联动 and arbitration reads (issue 15 §2): a unit's sub-tasks, a case's sub-tasks, the rulings waiting for
the 分拨中心, the appeals waiting for a supervisor, and co-handling counts per unit and role for the figures
(declared in apps.py `provides["cohandling_roles"]`): each role credited separately."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.dispatch import permissions
from zhengwu.dispatch.models import Appeal, AppealEvidence, Ruling, SubTask
from zhengwu.dispatch.standard import TaskRole
from zhengwu.org.scoping import scope_for, scoped


def subtasks_for_user(*, user, open_only: bool = True) -> QuerySet:
    """The sub-tasks of the units the user works in (district roles: all), soonest due first."""
    qs = scoped(SubTask.objects.select_related("event", "unit"), user)
    if open_only:
        qs = qs.filter(feedback_at__isnull=True, waived_reason="")
    return qs.order_by("due_on", "id")


def subtask_get_for_user(*, user, pk: int) -> SubTask:
    """One sub-task of the user's units, or 404."""
    task = SubTask.objects.select_related("event", "unit").filter(pk=pk).first()
    if task is None or not scope_for(user).sees(task.unit_id):
        raise Http404(_("记录不存在或您无权查看。"))
    return task


def subtasks_of(event) -> list[SubTask]:
    return list(
        SubTask.objects.filter(event=event).select_related("unit", "feedback_by").order_by("-role", "id")
    )


def ruling_list(*, user, pending: bool = True) -> QuerySet:
    """Rulings for the 分拨中心 (dispatchers, supervisors), soonest due first; anyone else: none."""
    if not permissions.can(user, "view_rulings"):
        return Ruling.objects.none()
    qs = Ruling.objects.select_related("event", "event__unit", "unit")
    if pending:
        qs = qs.filter(ruled_at__isnull=True)
    return qs.order_by("due_on", "requested_at", "id")


def ruling_get_for_user(*, user, pk: int) -> Ruling:
    ruling = ruling_list(user=user, pending=False).filter(pk=pk).first()
    if ruling is None:
        raise Http404(_("记录不存在或您无权查看。"))
    return ruling


def appeal_list(*, user, pending: bool = True) -> QuerySet:
    """Appeals: supervisors see all, a unit its own."""
    qs = Appeal.objects.select_related("event", "unit").prefetch_related("evidence")
    if not permissions.can(user, "decide_appeal"):
        qs = scoped(qs, user)
    if pending:
        qs = qs.filter(state="pending")
    return qs.order_by("-filed_at", "-id")


def appeal_get_for_user(*, user, pk: int) -> Appeal:
    appeal = appeal_list(user=user, pending=False).filter(pk=pk).first()
    if appeal is None:
        raise Http404(_("记录不存在或您无权查看。"))
    return appeal


def evidence_get_for_user(*, user, pk: int):
    """One evidence file of an appeal the user may see (supervisors, the appealing unit), or 404."""
    item = AppealEvidence.objects.select_related("appeal").filter(pk=pk).first()
    if item is None:
        raise Http404(_("记录不存在或您无权查看。"))
    appeal_get_for_user(user=user, pk=item.appeal_id)
    return item


def counts_by_role(*, start: date, end: date) -> dict[str, dict]:
    """{unit_code: {"lead": n, "lead_done": n, "assist": n, "assist_done": n, "assist_late": n}} over the
    sub-tasks assigned in [start, end] (local dates): each role credited separately; `*_done` — with feedback
    (the lead's: the case resolved); `assist_late` — feedback after its deadline. Waived sub-tasks count as
    assigned, not done."""
    first = timezone.make_aware(datetime.combine(start, time.min))
    after = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    out: dict[str, dict] = defaultdict(lambda: {"lead": 0, "lead_done": 0, "assist": 0, "assist_done": 0,
                                                "assist_late": 0})
    rows = (SubTask.objects.filter(assigned_at__gte=first, assigned_at__lt=after)
            .values_list("unit__code", "role", "feedback_at", "due_on"))
    for unit, role, feedback_at, due_on in rows.iterator(chunk_size=2000):
        row = out[unit]
        key = "lead" if role == TaskRole.LEAD else "assist"
        row[key] += 1
        if feedback_at is not None:
            row[f"{key}_done"] += 1
            if key == "assist" and due_on is not None and timezone.localdate(feedback_at) > due_on:
                row["assist_late"] += 1
    return dict(sorted(out.items()))
