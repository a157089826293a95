"""The item catalog (事项目录) of a unit, its submission to 区发改局, and the lead unit's view of them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengwu.core.errors import ApplicationError
from zhengwu.credit import forms
from zhengwu.credit.selectors import catalog as selectors
from zhengwu.credit.services import catalog as services


def _page(request, *, item_form=None, submit_form=None, decide_form=None, status: int = 200):
    """The catalog page; a refused form comes back bound, its errors beside its fields."""
    units = selectors.catalog_edit_units(request.user)
    round_name, due_on = selectors.catalog_round()
    return render(request, "credit/catalog.html", {
        "items": selectors.catalog_items(user=request.user), "submissions": selectors.catalog_submissions(
            user=request.user), "edit_units": units, "round": round_name, "due_on": due_on,
        "today": timezone.localdate(), "is_lead": selectors.is_lead(request.user),
        "item_form": item_form or forms.CatalogItemForm(units=units),
        "submit_form": submit_form or forms.CatalogSubmitForm(units=units), "decide_form": decide_form,
    }, status=status)


@login_required
def catalog(request):
    return _page(request)


def _edit_units(request):
    units = selectors.catalog_edit_units(request.user)
    if not units:
        raise PermissionDenied(_("您不能编辑该单位的目录。"))
    return units


def _refuse_other_units(form) -> None:
    """A unit the user may not edit is a 403, as anywhere else (not a form error)."""
    if form.has_error("unit", "invalid_choice"):
        raise PermissionDenied(_("您不能编辑该单位的目录。"))


@login_required
@require_POST
def catalog_item_save(request):
    form = forms.CatalogItemForm(request.POST, units=_edit_units(request))
    _refuse_other_units(form)
    if form.is_valid():
        try:
            services.catalog_item_save(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            forms.add_error(form, exc)
        else:
            messages.success(request, _("目录事项已保存。"))
            return redirect("credit:catalog")
    return _page(request, item_form=form, status=400)


@login_required
@require_POST
def catalog_submit(request):
    form = forms.CatalogSubmitForm(request.POST, units=_edit_units(request))
    _refuse_other_units(form)
    if form.is_valid():
        try:
            sub = services.catalog_submit(unit=form.cleaned_data["unit"], actor=request.user)
        except ApplicationError as exc:
            forms.add_error(form, exc)
        else:
            messages.success(
                request, _("目录已报送区发改局（期限 %(due)s）。") % {"due": sub.due_on.isoformat()}
            )
            return redirect("credit:catalog")
    return _page(request, submit_form=form, status=400)


@login_required
@require_POST
def catalog_decide(request, pk):
    sub = selectors.catalog_submission_get(user=request.user, pk=pk)
    form = forms.CatalogDecideForm(request.POST)
    if form.is_valid():
        try:
            services.catalog_decide(sub, actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            forms.add_error(form, exc)
        else:
            messages.success(request, _("已处理。"))
            return redirect("credit:catalog")
    form.submission_id = sub.pk
    return _page(request, decide_form=form, status=400)
