"""统一接听 (item 31; issue 15 §9): the channel statistics page, for the dispatching body and the district's
supervisors and auditors — volume, first-response and dispatch times per channel, with a period and a
channel selector, an ECharts chart, and its JSON twin (?format=json)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.utils.translation import gettext as _

from zhengwu.dispatch import permissions
from zhengwu.dispatch.forms import ChannelFilterForm
from zhengwu.dispatch.selectors import channels as reads
from zhengwu.dispatch.views.base import render_page


@login_required
def channels(request):
    if not permissions.can(request.user, "view_channels"):
        raise PermissionDenied(_("只有区网格办分拨员和区级督查、审计人员可以查看渠道统计。"))
    form = ChannelFilterForm(request.GET or None)
    valid = form.is_valid() if request.GET else True
    d = form.cleaned_data if request.GET and valid else {}
    start, end = reads.period(d.get("start"), d.get("end"))
    if not valid:
        start, end = reads.period(None, None)
    figures = reads.channel_figures(start=start, end=end, channel=d.get("channel", ""))
    if request.GET.get("format") == "json":
        body = {"start": start.isoformat(), "end": end.isoformat(), **figures}
        if not valid:
            return JsonResponse(
                {
                    "error": {
                        "code": "invalid",
                        "message": " ".join(str(e) for errors in form.errors.values() for e in errors),
                        "fields": form.errors.get_json_data(),
                    }
                },
                status=400,
                json_dumps_params={"ensure_ascii": False},
            )
        return JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    chart = {
        "labels": [r["label"] for r in figures["rows"]],
        "volume": [r["volume"] for r in figures["rows"]],
        "answer": [r["first_response"]["median"] for r in figures["rows"]],
        "dispatch": [r["dispatch"]["median"] for r in figures["rows"]],
        "days": figures["days"],
        "daily": [{"name": r["label"], "data": figures["daily"][r["channel"]]} for r in figures["rows"]],
    }
    return render_page(request, "dispatch/channels.html", {
        "form": form, "start": start, "end": end, "figures": figures, "chart": chart},
        status=200 if valid else 400)
