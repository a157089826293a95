"""Simplified Chinese unless the user chose otherwise with the language switch.

Django's LocaleMiddleware follows the browser's Accept-Language, which would show English to a clerk
whose browser happens to be set to English; the platform's default is Chinese, and the switch (a
cookie set by /i18n/setlang/) is the only way to change it.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
