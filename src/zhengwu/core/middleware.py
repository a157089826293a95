"""The shell's middleware: the language, NUL refusal, the pages' CSP, the separate uploads host.

Simplified Chinese unless the user chose otherwise with the language switch. Django's
LocaleMiddleware follows the browser's Accept-Language, which would show English to a clerk whose browser
happens to be set to English; the platform's default is Chinese, and the switch (a cookie set by
/i18n/setlang/) is the only way to change it.
"""

import re

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponseNotFound
from django.middleware.csp import ContentSecurityPolicyMiddleware as DjangoCSPMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from zhengwu.core import csp
from zhengwu.core.conf import setting
from zhengwu.core.uploads import on_uploads_host


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        lang = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if lang not in self.supported:
            lang = settings.LANGUAGE_CODE
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", lang)
        return response


class RejectNulMiddleware:
    """400 for a request whose address, parameters, form fields or body contain a NUL character.

    No real input contains one, PostgreSQL cannot store one in text ("cannot contain NUL (0x00)
    bytes": a server error at the first query), and SQLite would store it silently — so it is refused
    here, once, naming where it was, before any view sees it. The JSON APIs parse a body as JSON
    whatever Content-Type it declares (text/plain, a form type, none), so every body but a multipart
    one is checked as bytes — a raw NUL and the JSON escape \\u0000 alike — not only those declared
    application/json. Multipart fields are checked once parsed; uploaded files are not inspected."""

    #: A JSON \u0000 escape: an odd number of backslashes before "u0000" (two make the text "\u0000").
    ESCAPED_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = self.nul_in(request)
        if where:
            from zhengwu.core.views import error_response  # (views import the shell's templates and models)

            return error_response(
                request,
                400,
                _("请求的%(where)s含有空字符（NUL），已拒绝。") % {"where": where},
                code="nul_character",
            )
        return self.get_response(request)

    @classmethod
    def nul_in(cls, request) -> str:
        if "\x00" in request.path_info:
            return _("网址")
        sources = [request.GET, request.POST] if request.method == "POST" else [request.GET]
        for source in sources:
            for key, values in source.lists():
                if "\x00" in key or any("\x00" in v for v in values):
                    return _("参数“%(name)s”") % {"name": key.replace("\x00", "")}
        if (
            request.method in ("POST", "PUT", "PATCH", "DELETE")
            and request.content_type != "multipart/form-data"
        ):
            body = request.body
            if b"\x00" in body or (b"\\u0000" in body and cls.ESCAPED_NUL.search(body)):
                return _("正文（按 JSON 读取）")
        return ""


class ContentSecurityPolicyMiddleware(DjangoCSPMiddleware):
    """Django's CSP middleware, with `core.csp.STATIC_SOURCE` replaced by this host's static path.

    The nonce of a page that used none is dropped by Django; the static path is always left, so
    `script-src` never disappears (which would fall back to `default-src 'self'`)."""

    def process_response(self, request, response):
        sentinel = object()
        config = getattr(response, "_csp_config", sentinel)
        if config is sentinel:
            config = settings.SECURE_CSP
        if config:
            try:
                host = request.get_host()
            except DisallowedHost:
                host = None
            response._csp_config = csp.resolve(
                config, csp.static_source(settings.STATIC_URL, request.scheme, host)
            )
        return super().process_response(request, response)


class UploadsHostMiddleware:
    """With `UPLOADS_ORIGIN` (a separate host for uploaded files), that host answers its signed file links
    and nothing else: no page, no login, no static file is ever served from it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if setting("UPLOADS_ORIGIN") and not request.path_info.startswith("/uploads/"):
            try:
                on_host = on_uploads_host(request)
            except DisallowedHost:
                on_host = False
            if on_host:
                return HttpResponseNotFound(b"", content_type="text/plain")
        return self.get_response(request)
