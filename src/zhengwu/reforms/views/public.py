"""The public reform-progress page (§三(四) 舆论引导): no account, no personal data, only what the reform
office publishes — the register (a public document) and, for published items, stage, light and milestones —
and the residents' rating of published items with a 评议码 (群众评议, issue 19 §5)."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengwu.core import throttle
from zhengwu.core.errors import ApplicationError
from zhengwu.core.render import twin
from zhengwu.reforms import selectors, services
from zhengwu.reforms.standard import RATING_MAX, RATING_MIN, SOURCE


def _context(request, error: str = "") -> dict:
    rated = request.GET.get("rated", "")
    return {"source": SOURCE, "title": _("罗湖区改革进展"), "error": error,
            "rated": rated if rated.isdigit() else "", "scores": list(range(RATING_MAX, RATING_MIN - 1, -1))}


@twin("reforms/public.html", cors=True)
def progress(request):
    data = selectors.public_progress(on=timezone.localdate())
    return data, _context(request)


@require_POST
def rate(request):
    """群众评议: a 评议码, a published item and a score 1–5; one rating per code and item."""
    status = 400
    try:
        code = services.rating_code_check(
            code=request.POST.get("code", ""), client=throttle.client_key(request)
        )
        if code is None:
            raise ApplicationError(_("评议码无效，请核对后重新输入。"), code="wrong_code", field="code")
        number = request.POST.get("item_number", "")
        services.item_rate(code=code, number=number, score=request.POST.get("score", ""),
                           on=timezone.localdate())
        return redirect(reverse("reforms:public") + f"?rated={int(number)}#rate")
    except ApplicationError as exc:
        error, status = exc.message, exc.status
        retry = getattr(exc, "retry_after", None)
    data = selectors.public_progress(on=timezone.localdate())
    response = render(request, "reforms/public.html", {**data, **_context(request, error)}, status=status)
    if retry:
        response["Retry-After"] = str(retry)
    return response
