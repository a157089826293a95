"""The 双公示 contact list (§二(一)): each unit reports its
负责人, 业务 and 技术联络人; 区发改局 sees every unit's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengwu.core.errors import ApplicationError
from zhengwu.credit import forms
from zhengwu.credit.selectors import contacts as selectors
from zhengwu.credit.services import contacts as services


def _page(request, *, form=None, status: int = 200):
    units = selectors.contact_edit_units(request.user)
    return render(
        request,
        "credit/contacts.html",
        {
            "rows": selectors.contact_list(user=request.user),
            "sees_all": selectors.sees_all_contacts(request.user),
            "edit_units": units,
            "form": form or forms.ContactForm(units=units),
        },
        status=status,
    )


@login_required
def contacts(request):
    return _page(request)


@login_required
@require_POST
def contact_save(request):
    units = selectors.contact_edit_units(request.user)
    if not units:
        raise PermissionDenied(_("您不能报送该单位的联络人。"))
    form = forms.ContactForm(request.POST, units=units)
    if form.has_error("unit", "invalid_choice"):
        raise PermissionDenied(_("您不能报送该单位的联络人。"))
    if form.is_valid():
        try:
            services.contact_save(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            forms.add_error(form, exc)
        else:
            messages.success(request, _("联络人已保存，区发改局可见。"))
            return redirect("credit:contacts")
    return _page(request, form=form, status=400)
