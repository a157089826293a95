"""The unit directory and a unit's page (with its contact details), and the unit's JSON API."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhengwu.core.api import api_view
from zhengwu.core.http import json_body
from zhengwu.org import selectors, services
from zhengwu.org.forms import ContactForm
from zhengwu.org.roles import Role
from zhengwu.org.scoping import has_role


@login_required
def units(request):
    kind = request.GET.get("kind") or None
    qs = selectors.unit_list(user=request.user, kind=kind, q=request.GET.get("q", "").strip())
    if request.GET.get("format") == "json":
        return JsonResponse(
            {"units": [selectors.unit_data(u) for u in qs]}, json_dumps_params={"ensure_ascii": False}
        )
    return render(request, "org/unit_list.html", {"units": qs, "kinds": selectors.unit_kinds(), "kind": kind})


@login_required
@require_http_methods(["GET", "POST"])
def unit_detail(request, code):
    unit = selectors.unit_detail(user=request.user, code=code)
    if request.method == "POST":
        form = ContactForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(form.errors.as_data())
            services.unit_update_contact(unit, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, _("联系方式已更新。"))
        return redirect("org:unit_detail", code=unit.code)
    return render(request, "org/unit_detail.html", {
        "unit": unit, "members": selectors.unit_members(unit),
        "can_edit": has_role(request.user, unit, {Role.LEADER, Role.ADMIN}),
    })


@api_view(methods=["GET", "POST"], public=True)
def api_unit(request, code):
    """JSON twin of the unit page: GET the unit and its contact details; POST (JSON) to change them."""
    if request.principal is None:  # a logged-in user's API (403 as before core.api; no key scope)
        raise PermissionDenied(_("请先登录。"))
    unit = selectors.unit_detail(user=request.user, code=code)
    if request.method == "POST":
        unit = services.unit_update_contact(unit, actor=request.user, **json_body(request))
    return selectors.unit_data(unit) | {f: getattr(unit, f) for f in services.CONTACT_FIELDS}
