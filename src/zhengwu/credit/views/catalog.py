"""The item catalog (事项目录) of a unit, its submission to 区发改局, and the lead unit's view of them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengwu.core.errors import ApplicationError
from zhengwu.credit.models import CatalogItem, CatalogSubmission, Kind
from zhengwu.credit.services import catalog as services
from zhengwu.org.scoping import get_for_user, has_role, scoped, units_for


def _edit_units(user):
    return list(units_for(user, services.EDIT_ROLES))


@login_required
def catalog(request):
    items = scoped(CatalogItem.objects.select_related("unit"), request.user).order_by("unit__sort", "kind", "code")
    is_lead = has_role(request.user, services.lead_unit(), services.DECIDE_ROLES)
    subs = CatalogSubmission.objects.select_related("unit")  # the lead unit sees every unit's submission
    subs = subs if is_lead else scoped(subs, request.user)
    round_name, due_on = services.catalog_round()
    return render(request, "credit/catalog.html", {
        "items": items, "submissions": subs, "edit_units": _edit_units(request.user), "kinds": Kind.choices,
        "round": round_name, "due_on": due_on, "today": timezone.localdate(), "post": {},
        "is_lead": is_lead})


@login_required
@require_POST
def catalog_item_save(request):
    unit = next((u for u in _edit_units(request.user) if str(u.pk) == request.POST.get("unit")), None)
    if unit is None:
        raise PermissionDenied(_("您不能编辑该单位的目录。"))
    try:
        services.catalog_item_save(
            unit=unit, kind=request.POST.get("kind", ""), code=request.POST.get("code", ""),
            name=request.POST.get("name", ""), actor=request.user, publishable=request.POST.get("publishable") == "1",
            legal_basis=request.POST.get("legal_basis", ""), power_ref=request.POST.get("power_ref", ""),
            publishable_fields=request.POST.get("publishable_fields", "").replace("，", ",").split(","))
        messages.success(request, _("目录事项已保存。"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("credit:catalog")


@login_required
@require_POST
def catalog_submit(request):
    unit = next((u for u in _edit_units(request.user) if str(u.pk) == request.POST.get("unit")), None)
    if unit is None:
        raise PermissionDenied(_("您不能报送该单位的目录。"))
    try:
        sub = services.catalog_submit(unit=unit, actor=request.user)
        messages.success(request, _("目录已报送区发改局（期限 %(due)s）。") % {"due": sub.due_on.isoformat()})
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("credit:catalog")


@login_required
@require_POST
def catalog_decide(request, pk):
    qs = CatalogSubmission.objects.select_related("unit")
    if has_role(request.user, services.lead_unit(), services.DECIDE_ROLES):
        sub = qs.filter(pk=pk).first()
        if sub is None:
            raise Http404
    else:
        sub = get_for_user(qs, request.user, pk)
    try:
        services.catalog_decide(sub, accept=request.POST.get("accept") == "1", comment=request.POST.get("comment", ""),
                                actor=request.user)
        messages.success(request, _("已处理。"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("credit:catalog")
