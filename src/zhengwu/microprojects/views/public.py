"""Public pages (no account): the library and notices, each community's projects and results, the
suggestion and objection forms. What the public types is hostile: limited by core.throttle and the
forms' lengths, stored as text and shown escaped; a person's data never reaches these pages."""

from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core import throttle
from zhengwu.core.conf import setting
from zhengwu.core.errors import ApplicationError
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
    throttle.guard(checks, form=f"microprojects.{scope}",
                   refused_message=lambda check, wait: _("提交过于频繁，本次内容未保存。请在 %(wait)s后再试。") % {
                       "wait": wait})
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
    """A resident's suggestion (POST only): limited per client and overall; the name and contact are private."""
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
    services.suggestion_submit(unit=unit, title=d["title"], body=d["text"], channel="web", proposer_name=d["name"],
                               proposer_contact=d["contact"])
    throttle.hit(checks)
    context = _index_context(request)
    return {"submitted": True}, {**context, "form": forms.SuggestionForm(), "submitted": True}


@twin("microprojects/public_community.html", cors=True)
def public_community(request, code):
    data = selectors.community_public(code=str(code)[:32])
    if data is None:
        raise Http404(_("没有这个社区。"))
    return data, {"system_title": _("民生微实事")}


def _notice_context(request) -> dict:
    notice = selectors.notice_get(request.resolver_match.kwargs.get("pk"))
    running = {n["id"]: n for n in selectors.notices_running(today=timezone.localdate())}
    return {"notice": running.get(getattr(notice, "pk", None)), "form": forms.ObjectionForm(request.POST or None)}


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
