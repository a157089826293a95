"""Simplified Chinese unless the user chose otherwise with the language switch.

Django's LocaleMiddleware follows the browser's Accept-Language, which would show English to a clerk
whose browser happens to be set to English; the platform's default is Chinese, and the switch (a
cookie set by /i18n/setlang/) is the only way to change it.
"""

import re

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


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

            return error_response(request, 400, _("请求的%(where)s含有空字符（NUL），已拒绝。") % {"where": where},
                                  code="nul_character")
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
        if request.method in ("POST", "PUT", "PATCH", "DELETE") and request.content_type != "multipart/form-data":
            body = request.body
            if b"\x00" in body or (b"\\u0000" in body and cls.ESCAPED_NUL.search(body)):
                return _("正文（按 JSON 读取）")
        return ""
