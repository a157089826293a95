"""Staff reads: batches, draws and tasks of the units the user may see."""

from django.shortcuts import get_object_or_404

from zhengwu.inspections.models import Batch, Draw, Task
from zhengwu.org.scoping import get_for_user, scoped


def batch_get(pk) -> Batch:
    """A batch (404 when missing); who may draw for it is checked by the service against the plan's unit."""
    return get_object_or_404(Batch.objects.select_related("plan", "plan__unit"), pk=pk)


def draw_list(*, user):
    return scoped(Draw.objects.select_related("batch", "unit"), user)


def draw_get(*, user, pk) -> Draw:
    return get_for_user(Draw.objects.select_related("batch", "unit"), user, pk)


def task_list(*, user):
    return scoped(Task.objects.select_related("entity", "unit", "draw"), user)


def task_get(*, user, pk) -> Task:
    return get_for_user(Task.objects.select_related("entity", "unit", "draw"), user, pk)


def pending_penalties() -> list[int]:
    """Tasks whose penalty finding has not yet reached 双公示 (for the periodic retry)."""
    return list(Task.objects.filter(penalty=True, penalty_draft="").values_list("pk", flat=True))


def overdue_results(*, user=None, on):
    """Checked but unpublished results past their deadline on `on` (逾期未公示), oldest deadline first; scoped
    to the user's units when a user is given (the periodic and supervision reads pass none)."""
    qs = Task.objects.filter(state=Task.State.COMPLETED, due_on__lt=on).select_related("entity", "unit")
    return (scoped(qs, user) if user is not None else qs).order_by("due_on", "pk")
