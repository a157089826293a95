from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render

from zhengwu.org.models import Unit
from zhengwu.org.selectors import unit_list


@login_required
def units(request):
    kind = request.GET.get("kind") or None
    qs = unit_list(user=request.user, kind=kind, q=request.GET.get("q", "").strip())
    if request.GET.get("format") == "json":
        return JsonResponse({"units": [
            {"code": u.code, "name": u.name, "full_name": u.full_name, "kind": u.kind,
             "parent": u.parent.code if u.parent else None, "division_code": u.division_code} for u in qs
        ]}, json_dumps_params={"ensure_ascii": False})
    return render(request, "org/unit_list.html", {"units": qs, "kinds": Unit.Kind.choices, "kind": kind})
