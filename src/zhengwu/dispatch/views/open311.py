"""Open311 GeoReport v2 under /open311/v2/ (issue 15 §5; docs/open311.md): thin views over
selectors.open311 and services.open311, written by formats.open311 as XML or JSON by the suffix.

    GET  discovery.{xml,json}
    GET  services.{xml,json}                   services/{service_code}.{xml,json}
    GET  requests.{xml,json}   POST requests.{xml,json}   GET requests/{service_request_id}.{xml,json}
    GET  tokens/{token}.{xml,json}

Every answer is UTF-8; every error is the spec's error document (several errors in one) with 400 / 403
/ 404 (and 429 past the rate limit, with Retry-After). `urlpatterns` is included by the project's
urls.py under "open311/v2/"."""

import functools

from django.http import HttpResponse
from django.urls import re_path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from zhengwu.core import throttle
from zhengwu.core.api import authenticate_key
from zhengwu.core.conf import setting
from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch.formats import open311 as fmt
from zhengwu.dispatch.rules import open311 as o311
from zhengwu.dispatch.selectors import open311 as reads
from zhengwu.dispatch.services import open311 as writes
from zhengwu.dispatch.standard import API_SCOPE

app_name = "open311"


def _respond(fmt_name: str, document: tuple[str, object], status: int = 200) -> HttpResponse:
    response = HttpResponse(
        fmt.render(fmt_name, *document), status=status, content_type=fmt.CONTENT_TYPES[fmt_name]
    )
    response["Access-Control-Allow-Origin"] = "*"  # a public API: browser-based 311 clients read it too
    return response


def _errors(fmt_name: str, errors: list[o311.Open311Error], status: int) -> HttpResponse:
    return _respond(fmt_name, fmt.errors([(e.status, e.description) for e in errors]), status)


def endpoint(*, methods=("GET",)):
    """The Open311 edge: allowed methods, jurisdiction_id, the rate limit, and every refusal as the
    spec's error document in the format asked for."""

    def decorate(view):
        @csrf_exempt  # a machine API: POST authenticates with api_key, never with a session
        @functools.wraps(view)
        def wrapped(request, *args, fmt: str, **kwargs):
            if request.method not in methods:
                response = _errors(
                    fmt, [o311.Open311Error(405, _("只支持 %(m)s。") % {"m": "、".join(methods)})], 405
                )
                response["Allow"] = ", ".join(methods)
                return response
            params = request.POST if request.method == "POST" else request.GET
            try:
                o311.check_jurisdiction(params, setting("DISPATCH_OPEN311_JURISDICTION"))
                writes.open311_throttle(throttle.client_key(request), write=request.method == "POST")
                return view(request, params, *args, fmt=fmt, **kwargs)
            except o311.Open311Errors as exc:
                return _errors(fmt, exc.errors, exc.status)
            except throttle.Throttled as exc:
                response = _errors(fmt, [o311.Open311Error(429, exc.message)], 429)
                response["Retry-After"] = str(exc.retry_after)
                return response

        return wrapped

    return decorate


def _not_found(what: str, value: str) -> o311.Open311Errors:
    return o311.Open311Errors(
        [o311.Open311Error(404, _("%(what)s 不存在：%(v)s") % {"what": what, "v": value[:64]})]
    )


@endpoint()
def discovery(request, params, *, fmt):
    base = (
        request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": fmt})).rsplit("/", 1)[0] + "/"
    )
    return _respond(fmt, ("discovery", reads.discovery(base_url=base)))


@endpoint()
def services(request, params, *, fmt):
    return _respond(fmt, ("services", reads.services()))


@endpoint()
def service_definition(request, params, service_code, *, fmt):
    definition = reads.service_definition(service_code)
    if definition is None:
        raise _not_found("service_code", service_code)
    return _respond(fmt, ("service_definition", definition))


@endpoint(methods=("GET", "POST"))
def requests(request, params, *, fmt):
    if request.method == "POST":
        key = (params.get("api_key") or "").strip()
        if not key:
            raise o311.Open311Errors([o311.Open311Error(403, _("缺少 api_key，不能提交诉求。"))])
        try:
            api_key = authenticate_key(f"Bearer {key}", scope=API_SCOPE)
        except ApplicationError as exc:
            raise o311.Open311Errors(
                [o311.Open311Error(403, _("api_key 无效：%(why)s") % {"why": exc.message})]
            ) from None
        event, token = writes.open311_submit(api_key=api_key, params=params)
        return _respond(fmt, ("service_requests", [{"service_request_id": event.case_no, "token": token,
                                                    "service_notice": None, "account_id": None}]), 201)
    query = o311.request_query(params, now=timezone.now())
    return _respond(fmt, ("service_requests", reads.request_list(query)))


@endpoint()
def request_detail(request, params, service_request_id, *, fmt):
    found = reads.request_one(service_request_id)
    if found is None:
        raise _not_found("service_request_id", service_request_id)
    return _respond(fmt, ("service_requests", [found]))


@endpoint()
def token(request, params, token, *, fmt):
    found = reads.token_lookup(token)
    if found is None:
        raise _not_found("token", token)
    return _respond(fmt, ("service_requests", [found]))


_FMT = r"\.(?P<fmt>xml|json)$"
urlpatterns = [
    re_path(r"^discovery" + _FMT, discovery, name="discovery"),
    re_path(r"^services" + _FMT, services, name="services"),
    re_path(r"^services/(?P<service_code>[^/]{1,64})" + _FMT, service_definition, name="service"),
    re_path(r"^requests" + _FMT, requests, name="requests"),
    re_path(r"^requests/(?P<service_request_id>[^/]{1,64})" + _FMT, request_detail, name="request"),
    re_path(r"^tokens/(?P<token>[^/]{1,64})" + _FMT, token, name="token"),
]
