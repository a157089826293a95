"""Objections: the public form (no login, CSRF, rate-limited) and the unit's list and answer page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhengwu.core.errors import ApplicationError
from zhengwu.core.throttle import client_key
from zhengwu.credit.models import Objection
from zhengwu.credit.selectors import workflow as wsel
from zhengwu.credit.services import objections as services
from zhengwu.org.scoping import has_role


def _client(request) -> str:
    """The client as the shared throttle counts it (core.throttle: REMOTE_ADDR or a trusted proxy's word)."""
    return client_key(request)


@require_http_methods(["GET", "POST"])
def objection_new(request, record_id):
    """Anyone may object to a record in public view; the contact stays private to the unit."""
    record = wsel.public_record_for_objection(record_id)
    error, field, status = None, None, 200
    if request.method == "POST":
        try:
            objection = services.objection_create(record, name=request.POST.get("name", ""),
                                                  contact=request.POST.get("contact", ""),
                                                  content=request.POST.get("content", ""), client=_client(request))
        except ApplicationError as exc:
            error, field, status = exc.message, exc.field, exc.status if exc.status in (400, 429) else 400
        else:
            return render(request, "credit/objection_new.html", {"record": record, "done": objection})
    return render(request, "credit/objection_new.html", {"record": record, "error": error, "field": field,
                                                          "post": request.POST}, status=status)


@login_required
def objection_list(request):
    state = request.GET.get("state") if request.GET.get("state") in Objection.State.values else None
    page = Paginator(wsel.objection_list(user=request.user, state=state), 50).get_page(request.GET.get("page"))
    return render(request, "credit/objections.html", {"page": page, "state": state, "states": Objection.State.choices})


@login_required
@require_http_methods(["GET", "POST"])
def objection_detail(request, pk):
    """The unit's page of one objection: accept it for handling (受理), then answer it (or answer at once)."""
    objection = wsel.objection_get(user=request.user, pk=pk)
    error, status = None, 200
    if request.method == "POST":
        accept = request.POST.get("action") == "accept"
        try:
            if accept:
                services.objection_accept(objection, note=request.POST.get("note", ""), actor=request.user)
            else:
                services.objection_answer(objection, outcome=request.POST.get("outcome", ""),
                                          answer=request.POST.get("answer", ""), actor=request.user)
        except ApplicationError as exc:
            error, status = exc.message, exc.status
        else:
            messages.success(request, _("已受理，公示页面显示“异议中”。") if accept else _("已答复。"))
            return redirect("credit:objection_detail", pk=objection.pk)
    may_act = has_role(request.user, objection.record.unit, services.ANSWER_ROLES)
    return render(request, "credit/objection_detail.html", {
        "objection": objection, "error": error, "outcomes": Objection.Outcome.choices, "post": request.POST,
        "can_accept": may_act and objection.state == Objection.State.OPEN,
        "can_answer": may_act and objection.state in Objection.UNANSWERED}, status=status)
