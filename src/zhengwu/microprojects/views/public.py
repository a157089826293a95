"""Public pages (no account): the library and notices, each community's projects and results, the
suggestion and objection forms. What the public types is hostile: limited by core.throttle and the
forms' lengths, stored as text and shown escaped; a person's data never reaches these pages."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core import throttle, uploads
from zhengwu.core.conf import setting
from zhengwu.core.errors import ApplicationError
from zhengwu.core.ratings import selectors as ratings
from zhengwu.core.ratings import session as rating_session
from zhengwu.core.render import twin
from zhengwu.core.throttle import Check
from zhengwu.microprojects import forms, selectors, services
from zhengwu.org.selectors import unit_by_code


def _guard(request, scope: str) -> list[Check]:
    limits = setting("MICROPROJECTS_PUBLIC_LIMITS")
    client = throttle.client_key(request)
    checks = [Check(f"microprojects.{scope}.client", client, most=limits["client_most"],
                    label="#" + throttle.digest(scope, client)[:8]),
              Check(f"microprojects.{scope}.all", "*", most=limits["all_most"], label="*")]
    throttle.guard(
        checks,
        form=f"microprojects.{scope}",
        refused_message=lambda check, wait: (
            _("提交过于频繁，本次内容未保存。请在 %(wait)s后再试。") % {"wait": wait}
        ),
    )
    return checks


def _index_context(request) -> dict:
    return {"library": selectors.library_public(), "communities": selectors.communities_public(),
            "notices": selectors.notices_running(today=timezone.localdate()), "form": forms.SuggestionForm(
                request.POST or None), "system_title": _("民生微实事")}


@twin("microprojects/public_index.html", cors=True, error_context=_index_context)
def public_index(request):
    """The project library (district and city), the notices running, the communities, the suggestion form."""
    context = _index_context(request)
    data = {k: context[k] for k in ("library", "communities", "notices")}
    return data, {"form": context["form"], "system_title": context["system_title"]}


@twin("microprojects/public_index.html", error_context=_index_context)
def public_suggest(request):
    """A resident's suggestion (POST only): limited per
    client and overall; the name and contact are private."""
    if request.method != "POST":
        return redirect("microprojects:public_index")
    form = forms.SuggestionForm(request.POST)
    if not form.is_valid():
        raise ApplicationError(_("请填写建议标题（最多200字）。"), code="invalid_form", field="title")
    unit = unit_by_code(form.cleaned_data["community"])
    if unit is None:
        raise ApplicationError(_("请选择社区。"), code="not_a_community", field="community")
    checks = _guard(request, "suggest")
    d = form.cleaned_data
    s = services.suggestion_submit(unit=unit, title=d["title"], body=d["text"], channel="web",
                                   proposer_name=d["name"], proposer_contact=d["contact"])
    throttle.hit(checks)
    context = _index_context(request)
    return {"submitted": True, "receipt": s.receipt}, {
        **context,
        "form": forms.SuggestionForm(),
        "submitted": True,
        "receipt": s.receipt,
    }


@twin("microprojects/public_receipt.html")
def public_receipt(request):
    """The proposer looks up their suggestion with the receipt code: its outcome and the reason they are
    told. Wrong codes are limited like the public forms (core.throttle)."""
    code = request.POST.get("code", "") if request.method == "POST" else ""
    if request.method != "POST":
        return {"found": None}, {"system_title": _("民生微实事")}
    checks = _guard(request, "receipt")
    found = selectors.suggestion_by_receipt(code[:64])
    if found is None:
        throttle.hit(checks)
        raise ApplicationError(_("回执码不正确。"), code="wrong_receipt", field="code")
    return {"found": found}, {"system_title": _("民生微实事")}


@twin("microprojects/public_community.html", cors=True)
def public_community(request, code):
    data = selectors.community_public(code=str(code)[:32])
    if data is None:
        raise Http404(_("没有这个社区。"))
    return data, {"system_title": _("民生微实事")}


def _notice_context(request) -> dict:
    notice = selectors.notice_get(request.resolver_match.kwargs.get("pk"))
    running = {n["id"]: n for n in selectors.notices_running(today=timezone.localdate())}
    return {
        "notice": running.get(getattr(notice, "pk", None)),
        "form": forms.ObjectionForm(request.POST or None),
    }


@twin("microprojects/public_notice.html", error_context=_notice_context)
def public_notice(request, pk):
    """A running notice (frozen content and hash) and the objection form."""
    notice = selectors.notice_get(pk)
    running = {n["id"]: n for n in selectors.notices_running(today=timezone.localdate())}
    if notice is None or notice.pk not in running:
        raise Http404(_("没有正在公示的这项内容。"))
    page = {"form": forms.ObjectionForm(), "system_title": _("民生微实事")}
    if request.method == "POST":
        form = forms.ObjectionForm(request.POST)
        if not form.is_valid():
            raise ApplicationError(_("请填写异议内容（最多2000字）。"), code="invalid_form", field="text")
        checks = _guard(request, "objection")
        services.objection_submit(notice=notice, body=form.cleaned_data["text"],
                                  contact=form.cleaned_data["contact"], on=timezone.localdate())
        throttle.hit(checks)
        page["submitted"] = True
    return {"notice": running[notice.pk]}, page


SESSION_RATING_ERROR = "microprojects_rating_error"


def _project_context(request, project, *, form=None, error=None) -> tuple[dict, dict]:
    data = {"project": selectors.project_page(project)}
    code = selectors.rating_code_for(project, rating_session.proven(request, services.RATING_SYSTEM))
    page = {"system_title": _("民生微实事"), "form": form or forms.RatingCodeForm(), "error": error,
            "rateable": services.rateable(project), "code_proven": code is not None}
    if code is not None:
        page |= ratings.page_context(
            system=services.RATING_SYSTEM,
            subject=services.rating_subject(project, code),
            rateable=services.rateable(project),
            error=request.session.pop(SESSION_RATING_ERROR, None),
        )
    return data, page


@twin("microprojects/public_project.html", cors=True)
def public_project(request, pk):
    """One public project: its outcome (completion, audits, the survey) and the residents' 好差评. A resident
    with a 评价码 proves it here (POST; wrong codes limited by core.throttle) and then rates the project."""
    project = selectors.project_public_get(pk)
    if project is None:
        raise Http404(_("没有这个公开项目。"))
    if request.method == "POST":
        form = forms.RatingCodeForm(request.POST)
        error, status = None, 400
        if form.is_valid():
            try:
                code = services.rating_code_check(project=project, code=form.cleaned_data["code"],
                                                  client=throttle.client_key(request))
            except ApplicationError as exc:
                error, status = exc, exc.status
            else:
                if code is not None:
                    rating_session.prove(
                        request, services.RATING_SYSTEM, services.rating_subject(project, code)
                    )
                    return redirect(
                        reverse("microprojects:public_project", args=[project.pk]) + "#service-rating"
                    )
                error, status = (
                    ApplicationError(
                        _("评价码不正确，请核对后重试。"), code="wrong_code", field="code", status=403
                    ),
                    403,
                )
        data, page = _project_context(request, project, form=form, error=error)
        response = render(request, "microprojects/public_project.html", {**data, **page}, status=status)
        if isinstance(error, throttle.Throttled):
            response["Retry-After"] = str(error.retry_after)
        return response
    return _project_context(request, project)


def public_project_rate(request, pk):
    """好差评 of the project, or the follow-up rating of a rectified 差评 (POST), by the visitor who proved a
    评价码 of it in this session (else 404); staff are refused by core.ratings."""
    project = selectors.project_public_get(pk)
    code = (
        selectors.rating_code_for(project, rating_session.proven(request, services.RATING_SYSTEM))
        if project
        else None
    )
    if code is None:
        raise Http404(_("请先输入评价码。"))
    if request.method != "POST":
        return redirect("microprojects:public_project", pk=project.pk)
    try:
        services.project_rate(project=project, code=code, level=request.POST.get("level", ""),
                              tags=request.POST.getlist("tags"), comment=request.POST.get("comment", ""),
                              rater=request.user)
        messages.success(request, _("感谢您的评价！"))
    except ApplicationError as exc:
        request.session[SESSION_RATING_ERROR] = {
            "message": str(exc.message),
            "field": exc.field,
            "code": exc.code,
        }
    return redirect(reverse("microprojects:public_project", args=[project.pk]) + "#service-rating")


def milestone_file(request, pk):
    """A milestone's photo of a public project (the execution page); core.uploads serves it."""
    found = selectors.milestone_photo_public(pk)
    if found is None:
        raise Http404(_("文件不存在。"))
    return uploads.serve(request, found.file.name, content_type=found.content_type,
                         filename=f"milestone-{found.pk}.{found.content_type.rsplit('/', 1)[-1]}",
                         cache="public, max-age=600")
