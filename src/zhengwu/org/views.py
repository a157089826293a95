
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhengwu.core.errors import ApplicationError, json_error
from zhengwu.core.http import json_body
from zhengwu.org import selectors, services
from zhengwu.org.models import Unit
from zhengwu.org.roles import Role
from zhengwu.org.scoping import has_role


def _unit_json(u: Unit) -> dict:
    return {"code": u.code, "name": u.name, "full_name": u.full_name, "kind": u.kind,
            "parent": u.parent.code if u.parent else None, "division_code": u.division_code}


@login_required
def units(request):
    kind = request.GET.get("kind") or None
    qs = selectors.unit_list(user=request.user, kind=kind, q=request.GET.get("q", "").strip())
    if request.GET.get("format") == "json":
        return JsonResponse({"units": [_unit_json(u) for u in qs]}, json_dumps_params={"ensure_ascii": False})
    return render(request, "org/unit_list.html", {"units": qs, "kinds": Unit.Kind.choices, "kind": kind})


@login_required
@require_http_methods(["GET", "POST"])
def unit_detail(request, code):
    unit = selectors.unit_detail(user=request.user, code=code)
    if request.method == "POST":
        try:
            services.unit_update_contact(unit, actor=request.user, **{
                f: request.POST.get(f, "") for f in services.CONTACT_FIELDS})
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, _("联系方式已更新。"))
        return redirect("org:unit_detail", code=unit.code)
    return render(request, "org/unit_detail.html", {
        "unit": unit, "members": selectors.unit_members(unit),
        "can_edit": has_role(request.user, unit, {Role.LEADER, Role.ADMIN}),
    })


@require_http_methods(["GET", "POST"])
def api_unit(request, code):
    """JSON twin of the unit page: GET the unit and its contact details; POST (JSON) to change them."""
    if not request.user.is_authenticated:
        return json_error(PermissionDenied(_("请先登录。")))
    try:
        unit = selectors.unit_detail(user=request.user, code=code)
        if request.method == "POST":
            values = json_body(request)
            unit = services.unit_update_contact(unit, actor=request.user, **values)
    except (ApplicationError, ValidationError, PermissionDenied, Http404) as exc:
        return json_error(exc)
    data = _unit_json(unit) | {f: getattr(unit, f) for f in services.CONTACT_FIELDS}
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
