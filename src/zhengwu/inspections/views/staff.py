"""The staff overview: draws and tasks of the user's units, and its JSON twin."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _

from zhengwu.core.render import twin
from zhengwu.inspections import selectors


@login_required
@twin("inspections/index.html")
def index(request):
    draws = [{"id": d.pk, "batch": d.batch.title, "unit": d.unit.name, "state": d.state,
              "drawn_on": d.drawn_on.isoformat(), "commitment": d.commitment, "redraw_of": d.redraw_of_id}
             for d in selectors.draw_list(user=request.user)[:100]]
    tasks = [
        {
            "id": t.pk,
            "kind": t.kind,
            "kind_label": t.get_kind_display(),
            "entity": t.entity.name,
            "items": t.items,
            "inspectors": t.inspectors,
            "state": t.state,
            "state_label": t.get_state_display(),
            "due_on": t.due_on.isoformat() if t.due_on else None,
            "published_on": t.published_on.isoformat() if t.published_on else None,
            "penalty_draft": t.penalty_draft,
            "penalty_pending": t.penalty and not t.penalty_draft,
        }
        for t in selectors.task_list(user=request.user)[:200]
    ]
    return {"draws": draws, "tasks": tasks}, {"system_title": _("双随机")}
