from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    """French unless the user chose otherwise (the language switch sets a cookie).

    The browser's Accept-Language is ignored on purpose: the centre works in
    French, whatever language the machine at hand happens to be set to."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
