"""Outbox pages (thin): delivery log, failures screen,
one message with its attempts, retry now; JSON twins."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengwu.core.errors import ApplicationError
from zhengwu.outbox import permissions, selectors, services


def _gate(request):
    if not permissions.can_view_outbox(request.user):
        raise PermissionDenied(_("您没有查看数据推送的权限。"))


def _filters(request) -> dict:
    return {k: request.GET.get(k, "").strip() for k in ("state", "topic", "destination", "q")}


def _listing(request, qs, template: str, title: str):
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "count": page.paginator.count,
                "page": page.number,
                "messages": [selectors.message_data(m) for m in page],
            },
            json_dumps_params={"ensure_ascii": False},
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, template, {
        "page": page, "title": title, "filters": _filters(request), "query": query.urlencode(),
        "states": selectors.message_states(), "destinations": selectors.destination_list(),
        "counts": selectors.state_counts(user=request.user),
    })


@login_required
def index(request):
    """The delivery log: every message the user may see, newest first."""
    _gate(request)
    qs = selectors.message_list(user=request.user, **_filters(request))
    return _listing(request, qs, "outbox/message_list.html", _("推送日志"))


@login_required
def failures(request):
    """The failures screen: messages waiting to retry and dead ones, with retry-now."""
    _gate(request)
    filters = _filters(request)
    filters.pop("state")
    qs = selectors.failure_list(user=request.user, **filters)
    return _listing(request, qs, "outbox/failures.html", _("推送失败"))


@login_required
def message_detail(request, pk: int):
    _gate(request)
    message = selectors.message_get_for_user(user=request.user, pk=pk)
    attempts = selectors.attempts_of(message)
    if request.GET.get("format") == "json":
        data = selectors.message_data(message) | {"payload": message.payload, "attempts": [
            {"number": a.number, "started_at": a.started_at.isoformat(), "duration_ms": a.duration_ms,
             "outcome": a.outcome, "http_status": a.http_status, "error": a.error} for a in attempts]}
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    return render(request, "outbox/message_detail.html", {
        "message": message, "attempts": attempts,
        "can_retry": message.can_retry and permissions.can_retry(request.user, message),
    })


@login_required
@require_POST
def message_retry(request, pk: int):
    _gate(request)
    message = selectors.message_get_for_user(user=request.user, pk=pk)
    try:
        services.message_retry(message, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已重新排队推送：%(key)s") % {"key": message.idempotency_key})
    target = request.POST.get("next", "")
    if target == "failures":
        return redirect("outbox:failures")
    return redirect("outbox:message_detail", pk=message.pk)


@login_required
def destinations(request):
    _gate(request)
    return render(request, "outbox/destinations.html", {"destinations": selectors.destination_list()})
