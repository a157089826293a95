"""Public disclosure pages (no login) for the district portal, each with a JSON twin from the same selector output.

    /credit/public/                       search page          ↔ /credit/public.json, /credit/api/public/records/
    /credit/public/records/<id>/          one record           ↔ …/records/<id>.json, /credit/api/public/records/<id>/
    /credit/public/embed/<unit code>/     a unit's own list, may be framed by other sites ↔ …/embed/<code>.json

Everything shown comes from `selectors.public` (masked there); these views only parse, call and render.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from zhengwu.core.errors import ApplicationError
from zhengwu.core.http import error_payload
from zhengwu.credit.models import Kind
from zhengwu.credit.selectors import public as selectors

#: who may frame the embeddable list (CSP frame-ancestors); settings.CREDIT_EMBED_FRAME_ANCESTORS overrides
DEFAULT_EMBED_ANCESTORS = ["https:", "http:"]


def _json(body: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # read-only public data; no cookies are honoured cross-site
    return response


def _json_error(exc) -> JsonResponse:
    body, status = error_payload(exc)
    return _json(body, status=status)


def _page_body(page: selectors.Page, base_url: str) -> dict:
    nxt = f"{base_url}?{urlencode(page.search.params(after=page.next_after))}" if page.next_after else None
    return {"records": page.records, "next": nxt, "filters": page.search.params(after=""),
            "limit": page.search.limit}


def _first_page(request, exc: ApplicationError) -> str:
    """For a refused page cursor: the same query without it (the first page), else ""."""
    if exc.field != "after":
        return ""
    return "?" + urlencode([(k, v) for k, v in request.GET.items() if k != "after"])


def _objection_url(pk: int) -> str:
    try:
        return reverse("credit:objection_new", args=[pk])
    except NoReverseMatch:  # the objection form lives in the workflow part of the app
        return f"{reverse('credit:index')}objections/new/{pk}/"


@require_safe
@cache_control(public=True, max_age=60)
def search(request, fmt: str = "html"):
    """Search published records by name, credit code, decision number, unit, kind and decision dates."""
    json_url = reverse("credit:public_search_json")
    try:
        page = selectors.public_search(selectors.parse_search(request.GET))
    except ApplicationError as exc:
        if fmt == "json":
            return _json_error(exc)
        return render(request, "credit/public/search.html",
                      {"error": exc.message, "search": selectors.Search(), "kinds": Kind.choices,
                       "units": selectors.public_units(), "json_url": json_url,
                       "first_page": _first_page(request, exc)}, status=exc.status)
    if fmt == "json":
        return _json(_page_body(page, request.path))
    params = page.search.params(after="")
    return render(request, "credit/public/search.html", {
        "page": page, "search": page.search, "kinds": Kind.choices, "units": selectors.public_units(),
        "next_query": urlencode(page.search.params(after=page.next_after)) if page.next_after else "",
        "json_url": f"{json_url}?{urlencode(params)}" if params else json_url,
    })


@require_safe
@cache_control(public=True, max_age=60)
def detail(request, pk: int, fmt: str = "html"):
    """One published record's public view (404 when unpublished, revoked or past its publicity)."""
    try:
        record = selectors.public_record(pk)
    except Http404 as exc:  # the JSON error shape on the twin, the site's 404 page otherwise
        if fmt == "json":
            return _json_error(exc)
        raise
    if fmt == "json":
        return _json({"record": record})
    return render(request, "credit/public/detail.html", {
        "record": record, "objection_url": _objection_url(pk),
        "json_url": reverse("credit:public_detail_json", args=[pk]),
    })


def _frameable(response):
    """Allow this response (only) to be framed by unit websites: no X-Frame-Options, CSP frame-ancestors widened."""
    config = dict(settings.SECURE_CSP)
    config["frame-ancestors"] = list(getattr(settings, "CREDIT_EMBED_FRAME_ANCESTORS", DEFAULT_EMBED_ANCESTORS))
    response._csp_config = config
    return response


@require_safe
@xframe_options_exempt
@cache_control(public=True, max_age=300)
def embed(request, unit_code: str, fmt: str = "html"):
    """A unit's own published records, newest first, as a minimal page other websites may put in an iframe."""
    unit = None
    try:
        unit = selectors.public_unit(unit_code)
        params = request.GET.copy()
        params["unit"] = unit.code
        for key in ("name", "q", "uscc", "decision_no"):
            params.pop(key, None)
        page = selectors.public_search(selectors.parse_search(params))
    except (Http404, ApplicationError) as exc:
        if fmt == "json":
            return _json_error(exc)
        if isinstance(exc, Http404):
            raise
        # a bad filter (?kind=…, ?from=…): the list's own page, saying what is wrong
        return _frameable(render(request, "credit/public/embed.html", {
            "unit": unit, "error": exc.message, "first_page": _first_page(request, exc)}, status=exc.status))
    if fmt == "json":
        body = _page_body(page, request.path)
        body["unit"] = {"code": unit.code, "name": unit.name}
        return _json(body)
    nxt = urlencode({k: v for k, v in page.search.params(after=page.next_after).items() if k != "unit"})
    return _frameable(render(request, "credit/public/embed.html", {
        "unit": unit, "page": page, "next_query": nxt if page.next_after else "",
        "kind": page.search.kind,
    }))
