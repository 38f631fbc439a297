from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers


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


class NoStoreMiddleware:
    """Nothing a logged-in person sees, page or download, is kept by the browser
    or a proxy (``Cache-Control: no-store``): a shared computer of the centre
    shows nothing of the last person's session with the back button."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        private = (user is not None and user.is_authenticated) or getattr(
            request, "private_response", False
        )
        if private:
            add_never_cache_headers(response)
        return response


def client_address(request) -> str:
    """The address a login attempt comes from: the proxy's last hop when the
    application runs behind one (``BEHIND_PROXY``), else the connection's."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
