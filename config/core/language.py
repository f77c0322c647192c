"""Public pages in Japanese or English, staff pages always in Japanese.

The language is a choice the visitor makes with the switch in the header (a cookie, plain links), never a
guess from the browser: a volunteer whose phone is set to English still gets Japanese until they ask, and
the staff area and the admin stay Japanese whatever the cookie says. The URL stays the same in both
languages, so a link shared by a Japanese speaker opens in the reader's own choice.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

JAPANESE_ONLY_PREFIXES = ("/admin/", "/staff/")


def language_for(request) -> str:
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if code in dict(settings.LANGUAGES) and not request.path.startswith(JAPANESE_ONLY_PREFIXES):
        return code
    return settings.LANGUAGE_CODE


class PublicLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = language_for(request)
        translation.activate(code)
        request.LANGUAGE_CODE = code
        try:
            response = self.get_response(request)
        finally:
            translation.activate(settings.LANGUAGE_CODE)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", code)
        return response
