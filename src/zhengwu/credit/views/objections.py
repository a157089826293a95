"""Objections: the public form (no login, CSRF, rate-limited), the objector's lookup of the handling with its
好差评 (number + 查询码, rate-limited; core.ratings), and the unit's list and answer page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhengwu.core import throttle
from zhengwu.core.errors import ApplicationError
from zhengwu.core.ratings import selectors as ratings
from zhengwu.core.ratings import session as rating_session
from zhengwu.core.throttle import client_key
from zhengwu.credit import forms, permissions, selectors
from zhengwu.credit.rules import objections as rules
from zhengwu.credit.selectors import objection_public
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
    shown = public_selectors.present(
        record
    )  # the page names the record as the public sees it (masked, catalog)
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
                return render(
                    request,
                    "credit/objection_new.html",
                    {"record": record, "shown": shown, "done": objection},
                )
    return render(request, "credit/objection_new.html", {"record": record, "shown": shown, "form": form},
                  status=status)


SESSION_RATING_ERROR = "credit_rating_error"


def _status_page(request, *, form, objection=None, error=None, status=200):
    context = {"form": form, "error": error, "objection": None}
    if objection is not None:
        context["objection"] = objection_public.objection_public(objection)
        context.update(ratings.page_context(
            system=services.RATING_SYSTEM, subject=services.rating_subject(objection),
            rateable=objection.state == rules.ObjectionState.ANSWERED,
            error=request.session.pop(SESSION_RATING_ERROR, None)))
    response = render(request, "credit/public/objection_status.html", context, status=status)
    if isinstance(error, throttle.Throttled):
        response["Retry-After"] = str(error.retry_after)
    return response


@require_http_methods(["GET", "POST"])
def objection_status(request):
    """The objector's page (no login): the objection's number and 查询码 show how it was handled and, once
    answered, the 好差评 of the handling. Wrong pairs are limited per client and per number (429 past it),
    with the same words whether the number exists or not."""
    asked = (request.GET.get("number") or "").strip()[:16]
    if request.method == "POST":
        form = forms.ObjectionLookupForm(request.POST)
        if not form.is_valid():
            return _status_page(request, form=form, status=400)
        try:
            objection = services.objection_lookup(
                number=form.cleaned_data["number"], code=form.cleaned_data["code"], client=_client(request)
            )
        except ApplicationError as exc:
            return _status_page(request, form=form, error=exc, status=exc.status)
        if objection is None:
            error = ApplicationError(
                _("异议编号与查询码不匹配，请核对后重试。"), code="lookup_mismatch", status=403
            )
            return _status_page(request, form=form, error=error, status=403)
        rating_session.prove(request, services.RATING_SYSTEM, services.rating_subject(objection))
        return redirect(reverse("credit:public_objection") + f"?number={objection.pk}")
    form = forms.ObjectionLookupForm(initial={"number": asked})
    objection = None
    if asked.isdigit() and rating_session.is_proven(
        request, services.RATING_SYSTEM, f"objection-{int(asked)}"
    ):
        objection = objection_public.objection_for_rating(asked)
    return _status_page(request, form=form, objection=objection)


@require_http_methods(["POST"])
def objection_rate(request, pk):
    """好差评 of the handling, or the follow-up rating of a rectified 差评 (core.ratings): only the objector
    who proved the objection in this session (else 404); staff are refused by the service."""
    objection = None
    if rating_session.is_proven(request, services.RATING_SYSTEM, f"objection-{pk}"):
        objection = objection_public.objection_for_rating(pk)
    if objection is None:
        raise Http404(_("请先用异议编号和查询码查询。"))
    try:
        services.objection_rate(
            objection,
            level=request.POST.get("level", ""),
            tags=request.POST.getlist("tags"),
            comment=request.POST.get("comment", ""),
            rater=request.user,
        )
        messages.success(request, _("感谢您的评价！"))
    except ApplicationError as exc:
        request.session[SESSION_RATING_ERROR] = {
            "message": str(exc.message),
            "field": exc.field,
            "code": exc.code,
        }
    return redirect(reverse("credit:public_objection") + f"?number={objection.pk}#service-rating")


@login_required
def objection_list(request):
    state = request.GET.get("state") if request.GET.get("state") in {s for s, _l in STATES} else None
    page = Paginator(wsel.objection_list(user=request.user, state=state), 50).get_page(
        request.GET.get("page")
    )
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
