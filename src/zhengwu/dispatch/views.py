"""Pages: public report form and lookup (no login), hotline form, triage queue, to-do list, case page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengwu.core import pow, throttle, uploads
from zhengwu.core.errors import ApplicationError
from zhengwu.core.ratings import selectors as ratings
from zhengwu.core.ratings import services as rating_services
from zhengwu.core.ratings.standard import LEVEL_LABELS, NEGATIVE_TAGS, POSITIVE_TAGS
from zhengwu.dispatch import lifecycle, limits, permissions, rules, selectors, services
from zhengwu.dispatch.models import STATE_CHOICES, Category, Extension, Photo
from zhengwu.dispatch.standard import RATING_LABELS, Channel, State
from zhengwu.org.models import Unit

SESSION_CASES = "dispatch_verified"  # {case_no: phone} the citizen proved in this session


def _photos(request) -> list:
    """The uploaded photos as sent; the services decode and re-encode them (the declared type is ignored)."""
    return request.FILES.getlist("photos")


def _render(request, template: str, context: dict, status: int = 200):
    context["is_dispatcher"] = permissions.is_dispatcher(request.user)
    return render(request, template, context, status=status)


def _page(request, qs, per_page: int = 30):
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


@login_required
def index(request):
    if permissions.is_dispatcher(request.user):
        return redirect("dispatch:triage")
    return redirect("dispatch:todo")


def _limited(response, error):
    """Retry-After on a refusal of the public forms (core.throttle)."""
    if isinstance(error, throttle.Throttled):
        response["Retry-After"] = str(error.retry_after)
    return response


def report(request):
    """The public web form (no login): title, description, address, optional map point, photos, phone.

    Limited per client and overall (dispatch.limits): past the free rate the form carries a proof of
    work that pow.js solves; past the limit the report is refused with 429 and the dispatcher alerted."""
    client = throttle.client_key(request)
    values, error, challenge = {}, None, None
    if request.method == "POST":
        values = request.POST
        try:
            event = limits.event_report(
                client=client, proof=pow.from_request(request), title=values.get("title", ""),
                text=values.get("text", ""), address=values.get("address", ""), lat=values.get("lat"),
                lng=values.get("lng"), reporter_name=values.get("name", ""), reporter_phone=values.get("phone", ""),
                photos=_photos(request))
        except pow.ChallengeRequired as exc:
            error, challenge = exc, exc.challenge
        except ApplicationError as exc:
            error = exc
        else:
            request.session.setdefault(SESSION_CASES, {})[event.case_no] = event.reporter_phone
            request.session.modified = True
            request.session["dispatch_last_case"] = event.case_no
            return redirect("dispatch:report_done")
    if challenge is None and not isinstance(error, throttle.Throttled):
        challenge = limits.report_challenge(client)
    response = _render(request, "dispatch/report.html", {"values": values, "error": error, "challenge": challenge},
                       status=error.status if error else 200)
    return _limited(response, error)


def report_done(request):
    case_no = request.session.get("dispatch_last_case")
    if not case_no:
        return redirect("dispatch:report")
    return _render(request, "dispatch/report_done.html", {"case_no": case_no})


def lookup(request):
    """The citizen's lookup: case number + phone; shows progress, the reply, and the rating form.

    Wrong pairs are limited per client and per case number (dispatch.limits): 429 past the limit,
    with the same words whether the case number exists or not."""
    case_no = (request.POST.get("case_no") or request.GET.get("case_no") or "").strip().upper()
    phone = request.POST.get("phone", "")
    verified = request.session.get(SESSION_CASES, {})
    client = throttle.client_key(request)
    event, error, status, challenge = None, None, 200, None
    if request.method == "POST" and phone:
        try:
            event = limits.event_lookup(case_no=case_no, phone=phone, client=client, proof=pow.from_request(request))
        except pow.ChallengeRequired as exc:
            error, status, challenge = exc, exc.status, exc.challenge
        except ApplicationError as exc:
            error, status = exc, exc.status
        else:
            if event is None:
                error, status = ApplicationError(_("受理编号与联系电话不匹配，请核对后重试。")), 403
            else:
                verified[event.case_no] = rules.normalise_phone(phone)
                request.session[SESSION_CASES] = verified
    elif case_no in verified:
        event = selectors.event_public_get(case_no=case_no, phone=verified[case_no])
    if event is None and challenge is None and not isinstance(error, throttle.Throttled):
        challenge = limits.lookup_challenge(client)
    context = {"case_no": case_no, "event": event, "error": error, "challenge": challenge,
               "ratings": list(RATING_LABELS.items())}
    if event:
        context.update(timeline=selectors.public_timeline(event), masked=rules.mask_phone(event.reporter_phone),
                       photos=event.photos.all(), can_rate=event.state == State.REPLIED)
        context.update(_service_rating_context(request, event))
    return _limited(_render(request, "dispatch/lookup.html", context, status=status), error)


#: the case's outcome a resident may rate (好差评): once the unified reply is given
RATEABLE_STATES = (State.REPLIED, State.CLOSED)


def _service_rating_context(request, event) -> dict:
    """The 好差评 of this case (core.ratings): the rating given, or the form when it may be given."""
    rating = ratings.rating_for(system="dispatch", subject=event.case_no)
    return {"service_rating": ratings.present(rating) if rating else None,
            "can_service_rate": rating is None and event.state in RATEABLE_STATES,
            "rating_levels": [(int(level), label) for level, label in LEVEL_LABELS.items()],
            "positive_tags": POSITIVE_TAGS, "negative_tags": NEGATIVE_TAGS,
            "rating_error": request.session.pop("dispatch_rating_error", None)}


@require_POST
def service_rate(request, case_no):
    """好差评 of the case's outcome, or the follow-up rating after a 差评 was rectified, through core.ratings:
    only the resident who proved the case in this session; staff are refused by the service."""
    phone = request.session.get(SESSION_CASES, {}).get(case_no)
    event = selectors.event_public_get(case_no=case_no, phone=phone or "")
    if event is None:
        raise Http404(_("请先用受理编号和联系电话查询。"))
    rating = ratings.rating_for(system="dispatch", subject=event.case_no)
    values = {"level": request.POST.get("level", ""), "tags": request.POST.getlist("tags"),
              "comment": request.POST.get("comment", ""), "rater": request.user}
    try:
        if rating is None:
            if event.state not in RATEABLE_STATES:
                raise ApplicationError(_("办件回复后才能评价。"), code="not_rateable", status=409)
            rating_services.rating_submit(system="dispatch", subject=event.case_no, unit=event.unit, **values)
        else:
            rating_services.rating_follow_up(rating, **values)
        messages.success(request, _("感谢您的评价！"))
    except ApplicationError as exc:
        request.session["dispatch_rating_error"] = {"message": str(exc.message), "field": exc.field,
                                                    "code": exc.code}
    return redirect(reverse("dispatch:lookup") + "?case_no=" + case_no + "#service-rating")


@require_POST
def rate(request, case_no):
    phone = request.session.get(SESSION_CASES, {}).get(case_no)
    event = selectors.event_public_get(case_no=case_no, phone=phone or "")
    if event is None:
        raise Http404(_("请先用受理编号和联系电话查询。"))
    try:
        lifecycle.event_rate(event, rating=request.POST.get("rating", ""), phone=phone,
                             comment=request.POST.get("comment", ""))
        messages.success(request, _("感谢您的评价！"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("dispatch:lookup") + "?case_no=" + case_no)


@login_required
def hotline(request):
    """The hotline operator's form (统一接听): the caller's number and a call-back flag."""
    if not permissions.is_dispatcher(request.user):
        raise PermissionDenied(_("只有区网格办分拨员可以录入热线事件。"))
    values, error = {}, None
    if request.method == "POST":
        values = request.POST
        try:
            event = services.event_intake(
                channel=Channel.HOTLINE, title=values.get("title", ""), text=values.get("text", ""),
                address=values.get("address", ""), reporter_name=values.get("name", ""),
                reporter_phone=values.get("phone", ""), callback_requested=bool(values.get("callback")),
                actor=request.user, require_phone=True)
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, _("已受理，编号 %(no)s") % {"no": event.case_no})
            return redirect(event.get_absolute_url())
    return _render(request, "dispatch/hotline.html", {"values": values, "error": error}, status=400 if error else 200)


@login_required
def triage(request):
    if not permissions.is_dispatcher(request.user):
        raise PermissionDenied(_("只有区网格办分拨员可以查看人工分拨队列。"))
    return _render(request, "dispatch/list.html", {
        "title": _("人工分拨队列"), "page": _page(request, selectors.triage_queue(user=request.user)),
        "replies": selectors.replies_due(user=request.user)[:50], "show_replies": True,
        "alerts": limits.recent_alerts()})


@login_required
def todo(request):
    return _render(request, "dispatch/list.html", {
        "title": _("本单位待办"), "page": _page(request, selectors.todo_list(user=request.user)), "show_due": True})


@login_required
def cases(request):
    qs = selectors.event_list(user=request.user, state=request.GET.get("state", ""), q=request.GET.get("q", "").strip())
    return _render(request, "dispatch/list.html", {
        "title": _("全部事件"), "page": _page(request, qs), "search": True, "states": STATE_CHOICES})


@login_required
def case(request, case_no):
    event = selectors.event_get_for_user(user=request.user, case_no=case_no)
    user = request.user
    actions = [a for a in rules.allowed_actions(event.state) if permissions.can(user, a, event)]
    context = {
        "event": event, "timeline": selectors.timeline(event), "actions": actions,
        "assignments": event.assignments.select_related("unit", "dispatched_by"),
        "photos": event.photos.all(), "extensions": event.extensions.select_related("requested_by"),
        "can_decide": permissions.is_dispatcher(user), "masked": rules.mask_phone(event.reporter_phone),
        "draft_reply": lifecycle.reply_text(event) if "reply" in actions else "",
    }
    if "dispatch" in actions:
        context["units"] = Unit.objects.filter(is_active=True, kind__in=[
            Unit.Kind.STREET, Unit.Kind.COMMUNITY, Unit.Kind.GOVERNMENT, Unit.Kind.CENTRE, Unit.Kind.VERTICAL,
            Unit.Kind.PARTY]).order_by("sort")
        context["level1s"] = Category.objects.order_by().values_list("level1", flat=True).distinct()
        context["suggestions"] = selectors.label_suggestions(event)
    return _render(request, "dispatch/case.html", context)


def _act(action: str, event, request):
    p, user = request.POST, request.user
    if action == "dispatch":
        unit = get_object_or_404(Unit, pk=p.get("unit") or 0)
        label = p.get("label", "")
        category = services.category_for(label, f"{event.title} {event.text}") if label else None
        return lifecycle.event_dispatch(event, unit=unit, actor=user, category=category, note=p.get("note", ""))
    if action == "accept":
        return lifecycle.event_accept(event, actor=user)
    if action == "return":
        return lifecycle.event_return(event, actor=user, reason=p.get("reason", ""))
    if action == "start":
        return lifecycle.event_start(event, actor=user)
    if action == "resolve":
        return lifecycle.event_resolve(event, actor=user, result=p.get("result", ""), photos=_photos(request))
    if action == "reply":
        return lifecycle.event_reply(event, actor=user, text=p.get("reply", ""))
    if action == "close":
        return lifecycle.event_close(event, actor=user, note=p.get("note", ""))
    if action == "reopen":
        return lifecycle.event_reopen(event, actor=user, reason=p.get("reason", ""))
    if action == "request_extension":
        return lifecycle.extension_request(event, actor=user, days=p.get("days"), reason=p.get("reason", ""))
    if action == "supervise":
        return lifecycle.event_supervise(event, actor=user, note=p.get("note", ""))
    raise Http404(_("未知的操作。"))


@login_required
@require_POST
def case_action(request, case_no, action):
    event = selectors.event_get_for_user(user=request.user, case_no=case_no)
    try:
        _act(action, event, request)
        messages.success(request, _("操作成功：%(a)s") % {"a": rules.ACTION_NAMES.get(action, action)})
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def extension_decide(request, pk):
    ext = get_object_or_404(Extension.objects.select_related("event"), pk=pk)
    event = selectors.event_get_for_user(user=request.user, case_no=ext.event.case_no)
    try:
        lifecycle.extension_decide(ext, actor=request.user, approve=request.POST.get("approve") == "1")
        messages.success(request, _("延期申请已审批。"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect(event.get_absolute_url())


def photo(request, pk):
    """A photo, for staff who see the event or the citizen who proved the case in this session."""
    item = get_object_or_404(Photo.objects.select_related("event"), pk=pk)
    case_no = item.event.case_no
    if case_no not in request.session.get(SESSION_CASES, {}):
        if not request.user.is_authenticated:
            raise Http404(_("记录不存在或您无权查看。"))
        selectors.event_get_for_user(user=request.user, case_no=case_no)
    # the re-encoded type inline; an old photo not yet re-encoded (blank type) only as a download
    return uploads.serve(request, item.image.name, content_type=item.content_type or "application/octet-stream",
                         filename=item.download_name)
