"""Public pages (no account): draw records with their commitment, seed and result; anyone's re-run of a draw;
published results. JSON beside every page."""

from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.core.render import twin
from zhengwu.inspections import selectors

MAX_QUERY = 64


@twin("inspections/public_draws.html", cors=True)
def draws(request):
    return {"draws": selectors.public_draws()}, {"title": _("双随机抽取记录")}


@twin("inspections/public_draw.html", cors=True)
def draw(request, pk: int):
    return selectors.draw_record(pk), {"title": _("双随机抽取记录")}


@twin("inspections/public_verify.html", cors=True)
def verify(request, pk: int):
    return selectors.draw_verification(pk) | {"id": pk}, {"title": _("验证抽取结果")}


@twin("inspections/public_results.html", cors=True)
def results(request):
    q = " ".join((request.GET.get("q") or "").split())
    if len(q) > MAX_QUERY:
        raise ApplicationError(
            _("搜索词最多 %(n)s 个字。") % {"n": MAX_QUERY}, code="invalid_parameter", field="q"
        )
    return {"q": q, "results": selectors.results(q)}, {"title": _("双随机抽查结果公示")}
