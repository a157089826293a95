"""The units' 好差评整改 page: their 差评 with deadlines, and the form to report a rectification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengwu.core.errors import ApplicationError
from zhengwu.core.ratings import selectors, services
from zhengwu.core.ratings.standard import STATE_LABELS, State


@login_required
def rating_list(request):
    state = request.GET.get("state", "")
    today = timezone.localdate()
    rows = [selectors.present(r, today=today) | {"system": r.system, "subject": r.subject, "unit": r.unit,
                                                  "created_at": r.created_at}
            for r in selectors.poor_ratings(user=request.user, state=state)[:200]]
    return render(
        request,
        "core/ratings/list.html",
        {
            "rows": rows,
            "state": state,
            "states": [(s.value, STATE_LABELS[s]) for s in State if s != State.RATED],
        },
    )


@login_required
@require_POST
def rating_rectify(request, pk):
    rating = selectors.poor_rating_get(user=request.user, pk=pk)
    try:
        services.rating_rectify(rating, actor=request.user, note=request.POST.get("note", ""))
        messages.success(request, _("整改情况已提交，群众可进行回访评价。"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("ratings:list")
