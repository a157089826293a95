"""The citizen's pages (no login): the report form, the lookup with the rating, the photos.

Both forms are limited (services.public, core.throttle): past the free rate the form carries a proof of
work that core/pow.js solves; past the limit the request is refused with 429 (`Retry-After`), and the
dispatcher is alerted.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengwu.core import pow, throttle, uploads
from zhengwu.core.errors import ApplicationError
from zhengwu.core.ratings import selectors as ratings
from zhengwu.core.ratings import services as rating_services
from zhengwu.core.ratings.standard import LEVEL_LABELS, NEGATIVE_TAGS, POSITIVE_TAGS
from zhengwu.dispatch import rules, selectors, services
from zhengwu.dispatch.forms import LookupForm, RateForm, ReportForm
from zhengwu.dispatch.standard import RATING_LABELS, State
from zhengwu.dispatch.views.base import (
    SESSION_LAST_CASE,
    prove_case,
    proven_cases,
    render_page,
    with_retry_after,
)


def report(request):
    """The public web form: title, description, address, optional map point, photos, phone."""
    client = throttle.client_key(request)
    form = ReportForm(request.POST, request.FILES) if request.method == "POST" else ReportForm()
    error, challenge, status = None, None, 200
    if form.is_bound and form.is_valid():
        try:
            event = services.event_report(
                client=client, proof=pow.from_request(request), **form.intake_fields()
            )
        except ApplicationError as exc:
            status = exc.status
            challenge = exc.challenge if isinstance(exc, pow.ChallengeRequired) else None
            error = None if form.attach(exc) else exc
        else:
            prove_case(request, event.case_no, event.reporter_phone)
            request.session[SESSION_LAST_CASE] = event.case_no
            return redirect("dispatch:report_done")
    if challenge is None and not isinstance(error, throttle.Throttled):
        challenge = services.report_challenge(client)
    response = render_page(
        request, "dispatch/report.html", {"form": form, "error": error, "challenge": challenge}, status=status
    )
    return with_retry_after(response, error)


def report_done(request):
    case_no = request.session.get(SESSION_LAST_CASE)
    if not case_no:
        return redirect("dispatch:report")
    return render_page(request, "dispatch/report_done.html", {"case_no": case_no})


def _lookup_page(request, *, form, event=None, error=None, challenge=None, rate_form=None, status=200):
    context = {"form": form, "event": event, "error": error, "challenge": challenge,
               "ratings": list(RATING_LABELS.items()), "rate_form": rate_form or RateForm()}
    if event:
        context.update(
            timeline=selectors.public_timeline(event),
            masked=rules.mask_phone(event.reporter_phone),
            photos=event.photos.all(),
            can_rate=event.state == State.REPLIED,
        )
        context.update(_service_rating_context(request, event))
    return with_retry_after(render_page(request, "dispatch/lookup.html", context, status=status), error)


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
    phone = proven_cases(request).get(case_no)
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


def lookup(request):
    """The citizen's lookup: case number + phone; shows progress, the reply, and the rating form.

    Wrong pairs are limited per client and per case number (services.public): 429 past the limit,
    with the same words whether the case number exists or not."""
    client = throttle.client_key(request)
    asked = (request.GET.get("case_no") or "").strip().upper()
    form = LookupForm(request.POST) if request.method == "POST" else LookupForm(initial={"case_no": asked})
    posted = form.cleaned_data if form.is_bound and form.is_valid() else {}
    case_no, phone = posted.get("case_no") or asked, posted.get("phone", "")
    event, error, status, challenge = None, None, 200, None
    if phone:
        try:
            event = services.event_lookup(
                case_no=case_no, phone=phone, client=client, proof=pow.from_request(request)
            )
        except ApplicationError as exc:
            error, status = exc, exc.status
            challenge = exc.challenge if isinstance(exc, pow.ChallengeRequired) else None
        else:
            if event is None:  # not which of the two is wrong: the number's existence is not told
                error = ApplicationError(
                    _("受理编号与联系电话不匹配，请核对后重试。"), code="lookup_mismatch", status=403
                )
                status = error.status
                form.point_to("form-error", "case_no", "phone")
            else:
                prove_case(request, event.case_no, rules.normalise_phone(phone))
    elif case_no in proven_cases(request):
        event = selectors.event_public_get(case_no=case_no, phone=proven_cases(request)[case_no])
    if event is None and challenge is None and not isinstance(error, throttle.Throttled):
        challenge = services.lookup_challenge(client)
    return _lookup_page(request, form=form, event=event, error=error, challenge=challenge, status=status)


@require_POST
def rate(request, case_no):
    """The citizen rates the reply of a case proved in this session (else 404)."""
    phone = proven_cases(request).get(case_no)
    event = selectors.event_public_get(case_no=case_no, phone=phone or "")
    if event is None:
        raise Http404(_("请先用受理编号和联系电话查询。"))
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            services.event_rate(event, rating=form.cleaned_data["rating"], phone=phone,
                                comment=form.cleaned_data["comment"])
        except ApplicationError as exc:
            error = None if form.attach(exc) else exc
            return _lookup_page(
                request,
                form=LookupForm(initial={"case_no": case_no}),
                event=event,
                error=error,
                rate_form=form,
                status=exc.status,
            )
    messages.success(request, _("感谢您的评价！"))
    return redirect(reverse("dispatch:lookup") + "?case_no=" + case_no)


def photo(request, pk):
    """A photo, for staff who see the event or the citizen who proved the case in this session."""
    item = selectors.photo_get(pk=pk, user=request.user, proven_cases=proven_cases(request))
    # the re-encoded type inline; an old photo not yet re-encoded (blank type) only as a download
    return uploads.serve(
        request,
        item.image.name,
        content_type=item.content_type or "application/octet-stream",
        filename=item.download_name,
    )
