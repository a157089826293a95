"""One renderer for an HTML page and its JSON twin (Datasette's habit: JSON beside every page).

    @twin("credit/public/detail.html", cors=True)
    def detail(request, pk):
        record = selectors.public_record(pk)
        return {"record": record}, {"objection_url": ...}

The view returns the data (what the JSON twin shows) and, optionally, extra page-only context — a dict, or
a function of no arguments returning one, called only when the page is rendered (so that what only the page
needs, e.g. a search form's choices, costs the JSON twin nothing); `twin` renders the template with both
(and `twin_json_url`, the address of the JSON twin, for the page's `core/public/_twin.html` link), or
the data alone as JSON when the URL asks for it (`fmt="json"` in the URL's kwargs, as
`path("x.json", view, {"fmt": "json"})` sets, or `?format=json`). Raised
`ApplicationError` / `Http404` become the one JSON error shape on the twin; on the page an
ApplicationError is shown in the template as `error` (with `error_context` supplying what the page
needs to render without data), and Http404 is the site's 404 page.
"""

import functools

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from zhengwu.core.api import json_response
from zhengwu.core.errors import ApplicationError
from zhengwu.core.http import error_payload


def wants_json(request, fmt: str | None = None) -> bool:
    return fmt == "json" or request.GET.get("format") == "json"


def json_url_for(request) -> str:
    """The page's JSON twin: the sibling route `<name>_json` with the same arguments when the app declares
    one (`x.json`), else the page's own address with `format=json`; the query string is kept."""
    match = request.resolver_match
    query = request.GET.copy()
    url = None
    if match is not None and match.url_name:
        name = (f"{match.namespace}:" if match.namespace else "") + f"{match.url_name}_json"
        try:
            url = reverse(name, args=match.args, kwargs={k: v for k, v in match.kwargs.items() if k != "fmt"})
        except NoReverseMatch:
            url = None
    if url is None:
        url = request.path
        query["format"] = "json"
    return f"{url}?{query.urlencode()}" if query else url


def _json(body, status: int, cors: bool):
    response = json_response(body, status=status)
    if cors:
        response["Access-Control-Allow-Origin"] = "*"  # public read-only data; cookies are not honoured
    return response


def twin(template: str, *, cors: bool = False, error_context=None):
    """Render `template` with the view's data, or the data as JSON for the twin URL."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, fmt: str = "html", **kwargs):
            as_json = wants_json(request, fmt)
            try:
                result = view(request, *args, **kwargs)
            except (ApplicationError, Http404) as exc:
                if as_json:
                    body, status = error_payload(exc)
                    return _json(body, status, cors)
                if isinstance(exc, Http404):
                    raise
                context = dict(error_context(request) if error_context else {})
                context["error"] = exc.message
                return render(request, template, context, status=exc.status)
            if isinstance(result, HttpResponse):
                return result
            data, extra = result if isinstance(result, tuple) else (result, {})
            if as_json:
                return _json(data, 200, cors)
            if callable(extra):
                extra = extra()
            return render(request, template, {"twin_json_url": json_url_for(request), **data, **extra})

        return wrapped

    return decorate
