"""信用修复 pages: the public application (no login, CSRF, rate-limited, files
checked by core.uploads), the staff entry of an application brought to the counter, and the deciding unit's
list and review page (谁认定、谁修复).

The views only parse, call `services.repairs` and render; what the public sees of the record is
`selectors.public.present` (masked), and nothing of an application is ever public."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhengwu.core import uploads
from zhengwu.core.errors import ApplicationError
from zhengwu.core.throttle import client_key
from zhengwu.credit import forms, permissions, selectors
from zhengwu.credit.rules import repair as rules
from zhengwu.credit.selectors import public as public_selectors
from zhengwu.credit.selectors import repairs as repair_selectors
from zhengwu.credit.services import repairs as services

STATES = [(s.value, label) for s, label in rules.STATE_LABELS.items()]


def _refusal(record) -> str:
    found = services.refusal(record, today=timezone.localdate())
    return rules.refusal_message(*found) if found else ""


def _apply(request, record, *, actor, template: str, context: dict):
    form = forms.RepairForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                repair = services.repair_apply(
                    record,
                    actor=actor,
                    client="" if actor else client_key(request),
                    proofs=request.FILES.getlist("proofs"),
                    **form.cleaned_data,
                )
            except ApplicationError as exc:
                if exc.field == "proofs" or exc.field not in form.fields:
                    form.add_error(None, exc.message)
                else:
                    forms.add_error(form, exc)
                status = exc.status if exc.status in (400, 409, 429) else 400
            else:
                return render(request, template, context | {"done": repair})
    return render(
        request,
        template,
        context
        | {
            "form": form,
            "refusal": _refusal(record),
            "commitment": rules.COMMITMENT,
            "max_proofs": rules.MAX_PROOFS,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def repair_new_public(request, record_id):
    """Anyone may apply for the credit repair of a penalty in public view; the contact stays with the unit."""
    record = selectors.public_record_for_objection(record_id)
    shown = public_selectors.present(record)  # the record as the public sees it (masked, catalog)
    return _apply(request, record, actor=None, template="credit/public/repair_new.html",
                  context={"record": record, "shown": shown})


@login_required
@require_http_methods(["GET", "POST"])
def repair_new_staff(request, record_id):
    """The unit's staff enter an application brought to the counter (窗口录入)."""
    record = selectors.record_get(user=request.user, pk=record_id)
    return _apply(
        request,
        record,
        actor=request.user,
        template="credit/repair_new.html",
        context={"record": record, "may_enter": permissions.may(request.user, record.unit, "repair.enter")},
    )


@login_required
def repair_list(request):
    state = request.GET.get("state") if request.GET.get("state") in {s for s, _l in STATES} else None
    page = Paginator(repair_selectors.repair_list(user=request.user, state=state), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "credit/repairs.html", {"page": page, "state": state, "states": STATES})


@login_required
@require_http_methods(["GET", "POST"])
def repair_detail(request, pk):
    """The deciding unit's review: approve (the record leaves every public surface; a withdrawal is pushed) or
    refuse with a reason."""
    repair = repair_selectors.repair_get(user=request.user, pk=pk)
    form, status = forms.RepairDecideForm(request.POST or None), 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.repair_decide(repair, actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                forms.add_error(form, exc)
                status = exc.status
            else:
                messages.success(
                    request,
                    _("已同意信用修复：该记录已停止公示，撤回信息已推送。")
                    if form.cleaned_data["approve"]
                    else _("已决定不予修复。"),
                )
                return redirect("credit:repair_detail", pk=repair.pk)
    return render(request, "credit/repair_detail.html", {
        "repair": repair, "form": form, "record": repair.record,
        "can_decide": permissions.may(request.user, repair.record.unit, "repair.decide")
        and repair.state == rules.RepairState.SUBMITTED}, status=status)


@login_required
def repair_proof(request, pk):
    """A proof file, for the staff who may see its record's
    unit: photos inline (re-encoded), PDF as a download."""
    found = repair_selectors.proof_get(user=request.user, pk=pk)
    extension = found.file.name.rsplit(".", 1)[-1] if "." in found.file.name else "bin"
    return uploads.serve(request, found.file.name, content_type=found.content_type,
                         filename=f"repair-proof-{found.pk}.{extension}")
