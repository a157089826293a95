"""Public disclosure pages (no login) for the district portal,
each with a JSON twin from the same selector output.

    /credit/public/                       search page          ↔ /credit/public.json,
    /credit/api/public/records/ /credit/public/records/<id>/          one record ↔ …/records/<id>.json,
    /credit/api/public/records/<id>/ /credit/public/embed/<unit code>/     a unit's own list, may be framed
    by other sites ↔ …/embed/<code>.json

Everything shown comes from `selectors.public` (what is public: `rules.visibility`; masked by
`rules.disclosure`); these views only parse, call and return the data — `core.render.twin` renders the page
or its JSON twin (with `Access-Control-Allow-Origin: *`) and turns a bad parameter into the one error
shape.
"""

import functools
from urllib.parse import urlencode

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from zhengwu.core.conf import setting
from zhengwu.core.render import twin
from zhengwu.credit.selectors import public as selectors
from zhengwu.credit.standard import KIND_CHOICES


def _page_body(page: selectors.Page, base_url: str) -> dict:
    nxt = f"{base_url}?{urlencode(page.search.params(after=page.next_after))}" if page.next_after else None
    return {"records": page.records, "next": nxt, "filters": page.search.params(after=""),
            "limit": page.search.limit}


def _first_page(request) -> str:
    """For a refused page cursor: the same query without it (the first page), else ""."""
    if not selectors.bad_cursor(request.GET):
        return ""
    return "?" + urlencode([(k, v) for k, v in request.GET.items() if k != "after"])


def _objection_url(pk: int) -> str:
    try:
        return reverse("credit:objection_new", args=[pk])
    except NoReverseMatch:  # the objection form lives in the workflow part of the app
        return f"{reverse('credit:index')}objections/new/{pk}/"


def _search_form(request) -> dict:
    """What the search page needs besides the results (also when the query was refused)."""
    return {"kinds": KIND_CHOICES, "units": selectors.public_units(), "search": selectors.Search(),
            "json_url": reverse("credit:public_search_json")}


def _refused_search(request) -> dict:
    return _search_form(request) | {"first_page": _first_page(request)}


@require_safe
@cache_control(public=True, max_age=60)
@twin("credit/public/search.html", cors=True, error_context=_refused_search)
def search(request):
    """Search published records by name, credit code, decision number, unit, kind and decision dates."""
    page = selectors.public_search(selectors.parse_search(request.GET))

    def page_only() -> dict:  # the form's unit list etc.: the HTML page only, never the JSON twin / API
        params = page.search.params(after="")
        json_url = reverse("credit:public_search_json")
        return _search_form(request) | {
            "page": page, "search": page.search,
            "next_query": urlencode(page.search.params(after=page.next_after)) if page.next_after else "",
            "json_url": f"{json_url}?{urlencode(params)}" if params else json_url,
        }

    return _page_body(page, request.path), page_only


@require_safe
@cache_control(public=True, max_age=60)
@twin("credit/public/detail.html", cors=True)
def detail(request, pk: int):
    """One published record's public view (404 when unpublished, revoked, repaired or past its publicity)."""
    return {"record": selectors.public_record(pk)}, {
        "objection_url": _objection_url(pk), "json_url": reverse("credit:public_detail_json", args=[pk])}


def _frameable(view):
    """Allow this view's page (only) to be framed by unit websites: no
    X-Frame-Options, CSP frame-ancestors widened to `CREDIT_EMBED_FRAME_ANCESTORS`."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        config = dict(settings.SECURE_CSP)
        config["frame-ancestors"] = list(setting("CREDIT_EMBED_FRAME_ANCESTORS"))
        response._csp_config = config
        return response

    return xframe_options_exempt(wrapped)


def _embed_error(request) -> dict:
    """A bad filter (?kind=…, ?from=…): the list's own page, saying what is wrong."""
    return {"unit": selectors.public_unit_or_none(request.resolver_match.kwargs.get("unit_code", "")),
            "first_page": _first_page(request)}


@require_safe
@_frameable
@cache_control(public=True, max_age=300)
@twin("credit/public/embed.html", cors=True, error_context=_embed_error)
def embed(request, unit_code: str):
    """A unit's own published records, newest first, as a minimal page other websites may put in an iframe."""
    unit = selectors.public_unit(unit_code)
    params = request.GET.copy()
    params["unit"] = unit.code
    for key in ("name", "q", "uscc", "decision_no"):
        params.pop(key, None)
    page = selectors.public_search(selectors.parse_search(params))
    body = _page_body(page, request.path) | {"unit": {"code": unit.code, "name": unit.name}}
    nxt = urlencode({k: v for k, v in page.search.params(after=page.next_after).items() if k != "unit"})
    return body, {
        "unit": unit,
        "page": page,
        "next_query": nxt if page.next_after else "",
        "kind": page.search.kind,
    }
