from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PortalLocaleMiddleware(LocaleMiddleware):
    """Pages speak Simplified Chinese unless the user chose another language with the switch (a cookie).

    A browser's Accept-Language is ignored for pages: officials' machines are often set up in English, and the
    portal's language is the programme's. API clients, which have no switch, get the language they ask for.
    """

    def process_request(self, request):
        if request.path_info.startswith("/api/"):
            super().process_request(request)
            return
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
