"""Objections: the public form (no login, CSRF, rate-limited) and the unit's list and answer page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhengwu.core.errors import ApplicationError
from zhengwu.core.throttle import client_key
from zhengwu.credit import forms, permissions, selectors
from zhengwu.credit.rules import objections as rules
from zhengwu.credit.selectors import public as public_selectors
from zhengwu.credit.selectors import workflow as wsel
from zhengwu.credit.services import objections as services

STATES = [(s.value, label) for s, label in rules.STATE_LABELS.items()]


def _client(request) -> str:
    """The client as the shared throttle counts it (core.throttle: REMOTE_ADDR or a trusted proxy's word)."""
    return client_key(request)


@require_http_methods(["GET", "POST"])
def objection_new(request, record_id):
    """Anyone may object to a record in public view; the contact stays private to the unit."""
    record = selectors.public_record_for_objection(record_id)
    shown = public_selectors.present(record)  # the page names the record as the public sees it (masked, catalog)
    form = forms.ObjectionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                objection = services.objection_create(record, client=_client(request), **form.cleaned_data)
            except ApplicationError as exc:
                forms.add_error(form, exc)
                status = exc.status if exc.status in (400, 429) else 400
            else:
                return render(request, "credit/objection_new.html", {"record": record, "shown": shown, "done": objection})
    return render(request, "credit/objection_new.html", {"record": record, "shown": shown, "form": form},
                  status=status)


@login_required
def objection_list(request):
    state = request.GET.get("state") if request.GET.get("state") in {s for s, _l in STATES} else None
    page = Paginator(wsel.objection_list(user=request.user, state=state), 50).get_page(request.GET.get("page"))
    return render(request, "credit/objections.html", {"page": page, "state": state, "states": STATES})


@login_required
@require_http_methods(["GET", "POST"])
def objection_detail(request, pk):
    """The unit's page of one objection: accept it for handling (受理), then answer it (or answer at once)."""
    objection = wsel.objection_get(user=request.user, pk=pk)
    accept_form, answer_form, status = forms.ObjectionAcceptForm(), forms.ObjectionAnswerForm(), 200
    if request.method == "POST":
        form = forms.objection_step_form(request.POST)
        accept = isinstance(form, forms.ObjectionAcceptForm)
        if accept:
            accept_form = form
        else:
            answer_form = form
        if form.is_valid():
            try:
                if accept:
                    services.objection_accept(objection, actor=request.user, **form.cleaned_data)
                else:
                    services.objection_answer(objection, actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                forms.add_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("已受理，公示页面显示“异议中”。") if accept else _("已答复。"))
                return redirect("credit:objection_detail", pk=objection.pk)
        else:
            status = 400
    may_act = permissions.may(request.user, objection.record.unit, "objection.handle")
    return render(request, "credit/objection_detail.html", {
        "objection": objection, "accept_form": accept_form, "answer_form": answer_form,
        "can_accept": may_act and objection.state == rules.ObjectionState.OPEN,
        "can_answer": may_act and objection.state in rules.UNANSWERED}, status=status)
